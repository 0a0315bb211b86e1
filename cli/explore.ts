/**
 * `protoforge explore <spec> [--model M] [--trace FILE]`: serves the docs
 * site's trace explorer on a local page for one model of a spec. Without
 * --trace it checks the model first and opens its counterexample (or lasso),
 * or the initial state when the model holds; with --trace it replays an ITF
 * file on the model, refusing one the model cannot take. On the page: step
 * through the trace, pick a state, see the steps it enables, follow one.
 * It serves until Ctrl-C or SIGTERM.
 */
import { readFileSync } from "node:fs";
import { compileSpec } from "../generator/compile.js";
import { itfShapeProblem, replayItf, type ItfFile } from "../checkers/itf-replay.js";
import type { GlobalState } from "../checkers/model.js";
import type { Trace } from "../checkers/trace.js";
import type { ProtocolIR } from "../generator/ir.js";
import { verdictLine } from "./check-report.js";
import { importModel, modelFiles, parseParameters, type LoadedModel } from "./load-model.js";
import { EXIT, plural, printErrors, say, UsageError, wholeNumber } from "./report.js";
import { optionsOf, runCheck } from "./run-check.js";
import { pageAssets } from "./explore/page.js";
import { serveExplorer } from "./explore/server.js";
import { ExploreSession, type Judged } from "./explore/session.js";
import { exitOnStop, StopRequest } from "./stop.js";

export interface ExploreFlags {
  readonly model: string;
  readonly param: readonly string[];
  readonly trace?: string;
  readonly port: string;
}

/** The ITF file given to --trace, or a usage error naming it and what was expected. */
function readItf(file: string): ItfFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`--trace ${file}: cannot read the file`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`--trace ${file}: not JSON: expected an ITF trace (check --trace-out FILE.itf.json writes one)`);
  }
  const problem = itfShapeProblem(value);
  if (problem !== null) throw new UsageError(`--trace ${file}: ${problem}`);
  return value as ItfFile;
}

/** The first trace of the session and what it is: the ITF file replayed, or what a check of the model found. */
function startingTrace(ir: ProtocolIR, loaded: LoadedModel, itf: ItfFile | null, traceFile: string | undefined): { trace: Trace<GlobalState>; origin: string } {
  const { model } = loaded;
  if (itf !== null) {
    const replay = replayItf(model, itf);
    if (!replay.ok) throw new UsageError(`--trace ${traceFile}: ${replay.problem}`);
    return { trace: replay.trace, origin: `${traceFile}, replayed on the model: ${plural(replay.trace.steps.length - 1, "step")}` };
  }
  const outcome = runCheck({ ir, model, modelName: loaded.modelName, parameters: loaded.parameters });
  const found = outcome.trace ?? outcome.liveness?.result.trace ?? null;
  if (found !== null && found.steps.length > 0) return { trace: found, origin: verdictLine(outcome) };
  const initial = model.initialStates();
  const which = initial.length > 1 ? `, from the first of its ${initial.length} initial states` : "";
  return { trace: { steps: [{ label: null, state: initial[0] }] }, origin: `${verdictLine(outcome)}: explore it from the initial state${which}` };
}

function judged(ir: ProtocolIR, loaded: LoadedModel): Judged {
  const { invariants, properties } = optionsOf({ ir, model: loaded.model, modelName: loaded.modelName, parameters: loaded.parameters });
  return { invariants, properties };
}

/** Resolves on the first Ctrl-C or SIGTERM, with the request it made. */
function untilStopped(): Promise<StopRequest> {
  const stop = new StopRequest();
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      stop.request(signal);
      resolve(stop);
    };
    process.once("SIGINT", on);
    process.once("SIGTERM", on);
  });
}

export async function exploreCommand(file: string, flags: ExploreFlags): Promise<number> {
  const port = wholeNumber("--port", flags.port, 0);
  if (port > 65535) throw new UsageError(`--port ${flags.port}: expected a port number, 0 to 65535 (0: any free port)`);
  const itf = flags.trace === undefined ? null : readItf(flags.trace);
  const compiled = compileSpec(file);
  if (!compiled.ok) {
    printErrors(compiled.errors);
    return EXIT.specError;
  }
  const { ir } = compiled.value;
  const files = await modelFiles(ir);
  try {
    const loaded = await importModel(files, ir, flags.model, parseParameters(flags.param));
    const { trace, origin } = startingTrace(ir, loaded, itf, flags.trace);
    const header = { spec: ir.file, model: loaded.modelName, parameters: loaded.parameters, origin };
    const session = new ExploreSession(ir, loaded.model, judged(ir, loaded), header, trace);
    const server = await serveExplorer(session, await pageAssets(), port).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") throw new UsageError(`--port ${port}: the port is in use (--port 0 takes any free one)`);
      throw e;
    });
    say(origin);
    say(`explore ${ir.file} (model ${loaded.modelName}) at ${server.url}  (Ctrl-C to stop)`);
    const stop = await untilStopped();
    await server.close();
    return exitOnStop(stop);
  } finally {
    files.dispose();
  }
}
