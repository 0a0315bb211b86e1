/**
 * Breadth-first exploration of a model, level by level, so the first violation
 * found is at the smallest depth and its trace is a shortest one. The hot loop
 * works on packed states: decode one, let the generated code enumerate its
 * successors with their fingerprints (computed from the parent's, or from the
 * canonical form under symmetry), and encode a successor into the queue only
 * when its fingerprint is new. Per successor it allocates nothing of its own;
 * what the generated handlers allocate is theirs.
 */
import { BoundOverflow } from "../runtime/words.js";
import { collisionProbability } from "./fingerprint.js";
import { FingerprintSet } from "./fingerprint-set.js";
import type { GlobalState, Model, WordReader } from "./model.js";
import { StateLog } from "./state-log.js";
import { StateQueue } from "./state-queue.js";
import { WordBuffer } from "../runtime/words.js";

export interface CheckOptions {
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly symmetry: boolean;
  readonly deadlock: boolean;
  readonly maxStates?: number;
  /** Set `requested` (from a SIGINT handler, say) to stop cleanly with the figures so far. */
  readonly stop?: { requested: boolean };
  readonly onProgress?: (progress: Progress) => void;
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

/** Where the search stopped on a problem: the state, and for a bad step the step itself. */
export type Finding =
  | { readonly kind: "invariant"; readonly name: string; readonly state: number }
  /** `ordinal`: which successor of `state` broke the property. */
  | { readonly kind: "property"; readonly name: string; readonly state: number; readonly ordinal: number }
  | { readonly kind: "deadlock"; readonly state: number }
  | { readonly kind: "overflow"; readonly state: number; readonly message: string }
  | { readonly kind: "error"; readonly state: number; readonly message: string };

export interface SearchResult {
  readonly verdict: Verdict;
  readonly finding: Finding | null;
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
  while (!s.advance(Infinity));
  return s.result();
}

/**
 * The same search in slices of about 100 ms, yielding to the event loop in
 * between, so that a SIGINT handler can run and ask it to stop.
 */
export async function searchInSlices<S extends GlobalState>(model: Model<S>, options: CheckOptions): Promise<SearchResult> {
  const s = new Search(model, options);
  while (!s.advance(performance.now() + 100)) await new Promise((resolve) => setImmediate(resolve));
  return s.result();
}

class Search<S extends GlobalState> {
  private readonly seen = new FingerprintSet();
  private readonly log = new StateLog();
  private current = new StateQueue();
  private next = new StateQueue();
  private readonly buffer = new WordBuffer();
  private readonly fp = { hi: 0, lo: 0 };
  private readonly reader: WordReader = { words: new Int32Array(0), offset: 0 };
  private readonly coverage: Float64Array;
  private readonly invariants: number[];
  private readonly properties: number[];
  private generated = 0;
  private initialCount = -1;
  private position = 0;
  private stopped = false;
  private depth = 0;
  private finding: Finding | null = null;
  private state!: S;
  private stateId = -1;
  private successors = 0;
  private outsideConstraint = 0;
  private readonly started = performance.now();
  private lastProgress = performance.now();
  private readonly visit = (step: number, next: S, hi: number, lo: number): void => this.onSuccessor(step, next, hi, lo);
  /**
   * A successor already seen needs no state built, when nothing but its
   * fingerprint matters (no action properties). Under symmetry the seen set
   * holds representatives, so a successor found there is one of them, seen.
   */
  private readonly skip = (step: number, hi: number, lo: number): boolean => {
    if (this.finding !== null || !this.seen.has(hi, lo)) return false;
    this.generated++;
    this.successors++;
    this.coverage[step]++;
    return true;
  };
  private readonly skipSeen: boolean;

  constructor(private readonly model: Model<S>, private readonly options: CheckOptions) {
    this.coverage = new Float64Array(model.stepNames.length);
    this.invariants = options.invariants.map((n) => indexOf(model.invariantNames, n, "invariant"));
    this.properties = options.properties.map((n) => indexOf(model.propertyNames, n, "property"));
    this.skipSeen = this.properties.length === 0;
  }

  private admitInitialStates(): void {
    const initial = this.model.initialStates();
    this.initialCount = initial.length;
    for (let i = 0; i < initial.length && this.finding === null; i++) {
      const state = this.options.symmetry ? this.model.canonicalize(initial[i]) : initial[i];
      this.model.fingerprint(state, this.fp);
      this.admit(state, initial[i], -1, i, this.fp.hi, this.fp.lo);
    }
    if (this.finding === null && this.next.size > 0) this.depth = 1;
    this.nextLevel();
  }

  private nextLevel(): void {
    [this.current, this.next] = [this.next, this.current];
    this.next.clear();
    this.position = 0;
  }

  /** Explores until done (true) or until the clock passes `deadline` (false: call again). */
  advance(deadline: number): boolean {
    if (this.initialCount < 0) this.admitInitialStates();
    while (this.finding === null) {
      if (this.position === this.current.size) {
        if (this.next.size === 0) return true;
        this.depth++;
        this.nextLevel();
      }
      if (this.shouldStop()) {
        this.stopped = true;
        return true;
      }
      this.expand(this.position++);
      if ((this.position & 63) === 0 && performance.now() > deadline) return false;
    }
    return true;
  }

  private shouldStop(): boolean {
    if ((this.log.size & (PROGRESS_EVERY - 1)) === 0 || this.generated % PROGRESS_EVERY === 0) this.progress();
    if (this.options.stop?.requested) return true;
    return this.options.maxStates !== undefined && this.log.size >= this.options.maxStates;
  }

  private progress(): void {
    const now = performance.now();
    if (this.options.onProgress === undefined || now - this.lastProgress < 1000) return;
    this.lastProgress = now;
    this.options.onProgress({ distinctStates: this.log.size, statesGenerated: this.generated, frontier: this.current.size + this.next.size, depth: this.depth, seconds: (now - this.started) / 1000 });
  }

  private expand(i: number): void {
    this.current.read(i, this.reader);
    this.state = this.model.decode(this.reader);
    this.stateId = this.current.id(i);
    this.successors = 0;
    if (!this.model.withinConstraint(this.state)) {
      this.outsideConstraint++;
      return;
    }
    this.options.onExpand?.(this.state);
    try {
      this.model.forEachSuccessor(this.state, this.visit, this.skipSeen ? this.skip : undefined);
    } catch (e) {
      if (this.finding !== null) return;
      const message = e instanceof Error ? e.message : String(e);
      this.finding = e instanceof BoundOverflow ? { kind: "overflow", state: this.stateId, message } : { kind: "error", state: this.stateId, message };
      return;
    }
    if (this.successors === 0 && this.options.deadlock && this.finding === null) this.finding = { kind: "deadlock", state: this.stateId };
  }

  private onSuccessor(step: number, next: S, hi: number, lo: number): void {
    if (this.finding !== null) return;
    this.generated++;
    this.successors++;
    this.coverage[step]++;
    for (const p of this.properties) {
      if (!this.model.property(p, this.state, next)) {
        this.finding = { kind: "property", name: this.model.propertyNames[p], state: this.stateId, ordinal: this.successors - 1 };
        this.depth++;
        return;
      }
    }
    let stored = next;
    // A successor that is itself a stored representative needs no canonical form.
    if (this.options.symmetry && !this.seen.has(hi, lo)) {
      stored = this.model.canonicalize(next);
      if (stored !== next) {
        this.model.fingerprint(stored, this.fp);
        hi = this.fp.hi;
        lo = this.fp.lo;
      }
    }
    this.admit(stored, next, this.stateId, this.successors - 1, hi, lo);
  }

  /** Keeps `stored` (the canonical form of `state`) when its fingerprint is new, and checks the invariants on it. */
  private admit(stored: S, state: S, parent: number, ordinal: number, hi: number, lo: number): void {
    if (!this.seen.insert(hi, lo)) return;
    this.buffer.reset();
    try {
      this.model.encode(stored, this.buffer);
    } catch (e) {
      this.finding = { kind: "overflow", state: parent, message: e instanceof Error ? e.message : String(e) };
      return;
    }
    const id = this.log.add(parent, ordinal);
    this.next.push(this.buffer.words, this.buffer.length, id);
    for (const inv of this.invariants) {
      if (!this.model.invariant(inv, state)) {
        this.finding = { kind: "invariant", name: this.model.invariantNames[inv], state: id };
        if (this.depth === 0 || parent === -1) this.depth = 1;
        else this.depth++;
        return;
      }
    }
  }

  result(): SearchResult {
    const seconds = (performance.now() - this.started) / 1000;
    const verdict: Verdict = this.finding === null ? (this.stopped ? "stopped" : "ok") : this.finding.kind === "invariant" || this.finding.kind === "property" ? "violation" : this.finding.kind;
    return {
      verdict,
      finding: this.finding,
      distinctStates: this.log.size,
      statesGenerated: this.generated + this.initialCount,
      depth: this.depth,
      seconds,
      coverage: this.model.stepNames.map((step, i) => ({ step, count: this.coverage[i] })),
      collisionProbability: collisionProbability(this.log.size, this.generated + this.initialCount),
      peakBytes: this.seen.bytes + this.log.bytes + this.current.byteLength + this.next.byteLength,
      outsideConstraint: this.outsideConstraint,
      log: this.log,
    };
  }
}

function indexOf(names: readonly string[], name: string, what: string): number {
  const i = names.indexOf(name);
  if (i < 0) throw new Error(`the model has no ${what} '${name}'`);
  return i;
}
