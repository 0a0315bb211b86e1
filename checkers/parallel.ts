/**
 * The search with worker threads (check --workers N). It is the sequential
 * search of bfs.ts, level by level; a level big enough is split into
 * slices (big ones first, see sliceBounds), handed to whichever worker is free
 * (checkers/slice.ts).
 * The main thread admits what the workers kept, slice by slice in level order
 * while later slices are still running, so each new state gets
 * the number, the parent and the place in the next level that one thread would
 * give it. From a slice where a worker met a problem, or that could cross
 * --max-states, the main thread goes on alone. Distinct states,
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
import type { SliceResult } from "./slice.js";
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
  /** Threads started earlier, kept for more searches (of any model): used instead of `workers` new ones, and left running. */
  readonly pool?: WorkerPool;
}

const MIN_LEVEL = 2048;

/**
 * Where a level's slices start and end (guided scheduling): each slice takes
 * 1/(2N) of the states still unassigned, down to 1/(32N) of the level. A free
 * worker takes the next slice, so the big ones come first and the workers
 * finish the level within a small slice of each other, while the slices stay
 * few (each boundary can split states reached from both sides, kept twice).
 */
export function sliceBounds(size: number, workers: number): number[] {
  const smallest = Math.max(1, Math.ceil(size / (32 * workers)));
  const bounds = [0];
  for (let from = 0; from < size; ) {
    from = Math.min(size, from + Math.max(smallest, Math.ceil((size - from) / (2 * workers))));
    bounds.push(from);
  }
  return bounds;
}

export async function searchParallel<S extends GlobalState>(model: Model<S>, source: ModelSource, options: CheckOptions, parallel: ParallelOptions): Promise<SearchResult> {
  const s = new Search(model, options);
  const own = parallel.pool === undefined && parallel.workers > 1 && options.onExpand === undefined ? new WorkerPool(parallel.workers) : null;
  const pool = options.onExpand === undefined ? (parallel.pool?.serving(source, options) ?? own?.serving(source, options) ?? null) : null;
  const minLevel = parallel.minLevel ?? MIN_LEVEL;
  try {
    for (;;) {
      const why = s.advance(performance.now() + 100, pool !== null);
      if (why === "done") break;
      if (why === "deadline") await new Promise((resolve) => setImmediate(resolve));
      else if (s.current.size >= minLevel / 8 && s.current.size < minLevel) pool!.warm();
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
    await own?.close();
  }
  return s.result();
}

/**
 * Expands the level about to start with the workers, in slices handed to
 * whichever worker is free, and admits each slice's kept states as soon as
 * every slice before it is admitted. Until a slice is admitted nothing of it
 * is in the search, so at a slice with a problem (or one that could cross
 * --max-states) the search is exactly where one thread would be before that
 * slice's first state: the main thread goes on from there alone.
 */
async function runLevel<S extends GlobalState>(s: Search<S>, pool: PoolFor, options: CheckOptions): Promise<"done" | "again" | "stopped"> {
  const level = s.current;
  const view = level.view;
  const table = s.seen.table;
  const bounds = sliceBounds(level.size, pool.size);
  const count = bounds.length - 1;
  const round = s.depth;
  const jobs: WorkerJob[] = bounds.slice(0, count).map((from, k) => ({ slice: { round, table, level: view, from, to: bounds[k + 1] } }));
  const results: SliceResult[] = [];
  let admitted = 0;
  let outcome = "done" as "done" | "again" | "stopped";
  await pool.runAll<SliceResult>(
    jobs,
    (k, r) => {
      results[k] = r;
      while (outcome === "done" && results[admitted] !== undefined) {
        const next = results[admitted];
        if (next.interrupted) outcome = "stopped";
        else if (next.problem || (options.maxStates !== undefined && s.log.size + next.kept.size >= options.maxStates)) outcome = "again";
        else {
          admit(s, next);
          admitted++;
          // A level of a big check takes minutes: its progress lines must not wait for its end.
          s.progress();
        }
      }
      return outcome === "done";
    },
    options.stop,
  );
  if (outcome === "stopped") s.stop("requested");
  s.position = bounds[admitted];
  return outcome;
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
  const own = new WorkerPool(n);
  const pool = own.serving(source, { invariants: options.invariants, properties: options.properties, symmetry: false, deadlock: options.deadlock });
  try {
    const bounds = Array.from({ length: n + 1 }, (_, w) => Math.floor((w * options.runs) / n));
    // A stop request and onWalk are not posted (functions); each worker reads the pool's stop flag and writes its walks in shared memory instead.
    const { stop, onWalk, ...walks } = options;
    const jobs = bounds.slice(0, n).map((from, w) => ({ walks: { ...walks, seed: options.seed + from, runs: bounds[w + 1] - from } }));
    const watch = setInterval(() => onWalk?.(...pool.walks()), 250);
    const ranges = await pool.run<SimulationResult>(jobs, stop).finally(() => clearInterval(watch));
    let runs = 0;
    let stepsTaken = 0;
    for (const r of ranges) {
      runs += r.runs;
      stepsTaken += r.stepsTaken;
      if (r.verdict !== "ok" && r.verdict !== "stopped") return { ...r, runs, stepsTaken, seconds: (performance.now() - started) / 1000 };
    }
    // Stopped in some range: the walks done, in all ranges, found nothing.
    const verdict = ranges.some((r) => r.verdict === "stopped") ? "stopped" : "ok";
    return { ...ranges[0], verdict, runs, stepsTaken, seconds: (performance.now() - started) / 1000 };
  } finally {
    await own.close();
  }
}

interface WorkerInit {
  readonly stop: Int32Array;
  /** Per worker, the walks it has done and the steps they took (simulate). */
  readonly walked: Float64Array;
  readonly index: number;
  /** Set when the worker runs from TypeScript sources: the module bin/ts-worker.mjs imports through tsx. */
  readonly script?: string;
}

/** A job as posted: the model to do it on (each worker loads a model once and keeps it), and the job. */
export interface PostedJob {
  readonly source: ModelSource;
  readonly options: ExpandOptions;
  readonly job: WorkerJob;
}

/** A pool's threads doing the jobs of one model: what a search or a set of walks holds while it runs. */
class PoolFor {
  constructor(private readonly pool: WorkerPool, private readonly source: ModelSource, private readonly options: ExpandOptions) {}

  get size(): number {
    return this.pool.size;
  }

  warm(): void {
    this.pool.warm();
  }

  walks(): [runs: number, stepsTaken: number] {
    return this.pool.walks();
  }

  run<R>(jobs: readonly WorkerJob[], stop: { requested: boolean } | undefined): Promise<R[]> {
    return this.pool.run<R>(this.posted(jobs), stop);
  }

  runAll<R>(jobs: readonly WorkerJob[], take: (k: number, r: R) => boolean, stop: { requested: boolean } | undefined): Promise<void> {
    return this.pool.runAll<R>(this.posted(jobs), take, stop);
  }

  private posted(jobs: readonly WorkerJob[]): PostedJob[] {
    return jobs.map((job) => ({ source: this.source, options: this.options, job }));
  }
}

/**
 * N worker threads, started once a level nears the size worth sharing (warm), or on first use. A thread loads
 * each model it is sent a job of once, so a pool kept across searches (tests, a caller checking many models)
 * pays for its threads once.
 */
export class WorkerPool {
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly walked: Float64Array;
  private workers: Worker[] = [];

  constructor(readonly size: number) {
    this.walked = new Float64Array(new SharedArrayBuffer(2 * size * Float64Array.BYTES_PER_ELEMENT));
  }

  /** The pool doing the jobs of one model, checked with `options` (only what a worker can be sent: no callbacks). */
  serving(source: ModelSource, options: ExpandOptions): PoolFor {
    const sendable: ExpandOptions = { invariants: options.invariants, properties: options.properties, symmetry: options.symmetry, deadlock: options.deadlock };
    return new PoolFor(this, source, sendable);
  }

  /** The walks the workers have done so far and the steps they took, summed. */
  walks(): [runs: number, stepsTaken: number] {
    let runs = 0;
    let steps = 0;
    for (let w = 0; w < this.size; w++) {
      runs += this.walked[2 * w];
      steps += this.walked[2 * w + 1];
    }
    return [runs, steps];
  }

  private start(): Worker[] {
    const script = new URL(new URL(import.meta.url).pathname.endsWith(".ts") ? "./worker.ts" : "./worker.js", import.meta.url);
    return Array.from({ length: this.size }, (_, index) => {
      const init: WorkerInit = { stop: this.stopFlag, walked: this.walked, index };
      return script.pathname.endsWith(".ts") ? new Worker(new URL("../bin/ts-worker.mjs", import.meta.url), { workerData: { ...init, script: script.href } }) : new Worker(script, { workerData: init });
    });
  }

  /** Starts the workers, so that they load the model while the main thread still expands levels too small to share. */
  warm(): void {
    if (this.workers.length === 0) this.workers = this.start();
  }

  /** Runs one job per worker, in order of index; passes a stop request on while they work. */
  async run<R>(jobs: readonly PostedJob[], stop: { requested: boolean } | undefined): Promise<R[]> {
    const results: R[] = [];
    await this.runAll<R>(jobs, (k, r) => ((results[k] = r), true), stop);
    return results;
  }

  /**
   * Runs the jobs, each on the next free worker, in order of index; `take`
   * sees each result as it comes, on the main thread, and says whether to
   * hand out the jobs not yet started. A stop request reaches the workers.
   */
  async runAll<R>(jobs: readonly PostedJob[], take: (k: number, r: R) => boolean, stop: { requested: boolean } | undefined): Promise<void> {
    this.warm();
    Atomics.store(this.stopFlag, 0, 0);
    this.walked.fill(0);
    const watch = setInterval(() => stop?.requested && Atomics.store(this.stopFlag, 0, 1), 50);
    let next = 0;
    let going = true;
    const work = async (worker: Worker): Promise<void> => {
      while (going && next < jobs.length) {
        const k = next++;
        const r = await this.call<R>(worker, jobs[k]);
        if (!take(k, r)) going = false;
      }
    };
    try {
      await Promise.all(this.workers.map(work));
    } finally {
      clearInterval(watch);
    }
  }

  private call<R>(worker: Worker, job: PostedJob): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      worker.once("error", fail);
      worker.once("message", (r: R) => {
        worker.off("error", fail);
        resolve(r);
      });
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
