/**
 * A worker's share of one BFS level (parallel.ts): expand states from..to of
 * the level and keep each successor that is new to the visited set and to this
 * slice, in the order the sequential search would meet them. The main thread
 * admits slices in level order, which gives the same states, numbers and log
 * as one thread would. It may be admitting earlier slices of the level while
 * this one runs: a lookup then finds a state it admitted (reached earlier in
 * level order, so rightly seen) or misses one (kept here, and dropped when
 * admitted). It finds a fingerprint never inserted only if it reads a slot
 * half written (its high word, not yet its low one) and the fingerprint it
 * looks for is that high word with a low word of 0: as unlikely as a
 * fingerprint collision.
 *
 * A slice that meets any problem (a violation, an overflow, a deadlock) says
 * so and stops: the main thread then goes on alone from the slice's first
 * state, so the figures at the finding are exactly the sequential search's.
 */
import { Expander, type ExpandOptions } from "./expand.js";
import { FingerprintSet, tableHas, type FingerprintTable } from "./fingerprint-set.js";
import type { GlobalState, Model } from "./model.js";
import { readState, StateQueue, type LevelView } from "./state-queue.js";

export interface SliceJob {
  /** Which level this is: the main thread has admitted every slice of the levels before it. */
  readonly round: number;
  readonly table: FingerprintTable;
  readonly level: LevelView;
  readonly from: number;
  readonly to: number;
}

export interface SliceResult {
  /** The kept successors' words, in the order met. */
  readonly kept: LevelView;
  /** Per kept successor: fingerprint (hi, lo), its parent's position in the level, and which successor of the parent it is. */
  readonly meta: Int32Array;
  readonly generated: number;
  readonly coverage: Float64Array;
  readonly outsideConstraint: number;
  /** A problem was met: one thread must expand the level from this slice on. */
  readonly problem: boolean;
  /** The search was asked to stop before the slice was done. */
  readonly interrupted: boolean;
}

export class SliceExpander<S extends GlobalState> extends Expander<S> {
  private keys: Int32Array = new Int32Array(2);
  private mask = 0;
  private zero = false;
  private readonly local = new FingerprintSet();
  private kept = new StateQueue();
  /** The queues this worker has filled, reused from one level to the next; `inUse` of them hold this level's slices. */
  private readonly queues: StateQueue[] = [];
  private inUse = 0;
  private round = -1;
  private meta = new Int32Array(1024);

  constructor(model: Model<S>, options: ExpandOptions, private readonly stop: Int32Array) {
    super(model, options);
  }

  protected seenBefore(hi: number, lo: number): boolean {
    return tableHas(this.keys, this.mask, this.zero, hi, lo) || this.local.has(hi, lo);
  }

  protected keep(stored: S | null, state: S, ordinal: number, hi: number, lo: number): void {
    if (tableHas(this.keys, this.mask, this.zero, hi, lo) || !this.local.insert(hi, lo)) return;
    if (!this.encoded(stored, state, this.stateId)) return;
    const broken = this.brokenInvariant(state);
    if (broken >= 0) {
      this.found({ kind: "invariant", name: this.model.invariantNames[broken], state: this.stateId });
      return;
    }
    const n = this.kept.size;
    if (4 * n + 4 > this.meta.length) {
      const bigger = new Int32Array(2 * this.meta.length);
      bigger.set(this.meta);
      this.meta = bigger;
    }
    this.meta[4 * n] = hi;
    this.meta[4 * n + 1] = lo;
    this.meta[4 * n + 2] = this.stateId;
    this.meta[4 * n + 3] = ordinal;
    this.kept.push(this.buffer.words, this.buffer.length, n);
  }

  run(job: SliceJob): SliceResult {
    this.keys = job.table.keys;
    this.mask = job.table.keys.length / 2 - 1;
    this.zero = job.table.zero;
    this.local.clear();
    // The main thread may not have admitted this level's earlier slices yet, but it has admitted every earlier level's.
    if (job.round !== this.round) {
      this.round = job.round;
      this.inUse = 0;
    }
    if (this.inUse === this.queues.length) this.queues.push(new StateQueue());
    this.kept = this.queues[this.inUse++];
    this.kept.clear();
    this.generated = 0;
    this.outsideConstraint = 0;
    this.coverage.fill(0);
    this.finding = null;
    let interrupted = false;
    for (let i = job.from; i < job.to && this.finding === null; i++) {
      if ((i & 255) === 0 && Atomics.load(this.stop, 0) !== 0) {
        interrupted = true;
        break;
      }
      readState(job.level, i, this.reader);
      this.expandState(i);
    }
    return {
      kept: this.kept.view,
      meta: this.meta.slice(0, 4 * this.kept.size),
      generated: this.generated,
      coverage: this.coverage.slice(),
      outsideConstraint: this.outsideConstraint,
      problem: this.finding !== null,
      interrupted,
    };
  }
}
