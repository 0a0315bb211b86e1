/**
 * Expanding one state: what the sequential search and a parallel worker do
 * alike for each state of a level. Decode it, skip it when it is outside the
 * constraint, let the generated code enumerate its successors with their
 * fingerprints, check action properties on each, find each new successor's
 * representative under symmetry, and hand it to `keep`. Per successor it
 * allocates nothing of its own; what the generated handlers allocate is theirs.
 * A problem (a violated property, a step that overflowed or failed, a
 * deadlock) ends the expansion with a Finding.
 */
import { WordBuffer } from "../runtime/words.js";
import type { GlobalState, Model, WordReader } from "./model.js";
import { raisedKind } from "./raised.js";

/** What the search checks; bfs.ts's CheckOptions carries these and the search's own. */
export interface ExpandOptions {
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly symmetry: boolean;
  readonly deadlock: boolean;
}

/** Where the search stopped on a problem: the state, and for a bad step the step itself. */
export type Finding =
  | { readonly kind: "invariant"; readonly name: string; readonly state: number }
  /** `ordinal`: which successor of `state` broke the property. */
  | { readonly kind: "property"; readonly name: string; readonly state: number; readonly ordinal: number }
  | { readonly kind: "deadlock"; readonly state: number }
  | { readonly kind: "overflow"; readonly state: number; readonly message: string }
  | { readonly kind: "error"; readonly state: number; readonly message: string };

export abstract class Expander<S extends GlobalState> {
  protected readonly buffer = new WordBuffer();
  protected readonly reader: WordReader = { words: new Int32Array(256), offset: 0 };
  readonly coverage: Float64Array;
  protected readonly invariants: number[];
  private readonly properties: number[];
  private readonly fp = { hi: 0, lo: 0 };
  generated = 0;
  outsideConstraint = 0;
  finding: Finding | null = null;
  protected state!: S;
  protected stateId = -1;
  private successors = 0;
  private readonly visit = (step: number, next: S, hi: number, lo: number): void => this.onSuccessor(step, next, hi, lo);
  /**
   * A successor already seen needs no state built, when nothing but its
   * fingerprint matters (no action properties). Under symmetry the seen set
   * holds representatives, so a successor found there is one of them, seen.
   */
  private readonly skip = (step: number, hi: number, lo: number): boolean => {
    if (this.finding !== null || !this.seenBefore(hi, lo)) return false;
    this.generated++;
    this.successors++;
    this.coverage[step]++;
    return true;
  };
  private readonly skipSeen: boolean;

  constructor(protected readonly model: Model<S>, protected readonly options: ExpandOptions) {
    this.coverage = new Float64Array(model.stepNames.length);
    this.invariants = options.invariants.map((n) => indexOf(model.invariantNames, n, "invariant"));
    this.properties = options.properties.map((n) => indexOf(model.propertyNames, n, "property"));
    this.skipSeen = this.properties.length === 0;
  }

  /** Whether the search already holds this fingerprint (from an earlier level, or earlier in this one). */
  protected abstract seenBefore(hi: number, lo: number): boolean;

  /** A successor not seen before: `stored` is its representative (null: canonicalize(state), not built), `state` the successor itself, the `ordinal`-th of its parent's. */
  protected abstract keep(stored: S | null, state: S, ordinal: number, hi: number, lo: number): void;

  /** Records the problem found; the search adjusts its depth to it. */
  protected found(finding: Finding): void {
    this.finding = finding;
  }

  /** Sees the state before its successors (the sequential search's onExpand hook). */
  protected expanding(_state: S): void {}

  /** Expands the state whose words are in `this.reader`, as state number `id`. */
  protected expandState(id: number): void {
    this.state = this.model.decode(this.reader);
    this.stateId = id;
    this.successors = 0;
    if (!this.model.withinConstraint(this.state)) {
      this.outsideConstraint++;
      return;
    }
    this.expanding(this.state);
    try {
      this.model.forEachSuccessor(this.state, this.visit, this.skipSeen ? this.skip : undefined);
    } catch (e) {
      if (this.finding !== null) return;
      this.found({ kind: raisedKind(e), state: id, message: (e as Error).message });
      return;
    }
    if (this.successors === 0 && this.options.deadlock && this.finding === null) this.found({ kind: "deadlock", state: id });
  }

  private onSuccessor(step: number, next: S, hi: number, lo: number): void {
    if (this.finding !== null) return;
    this.generated++;
    this.successors++;
    this.coverage[step]++;
    for (const p of this.properties) {
      if (!this.model.property(p, this.state, next)) {
        this.found({ kind: "property", name: this.model.propertyNames[p], state: this.stateId, ordinal: this.successors - 1 });
        return;
      }
    }
    let stored: S | null = next;
    // A successor that is itself a stored representative needs no canonical form; for the others none is built.
    if (this.options.symmetry && !this.seenBefore(hi, lo)) {
      this.model.canonicalFingerprint(next, hi, lo, this.fp);
      hi = this.fp.hi;
      lo = this.fp.lo;
      stored = null;
    }
    this.keep(stored, next, this.successors - 1, hi, lo);
  }

  /** Encodes `stored` (null: the representative of `state`) into this.buffer; on an overflow records it against `parent` and returns false. */
  protected encoded(stored: S | null, state: S, parent: number): boolean {
    this.buffer.reset();
    try {
      if (stored === null) this.model.encodeCanonical(state, this.buffer);
      else this.model.encode(stored, this.buffer);
      return true;
    } catch (e) {
      this.found({ kind: raisedKind(e), state: parent, message: (e as Error).message });
      return false;
    }
  }

  /** The first invariant `state` breaks, or -1. */
  protected brokenInvariant(state: S): number {
    for (const inv of this.invariants) if (!this.model.invariant(inv, state)) return inv;
    return -1;
  }
}

function indexOf(names: readonly string[], name: string, what: string): number {
  const i = names.indexOf(name);
  if (i < 0) throw new Error(`the model has no ${what} '${name}'`);
  return i;
}
