/**
 * Vector clocks (specs/vector-clocks.json): properties of the generated
 * `definitions` (leq, merge, compare), the very code the checker ran and an
 * application imports, on random clocks of 1 to 4 processes.
 *
 * compare is the partial order of vectors (reflexive as 'equal', antisymmetric,
 * transitive), its 'before' and 'after' are mirror images, and merge is the
 * least upper bound of that order. Seeds are pinned so CI is reproducible.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { definitions } from "../../generated/vector-clocks/machine.js";
import type { Parameters } from "../../generated/vector-clocks/types.js";

const RUNS = 200;

const { compare, leq, merge } = definitions;
type Clock = readonly number[];

const params = (processes: number): Parameters => ({ processes });
const clock = (n: number, max = 2): fc.Arbitrary<Clock> => fc.array(fc.integer({ min: 0, max }), { minLength: n, maxLength: n });
const plus = (a: Clock, d: Clock): Clock => a.map((x, i) => x + d[i]);
const same = (a: Clock, b: Clock): boolean => a.every((x, i) => x === b[i]);

/** A process count and three independent clocks: small entries, so equal and ordered pairs are common. */
const triple = fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), clock(n), clock(n), clock(n)));

/** A chain a <= b <= c, built by adding non-negative steps, with a random third clock x. */
const chain = fc
  .integer({ min: 1, max: 4 })
  .chain((n) => fc.tuple(fc.constant(n), clock(n, 2), clock(n, 1), clock(n, 1), clock(n, 4)))
  .map(([n, a, d1, d2, x]) => ({ n, a, b: plus(a, d1), c: plus(plus(a, d1), d2), x }));

describe("vector clocks: compare is a partial order", () => {
  it("is reflexive: every clock is 'equal' to itself, and only to itself (seed 5101)", () => {
    fc.assert(
      fc.property(triple, ([n, a, b]) => {
        const p = params(n);
        expect(compare(p, a, a)).toBe("equal");
        expect(compare(p, a, b) === "equal").toBe(same(a, b));
      }),
      { seed: 5101, numRuns: RUNS },
    );
  });

  it("is antisymmetric: a <= b and b <= a only when a and b are the same clock (seed 5102)", () => {
    fc.assert(
      fc.property(triple, ([n, a, b]) => {
        const p = params(n);
        if (leq(p, a, b) && leq(p, b, a)) expect(same(a, b)).toBe(true);
        // 'before' and 'after' exclude each other both ways round.
        expect(compare(p, a, b) === "before" && compare(p, b, a) === "before").toBe(false);
      }),
      { seed: 5102, numRuns: RUNS },
    );
  });

  it("is transitive: a before b and b before c give a before c (seed 5103)", () => {
    fc.assert(
      fc.property(chain, ({ n, a, b, c }) => {
        const p = params(n);
        expect(["before", "equal"]).toContain(compare(p, a, b));
        expect(["before", "equal"]).toContain(compare(p, b, c));
        if (compare(p, a, b) === "before" && compare(p, b, c) === "before") expect(compare(p, a, c)).toBe("before");
      }),
      { seed: 5103, numRuns: RUNS },
    );
    // On independent triples too, where the premise holds less often.
    fc.assert(
      fc.property(triple, ([n, a, b, c]) => {
        const p = params(n);
        if (compare(p, a, b) === "before" && compare(p, b, c) === "before") expect(compare(p, a, c)).toBe("before");
        if (leq(p, a, b) && leq(p, b, c)) expect(leq(p, a, c)).toBe(true);
      }),
      { seed: 5104, numRuns: RUNS },
    );
  });

  it("mirrors itself: compare(a, b) is 'before' iff compare(b, a) is 'after', and 'concurrent' both ways (seed 5105)", () => {
    fc.assert(
      fc.property(triple, ([n, a, b]) => {
        const p = params(n);
        const ab = compare(p, a, b);
        const ba = compare(p, b, a);
        expect(ab === "before").toBe(ba === "after");
        expect(ab === "after").toBe(ba === "before");
        expect(ab === "concurrent").toBe(ba === "concurrent");
        expect(ab === "equal").toBe(ba === "equal");
      }),
      { seed: 5105, numRuns: RUNS },
    );
  });

  it("agrees with leq: 'before' is leq and not the same clock, 'concurrent' is neither leq (seed 5106)", () => {
    fc.assert(
      fc.property(triple, ([n, a, b]) => {
        const p = params(n);
        const ab = compare(p, a, b);
        expect(ab === "before").toBe(leq(p, a, b) && !same(a, b));
        expect(ab === "concurrent").toBe(!leq(p, a, b) && !leq(p, b, a));
      }),
      { seed: 5106, numRuns: RUNS },
    );
  });
});

describe("vector clocks: merge is the least upper bound of compare's order", () => {
  it("is an upper bound: a <= merge(a, b) and b <= merge(a, b) (seed 5201)", () => {
    fc.assert(
      fc.property(triple, ([n, a, b]) => {
        const p = params(n);
        const m = merge(p, a, b);
        expect(leq(p, a, m)).toBe(true);
        expect(leq(p, b, m)).toBe(true);
        expect(["before", "equal"]).toContain(compare(p, a, m));
        expect(["before", "equal"]).toContain(compare(p, b, m));
      }),
      { seed: 5201, numRuns: RUNS },
    );
  });

  it("is the least one: any c with a <= c and b <= c has merge(a, b) <= c (seed 5202)", () => {
    // c built above both (merge plus a non-negative step), so the premise always holds...
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), clock(n), clock(n), clock(n, 1))),
        ([n, a, b, d]) => {
          const p = params(n);
          const c = plus(merge(p, a, b), d);
          expect(leq(p, a, c) && leq(p, b, c)).toBe(true);
          expect(leq(p, merge(p, a, b), c)).toBe(true);
        },
      ),
      { seed: 5202, numRuns: RUNS },
    );
    // ...and on independent triples, where it is checked whenever it holds.
    fc.assert(
      fc.property(triple, ([n, a, b, c]) => {
        const p = params(n);
        if (leq(p, a, c) && leq(p, b, c)) expect(leq(p, merge(p, a, b), c)).toBe(true);
      }),
      { seed: 5203, numRuns: RUNS },
    );
  });

  it("is consistent with compare: merge(a, b) is b exactly when a is before or equal to b (seed 5204)", () => {
    fc.assert(
      fc.property(triple, ([n, a, b]) => {
        const p = params(n);
        expect(same(merge(p, a, b), b)).toBe(["before", "equal"].includes(compare(p, a, b)));
        expect(same(merge(p, a, b), merge(p, b, a))).toBe(true);
        expect(same(merge(p, a, a), a)).toBe(true);
      }),
      { seed: 5204, numRuns: RUNS },
    );
  });
});
