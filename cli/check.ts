/** `protoforge check <spec>`: explore one model exhaustively and report, with the shortest trace to any problem. */
import { totalmem } from "node:os";
import { compileSpec } from "../generator/compile.js";
import { branchHook, BranchTally, gapLine } from "./branches.js";
import { progressWriter, type ProgressFigures, type ProgressWriter } from "./check-progress.js";
import type { Progress } from "../checkers/bfs.js";
import { checkHeader, reportJson, reportText, traceFormat, verdictLine, writeTraceFile } from "./check-report.js";
import { importModel, modelFiles, parseParameters } from "./load-model.js";
import { EXIT, printErrors, UsageError, wholeNumber, workerCount, writableFile } from "./report.js";
import type { ProtocolIR } from "../generator/ir.js";
import { runCheckInSlices, type CheckOutcome } from "./run-check.js";
import { exitOnStop, type Shared } from "./stop.js";
import { runSwarm, swarmJson, swarmLines, swarmModelOf, SWARM, type SwarmOutcome } from "./swarm.js";
import { vacuityOf, type Vacuity } from "./vacuity.js";
import { witnessOf } from "./check-witness.js";
import { overallVerdict } from "./check-liveness.js";

export interface CheckFlags {
  readonly model: string;
  readonly param: readonly string[];
  /** --symmetry (true) or --no-symmetry (false); the model's setting when neither is given. */
  readonly symmetry?: boolean;
  /** --invariant NAME, repeatable: check only these invariants and action properties. */
  readonly invariant: readonly string[];
  readonly vacuity: boolean;
  readonly branches?: boolean;
  readonly deadlock?: boolean;
  readonly maxStates?: string;
  readonly json?: boolean;
  readonly traceOut?: string;
  /** `--swarm` alone: the spec's deep model (or the checked one); `--swarm M`: model M. */
  readonly swarm?: boolean | string;
  readonly swarmBudget?: string;
  readonly workers?: string;
  readonly maxMemory?: string;
}

export function exitCodeOf(o: CheckOutcome): number {
  switch (overallVerdict(o)) {
    case "ok":
      return EXIT.ok;
    case "stopped":
      return EXIT.incomplete;
    case "error":
      return EXIT.specError;
    default:
      return EXIT.violation;
  }
}

function searchFigures(p: Progress): ProgressFigures {
  const rate = p.seconds > 0 ? Math.round(p.distinctStates / p.seconds) : 0;
  return { seconds: p.seconds, figures: [["distinct states", "distinctStates", p.distinctStates], ["generated", "statesGenerated", p.statesGenerated], ["queue", "queue", p.frontier], ["depth", "depth", p.depth], ["states/s", "statesPerSecond", rate]] };
}

function branchText(gaps: readonly string[] | null): string {
  if (gaps === null) return "";
  return gaps.length === 0 ? "branches: every if went both ways and every choose took every value offered\n" : gaps.map((g) => `branch never run: ${g}\n`).join("");
}

/** The names given to --invariant, checked against the spec's invariants and action properties; undefined when none was given. */
function chosenPredicates(ir: ProtocolIR, names: readonly string[]): readonly string[] | undefined {
  if (names.length === 0) return undefined;
  const known = [...ir.invariants, ...ir.properties, ...ir.liveness].map((p) => p.name);
  const unknown = names.find((n) => !known.includes(n));
  if (unknown !== undefined) throw new UsageError(`--invariant ${unknown}: ${ir.file} has no invariant, action property or liveness property of that name (it has: ${known.join(", ")})`);
  return names;
}

export async function checkCommand(file: string, flags: CheckFlags, shared: Shared): Promise<number> {
  const maxStates = flags.maxStates === undefined ? undefined : wholeNumber("--max-states", flags.maxStates, 1);
  const swarmBudget = flags.swarmBudget === undefined ? SWARM.budget : wholeNumber("--swarm-budget", flags.swarmBudget, 1);
  const workers = workerCount(flags.workers);
  // By default three quarters of the machine: a clean stop with figures rather than the kernel killing the process.
  const maxMemory = flags.maxMemory === undefined ? Math.floor(0.75 * totalmem()) : wholeNumber("--max-memory", flags.maxMemory, 1) * 2 ** 20;
  if (flags.traceOut !== undefined) {
    traceFormat(flags.traceOut);
    writableFile("--trace-out", flags.traceOut);
  }
  const progress = progressWriter(shared.tty, flags.json === true);
  return await checkSpec(file, flags, { maxStates, swarmBudget, workers, maxMemory, shared, progress });
}

interface CheckRun {
  readonly maxStates: number | undefined;
  readonly swarmBudget: number;
  readonly workers: number;
  readonly maxMemory: number;
  /** Ctrl-C or SIGTERM at any moment, loading included, stops the search where it is, and it prints the figures so far. */
  readonly shared: Shared;
  readonly progress: ProgressWriter;
}

async function checkSpec(file: string, flags: CheckFlags, run: CheckRun): Promise<number> {
  const { maxStates, swarmBudget, workers, maxMemory, shared, progress } = run;
  const { stop } = shared;
  const compiled = compileSpec(file);
  if (!compiled.ok) {
    printErrors(compiled.errors);
    return EXIT.specError;
  }
  const { ir, baseIr } = compiled.value;
  const overrides = parseParameters(flags.param);
  const files = await modelFiles(ir);
  try {
    const { model, parameters } = await importModel(files, ir, flags.model, overrides);
    const onProgress = (p: Progress) => {
      shared.figures.set(p.distinctStates, p.statesGenerated, p.depth);
      progress.report(searchFigures(p));
    };
    const branches = flags.branches ? new BranchTally(ir) : null;
    const onExpand = branches === null ? undefined : branchHook(ir, parameters, branches);
    const only = chosenPredicates(ir, flags.invariant);
    if (flags.symmetry === true && model.symmetricRoles.length === 0) throw new UsageError(`--symmetry: ${ir.file} has no symmetric role, so there is nothing to reduce`);
    const request = { ir, model, modelName: flags.model, parameters, symmetry: flags.symmetry, only, deadlock: flags.deadlock, maxStates, maxMemory, stop, onProgress, progressSeconds: progress.reportSeconds, onExpand, workers, source: { entry: files.entry, modelName: flags.model, overrides } };
    if (!flags.json) process.stdout.write(checkHeader(request, branches === null ? workers : 1));
    const outcome = await runCheckInSlices(request);
    progress.end();
    const vacuity: Vacuity | null = flags.vacuity && ir.base !== null && exitCodeOf(outcome) === EXIT.ok ? await vacuityOf(outcome, baseIr) : null;
    const swarmModel = flags.swarm === undefined || flags.swarm === false || stop.requested ? null : typeof flags.swarm === "string" ? flags.swarm : (swarmModelOf(ir) ?? flags.model);
    const swarm: SwarmOutcome | null = swarmModel === null ? null : await runSwarm(ir, files, swarmModel, swarmBudget);
    const gaps = branches === null ? null : branches.gaps().map(gapLine);
    if (flags.json) process.stdout.write(JSON.stringify({ ...reportJson(outcome, vacuity), branchesNeverRun: gaps, swarm: swarm === null ? null : swarmJson(swarm) }) + "\n");
    else process.stdout.write(reportText(outcome, vacuity, false) + branchText(gaps) + (swarm === null ? "" : swarmLines(swarm).join("\n") + "\n"));
    if (flags.traceOut !== undefined) writeTraceFile(flags.traceOut, outcome.trace ?? outcome.liveness?.result.trace ?? null, model, ir.file, verdictLine(outcome), witnessOf(outcome)?.text ?? null);
    if (stop.requested) return exitOnStop(stop);
    return exitCodeOf(outcome) === EXIT.ok && swarm !== null && swarm.result.verdict !== "ok" ? EXIT.violation : exitCodeOf(outcome);
  } finally {
    // After an error too, so that its message does not land on a half-drawn progress line.
    progress.end();
    files.dispose();
  }
}
