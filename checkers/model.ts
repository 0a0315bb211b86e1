/**
 * The one interface between generated code and the checker (like Stateright's
 * `Model`): initial states, successors in a fixed order, invariants, and a
 * compact encoding. Generated `model.ts` files implement it; the checker never
 * sees a spec.
 */
import type { WordBuffer } from "../runtime/words.js";

/** A message as it travels: its type, its sender and receiver ids, then its fields. */
export interface AnyMessage {
  readonly type: string;
  readonly from: number;
  readonly to: number;
}

/** Every node's local state by role, the messages in flight in canonical order, and the ghosts. */
export interface GlobalState {
  readonly nodes: { readonly [role: string]: readonly object[] };
  readonly network: readonly AnyMessage[];
  readonly ghosts: { readonly [ghost: string]: unknown };
}

/** What happened in one step, for traces and coverage. */
export type StepLabel =
  | { readonly kind: "action"; readonly action: string; readonly role: string; readonly node: number; readonly args?: Readonly<Record<string, unknown>>; readonly message?: AnyMessage }
  | { readonly kind: "lose"; readonly message: AnyMessage }
  | { readonly kind: "duplicate"; readonly message: AnyMessage }
  | { readonly kind: "restart"; readonly role: string; readonly node: number };

export interface Transition<S> {
  readonly label: StepLabel;
  readonly next: S;
}

/** Grows as words are written; `length` is how many are in use. */
export interface WordWriter {
  length: number;
  push(word: number): void;
}

export interface WordReader {
  words: Int32Array;
  offset: number;
}

/** What a generated model.ts exports for a loader: the model of a named check model, parameters overridden where given. */
export interface GeneratedModule {
  createModel(name: string, overrides: Record<string, number>): Model;
}

export type TemporalKind = "eventually" | "alwaysEventually" | "leadsTo";

/** What the liveness checker (checkers/liveness/) reads; a model has it when its spec declares liveness. */
export interface LivenessModel<S> {
  readonly names: readonly string[];
  readonly kinds: readonly TemporalKind[];
  /** Per check model name, per step index (as stepNames): 0 unfair, 1 weak, 2 strong. Fault steps are 0. */
  readonly stepFairness: Readonly<Record<string, readonly number[]>>;
  /** Liveness property `index`'s predicate `which`: 0 is P (the only one, but for P leadsTo Q), 1 is Q. */
  predicate(index: number, which: number, state: S): boolean;
}

export interface Model<S extends GlobalState = GlobalState> {
  readonly spec: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** Names for coverage: the spec's actions, then the fault steps the spec enables. */
  readonly stepNames: readonly string[];
  readonly invariantNames: readonly string[];
  readonly propertyNames: readonly string[];
  readonly symmetricRoles: readonly string[];
  /** Each message type's sender and receiver roles. */
  readonly messageRoles: Readonly<Record<string, readonly [from: string, to: string]>>;
  /** The ITF variable names, in the order toItf gives them. */
  readonly itfVariables: readonly string[];
  initialStates(): readonly S[];
  /**
   * Every successor, in the order docs/reference/semantics.md gives, with its
   * fingerprint (as `fingerprint` would give it) in (hi, lo); `stepIndex`
   * indexes stepNames. Throws BoundOverflow when a step takes a value out of its type.
   * When `skip` returns true for a successor's fingerprint, the model does not
   * build that successor at all (the checker already has it), nor visits it.
   * With `fingerprints` false (a caller that canonicalises first), no
   * fingerprint is computed, (hi, lo) mean nothing, and `skip` is not called.
   */
  forEachSuccessor(state: S, visit: (stepIndex: number, next: S, hi: number, lo: number) => void, skip?: (stepIndex: number, hi: number, lo: number) => boolean, fingerprints?: boolean): void;
  /** The state's 64-bit fingerprint, as two unsigned 32-bit halves. */
  fingerprint(state: S, out: { hi: number; lo: number }): void;
  /** The same successors with their labels: slower, for traces and tests. */
  transitions(state: S): readonly Transition<S>[];
  invariant(index: number, state: S): boolean;
  property(index: number, state: S, next: S): boolean;
  /** The model's state constraint: successors outside it are not explored further. */
  withinConstraint(state: S): boolean;
  /** Appends the state's words; throws BoundOverflow when a value has left its declared type. */
  encode(state: S, out: WordWriter): void;
  decode(input: WordReader): S;
  /** The representative of the state's class under permutations of symmetric node ids. */
  canonicalize(state: S): S;
  /** The fingerprint of canonicalize(state), given the state's own (hi, lo), with no state built where the model can avoid it. */
  canonicalFingerprint(state: S, hi: number, lo: number, out: { hi: number; lo: number }): void;
  /** Appends the words of canonicalize(state), as encode would; cheapest right after canonicalFingerprint(state). */
  encodeCanonical(state: S, out: WordBuffer): void;
  /** The state as ITF variables (the Informal Trace Format of Apalache and Quint). */
  toItf(state: S): Record<string, unknown>;
  readonly liveness?: LivenessModel<S>;
}
