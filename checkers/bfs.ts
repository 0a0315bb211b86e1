/**
 * Breadth-first exploration of a model, level by level, so the first violation
 * found is at the smallest depth and its trace is a shortest one. The hot loop
 * works on packed states: decode one, let the generated code enumerate its
 * successors, canonicalise and encode each into one scratch buffer, fingerprint
 * it, and keep it only when the fingerprint is new. Per successor it allocates
 * nothing of its own; what the generated handlers allocate is theirs.
 */
import { collisionProbability, Fingerprint } from "./fingerprint.js";
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
  | { readonly kind: "property"; readonly name: string; readonly state: number; readonly hi: number; readonly lo: number }
  | { readonly kind: "deadlock"; readonly state: number }
  | { readonly kind: "overflow"; readonly state: number; readonly step: number; readonly message: string }
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
  readonly log: StateLog;
}

const PROGRESS_EVERY = 4096;

export function search<S extends GlobalState>(model: Model<S>, options: CheckOptions): SearchResult {
  return new Search(model, options).run();
}

class Search<S extends GlobalState> {
  private readonly seen = new FingerprintSet();
  private readonly log = new StateLog();
  private current = new StateQueue();
  private next = new StateQueue();
  private readonly buffer = new WordBuffer();
  private readonly fp = new Fingerprint();
  private readonly reader: WordReader = { words: new Int32Array(0), offset: 0 };
  private readonly coverage: Float64Array;
  private readonly invariants: number[];
  private readonly properties: number[];
  private generated = 0;
  private initialCount = 0;
  private depth = 0;
  private finding: Finding | null = null;
  private state!: S;
  private stateId = -1;
  private successors = 0;
  private readonly started = performance.now();
  private lastProgress = performance.now();
  private readonly visit = (step: number, next: S): void => this.onSuccessor(step, next);

  constructor(private readonly model: Model<S>, private readonly options: CheckOptions) {
    this.coverage = new Float64Array(model.stepNames.length);
    this.invariants = options.invariants.map((n) => indexOf(model.invariantNames, n, "invariant"));
    this.properties = options.properties.map((n) => indexOf(model.propertyNames, n, "property"));
  }

  run(): SearchResult {
    const initial = this.model.initialStates();
    this.initialCount = initial.length;
    for (let i = 0; i < initial.length && this.finding === null; i++) this.admit(initial[i], -1, i);
    if (this.finding === null && this.current.size + this.next.size > 0) this.depth = 1;
    [this.current, this.next] = [this.next, this.current];
    let stopped = false;
    while (this.current.size > 0 && this.finding === null) {
      for (let i = 0; i < this.current.size && this.finding === null; i++) {
        if (this.shouldStop()) {
          stopped = true;
          break;
        }
        this.expand(i);
      }
      if (stopped || this.finding !== null) break;
      if (this.next.size > 0) this.depth++;
      [this.current, this.next] = [this.next, this.current];
      this.next.clear();
    }
    return this.result(stopped);
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
    this.reader.words = this.current.words;
    this.reader.offset = this.current.offset(i);
    this.state = this.model.decode(this.reader);
    this.stateId = this.current.id(i);
    this.successors = 0;
    if (!this.model.withinConstraint(this.state)) return;
    try {
      this.model.forEachSuccessor(this.state, this.visit);
    } catch (e) {
      if (this.finding !== null) return;
      this.finding = { kind: "error", state: this.stateId, message: e instanceof Error ? e.message : String(e) };
      return;
    }
    if (this.successors === 0 && this.options.deadlock && this.finding === null) this.finding = { kind: "deadlock", state: this.stateId };
  }

  private onSuccessor(step: number, next: S): void {
    if (this.finding !== null) return;
    this.generated++;
    this.successors++;
    this.coverage[step]++;
    for (const p of this.properties) {
      if (!this.model.property(p, this.state, next)) {
        if (!this.encode(next, step)) return;
        this.finding = { kind: "property", name: this.model.propertyNames[p], state: this.stateId, hi: this.fp.hi, lo: this.fp.lo };
        return;
      }
    }
    this.admit(next, this.stateId, step);
  }

  /** Packs the (canonical) state into the buffer and fingerprints it; false, with an overflow finding, when a value left its type. */
  private encode(state: S, step: number): boolean {
    const canonical = this.options.symmetry ? this.model.canonicalize(state) : state;
    this.buffer.reset();
    try {
      this.model.encode(canonical, this.buffer);
    } catch (e) {
      this.finding = { kind: "overflow", state: this.stateId, step, message: e instanceof Error ? e.message : String(e) };
      return false;
    }
    this.fp.of(this.buffer.words, this.buffer.length);
    return true;
  }

  private admit(state: S, parent: number, step: number): void {
    if (!this.encode(state, step)) return;
    if (this.seen.insert(this.fp.hi, this.fp.lo, this.log.size) !== -1) return;
    const id = this.log.add(parent, step, this.fp.hi, this.fp.lo);
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

  private result(stopped: boolean): SearchResult {
    const seconds = (performance.now() - this.started) / 1000;
    const verdict: Verdict = this.finding === null ? (stopped ? "stopped" : "ok") : this.finding.kind === "invariant" || this.finding.kind === "property" ? "violation" : this.finding.kind;
    return {
      verdict,
      finding: this.finding,
      distinctStates: this.log.size,
      statesGenerated: this.generated + this.initialCount,
      depth: this.depth,
      seconds,
      coverage: this.model.stepNames.map((step, i) => ({ step, count: this.coverage[i] })),
      collisionProbability: collisionProbability(this.log.size, this.generated + this.initialCount),
      peakBytes: this.seen.bytes + this.log.bytes + this.current.bytes + this.next.bytes,
      log: this.log,
    };
  }
}

function indexOf(names: readonly string[], name: string, what: string): number {
  const i = names.indexOf(name);
  if (i < 0) throw new Error(`the model has no ${what} '${name}'`);
  return i;
}
