/** `protoforge simulate <spec>`: seeded random walks that check invariants at every step, for clusters too big to exhaust. */
import { simulateParallel } from "../checkers/parallel.js";
import type { SimulationResult } from "../checkers/simulate.js";
import { traceText } from "../checkers/trace-format.js";
import { progressWriter } from "./check-progress.js";
import { traceFormat, writeTraceFile } from "./check-report.js";
import { walkWitness } from "./check-witness.js";
import { compileSpec } from "../generator/compile.js";
import { importModel, modelFiles, parseParameters } from "./load-model.js";
import { EXIT, printErrors, roundedSeconds, wholeNumber, workerCount, writableFile } from "./report.js";
import { exitOnStop, signalName, type Shared, type StopRequest } from "./stop.js";

export interface SimulateFlags {
  readonly model: string;
  readonly param: readonly string[];
  readonly runs: string;
  readonly steps: string;
  readonly seed: string;
  readonly deadlock?: boolean;
  readonly json?: boolean;
  readonly traceOut?: string;
  readonly workers?: string;
}

/** What a walk that failed found: `X is violated`, `deadlock`, `bound overflow: ...` or `spec error: ...`. */
export function problemText(r: SimulationResult): string {
  if (r.verdict === "violation") return `${r.name} is violated`;
  if (r.verdict === "deadlock") return "deadlock";
  return `${r.verdict === "overflow" ? "bound overflow" : "spec error"}: ${r.message}`;
}

function headline(r: SimulationResult, stop: StopRequest): string {
  if (r.verdict === "ok") return `ok: no violation in ${r.runs} runs (${r.stepsTaken.toLocaleString("en")} steps)`;
  if (r.verdict === "stopped") return `stopped (${signalName(stop)}) after ${r.runs} runs (${r.stepsTaken.toLocaleString("en")} steps): no violation among them`;
  return `${problemText(r)} in run ${r.runs} (replay it with --seed ${r.runSeed} --runs 1)`;
}

export async function simulateCommand(file: string, flags: SimulateFlags, shared: Shared): Promise<number> {
  const compiled = compileSpec(file);
  if (!compiled.ok) {
    printErrors(compiled.errors);
    return EXIT.specError;
  }
  const { ir } = compiled.value;
  const options = { runs: wholeNumber("--runs", flags.runs, 0), steps: wholeNumber("--steps", flags.steps, 0), seed: wholeNumber("--seed", flags.seed, 0) };
  if (flags.traceOut !== undefined) {
    traceFormat(flags.traceOut);
    writableFile("--trace-out", flags.traceOut);
  }
  const workers = workerCount(flags.workers);
  const progress = progressWriter(shared.tty, flags.json === true);
  const files = await modelFiles(ir);
  try {
    const overrides = parseParameters(flags.param);
    const { model, parameters } = await importModel(files, ir, flags.model, overrides);
    const spec = ir.models.find((m) => m.name === flags.model)!;
    const started = performance.now();
    const onWalk = (runs: number, steps: number) => progress.report({ seconds: (performance.now() - started) / 1000, figures: [["walks", "runsDone", runs], ["steps", "stepsTaken", steps]] });
    const walks = { ...options, invariants: spec.invariants, properties: spec.properties, deadlock: spec.deadlock || (flags.deadlock ?? false), stop: shared.stop, onWalk };
    // What it walks, before the walks start, as check prints its header.
    if (!flags.json) process.stdout.write(`${ir.name}, model ${flags.model}, seed ${options.seed}, ${options.runs} runs of up to ${options.steps} steps\n`);
    const result = await simulateParallel(model, { entry: files.entry, modelName: flags.model, overrides }, walks, workers);
    progress.end();
    const roles = model.messageRoles;
    const lines = result.trace === null ? [] : traceText(result.trace, roles);
    const witness = walkWitness(ir, parameters, roles, result);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ spec: ir.name, model: flags.model, parameters, ...options, result: result.verdict, invariant: result.name, message: headline(result, shared.stop), witness, runSeed: result.runSeed, runsDone: result.runs, stepsTaken: result.stepsTaken, seconds: roundedSeconds(result.seconds), trace: lines }) + "\n");
    } else {
      process.stdout.write([headline(result, shared.stop), ...(witness === null ? [] : [witness.text]), ...lines.map((l) => `  ${l}`), `${result.seconds.toFixed(2)} s`].join("\n") + "\n");
    }
    if (flags.traceOut !== undefined) writeTraceFile(flags.traceOut, result.trace, model, ir.file, headline(result, shared.stop), witness?.text ?? null);
    if (shared.stop.requested) return exitOnStop(shared.stop);
    return result.verdict === "ok" ? EXIT.ok : result.verdict === "error" ? EXIT.specError : EXIT.violation;
  } finally {
    files.dispose();
  }
}
