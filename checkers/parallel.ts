/**
 * The search with worker threads (check --workers N). It is the sequential
 * search of bfs.ts, level by level; a level big enough is split into N
 * contiguous slices, each expanded by a worker against the visited set as it
 * stood when the level began (checkers/slice.ts). The main thread then admits
 * what the workers kept, slice by slice in level order, so each new state gets
 * the number, the parent and the place in the next level that one thread would
 * give it. A level where any worker met a problem, or that could cross
 * --max-states, is run again by the main thread alone. Distinct states,
 * states generated, depth, coverage, verdict and the shortest trace are
 * therefore the same for every N (unlike TLC's workers, whose traces are not
 * always shortest). Seeded walks (simulate --workers N) split the runs into N
 * ranges of seeds in order; the first range with a failing walk decides, as
 * one thread walking them in order would.
 */
import { Worker } from "node:worker_threads";
import { Search, type CheckOptions, type SearchResult } from "./bfs.js";
import type { ExpandOptions } from "./expand.js";
import type { GlobalState, Model } from "./model.js";
import { simulate, type SimulateOptions, type SimulationResult } from "./simulate.js";
import type { SliceJob, SliceResult } from "./slice.js";
import type { WorkerJob } from "./worker.js";

/** Where a worker finds the model: the generated module, the check model's name and the parameter overrides. */
export interface ModelSource {
  readonly entry: string;
  readonly modelName: string;
  readonly overrides: Readonly<Record<string, number>>;
}

export interface ParallelOptions {
  readonly workers: number;
  /** Levels smaller than this are expanded by the main thread: handing them out would cost more than it saves. */
  readonly minLevel?: number;
}

const MIN_LEVEL = 2048;

export async function searchParallel<S extends GlobalState>(model: Model<S>, source: ModelSource, options: CheckOptions, parallel: ParallelOptions): Promise<SearchResult> {
  const s = new Search(model, options);
  const pool = parallel.workers > 1 && options.onExpand === undefined ? new WorkerPool(source, options, parallel.workers) : null;
  const minLevel = parallel.minLevel ?? MIN_LEVEL;
  try {
    for (;;) {
      const why = s.advance(performance.now() + 100, pool !== null);
      if (why === "done") break;
      if (why === "deadline") await new Promise((resolve) => setImmediate(resolve));
      else if (s.current.size >= minLevel) {
        const stop = s.shouldStop();
        if (stop !== null) {
          s.stop(stop);
          break;
        }
        if ((await runLevel(s, pool!, options)) === "stopped") break;
      }
    }
  } finally {
    await pool?.close();
  }
  return s.result();
}

/** Expands the level about to start with the workers and admits what they kept; "again" when the main thread must run it itself. */
async function runLevel<S extends GlobalState>(s: Search<S>, pool: WorkerPool, options: CheckOptions): Promise<"done" | "again" | "stopped"> {
  const level = s.current;
  const view = { chunks: level.chunks, chunkOf: level.chunkOf, offsetOf: level.offsetOf, ids: level.ids, size: level.size };
  const table = s.seen.table;
  const n = pool.size;
  const jobs: SliceJob[] = Array.from({ length: n }, (_, w) => ({ table, level: view, from: Math.floor((w * level.size) / n), to: Math.floor(((w + 1) * level.size) / n) }));
  const results = await pool.run<SliceResult>(jobs.map((slice) => ({ slice })), options.stop);
  if (results.some((r) => r.interrupted)) {
    s.stop("requested");
    return "stopped";
  }
  const kept = results.reduce((sum, r) => sum + r.kept.size, 0);
  if (results.some((r) => r.problem) || (options.maxStates !== undefined && s.log.size + kept >= options.maxStates)) return "again";
  for (const r of results) admit(s, r);
  s.position = level.size;
  return "done";
}

/** What one slice kept, admitted as the sequential search would have: the first of each fingerprint wins. */
function admit<S extends GlobalState>(s: Search<S>, r: SliceResult): void {
  const meta = r.meta;
  for (let k = 0; k < r.kept.size; k++) {
    if (!s.seen.insert(meta[4 * k], meta[4 * k + 1])) continue;
    const id = s.log.add(s.current.id(meta[4 * k + 2]), meta[4 * k + 3]);
    s.next.pushFrom(r.kept, k, id);
  }
  s.generated += r.generated;
  s.outsideConstraint += r.outsideConstraint;
  for (let i = 0; i < r.coverage.length; i++) s.coverage[i] += r.coverage[i];
}

/** `runs` walks from seed S on, split among the workers by ranges of seeds: the same result as simulate() on one thread. */
export async function simulateParallel<S extends GlobalState>(model: Model<S>, source: ModelSource, options: SimulateOptions, workers: number): Promise<SimulationResult> {
  const n = Math.min(workers, options.runs);
  if (n <= 1) return simulate(model, options);
  const started = performance.now();
  const pool = new WorkerPool(source, { invariants: options.invariants, properties: options.properties, symmetry: false, deadlock: options.deadlock }, n);
  try {
    const bounds = Array.from({ length: n + 1 }, (_, w) => Math.floor((w * options.runs) / n));
    const jobs = bounds.slice(0, n).map((from, w) => ({ walks: { ...options, seed: options.seed + from, runs: bounds[w + 1] - from } }));
    const ranges = await pool.run<SimulationResult>(jobs, undefined);
    let runs = 0;
    let stepsTaken = 0;
    for (const r of ranges) {
      runs += r.runs;
      stepsTaken += r.stepsTaken;
      if (r.verdict !== "ok") return { ...r, runs, stepsTaken, seconds: (performance.now() - started) / 1000 };
    }
    return { ...ranges[0], runs, stepsTaken, seconds: (performance.now() - started) / 1000 };
  } finally {
    await pool.close();
  }
}

interface WorkerInit {
  readonly source: ModelSource;
  readonly options: ExpandOptions;
  readonly stop: Int32Array;
  /** Set when the worker runs from TypeScript sources: the module bin/ts-worker.mjs imports through tsx. */
  readonly script?: string;
}

/** N workers, started on first use, each holding its own copy of the model. */
class WorkerPool {
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private workers: Worker[] = [];

  constructor(private readonly source: ModelSource, private readonly options: ExpandOptions, readonly size: number) {}

  private start(): Worker[] {
    const options: ExpandOptions = { invariants: this.options.invariants, properties: this.options.properties, symmetry: this.options.symmetry, deadlock: this.options.deadlock };
    const script = new URL(import.meta.url.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);
    const init: WorkerInit = { source: this.source, options, stop: this.stopFlag };
    return Array.from({ length: this.size }, () =>
      script.pathname.endsWith(".ts") ? new Worker(new URL("../bin/ts-worker.mjs", import.meta.url), { workerData: { ...init, script: script.href } }) : new Worker(script, { workerData: init }),
    );
  }

  /** Runs one job per worker; passes a stop request on while they work. */
  async run<R>(jobs: readonly WorkerJob[], stop: { requested: boolean } | undefined): Promise<R[]> {
    if (this.workers.length === 0) this.workers = this.start();
    const watch = setInterval(() => stop?.requested && Atomics.store(this.stopFlag, 0, 1), 50);
    try {
      return await Promise.all(
        this.workers.map(
          (worker, w) =>
            new Promise<R>((resolve, reject) => {
              const fail = (e: Error) => reject(e);
              worker.once("error", fail);
              worker.once("message", (r: R) => {
                worker.off("error", fail);
                resolve(r);
              });
              worker.postMessage(jobs[w]);
            }),
        ),
      );
    } finally {
      clearInterval(watch);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
