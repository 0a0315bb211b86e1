/** The runtime helpers the generated code calls in place of building values: each agrees with the plain form it replaces. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equal, equalSlices, slice } from "../../runtime/values.js";

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
