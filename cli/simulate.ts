/** `protoforge simulate <spec>`: seeded random walks that check invariants at every step, for clusters too big to exhaust. */
import { simulate, type SimulationResult } from "../checkers/simulate.js";
import { traceText } from "../checkers/trace-format.js";
import { traceFormat, writeTraceFile } from "./check-report.js";
import { compileSpec } from "../generator/compile.js";
import { emitProtocol } from "../generator/emit/index.js";
import { discard, importModel, parseParameters, stage } from "./load-model.js";
import { EXIT, printErrors, UsageError } from "./report.js";

export interface SimulateFlags {
  readonly model: string;
  readonly param: readonly string[];
  readonly runs: string;
  readonly steps: string;
  readonly seed: string;
  readonly deadlock?: boolean;
  readonly json?: boolean;
  readonly traceOut?: string;
  readonly out: string;
}

function count(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} ${value}: expected a whole number`);
  return n;
}

function headline(r: SimulationResult): string {
  switch (r.verdict) {
    case "ok":
      return `ok: no violation in ${r.runs} runs (${r.stepsTaken.toLocaleString("en")} steps)`;
    case "violation":
      return `${r.name} is violated in run ${r.runs} (replay it with --seed ${r.runSeed} --runs 1)`;
    case "deadlock":
      return `deadlock in run ${r.runs} (replay it with --seed ${r.runSeed} --runs 1)`;
    default:
      return `${r.verdict === "overflow" ? "bound overflow" : "spec error"}: ${r.message} in run ${r.runs} (replay it with --seed ${r.runSeed} --runs 1)`;
  }
}

export async function simulateCommand(file: string, flags: SimulateFlags): Promise<number> {
  const compiled = compileSpec(file);
  if (!compiled.ok) {
    printErrors(compiled.errors);
    return EXIT.specError;
  }
  const { ir } = compiled.value;
  const options = { runs: count("runs", flags.runs), steps: count("steps", flags.steps), seed: count("seed", flags.seed) };
  if (flags.traceOut !== undefined) traceFormat(flags.traceOut);
  const dir = stage(flags.out, ir.name, emitProtocol(ir));
  try {
    const { model, parameters } = await importModel(dir, ir, flags.model, parseParameters(flags.param));
    const spec = ir.models.find((m) => m.name === flags.model)!;
    const result = simulate(model, { ...options, invariants: spec.invariants, properties: spec.properties, deadlock: spec.deadlock || (flags.deadlock ?? false) });
    const roles = model.messageRoles;
    const lines = result.trace === null ? [] : traceText(result.trace, roles);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ spec: ir.name, model: flags.model, parameters, ...options, result: result.verdict, invariant: result.name, message: headline(result), runSeed: result.runSeed, runsDone: result.runs, stepsTaken: result.stepsTaken, seconds: result.seconds, trace: lines }) + "\n");
    } else {
      process.stdout.write([`${ir.name}, model ${flags.model}, seed ${options.seed}, ${options.runs} runs of up to ${options.steps} steps`, headline(result), ...lines.map((l) => `  ${l}`), `${result.seconds.toFixed(2)} s`].join("\n") + "\n");
    }
    if (flags.traceOut !== undefined && result.trace !== null) writeTraceFile(flags.traceOut, result.trace, model, ir.file, headline(result));
    return result.verdict === "ok" ? EXIT.ok : result.verdict === "error" ? EXIT.specError : EXIT.violation;
  } finally {
    discard(dir);
  }
}
