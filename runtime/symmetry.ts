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
 */
import type { WordWriter } from "../checkers/model.js";
import { WordBuffer } from "./words.js";

export interface SymmetricRole<S> {
  /** How many nodes the role has in this state. */
  readonly count: (state: S) => number;
  /** Writes node i's permutation-invariant key. */
  readonly signature: (state: S, i: number, out: WordWriter) => void;
}

type Permute<S> = (state: S, perms: readonly (readonly number[])[]) => S;
type Encode<S> = (state: S, out: WordWriter) => void;

const scratch = new WordBuffer();
const keys = new WordBuffer();

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

export function canonicalize<S>(state: S, roles: readonly SymmetricRole<S>[], permute: Permute<S>, encode: Encode<S>): S {
  const identities = roles.map((role) => identity(role.count(state)));
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
  if (choices.every((c) => c.length === 1)) return permute(state, choices.map((c) => c[0]));
  let best = state;
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
        bestWords = scratch.words.slice(0, scratch.length);
      }
      return;
    }
    for (const perm of choices[depth]) pick(depth + 1, [...perms, perm]);
  };
  pick(0, []);
  return best;
}

function identity(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The permutations (old id -> new id) that sort the role's nodes by key, trying every order of ties the state can tell apart. */
function orderings<S>(state: S, role: SymmetricRole<S>, r: number, identities: readonly (readonly number[])[], permute: Permute<S>, encode: Encode<S>, original: () => Int32Array): number[][] {
  const n = role.count(state);
  const starts = new Int32Array(n + 1);
  keys.reset();
  for (let i = 0; i < n; i++) {
    starts[i] = keys.length;
    role.signature(state, i, keys);
  }
  starts[n] = keys.length;
  const words = keys.words;
  const byKey = (a: number, b: number) => compareRange(words, starts[a], starts[a + 1], words, starts[b], starts[b + 1]);
  const sorted = identity(n).sort((a, b) => byKey(a, b) || a - b);
  const groups: number[][] = [];
  sorted.forEach((node, position) => {
    if (position > 0 && byKey(sorted[position - 1], node) === 0) groups[groups.length - 1].push(node);
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
