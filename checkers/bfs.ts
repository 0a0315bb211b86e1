/**
 * Breadth-first exploration of a model, level by level, so the first violation
 * found is at the smallest depth and its trace is a shortest one. The hot loop
 * works on packed states: decode one, let the generated code enumerate its
 * successors with their fingerprints (computed from the parent's, or from the
 * canonical form under symmetry), and encode a successor into the next level
 * only when its fingerprint is new (checkers/expand.ts). parallel.ts runs the
 * same search with worker threads, a level at a time, to the same result.
 */
import { getHeapStatistics } from "node:v8";
import { raisedKind } from "./raised.js";
import { collisionProbability } from "./fingerprint.js";
import { FingerprintSet } from "./fingerprint-set.js";
import { Expander, type ExpandOptions, type Finding } from "./expand.js";
import type { GlobalState, Model } from "./model.js";
import { StateLog } from "./state-log.js";
import { StateQueue } from "./state-queue.js";

export type { Finding } from "./expand.js";

export interface CheckOptions extends ExpandOptions {
  readonly maxStates?: number;
  /** Stop, with the figures so far, once the process holds more than this many bytes (resident set). */
  readonly maxMemory?: number;
  /** Set `requested` (from a SIGINT handler, say) to stop cleanly with the figures so far. */
  readonly stop?: { requested: boolean };
  readonly onProgress?: (progress: Progress) => void;
  /** Seconds between two calls of onProgress (default 1); 0 calls it at every check of the stop conditions, for tests. */
  readonly progressSeconds?: number;
  /** Sees every state the search expands (a reached state inside the constraint), before its successors. */
  readonly onExpand?: (state: GlobalState) => void;
}

export interface Progress {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly frontier: number;
  readonly depth: number;
  readonly seconds: number;
}

export type Verdict = "ok" | "violation" | "deadlock" | "overflow" | "error" | "stopped";

/** Why a search stopped before the end: --max-states, --max-memory, a JavaScript heap nearly full, or a stop request (Ctrl-C). */
export type StopReason = "max-states" | "max-memory" | "heap" | "requested";

export interface SearchResult {
  readonly verdict: Verdict;
  readonly finding: Finding | null;
  /** For a stopped search: why. */
  readonly stoppedBy: StopReason | null;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly seconds: number;
  readonly coverage: readonly { readonly step: string; readonly count: number }[];
  readonly collisionProbability: number;
  readonly peakBytes: number;
  /** Reached states outside the model's constraint: checked, not explored. */
  readonly outsideConstraint: number;
  readonly log: StateLog;
}

const PROGRESS_EVERY = 4096;

export function search<S extends GlobalState>(model: Model<S>, options: CheckOptions): SearchResult {
  const s = new Search(model, options);
  while (s.advance(Infinity) !== "done");
  return s.result();
}

/**
 * The same search in slices of about 100 ms, yielding to the event loop in
 * between, so that a SIGINT handler can run and ask it to stop.
 */
export async function searchInSlices<S extends GlobalState>(model: Model<S>, options: CheckOptions): Promise<SearchResult> {
  const s = new Search(model, options);
  while (s.advance(performance.now() + 100) !== "done") await new Promise((resolve) => setImmediate(resolve));
  return s.result();
}

/** Why `advance` returned: the search is over, a level was finished (when asked to stop there), or the deadline passed. */
export type Advance = "done" | "level" | "deadline";

/** Thrown out of a state's expansion that must stop part way; the search ends with the figures so far. */
class ExpansionCut extends Error {
  constructor(readonly reason: StopReason) {
    super(`the search stopped (${reason})`);
  }
}

export class Search<S extends GlobalState> extends Expander<S> {
  readonly seen = new FingerprintSet();
  readonly log = new StateLog();
  current = new StateQueue();
  next = new StateQueue();
  private initialCount = -1;
  /** The next state of `current` to expand. */
  position = 0;
  private stopped: StopReason | null = null;
  depth = 0;
  private lastMemoryCheck = 0;
  private peakBytes = 0;
  private readonly started = performance.now();
  private lastProgress = performance.now();

  constructor(model: Model<S>, private readonly checks: CheckOptions) {
    super(model, checks);
  }

  protected seenBefore(hi: number, lo: number): boolean {
    return this.seen.has(hi, lo);
  }

  protected override expanding(state: S): void {
    this.checks.onExpand?.(state);
  }

  protected override found(finding: Finding): void {
    super.found(finding);
    if (finding.kind === "property") this.depth++;
  }

  private admitInitialStates(): void {
    this.initialCount = 0;
    try {
      const initial = this.model.initialStates();
      this.initialCount = initial.length;
      const fp = { hi: 0, lo: 0 };
      for (let i = 0; i < initial.length && this.finding === null; i++) {
        const state = this.options.symmetry ? this.model.canonicalize(initial[i]) : initial[i];
        this.model.fingerprint(state, fp);
        this.admit(state, initial[i], -1, i, fp.hi, fp.lo);
      }
    } catch (e) {
      // An initial value outside its type (a -p override can put one there) or one that raises: a finding with no steps.
      this.found({ kind: raisedKind(e), state: -1, message: (e as Error).message });
    }
    if (this.finding === null && this.next.size > 0) this.depth = 1;
    this.nextLevel();
    this.report(performance.now());
  }

  private nextLevel(): void {
    this.peakBytes = Math.max(this.peakBytes, this.bytes);
    [this.current, this.next] = [this.next, this.current];
    this.next.clear();
    this.position = 0;
  }

  /**
   * Explores until the search is over, until the clock passes `deadline`, or
   * (with `levelEnd`) until the level under way is finished and the next one
   * is about to start (`position` is then 0). Call again to go on.
   */
  advance(deadline: number, levelEnd = false): Advance {
    if (this.initialCount < 0) this.admitInitialStates();
    while (this.finding === null) {
      if (this.position === this.current.size) {
        if (this.next.size === 0) return "done";
        this.depth++;
        this.nextLevel();
        if (levelEnd) return "level";
      }
      const stop = this.shouldStop();
      if (stop !== null) {
        this.stopped = stop;
        return "done";
      }
      try {
        this.current.read(this.position, this.reader);
        this.expandState(this.current.id(this.position++));
      } catch (e) {
        if (e instanceof ExpansionCut) {
          this.stopped = e.reason;
          return "done";
        }
        // Growing a table or a level failed: the machine is out of memory, so stop with what is known.
        if (!(e instanceof RangeError) || !/allocation failed|Invalid array length|Array buffer/i.test(e.message)) throw e;
        this.stopped = "max-memory";
        return "done";
      }
      if ((this.position & 63) === 0 && performance.now() > deadline) return "deadline";
    }
    return "done";
  }

  /** Why the search must stop before the next expansion, or null: asked to, --max-states, or memory. */
  shouldStop(): StopReason | null {
    if ((this.log.size & (PROGRESS_EVERY - 1)) === 0 || this.generated % PROGRESS_EVERY === 0) {
      this.progress();
      const memory = this.memoryStop();
      if (memory !== null) return memory;
    }
    if (this.checks.stop?.requested) return "requested";
    return this.checks.maxStates !== undefined && this.log.size >= this.checks.maxStates ? "max-states" : null;
  }

  /** At most every 100 ms: whether the process is over --max-memory, or V8's heap nearly full (a crash, if it fills). */
  private memoryStop(): StopReason | null {
    const now = performance.now();
    if (now - this.lastMemoryCheck < 100) return null;
    this.lastMemoryCheck = now;
    if (this.checks.maxMemory !== undefined && process.memoryUsage.rss() > this.checks.maxMemory) return "max-memory";
    const heap = getHeapStatistics();
    return heap.used_heap_size > 0.9 * heap.heap_size_limit ? "heap" : null;
  }

  /** Stops the search where it is, with the figures so far (NOT exhaustive). */
  stop(why: StopReason): void {
    this.stopped = why;
  }

  /** At most once every progressSeconds (a second by default): the figures so far, to onProgress. */
  progress(): void {
    const now = performance.now();
    if (now - this.lastProgress >= 1000 * (this.checks.progressSeconds ?? 1)) this.report(now);
  }

  private report(now: number): void {
    if (this.checks.onProgress === undefined) return;
    this.lastProgress = now;
    this.checks.onProgress({ distinctStates: this.log.size, statesGenerated: this.generated + Math.max(this.initialCount, 0), frontier: this.current.size - this.position + this.next.size, depth: this.depth, seconds: (now - this.started) / 1000 });
  }

  protected keep(stored: S | null, state: S, ordinal: number, hi: number, lo: number): void {
    this.admit(stored, state, this.stateId, ordinal, hi, lo);
    // One state with a great many successors (a role of thousands of nodes) must not hold off Ctrl-C, --max-states or the memory limit.
    if ((this.generated & 255) === 0) {
      const stop = this.shouldStop();
      if (stop !== null) throw new ExpansionCut(stop);
    }
  }

  /** Keeps `stored` (the canonical form of `state`; null: not built, encoded from `state`) when its fingerprint is new, and checks the invariants on `state`. */
  private admit(stored: S | null, state: S, parent: number, ordinal: number, hi: number, lo: number): void {
    if (!this.seen.insert(hi, lo)) return;
    if (!this.encoded(stored, state, parent)) return;
    const id = this.log.add(parent, ordinal);
    this.next.push(this.buffer.words, this.buffer.length, id);
    const broken = this.brokenInvariant(state);
    if (broken >= 0) {
      this.found({ kind: "invariant", name: this.model.invariantNames[broken], state: id });
      if (this.depth === 0 || parent === -1) this.depth = 1;
      else this.depth++;
    }
  }

  /** Memory held by the search's tables and levels now. */
  get bytes(): number {
    return this.seen.bytes + this.log.bytes + this.current.byteLength + this.next.byteLength;
  }

  result(): SearchResult {
    const seconds = (performance.now() - this.started) / 1000;
    const verdict: Verdict = this.finding === null ? (this.stopped !== null ? "stopped" : "ok") : this.finding.kind === "invariant" || this.finding.kind === "property" ? "violation" : this.finding.kind;
    return {
      verdict,
      finding: this.finding,
      stoppedBy: this.finding === null ? this.stopped : null,
      distinctStates: this.log.size,
      statesGenerated: this.generated + this.initialCount,
      depth: this.depth,
      seconds,
      coverage: this.model.stepNames.map((step, i) => ({ step, count: this.coverage[i] })),
      collisionProbability: collisionProbability(this.log.size, this.generated + this.initialCount),
      peakBytes: Math.max(this.peakBytes, this.bytes),
      outsideConstraint: this.outsideConstraint,
      log: this.log,
    };
  }
}
