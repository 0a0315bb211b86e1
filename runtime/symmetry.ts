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
 * In the search most representatives turn out seen already: canonicalizeUnseen
 * gets the representative's fingerprint from the sorting permutations alone
 * and builds it only when it is new.
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

/** Encodes into the scratch buffer and compares with `words`. */
function compareEncoding<S>(state: S, encode: Encode<S>, words: Int32Array): number {
  scratch.reset();
  encode(state, scratch);
  return compareRange(scratch.words, 0, scratch.length, words, 0, words.length);
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

export function canonicalize<S>(state: S, symmetry: Symmetry<S>): S {
  const order = sortRoles(state, symmetry.roles);
  if (order === "ties") return canonicalizeTies(state, symmetry.roles, symmetry.permute, symmetry.encode);
  return order === "own" ? state : symmetry.permute(state, perms);
}

/**
 * canonicalize(state), with its fingerprint in `out` ((hi, lo) is the state's
 * own), except that a representative whose fingerprint `seen` knows is not
 * built at all: null. Most successors under symmetry are such, and without
 * ties their fingerprint comes from the sorting permutations alone.
 */
export function canonicalizeUnseen<S>(state: S, hi: number, lo: number, symmetry: Symmetry<S>, seen: (hi: number, lo: number) => boolean, out: Lanes): S | null {
  const order = sortRoles(state, symmetry.roles);
  if (order === "sorted" && symmetry.fingerprintPermuted !== null) {
    symmetry.fingerprintPermuted(state, perms, inverses, out);
    return seen(out.hi, out.lo) ? null : symmetry.permute(state, perms);
  }
  const representative = order === "own" ? state : order === "sorted" ? symmetry.permute(state, perms) : canonicalizeTies(state, symmetry.roles, symmetry.permute, symmetry.encode);
  if (representative === state) {
    out.hi = hi;
    out.lo = lo;
  } else symmetry.fingerprint(representative, out);
  return representative;
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

/** Some nodes tie on their keys: the smallest encoding over the orders of ties that the state can tell apart. */
function canonicalizeTies<S>(state: S, roles: readonly SymmetricRole<S>[], permute: Permute<S>, encode: Encode<S>): S {
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
  const choices = roles.map((role, r) => orderings(state, role, r, identities, permute, encode, originalWords));
  let best: S | null = null;
  let bestPerms: readonly (readonly number[])[] = identities;
  let bestWords: Int32Array | null = null;
  const pick = (depth: number, perms: (readonly number[])[]): void => {
    if (depth === choices.length) {
      const candidate = permute(state, perms);
      if (bestWords === null || compareEncoding(candidate, encode, bestWords) < 0) {
        if (bestWords === null) {
          scratch.reset();
          encode(candidate, scratch);
        }
        best = candidate;
        bestPerms = perms;
        bestWords = scratch.words.slice(0, scratch.length);
      }
      return;
    }
    for (const perm of choices[depth]) pick(depth + 1, [...perms, perm]);
  };
  pick(0, []);
  return bestPerms.every((perm) => perm.every((to, from) => to === from)) ? state : best!;
}

function identityOf(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The permutations (old id -> new id) that sort the role's nodes by key, trying every order of ties the state can tell apart. */
function orderings<S>(state: S, role: SymmetricRole<S>, r: number, identities: readonly (readonly number[])[], permute: Permute<S>, encode: Encode<S>, original: () => Int32Array): number[][] {
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
    return compareEncoding(permute(state, identities.map((p, i) => (i === r ? perm : p))), encode, original()) === 0;
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
