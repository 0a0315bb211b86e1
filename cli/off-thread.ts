/**
 * check, simulate and publish run on a worker thread (cli/command-worker.ts),
 * so that Ctrl-C and SIGTERM are heard at any moment: signals reach only the
 * main thread, which the command would keep busy. The main thread waits and
 * passes a signal on as a stop request, which the command reads between steps
 * and between successors, then ends as usual with its figures so far. When it
 * has not ended GRACE_MS later (one step of the spec runs on and on), the main
 * thread prints the figures the command last shared, ends the thread, and
 * exits 130 (143 for SIGTERM) all the same.
 */
import { Worker } from "node:worker_threads";
import { count, EXIT } from "./report.js";
import { exitOnStop, SharedFigures, signalName, StopRequest } from "./stop.js";

type ThreadCommand = "check" | "simulate" | "publish";

export interface ThreadJob {
  readonly command: ThreadCommand;
  /** The command function's arguments (the spec or specs, then its flags), as commander parsed them. */
  readonly args: readonly unknown[];
  readonly json: boolean;
}

/** What the worker is given: the job, the shared memory, and whether the user's stderr is a terminal (a worker's never is). */
export interface ThreadInit extends ThreadJob {
  readonly stop: SharedArrayBuffer;
  readonly figures: SharedArrayBuffer;
  readonly tty: boolean;
}

const GRACE_MS = 2000;

export function runOnThread(job: ThreadJob): Promise<number> {
  const stop = new StopRequest();
  const figures = new SharedFigures();
  const init: ThreadInit = { ...job, stop: stop.buffer, figures: figures.buffer, tty: process.stderr.isTTY === true };
  const script = new URL(new URL(import.meta.url).pathname.endsWith(".ts") ? "./command-worker.ts" : "./command-worker.js", import.meta.url);
  const worker = script.pathname.endsWith(".ts") ? new Worker(new URL("../bin/ts-worker.mjs", import.meta.url), { workerData: { ...init, script: script.href } }) : new Worker(script, { workerData: init });
  return new Promise((resolve) => {
    let code: number = EXIT.internal;
    let ended = false;
    let cut = false;
    let grace: NodeJS.Timeout | undefined;
    const cutShort = () => {
      if (ended) return;
      ended = true;
      cut = true;
      process.stdout.write(stoppedText(job, signalName(stop), figures.values));
      code = exitOnStop(stop);
      void worker.terminate();
    };
    const onSignal = (signal: NodeJS.Signals) => {
      stop.request(signal);
      grace ??= setTimeout(cutShort, GRACE_MS);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    let reported = false;
    worker.on("message", (m: { readonly exitCode: number }) => {
      reported = true;
      if (ended) return;
      ended = true;
      code = m.exitCode;
    });
    worker.on("error", (e) => {
      if (!ended) process.stderr.write(`protoforge: internal error: ${e.message}\n`);
      code = EXIT.internal;
    });
    worker.on("exit", async () => {
      clearTimeout(grace);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      // Cut short or crashed, the command never disposed of what it staged.
      if (cut || !reported) (await import("./load-model.js")).removeLeftovers(process.pid);
      resolve(code);
    });
  });
}

/** What a command cut short from outside says: why, and its figures so far. */
function stoppedText(job: ThreadJob, signal: string, [a, b, c]: readonly number[]): string {
  const why = `${signal}, cut short: one step, of the spec or of loading it, had not ended ${GRACE_MS / 1000} s later`;
  if (job.command === "check") {
    if (job.json) return JSON.stringify({ result: "stopped", exhaustive: false, stoppedBy: "requested", message: `stopped (${why})`, distinctStates: a, statesGenerated: b, depth: c }) + "\n";
    return `stopped (${why}) after ${count(a, "distinct state")} (${b.toLocaleString("en")} generated, depth ${c}): NOT exhaustive, so this proves nothing\n`;
  }
  // A simulation's walks run on threads of their own, so it shares no figures: the walks done so far are on those threads.
  if (job.command === "simulate") {
    if (job.json) return JSON.stringify({ result: "stopped", message: `stopped (${why})` }) + "\n";
    return `stopped (${why}): no violation in the walks done before it\n`;
  }
  return `stopped (${why}); what was published before it is listed above, and nothing else was written\n`;
}
