/**
 * Canonical forms under permutations of symmetric node ids. Nodes are sorted by
 * a key that no renaming changes (their own state with the role's ids masked,
 * and how the other roles and the network refer to them). Only nodes with equal
 * keys can still be told apart, so only their orders are tried, and the
 * smallest encoding among the candidates is the representative: every state of
 * one class yields the same candidates, hence the same minimum. A group of tied
 * nodes that the state cannot tell apart at all (swapping neighbours changes
 * nothing) needs one order only, which keeps the common case at a few
 * encodings instead of n!.
 *
 * The common case, no two nodes of a role with equal keys, allocates nothing
 * but the renamed state, and none at all when the nodes are already in key
 * order: the state is then its own representative and is returned as it is.
 * The search needs no representative built at all: canonicalFingerprint hashes
 * the state as renamed by the chosen permutations where it lies, and
 * encodeCanonical writes a new representative's words the same way.
 */
import type { WordWriter } from "../checkers/model.js";
import type { Lanes } from "./hash.js";
import { WordBuffer } from "./words.js";

export interface SymmetricRole<S> {
  /** How many nodes the role has in this state. */
  readonly count: (state: S) => number;
  /** Writes every node's permutation-invariant key into `out`, node i's from starts[i] to starts[i + 1]. */
  readonly signatures: (state: S, out: WordBuffer, starts: Int32Array) => void;
}

type Permute<S> = (state: S, perms: readonly (readonly number[])[]) => S;
type Encode<S> = (state: S, out: WordWriter) => void;

const scratch = new WordBuffer();
const keys = new WordBuffer();
/** Where each node's key starts in `keys`, and the nodes in key order. */
let starts = new Int32Array(64);
let sorted = new Int32Array(64);

function compareRange(a: Int32Array, aFrom: number, aTo: number, b: Int32Array, bFrom: number, bTo: number): number {
  const n = Math.min(aTo - aFrom, bTo - bFrom);
  for (let i = 0; i < n; i++) if (a[aFrom + i] !== b[bFrom + i]) return a[aFrom + i] - b[bFrom + i];
  return aTo - aFrom - (bTo - bFrom);
}

const byKey = (a: number, b: number): number => compareRange(keys.words, starts[a], starts[a + 1], keys.words, starts[b], starts[b + 1]);

/** Writes the role's keys into `keys` and its nodes, sorted by key then id, into `sorted`; returns whether two keys tie. */
function sortByKey<S>(state: S, role: SymmetricRole<S>, n: number): boolean {
  if (starts.length <= n) {
    starts = new Int32Array(2 * (n + 1));
    sorted = new Int32Array(2 * (n + 1));
  }
  keys.reset();
  role.signatures(state, keys, starts);
  let ties = false;
  // Insertion sort: n is a handful of nodes, and it is stable, so ties stay in id order.
  for (let i = 0; i < n; i++) {
    let at = i;
    for (; at > 0; at--) {
      const c = byKey(sorted[at - 1], i);
      if (c === 0) ties = true;
      if (c <= 0) break;
      sorted[at] = sorted[at - 1];
    }
    sorted[at] = i;
  }
  return ties;
}

/** One permutation per role for the common case, and their inverses, reused: callees read them only while they run. */
const perms: number[][] = [];
const inverses: number[][] = [];

/** What canonicalisation needs of a model. */
export interface Symmetry<S> {
  readonly roles: readonly SymmetricRole<S>[];
  readonly permute: Permute<S>;
  readonly encode: Encode<S>;
  readonly fingerprint: (state: S, out: Lanes) => void;
  /** The fingerprint permute(state, perms) would have, without building it; null where it depends on message order (fifo). */
  readonly fingerprintPermuted: ((state: S, perms: readonly (readonly number[])[], inverses: readonly (readonly number[])[], out: Lanes) => void) | null;
  /** The words encode(permute(state, perms)) would write, without building it; null where renamed messages cannot be ordered in place. */
  readonly encodePermuted: ((state: S, perms: readonly (readonly number[])[], inverses: readonly (readonly number[])[], out: WordBuffer) => void) | null;
}

/** Sorts every role by key: "ties" when two nodes of a role tie, else "sorted" with `perms` and `inverses` set, or "own" when no node moves. */
function sortRoles<S>(state: S, roles: readonly SymmetricRole<S>[]): "own" | "sorted" | "ties" {
  let identity = true;
  // Lengths are set only when they change: setting an array's length is not free.
  if (perms.length !== roles.length) perms.length = inverses.length = roles.length;
  for (let r = 0; r < roles.length; r++) {
    const n = roles[r].count(state);
    if (sortByKey(state, roles[r], n)) return "ties";
    const perm = (perms[r] ??= []);
    const inverse = (inverses[r] ??= []);
    if (perm.length !== n) perm.length = inverse.length = n;
    for (let position = 0; position < n; position++) {
      perm[sorted[position]] = position;
      inverse[position] = sorted[position];
      if (sorted[position] !== position) identity = false;
    }
  }
  return identity ? "own" : "sorted";
}

/** Writes the encoding of the state renamed by `perms`, with or without building it. */
type EncodeCandidate = (perms: readonly (readonly number[])[], out: WordBuffer) => void;

/** The state canonicalFingerprint was last given and the permutations it chose (null: the state is its own representative), for encodeCanonical. */
const last = {
  state: null as unknown,
  perms: null as readonly (readonly number[])[] | null,
  inverses: null as readonly (readonly number[])[] | null,
  /** The representative, when it had to be built to be fingerprinted. */
  representative: null as unknown,
};
const spare = { hi: 0, lo: 0 };

/** The representative of the state's class, built. */
export function canonicalize<S>(state: S, symmetry: Symmetry<S>): S {
  last.state = null;
  const order = sortRoles(state, symmetry.roles);
  if (order === "own") return state;
  if (order === "sorted") return symmetry.permute(state, perms);
  const best = breakTies(state, symmetry.roles, symmetry.encode, builtCandidate(state, symmetry));
  return best === null ? state : symmetry.permute(state, best);
}

/**
 * Sets `out` to the fingerprint of canonicalize(state), given the state's own
 * (hi, lo), without building the representative where the model can hash and
 * encode a renamed state in place: most successors under symmetry turn out
 * seen, and for the others encodeCanonical writes the representative's words.
 */
export function canonicalFingerprint<S>(state: S, hi: number, lo: number, symmetry: Symmetry<S>, out: Lanes): void {
  last.state = null;
  last.representative = null;
  const order = sortRoles(state, symmetry.roles);
  let chosen: readonly (readonly number[])[] | null = null;
  let chosenInverses: readonly (readonly number[])[] | null = null;
  if (order === "sorted") {
    chosen = perms;
    chosenInverses = inverses;
  } else if (order === "ties") {
    const encodePermuted = symmetry.encodePermuted;
    const candidate: EncodeCandidate = encodePermuted === null ? builtCandidate(state, symmetry) : (p, words) => encodePermuted(state, p, p.map(inverseOf), words);
    chosen = breakTies(state, symmetry.roles, symmetry.encode, candidate);
    chosenInverses = chosen === null ? null : chosen.map(inverseOf);
  }
  if (chosen === null) {
    out.hi = hi;
    out.lo = lo;
  } else if (symmetry.fingerprintPermuted !== null) symmetry.fingerprintPermuted(state, chosen, chosenInverses!, out);
  else {
    last.representative = symmetry.permute(state, chosen);
    symmetry.fingerprint(last.representative as S, out);
  }
  last.state = state;
  last.perms = chosen;
  last.inverses = chosenInverses;
}

/** Appends the words of canonicalize(state), as the model's encode would; right after canonicalFingerprint(state) it sorts nothing again. */
export function encodeCanonical<S>(state: S, symmetry: Symmetry<S>, out: WordBuffer): void {
  if (last.state !== state) canonicalFingerprint(state, 0, 0, symmetry, spare);
  if (last.perms === null) symmetry.encode(state, out);
  else if (last.representative !== null) symmetry.encode(last.representative as S, out);
  else if (symmetry.encodePermuted !== null) symmetry.encodePermuted(state, last.perms, last.inverses!, out);
  else symmetry.encode(symmetry.permute(state, last.perms), out);
}

function builtCandidate<S>(state: S, symmetry: Symmetry<S>): EncodeCandidate {
  return (p, out) => symmetry.encode(symmetry.permute(state, p), out);
}

function inverseOf(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  for (let from = 0; from < perm.length; from++) inverse[perm[from]] = from;
  return inverse;
}

/** Sorts words[from..length) of `out` in place: a set of renamed ids, a handful, written where it is encoded. */
export function sortTail(out: WordBuffer, from: number): void {
  const words = out.words;
  for (let i = from + 1; i < out.length; i++) {
    const word = words[i];
    let at = i;
    for (; at > from && words[at - 1] > word; at--) words[at] = words[at - 1];
    words[at] = word;
  }
}

/** Encodes the candidate into the scratch buffer and compares with `words`. */
function compareCandidate(perms: readonly (readonly number[])[], encodeCandidate: EncodeCandidate, words: Int32Array): number {
  scratch.reset();
  encodeCandidate(perms, scratch);
  return compareRange(scratch.words, 0, scratch.length, words, 0, words.length);
}

/** Some nodes tie on their keys: the permutations of the smallest encoding over the orders of ties that the state can tell apart; null when the state is its own representative. */
function breakTies<S>(state: S, roles: readonly SymmetricRole<S>[], encode: Encode<S>, encodeCandidate: EncodeCandidate): (readonly number[])[] | null {
  const identities = roles.map((role) => identityOf(role.count(state)));
  let original: Int32Array | null = null;
  // The state's own encoding, needed only when some nodes tie on their keys.
  const originalWords = (): Int32Array => {
    if (original === null) {
      scratch.reset();
      encode(state, scratch);
      original = scratch.words.slice(0, scratch.length);
    }
    return original;
  };
  const choices = roles.map((role, r) => orderings(state, role, r, identities, encodeCandidate, originalWords));
  let bestPerms: (readonly number[])[] = identities;
  let bestWords: Int32Array | null = null;
  const pick = (depth: number, perms: (readonly number[])[]): void => {
    if (depth === choices.length) {
      if (bestWords === null || compareCandidate(perms, encodeCandidate, bestWords) < 0) {
        if (bestWords === null) {
          scratch.reset();
          encodeCandidate(perms, scratch);
        }
        bestPerms = perms;
        bestWords = scratch.words.slice(0, scratch.length);
      }
      return;
    }
    for (const perm of choices[depth]) pick(depth + 1, [...perms, perm]);
  };
  pick(0, []);
  return bestPerms.every((perm) => perm.every((to, from) => to === from)) ? null : bestPerms;
}

function identityOf(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The permutations (old id -> new id) that sort the role's nodes by key, trying every order of ties the state can tell apart. */
function orderings<S>(state: S, role: SymmetricRole<S>, r: number, identities: readonly (readonly number[])[], encodeCandidate: EncodeCandidate, original: () => Int32Array): number[][] {
  const n = role.count(state);
  sortByKey(state, role, n);
  const order = Array.from(sorted.subarray(0, n));
  const groups: number[][] = [];
  order.forEach((node, position) => {
    if (position > 0 && byKey(order[position - 1], node) === 0) groups[groups.length - 1].push(node);
    else groups.push([node]);
  });
  const swapFixes = (a: number, b: number): boolean => {
    const perm = [...identities[r]];
    perm[a] = b;
    perm[b] = a;
    return compareCandidate(identities.map((p, i) => (i === r ? perm : p)), encodeCandidate, original()) === 0;
  };
  let arrangements: number[][] = [[]];
  for (const group of groups) {
    const interchangeable = group.every((node, i) => i === 0 || swapFixes(group[i - 1], node));
    const orders = interchangeable ? [group] : permutationsOf(group);
    arrangements = arrangements.flatMap((prefix) => orders.map((p) => [...prefix, ...p]));
  }
  return arrangements.map((order) => {
    const perm = new Array<number>(n);
    order.forEach((node, position) => (perm[node] = position));
    return perm;
  });
}

function permutationsOf(items: readonly number[]): number[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, i) => permutationsOf([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}
