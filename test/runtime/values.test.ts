/** The runtime helpers the generated code calls in place of building values: each agrees with the plain form it replaces. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { domainOf } from "../../generator/interpret.js";
import type { ProtocolIR, Type } from "../../generator/ir.js";
import { compareNumber, compareSeq, equal, equalSlices, ids, maps, sequences, slice, subsets, subsetsOf } from "../../runtime/values.js";

const entry = fc.record({ term: fc.integer({ min: 0, max: 2 }), value: fc.integer({ min: 1, max: 2 }) });
const log = fc.array(entry, { maxLength: 5 });
const bound = fc.integer({ min: -2, max: 7 });

describe("equalSlices", () => {
  it("is equal(slice(a, i, j), slice(b, i, j)) for every pair of sequences and bounds, in or out of range", () => {
    fc.assert(
      fc.property(log, log, bound, bound, (a, b, i, j) => {
        expect(equalSlices(a, b, i, j)).toBe(equal(slice(a, i, j), slice(b, i, j)));
      }),
      { numRuns: 3000 },
    );
  });

  it("tells a difference inside the slices from one outside them", () => {
    const a = [{ term: 1, value: 1 }, { term: 1, value: 2 }, { term: 2, value: 1 }];
    const b = [{ term: 1, value: 1 }, { term: 1, value: 2 }, { term: 2, value: 2 }];
    expect([equalSlices(a, b, 1, 2), equalSlices(a, b, 1, 3), equalSlices(a, b, 3, 3), equalSlices(a, b.slice(0, 2), 1, 3)]).toEqual([true, false, false, false]);
  });
});

describe("subsetsOf, the spec's subsets(S)", () => {
  const ints = compareSeq(compareNumber);

  it("is every subset in set order, built once for a frozen set (a role's ids) and anew for any other", () => {
    const all = [[], [0], [0, 1], [0, 1, 2], [0, 2], [1], [1, 2], [2]];
    expect(subsetsOf(ids(3), ints)).toEqual(all);
    expect(subsetsOf(ids(3), ints)).toBe(subsetsOf(ids(3), ints));
    expect(Object.isFrozen(subsetsOf(ids(3), ints))).toBe(true);
    const field = [0, 1, 2];
    expect(subsetsOf(field, ints)).toEqual(all);
    expect(subsetsOf(field, ints)).not.toBe(subsetsOf(field, ints));
    expect(subsetsOf([], ints)).toEqual([[]]);
  });
});

describe("domains of collection-typed action parameters", () => {
  const ints = compareSeq(compareNumber);
  const ir = { roles: [] } as unknown as ProtocolIR;
  const int = (min: number, max: number): Type => ({ kind: "int", min: { const: min }, max: { const: max } });

  it("every set of at most max items, ascending: the runtime's and the interpreter's alike", () => {
    const expected = [[], [0], [0, 1], [0, 2], [1], [1, 2], [2]];
    expect(subsets([0, 1, 2], 2, ints)).toEqual(expected);
    expect(domainOf({ kind: "set", elem: int(0, 2), max: { const: 2 } }, {}, ir)).toEqual(expected);
    expect(subsets([0, 1], Infinity, ints)).toEqual([[], [0], [0, 1], [1]]);
    expect(domainOf({ kind: "set", elem: int(0, 1) }, {}, ir)).toEqual([[], [0], [0, 1], [1]]);
  });

  it("every sequence of at most max items, and every map from keys to items", () => {
    const sequencesOf01 = [[], [0], [0, 0], [0, 1], [1], [1, 0], [1, 1]];
    expect(sequences([0, 1], 2, ints)).toEqual(sequencesOf01);
    expect(domainOf({ kind: "seq", elem: int(0, 1), max: { const: 2 } }, {}, ir)).toEqual(sequencesOf01);
    expect(maps([0, 1], 2, ints)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(domainOf({ kind: "map", key: { kind: "bool" }, value: int(0, 1) }, {}, ir)).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
  });

  it("as many as counting says: sum of C(n, k) for k <= max sets, sum of n^k sequences, n^keys maps (fast-check)", () => {
    const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 }), (n, max) => {
        const items = Array.from({ length: n }, (_, i) => i);
        const count = (f: (k: number) => number) => Array.from({ length: max + 1 }, (_, k) => f(k)).reduce((a, b) => a + b, 0);
        expect(subsets(items, max, ints)).toHaveLength(count((k) => (k > n ? 0 : choose(n, k))));
        expect(sequences(items, max, ints)).toHaveLength(count((k) => n ** k));
        expect(maps(items, max, ints)).toHaveLength(n ** max);
        expect(new Set(subsets(items, max, ints).map((s) => s.join())).size).toBe(subsets(items, max, ints).length);
      }),
      { seed: 20_261_201, numRuns: 200 },
    );
  });
});
