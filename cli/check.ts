/** `protoforge check <spec>`: explore one model exhaustively and report, with the shortest trace to any problem. */
import { compileSpec } from "../generator/compile.js";
import { emitProtocol } from "../generator/emit/index.js";
import type { Progress } from "../checkers/bfs.js";
import { reportJson, reportText, traceFormat, verdictLine, writeTraceFile } from "./check-report.js";
import { discard, importModel, parseParameters, stage } from "./load-model.js";
import { EXIT, printErrors } from "./report.js";
import { runCheckInSlices, type CheckOutcome } from "./run-check.js";

export interface CheckFlags {
  readonly model: string;
  readonly param: readonly string[];
  readonly symmetry: boolean;
  readonly deadlock?: boolean;
  readonly maxStates?: string;
  readonly json?: boolean;
  readonly traceOut?: string;
  readonly out: string;
}

export function exitCodeOf(o: CheckOutcome): number {
  switch (o.result.verdict) {
    case "ok":
    case "stopped":
      return EXIT.ok;
    case "error":
      return EXIT.specError;
    default:
      return EXIT.violation;
  }
}

function progressLine(p: Progress): void {
  const rate = p.seconds > 0 ? Math.round(p.distinctStates / p.seconds) : 0;
  process.stderr.write(`\r${p.distinctStates.toLocaleString("en")} states, ${rate.toLocaleString("en")} states/s, frontier ${p.frontier.toLocaleString("en")}, depth ${p.depth}   `);
}

export async function checkCommand(file: string, flags: CheckFlags): Promise<number> {
  const compiled = compileSpec(file);
  if (!compiled.ok) {
    printErrors(compiled.errors);
    return EXIT.specError;
  }
  const { ir } = compiled.value;
  const overrides = parseParameters(flags.param);
  if (flags.traceOut !== undefined) traceFormat(flags.traceOut);
  const maxStates = flags.maxStates === undefined ? undefined : Number(flags.maxStates);
  const dir = stage(flags.out, ir.name, emitProtocol(ir));
  const stop = { requested: false };
  const onSigint = () => (stop.requested = true);
  process.on("SIGINT", onSigint);
  try {
    const { model, parameters } = await importModel(dir, ir, flags.model, overrides);
    const tty = process.stderr.isTTY && !flags.json;
    const outcome = await runCheckInSlices({ ir, model, modelName: flags.model, parameters, noSymmetry: !flags.symmetry, deadlock: flags.deadlock, maxStates, stop, onProgress: tty ? progressLine : undefined });
    if (tty) process.stderr.write("\r\x1b[K");
    process.stdout.write(flags.json ? JSON.stringify(reportJson(outcome)) + "\n" : reportText(outcome));
    if (flags.traceOut !== undefined && outcome.trace !== null) writeTraceFile(flags.traceOut, outcome.trace, model, ir.file, verdictLine(outcome));
    return stop.requested ? 130 : exitCodeOf(outcome);
  } finally {
    process.off("SIGINT", onSigint);
    discard(dir);
  }
}
