/**
 * The state-based CRDTs (specs/crdt-*.json): lattice laws of the GENERATED code,
 * the `definitions` and handlers the checker ran and an application imports.
 *
 * For every CRDT, on random replica states drawn from the generated types'
 * bounds: merge is commutative, associative and idempotent, and an upper bound
 * in the type's `leq` order; and every update handler is inflationary: the state
 * after it includes the state before (`leq(s, s')`, equivalently
 * `merge(s, s') == s'`), and is a different state. Seeds are pinned so CI is reproducible.
 *
 * States are drawn valid, not just well typed: an LWW-Register's stamp (timestamp,
 * writer) names one write, so registers are drawn from one table of stamped
 * writes; an OR-Set's tag names one add, so the sets of one property share one
 * table from tags to elements; and a replica never knows its own tags beyond
 * its update count.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as g from "../../generated/crdt-g-counter/machine.js";
import type { Parameters as GParameters } from "../../generated/crdt-g-counter/types.js";
import * as pn from "../../generated/crdt-pn-counter/machine.js";
import type { PNCounter, Parameters as PNParameters } from "../../generated/crdt-pn-counter/types.js";
import * as lww from "../../generated/crdt-lww-register/machine.js";
import type { Parameters as LWWParameters, Register } from "../../generated/crdt-lww-register/types.js";
import * as or from "../../generated/crdt-or-set/machine.js";
import type { ORSet, Parameters as ORParameters, Slot } from "../../generated/crdt-or-set/types.js";

const RUNS = 200;

interface Lattice<P, S> {
  readonly merge: (p: P, a: S, b: S) => S;
  readonly leq: (p: P, a: S, b: S) => boolean;
}

/** A parameter set and three states of one CRDT, drawn together. */
type Triple<P, S> = readonly [P, S, S, S];

/** Registers the lattice laws of merge for one CRDT, each with its own pinned seed. */
function latticeLaws<P, S>(name: string, arb: fc.Arbitrary<Triple<P, S>>, { merge, leq }: Lattice<P, S>, seed: number): void {
  describe(`${name}: merge is a join`, () => {
    it(`is commutative: merge(a, b) == merge(b, a) (seed ${seed})`, () => {
      fc.assert(fc.property(arb, ([p, a, b]) => { expect(merge(p, a, b)).toEqual(merge(p, b, a)); }), { seed, numRuns: RUNS });
    });
    it(`is associative: merge(merge(a, b), c) == merge(a, merge(b, c)) (seed ${seed + 1})`, () => {
      fc.assert(fc.property(arb, ([p, a, b, c]) => { expect(merge(p, merge(p, a, b), c)).toEqual(merge(p, a, merge(p, b, c))); }), { seed: seed + 1, numRuns: RUNS });
    });
    it(`is idempotent: merge(a, a) == a (seed ${seed + 2})`, () => {
      fc.assert(fc.property(arb, ([p, a]) => { expect(merge(p, a, a)).toEqual(a); }), { seed: seed + 2, numRuns: RUNS });
    });
    it(`is an upper bound in leq, and leq agrees with merge: leq(a, b) iff merge(a, b) == b (seed ${seed + 3})`, () => {
      fc.assert(
        fc.property(arb, ([p, a, b]) => {
          const m = merge(p, a, b);
          expect(leq(p, a, m) && leq(p, b, m)).toBe(true);
          expect(leq(p, a, b)).toBe(JSON.stringify(m) === JSON.stringify(b));
        }),
        { seed: seed + 3, numRuns: RUNS },
      );
    });
  });
}

/** Checks that an update took the state strictly up: s' includes s, and differs from it. */
function expectInflationary<P, S>({ merge, leq }: Lattice<P, S>, p: P, before: S, after: S): void {
  expect(leq(p, before, after)).toBe(true);
  expect(merge(p, before, after)).toEqual(after);
  expect(after).not.toEqual(before);
}

const replicaCount = fc.integer({ min: 2, max: 4 });
const vector = (n: number, max: number): fc.Arbitrary<readonly number[]> => fc.array(fc.integer({ min: 0, max }), { minLength: n, maxLength: n });

// ---------------------------------------------------------------- G-Counter

const G_MAX = 3;
const gParams = (replicas: number): GParameters => ({ replicas });
const gLattice: Lattice<GParameters, readonly number[]> = g.definitions;
const gTriple = replicaCount.chain((n) => fc.tuple(fc.constant(gParams(n)), vector(n, G_MAX), vector(n, G_MAX), vector(n, G_MAX)));

latticeLaws("g-counter", gTriple, gLattice, 7101);

describe("g-counter: updates are inflationary", () => {
  it("stepIncrement moves the state up, always: maxIncrements bounds check models, not the runtime (seed 7111)", () => {
    const arb = replicaCount.chain((n) => fc.tuple(fc.constant(gParams(n)), vector(n, G_MAX), fc.integer({ min: 0, max: n - 1 })));
    fc.assert(
      fc.property(arb, ([p, counts, r]) => {
        const out = g.stepIncrement(p, r, { counts, delivered: counts });
        expect(out).toHaveLength(1);
        expectInflationary(gLattice, p, counts, out[0].state.counts);
        expect(g.definitions.value(p, out[0].state.counts)).toBe(g.definitions.value(p, counts) + 1);
      }),
      { seed: 7111, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- PN-Counter

const pnParams = (replicas: number): PNParameters => ({ replicas });
const pnLattice: Lattice<PNParameters, PNCounter> = pn.definitions;
/** Entries up to 2: small, so that equal and ordered pairs are common. */
const pnState = (n: number): fc.Arbitrary<PNCounter> => fc.record({ p: vector(n, 2), n: vector(n, 2) });
const pnTriple = replicaCount.chain((n) => fc.tuple(fc.constant(pnParams(n)), pnState(n), pnState(n), pnState(n)));

latticeLaws("pn-counter", pnTriple, pnLattice, 7201);

describe("pn-counter: updates are inflationary", () => {
  it("stepIncrement and stepDecrement move the state up, even when the value goes down, past any check bound (seed 7211)", () => {
    const arb = replicaCount.chain((n) => fc.tuple(fc.constant(pnParams(n)), pnState(n), fc.integer({ min: 0, max: n - 1 }), fc.boolean()));
    fc.assert(
      fc.property(arb, ([p, counter, r, up]) => {
        // A replica's own entries count its own updates, which `delivered` counts too.
        const delivered = counter.p.map((x, i) => x + counter.n[i]);
        const state = { counter, delivered };
        const out = up ? pn.stepIncrement(p, r, state) : pn.stepDecrement(p, r, state);
        expect(out).toHaveLength(1);
        expectInflationary(pnLattice, p, counter, out[0].state.counter);
        expect(pn.definitions.value(p, out[0].state.counter)).toBe(pn.definitions.value(p, counter) + (up ? 1 : -1));
      }),
      { seed: 7211, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- LWW-Register

const LWW_VALUES = 3;
const LWW_TIME = 4;
const lwwParams = (replicas: number): LWWParameters => ({ replicas });
const lwwLattice: Lattice<LWWParameters, Register> = lww.definitions;

/** One replica count, and the value of the write stamped (ts, writer) for every stamp: a stamp names one write. */
const lwwUniverse = replicaCount.chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.array(fc.integer({ min: 1, max: LWW_VALUES }), { minLength: n, maxLength: n }), { minLength: LWW_TIME, maxLength: LWW_TIME })),
);
const lwwRegister = (n: number, table: readonly (readonly number[])[]): fc.Arbitrary<Register> =>
  fc.option(
    fc.record({ ts: fc.integer({ min: 1, max: LWW_TIME }), writer: fc.integer({ min: 0, max: n - 1 }) }).map(({ ts, writer }) => ({ value: table[ts - 1][writer], ts, writer })),
    { nil: null, freq: 5 },
  );
const lwwTriple = lwwUniverse.chain(([n, table]) => fc.tuple(fc.constant(lwwParams(n)), lwwRegister(n, table), lwwRegister(n, table), lwwRegister(n, table)));

latticeLaws("lww-register", lwwTriple, lwwLattice, 7301);

describe("lww-register: updates are inflationary", () => {
  it("stepWrite moves the state up: the new write is later than the register, past maxTime too, which bounds check models only (seed 7311)", () => {
    const arb = lwwUniverse.chain(([n, table]) =>
      fc.tuple(fc.constant(lwwParams(n)), lwwRegister(n, table), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: LWW_VALUES })),
    );
    fc.assert(
      fc.property(arb, ([p, reg, r, v]) => {
        const out = lww.stepWrite(p, r, { reg, delivered: Array(p.replicas).fill(0) }, { v });
        expect(out).toHaveLength(1);
        expectInflationary(lwwLattice, p, reg, out[0].state.reg);
        expect(out[0].state.reg).toMatchObject({ value: v, writer: r });
      }),
      { seed: 7311, numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------- OR-Set

const OR_ELEMENTS = 2;
const OR_UPDATES = 3;
const orParams = (replicas: number): ORParameters => ({ replicas, maxUpdates: OR_UPDATES });
const orLattice: Lattice<ORParameters, ORSet> = or.definitions;

/** One replica count, and for every tag (replica, update number) the element its add would carry: a tag names one add. */
const orUniverse = replicaCount.chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.array(fc.integer({ min: 1, max: OR_ELEMENTS }), { minLength: OR_UPDATES, maxLength: OR_UPDATES }), { minLength: n, maxLength: n })),
);
/** A state: what it knows of each tag of the table: nothing, a live pair, or a tombstoned one. */
const orSet = (table: readonly (readonly number[])[]): fc.Arbitrary<ORSet> =>
  fc.tuple(...table.map((row) => fc.tuple(...row.map((elem) => fc.constantFrom<Slot>({ elem: 0, removed: false }, { elem, removed: false }, { elem, removed: true })))));
const orTriple = orUniverse.chain(([n, table]) => fc.tuple(fc.constant(orParams(n)), orSet(table), orSet(table), orSet(table)));

latticeLaws("or-set", orTriple, orLattice, 7401);

describe("or-set: updates are inflationary", () => {
  /** A replica state: its update count is its highest own tag the state knows, so its next tag is fresh. */
  const orReplica = orUniverse.chain(([n, table]) =>
    fc.tuple(fc.constant(orParams(n)), orSet(table), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: OR_ELEMENTS })).map(([p, set, r, e]) => {
      const delivered = set.map((row) => row.reduce((last, slot, k) => (slot.elem !== 0 ? k + 1 : last), 0));
      return { p, state: { set, delivered }, r, e };
    }),
  );

  it("stepAdd moves the state up with a fresh live tag (seed 7411)", () => {
    fc.assert(
      fc.property(orReplica, ({ p, state, r, e }) => {
        const out = or.stepAdd(p, r, state, { e });
        if (state.delivered[r] === OR_UPDATES) { expect(out).toEqual([]); return; }
        expect(out).toHaveLength(1);
        expectInflationary(orLattice, p, state.set, out[0].state.set);
        expect(or.definitions.lookup(p, out[0].state.set, e)).toBe(true);
      }),
      { seed: 7411, numRuns: RUNS },
    );
  });

  it("stepRemove moves the state up (tombstones only grow), and the element is gone (seed 7412)", () => {
    fc.assert(
      fc.property(orReplica, ({ p, state, r, e }) => {
        const out = or.stepRemove(p, r, state, { e });
        if (state.delivered[r] === OR_UPDATES || !or.definitions.lookup(p, state.set, e)) { expect(out).toEqual([]); return; }
        expect(out).toHaveLength(1);
        expectInflationary(orLattice, p, state.set, out[0].state.set);
        expect(or.definitions.lookup(p, out[0].state.set, e)).toBe(false);
      }),
      { seed: 7412, numRuns: RUNS },
    );
  });
});
