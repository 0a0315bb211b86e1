/**
 * The worker thread of off-thread.ts: runs one command (check, simulate or
 * publish) with the stop request and the figures it shares with the main
 * thread, and posts the command's exit code back.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { CheckFlags } from "./check.js";
import type { ThreadInit } from "./off-thread.js";
import { reportFailure } from "./report.js";
import type { SimulateFlags } from "./simulate.js";
import { exitOnStop, SharedFigures, signalName, StopRequest, type Shared } from "./stop.js";

const init = workerData as ThreadInit;
const shared: Shared = { stop: new StopRequest(init.stop), figures: new SharedFigures(init.figures), tty: init.tty };

async function run(): Promise<number> {
  switch (init.command) {
    case "check":
      return (await import("./check.js")).checkCommand(init.args[0] as string, init.args[1] as CheckFlags, shared);
    case "simulate":
      return (await import("./simulate.js")).simulateCommand(init.args[0] as string, init.args[1] as SimulateFlags, shared);
    case "publish":
      return (await import("./publish.js")).publishCommand(init.args[0] as string[], init.args[1] as { out: string; docs?: string }, shared);
  }
}

let exitCode: number;
try {
  exitCode = await run();
} catch (e) {
  // After Ctrl-C in a terminal, what fails was most likely stopped by it too (run from the sources, tsx's esbuild process gets the signal as well).
  if (shared.stop.requested) {
    process.stderr.write(`protoforge: stopped (${signalName(shared.stop)}) before the command had anything to report\n`);
    exitCode = exitOnStop(shared.stop);
  } else exitCode = reportFailure(e);
}
parentPort!.postMessage({ exitCode });
