/**
 * Canonical forms under permutations of symmetric node ids. Nodes are sorted by
 * a key that no renaming changes (their own state with the role's ids masked,
 * and how the other roles refer to them). Only nodes with equal keys can still
 * be told apart, so only their orders are tried, and the smallest encoding among
 * the candidates is the representative: every state of one class yields the
 * same candidates, hence the same minimum. A group of tied nodes that the state
 * cannot tell apart at all (swapping neighbours changes nothing) needs one order
 * only, which keeps the common case at a few encodings instead of n!.
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

function encoded<S>(state: S, encode: Encode<S>): Int32Array {
  scratch.reset();
  encode(state, scratch);
  return scratch.words.slice(0, scratch.length);
}

export function canonicalize<S>(state: S, roles: readonly SymmetricRole<S>[], permute: Permute<S>, encode: Encode<S>): S {
  const identities = roles.map((role) => identity(role.count(state)));
  const original = encoded(state, encode);
  const choices = roles.map((role, r) => orderings(state, role, r, identities, permute, encode, original));
  let best: S = state;
  let bestWords: Int32Array | null = null;
  const pick = (depth: number, perms: (readonly number[])[]): void => {
    if (depth === choices.length) {
      const candidate = permute(state, perms);
      const words = encoded(candidate, encode);
      if (bestWords === null || compareWords(words, bestWords) < 0) {
        best = candidate;
        bestWords = words;
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

function compareWords(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The permutations (old id -> new id) that sort the role's nodes by key, trying every order of ties the state can tell apart. */
function orderings<S>(state: S, role: SymmetricRole<S>, r: number, identities: readonly (readonly number[])[], permute: Permute<S>, encode: Encode<S>, original: Int32Array): number[][] {
  const n = role.count(state);
  const keys = Array.from({ length: n }, (_, i) => {
    const out = new WordBuffer(16);
    role.signature(state, i, out);
    return out.words.slice(0, out.length);
  });
  const sorted = identity(n).sort((a, b) => compareWords(keys[a], keys[b]) || a - b);
  const groups: number[][] = [];
  sorted.forEach((node, position) => {
    if (position > 0 && compareWords(keys[sorted[position - 1]], keys[node]) === 0) groups[groups.length - 1].push(node);
    else groups.push([node]);
  });
  const swapFixes = (a: number, b: number): boolean => {
    const perm = [...identities[r]];
    perm[a] = b;
    perm[b] = a;
    const perms = identities.map((p, i) => (i === r ? perm : p));
    return compareWords(encoded(permute(state, perms), encode), original) === 0;
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
