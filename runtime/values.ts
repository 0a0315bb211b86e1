/**
 * Value helpers the generated code calls: value order, structural equality,
 * sorted-array sets, 1-based sequences, and checked arithmetic. Kept apart
 * from the IR interpreter on purpose: the interpreter is the oracle they are
 * tested against. See docs/reference/semantics.md.
 */

/** An error of the spec found while running it: indexing outside a sequence, division by zero, ... */
export class SpecRuntimeError extends Error {}

export type Compare<T> = (a: T, b: T) => number;

export const compareNumber: Compare<number> = (a, b) => a - b;
export const compareBool: Compare<boolean> = (a, b) => Number(a) - Number(b);

const JSON_KINDS = ["null", "boolean", "number", "string", "array", "object"];
const jsonKind = (v: unknown): number => JSON_KINDS.indexOf(v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * A total order on JSON values, for payloads kept in sets: by kind (null,
 * booleans, numbers, strings, arrays, objects), then by value; objects by
 * their sorted keys, then their values. On the integers a check model draws
 * payloads from it is compareNumber's order.
 */
export function comparePayload(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const kind = jsonKind(a) - jsonKind(b);
  if (kind !== 0) return kind;
  if (typeof a === "boolean") return Number(a) - Number(b);
  if (typeof a === "string") return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  if (Array.isArray(a)) return compareSeq(comparePayload)(a, b as unknown[]);
  if (a === null) return 0;
  const keysA = Object.keys(a as object).sort();
  const keysB = Object.keys(b as object).sort();
  const byKeys = compareSeq<string>((x, y) => (x < y ? -1 : x > y ? 1 : 0))(keysA, keysB);
  if (byKeys !== 0) return byKeys;
  for (const k of keysA) {
    const c = comparePayload((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    if (c !== 0) return c;
  }
  return 0;
}

/** Field by field, in declaration order; any record type is an object, so this compares any of them. */
export function compareRecord(fields: readonly (readonly [string, Compare<never>])[]): Compare<object> {
  return (a, b) => {
    for (const [name, compare] of fields) {
      const c = (compare as Compare<unknown>)((a as Record<string, unknown>)[name], (b as Record<string, unknown>)[name]);
      if (c !== 0) return c;
    }
    return 0;
  };
}

export function compareSeq<T>(elem: Compare<T>): Compare<readonly T[]> {
  return (a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = elem(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  };
}

export function compareOptional<T>(inner: Compare<T>): Compare<T | null> {
  return (a, b) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : inner(a, b));
}

/** Structural equality; sets are sorted arrays, so equal sets are equal arrays. */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  // for-in walks the keys without building an array of them; values are never undefined, so a key b lacks differs.
  let keys = 0;
  for (const k in a) {
    if (!equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    keys++;
  }
  for (const _ in b) keys--;
  return keys === 0;
}

/** Sorts and removes duplicates: the canonical set of these items. */
export function setOf<T>(items: readonly T[], compare: Compare<T>): T[] {
  const sorted = [...items].sort(compare);
  return sorted.filter((x, i) => i === 0 || compare(sorted[i - 1], x) !== 0);
}

function position<T>(set: readonly T[], x: T, compare: Compare<T>): number {
  let lo = 0;
  let hi = set.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(set[mid], x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function setHas<T>(set: readonly T[], x: T, compare: Compare<T>): boolean {
  const i = position(set, x, compare);
  return i < set.length && compare(set[i], x) === 0;
}

export function setAdd<T>(set: readonly T[], x: T, compare: Compare<T>): T[] {
  const i = position(set, x, compare);
  if (i < set.length && compare(set[i], x) === 0) return set as T[];
  return [...set.slice(0, i), x, ...set.slice(i)];
}

export function setUnion<T>(a: readonly T[], b: readonly T[], compare: Compare<T>): T[] {
  if (b.length === 1) return setAdd(a, b[0], compare);
  return setOf([...a, ...b], compare);
}

export function setIntersect<T>(a: readonly T[], b: readonly T[], compare: Compare<T>): T[] {
  return a.filter((x) => setHas(b, x, compare));
}

export function setMinus<T>(a: readonly T[], b: readonly T[], compare: Compare<T>): T[] {
  return a.filter((x) => !setHas(b, x, compare));
}

export function isSubset<T>(a: readonly T[], b: readonly T[], compare: Compare<T>): boolean {
  return a.every((x) => setHas(b, x, compare));
}

export function seqHas(seq: readonly unknown[], x: unknown): boolean {
  return seq.some((y) => equal(x, y));
}

const idLists: (readonly number[])[] = [];

/** The ids 0..n-1 of a role's nodes: one shared array per n, never to be mutated. */
export function ids(n: number): readonly number[] {
  return (idLists[n] ??= Object.freeze(Array.from({ length: n }, (_, i) => i)));
}

/** The integers from..to, ascending (empty when to < from). */
export function range(from: number, to: number): number[] {
  return to < from ? [] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** `s[i]`, indexed from 1 as the spec language does. */
export function at<T>(seq: readonly T[], i: number): T {
  if (!Number.isInteger(i) || i < 1 || i > seq.length) throw new SpecRuntimeError(`index ${i} is outside a sequence of length ${seq.length}`);
  return seq[i - 1];
}

/** The node with id `i` of a role. */
export function nodeAt<T>(nodes: readonly T[], i: number): T {
  const node = nodes[i];
  if (node === undefined) throw new SpecRuntimeError(`node id ${i} is outside 0..${nodes.length - 1}`);
  return node;
}

/** The value of an optional that the spec says is there. */
export function unwrap<T>(value: T | null): T {
  if (value === null) throw new SpecRuntimeError("unwrap of null");
  return value;
}

export function last<T>(seq: readonly T[]): T {
  if (seq.length === 0) throw new SpecRuntimeError("last of an empty sequence");
  return seq[seq.length - 1];
}

export function head<T>(seq: readonly T[]): T {
  if (seq.length === 0) throw new SpecRuntimeError("head of an empty sequence");
  return seq[0];
}

export function tail<T>(seq: readonly T[]): T[] {
  return seq.slice(1);
}

export function append<T>(seq: readonly T[], x: T): T[] {
  return [...seq, x];
}

/** Elements i..j (from 1, inclusive), clamped to the sequence. */
export function slice<T>(seq: readonly T[], i: number, j: number): T[] {
  return seq.slice(Math.max(i, 1) - 1, Math.max(Math.min(j, seq.length), 0));
}

/** slice(a, i, j) and slice(b, i, j) are equal: compared in place, without building either. */
export function equalSlices(a: readonly unknown[], b: readonly unknown[], i: number, j: number): boolean {
  const from = Math.max(i, 1) - 1;
  const length = Math.max(Math.max(Math.min(j, a.length), 0) - from, 0);
  if (length !== Math.max(Math.max(Math.min(j, b.length), 0) - from, 0)) return false;
  for (let k = from; k < from + length; k++) if (!equal(a[k], b[k])) return false;
  return true;
}

export function isPrefix(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length <= b.length && a.every((x, i) => equal(x, b[i]));
}

/** A copy of the sequence with entry i (from 1) replaced. */
export function seqSet<T>(seq: readonly T[], i: number, x: T): T[] {
  at(seq, i);
  const copy = [...seq];
  copy[i - 1] = x;
  return copy;
}

/** The entry for integer key `key` of a map whose keys start at `min`: a key outside the map's keys is a spec runtime error. */
export function entryAt<T>(map: readonly T[], key: number, min: number): T {
  const k = key - min;
  if (!(k >= 0 && k < map.length)) throw new SpecRuntimeError(`map key ${key} is outside the map's keys ${min}..${min + map.length - 1}`);
  return map[k];
}

/** A copy of the map (an array by key position) with the entry at position k replaced. */
export function mapSet<T>(map: readonly T[], k: number, x: T): T[] {
  if (k < 0 || k >= map.length) throw new SpecRuntimeError(`key position ${k} is outside a map of ${map.length} entries`);
  const copy = [...map];
  copy[k] = x;
  return copy;
}

export function div(a: number, b: number): number {
  if (b === 0) throw new SpecRuntimeError("division by zero");
  return Math.trunc(a / b);
}

export function mod(a: number, b: number): number {
  if (b === 0) throw new SpecRuntimeError("remainder of a division by zero");
  return a % b;
}

/** `sum(c)`: of a set's elements, a sequence's, or a map's values. */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** `reverse(s)`: a new sequence, last element first. */
export function reverse<T>(s: readonly T[]): T[] {
  return [...s].reverse();
}

export function minOf(values: readonly number[]): number {
  if (values.length === 0) throw new SpecRuntimeError("min of an empty collection");
  return Math.min(...values);
}

export function maxOf(values: readonly number[]): number {
  if (values.length === 0) throw new SpecRuntimeError("max of an empty collection");
  return Math.max(...values);
}

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Every combination of the domains, the first varying slowest, as objects keyed by `names`. */
export function combinations(names: readonly string[], domains: readonly (readonly unknown[])[]): Record<string, unknown>[] {
  let result: Record<string, unknown>[] = [{}];
  names.forEach((name, i) => {
    result = result.flatMap((partial) => domains[i].map((value) => ({ ...partial, [name]: value })));
  });
  return result;
}

/**
 * The domains of collection-typed action parameters, each listed in ascending
 * value order (`compare`, the type's own order): every set of at most `max` of
 * `items` (which are ascending), every sequence of at most `max` of them, and
 * every map giving each of `keys` keys one of them.
 */
export function subsets<T>(items: readonly T[], max: number, compare: Compare<readonly T[]>): T[][] {
  let all: T[][] = [[]];
  for (const item of items) all = [...all, ...all.filter((s) => s.length < max).map((s) => [...s, item])];
  return all.sort(compare);
}

const subsetsOfFrozen = new WeakMap<readonly unknown[], WeakMap<Compare<never>, readonly (readonly unknown[])[]>>();

/**
 * `subsets(S)`: every subset of set `set`, in set order (`compare`, the order of
 * sets of its elements). A frozen array never changes, so its subsets are built
 * once: a role's ids are one (ids), and a quorum system over them costs 2^n
 * once, not at every use.
 */
export function subsetsOf<T>(set: readonly T[], compare: Compare<readonly T[]>): readonly (readonly T[])[] {
  if (!Object.isFrozen(set)) return subsets(set, Infinity, compare);
  let byOrder = subsetsOfFrozen.get(set);
  if (byOrder === undefined) subsetsOfFrozen.set(set, (byOrder = new WeakMap()));
  let all = byOrder.get(compare) as readonly (readonly T[])[] | undefined;
  if (all === undefined) byOrder.set(compare, (all = Object.freeze(subsets(set, Infinity, compare))));
  return all;
}

export function sequences<T>(items: readonly T[], max: number, compare: Compare<readonly T[]>): T[][] {
  let level: T[][] = [[]];
  const all: T[][] = [[]];
  for (let length = 1; length <= max; length++) {
    level = level.flatMap((s) => items.map((item) => [...s, item]));
    all.push(...level);
  }
  return all.sort(compare);
}

export function maps<T>(items: readonly T[], keys: number, compare: Compare<readonly T[]>): T[][] {
  let all: T[][] = [[]];
  for (let k = 0; k < keys; k++) all = all.flatMap((m) => items.map((item) => [...m, item]));
  return all.sort(compare);
}

/** A set of node ids renamed through `perm` (one-to-one), sorted again: an insertion sort, for the handful of ids a set holds. */
export function renameIds(set: readonly number[], perm: readonly number[]): number[] {
  const out = new Array<number>(set.length);
  for (let i = 0; i < set.length; i++) {
    const id = perm[set[i]];
    let at = i;
    for (; at > 0 && out[at - 1] > id; at--) out[at] = out[at - 1];
    out[at] = id;
  }
  return out;
}

/** A map (an array by key position) whose node-id keys are renamed: entry i moves to perm[i]. */
export function permuteEntries<T>(map: readonly T[], perm: readonly number[]): T[] {
  const out = new Array<T>(map.length);
  for (let i = 0; i < map.length; i++) out[perm[i]] = map[i];
  return out;
}
