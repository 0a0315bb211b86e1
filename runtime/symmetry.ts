/**
 * Canonical forms under permutations of symmetric node ids. Nodes are sorted by
 * a key that no renaming changes (their own state with the role's ids masked);
 * only nodes with equal keys are permuted among themselves, and the smallest
 * encoding among those candidates is the representative. Exact: every state of
 * one class yields the same candidates, hence the same minimum.
 */
import type { WordWriter } from "../checkers/model.js";
import { WordBuffer } from "./words.js";

export interface SymmetricRole<S> {
  /** How many nodes the role has in this state. */
  readonly count: (state: S) => number;
  /** Writes node i's permutation-invariant key. */
  readonly signature: (state: S, i: number, out: WordWriter) => void;
}

export function canonicalize<S>(state: S, roles: readonly SymmetricRole<S>[], permute: (state: S, perms: readonly (readonly number[])[]) => S, encode: (state: S, out: WordWriter) => void): S {
  const choices = roles.map((role) => orderings(state, role));
  let best: S = state;
  let bestWords: Int32Array | null = null;
  const buffer = new WordBuffer();
  const pick = (depth: number, perms: (readonly number[])[]): void => {
    if (depth === choices.length) {
      const candidate = permute(state, perms);
      buffer.reset();
      encode(candidate, buffer);
      const words = buffer.words.subarray(0, buffer.length);
      if (bestWords === null || compareWords(words, bestWords) < 0) {
        best = candidate;
        bestWords = words.slice();
      }
      return;
    }
    for (const perm of choices[depth]) pick(depth + 1, [...perms, perm]);
  };
  pick(0, []);
  return best;
}

function compareWords(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** The permutations (old id -> new id) that sort nodes by key, every order of equal keys included. */
function orderings<S>(state: S, role: SymmetricRole<S>): number[][] {
  const n = role.count(state);
  const keys = Array.from({ length: n }, (_, i) => {
    const out = new WordBuffer(16);
    role.signature(state, i, out);
    return out.words.slice(0, out.length);
  });
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareWords(keys[a], keys[b]) || a - b);
  const groups: number[][] = [];
  sorted.forEach((node, position) => {
    if (position > 0 && compareWords(keys[sorted[position - 1]], keys[node]) === 0) groups[groups.length - 1].push(node);
    else groups.push([node]);
  });
  let arrangements: number[][] = [[]];
  for (const group of groups) arrangements = arrangements.flatMap((prefix) => permutationsOf(group).map((p) => [...prefix, ...p]));
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
