/**
 * The search engine on tiny specs whose state spaces can be worked out by hand
 * (test/fixtures/checker/), each making it find one kind of problem; stopping;
 * and the fingerprint machinery under the visited set.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { search } from "../../checkers/bfs.js";
import { collisionProbability } from "../../checkers/fingerprint.js";
import { FingerprintSet } from "../../checkers/fingerprint-set.js";
import type { GlobalState } from "../../checkers/model.js";
import { finish, hashWords, Lanes } from "../../runtime/hash.js";
import { WordBuffer } from "../../runtime/words.js";
import { BASE_SPEC, check, fixture, loadModel } from "../support/checker.js";

type Labelled = { readonly label: { readonly kind: string; readonly action?: string } | null };
const actions = (steps: readonly Labelled[]): string[] => steps.slice(1).map((s) => s.label!.action ?? s.label!.kind);
const counters = (steps: readonly { readonly state: { readonly nodes: Record<string, readonly object[]> } }[]): number[] =>
  steps.map((s) => (s.state.nodes.node[0] as { n: number }).n);

describe("verdicts, each with its shortest trace", () => {
  // n: 0 -> 1 -> 2, and n == 2 enables nothing. The deadlocked state is the third:
  // 3 distinct states, 2 successors + 1 initial generated, trace of 2 steps.
  it("deadlock: the ci model asks for it (`deadlock: true`)", async () => {
    const o = await check(fixture("checker-deadlock"));
    expect(o.result.verdict).toBe("deadlock");
    expect(o.result.finding).toEqual({ kind: "deadlock", state: 2 });
    expect(counters(o.trace!.steps)).toEqual([0, 1, 2]);
    expect(actions(o.trace!.steps)).toEqual(["Step", "Step"]);
    expect(o.trace!.failure).toBeUndefined();
    expect([o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual([3, 3, 3]);
  });

  it("deadlock: off in a model without it, on again with the deadlock option (--deadlock)", async () => {
    const quiet = await check(fixture("checker-deadlock"), { model: "quiet" });
    expect(quiet.result.verdict).toBe("ok");
    expect([quiet.result.distinctStates, quiet.result.statesGenerated, quiet.result.depth]).toEqual([3, 3, 3]);
    const asked = await check(fixture("checker-deadlock"), { model: "quiet", deadlock: true });
    expect(asked.result.verdict).toBe("deadlock");
    expect(asked.trace!.steps).toHaveLength(3);
  });

  // 0 -> 1 -> 2 are stored; the third Increment stores 3 in a 0..2 field: the failing
  // step comes after the 3 states, named by its label, with the bound in the message.
  it("bound overflow: a counter incremented past its declared maximum", async () => {
    const o = await check(fixture("checker-overflow"));
    expect(o.result.verdict).toBe("overflow");
    expect(o.result.finding).toMatchObject({ kind: "overflow", state: 2 });
    expect(counters(o.trace!.steps)).toEqual([0, 1, 2]);
    expect(o.trace!.failure!.label).toMatchObject({ kind: "action", action: "Increment", role: "node", node: 0 });
    expect(o.trace!.failure!.message).toMatch(/node\[0\]\.n = 3 is outside its type \(an integer in 0\.\.2\)/);
    expect(o.result.distinctStates).toBe(3);
  });

  // items [7] -> Take -> [] ; the next Take evaluates last([]), in the second state.
  it("spec runtime error: last of an empty sequence", async () => {
    const o = await check(fixture("checker-runtime-error"));
    expect(o.result.verdict).toBe("error");
    expect(o.result.finding).toMatchObject({ kind: "error", state: 1 });
    expect(o.trace!.steps.map((s) => s.state.nodes.node[0])).toEqual([{ items: [7], top: 0 }, { items: [], top: 7 }]);
    expect(o.trace!.failure).toEqual({ label: null, message: "last of an empty sequence" });
    expect([o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual([2, 2, 2]);
  });

  // The same spec, but its generated step breaks as only a fault of protoforge's would: no verdict on the spec, the fault goes up (exit 3).
  it("an exception that is not the spec's error is no verdict: it propagates", async () => {
    const { model } = await loadModel(fixture("checker-runtime-error"));
    const faulty = { ...model, forEachSuccessor: () => { throw new TypeError("x.slice is not a function"); } } as typeof model;
    Object.setPrototypeOf(faulty, Object.getPrototypeOf(model));
    expect(() => search(faulty, { invariants: [], properties: [], symmetry: false, deadlock: false })).toThrow(TypeError);
  });

  // Line breaks of every kind and */ in the title and descriptions: the generated files still parse (they used to break).
  it("free text that would end a comment early: the model loads and the check holds", async () => {
    const o = await check(fixture("checker-hostile-text"));
    expect([o.result.verdict, o.result.distinctStates]).toEqual(["ok", 3]);
  });

  // Valid with its default; -p start=5 puts the initial state itself outside n's 0..3 (it used to crash the check).
  it("bound overflow in the initial state, from a parameter override: a finding with no steps", async () => {
    const o = await check(fixture("checker-initial-override"), { overrides: { start: 5 } });
    expect(o.result.verdict).toBe("overflow");
    expect(o.result.finding).toMatchObject({ kind: "overflow", state: -1 });
    expect(o.trace!.steps).toEqual([]);
    expect(o.trace!.failure!.message).toMatch(/node\[0\]\.n = 5 is outside its type \(an integer in 0\.\.3\)/);
    expect(o.result.distinctStates).toBe(0);
  });

  // n = 0, 1, 2, 3 with flags keyed 0..2: the invariant reads flags[3] in the fourth state. That is a runtime
  // error found on the third step (it used to read undefined, and `not undefined` held: a wrong "ok").
  it("spec runtime error: an invariant reads a map outside its keys", async () => {
    const o = await check(fixture("checker-map-outside-keys"));
    expect(o.result.verdict).toBe("error");
    expect(o.result.finding).toMatchObject({ kind: "error", state: 2, message: "map key 3 is outside the map's keys 0..2" });
    expect(o.trace!.steps.map((s) => (s.state.nodes.node[0] as { n: number }).n)).toEqual([0, 1, 2]);
    expect([o.result.distinctStates, o.result.depth]).toEqual([4, 3]);
  });

  // 0 -> 1 -> 2, then from 2: Up to 3 (fine, stored) and Reset to 0, which lowers n.
  // Trace of 3 steps ending in the bad step; 4 distinct states (0, 1, 2, 3).
  it("action property violation: a step lowers a counter that must never decrease", async () => {
    const o = await check(fixture("checker-action-property"));
    expect(o.properties).toEqual(["NeverDecreases"]);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "property", name: "NeverDecreases", state: 2 });
    expect(actions(o.trace!.steps)).toEqual(["Up", "Up", "Reset"]);
    expect(counters(o.trace!.steps)).toEqual([0, 1, 2, 0]);
    expect([o.result.distinctStates, o.result.statesGenerated]).toEqual([4, 5]);
  });

  // TLC semantics of a constraint: n = 0 and 1 are inside `n < 2` and explored; n = 2 is
  // outside: counted and checked (2 <= 2 holds) but its successor 3 is never computed.
  // 3 distinct, 1 initial + 2 successors generated, 3 levels.
  it("an invariant that holds only thanks to the model's constraint", async () => {
    const o = await check(fixture("checker-constraint"));
    expect(o.result.verdict).toBe("ok");
    expect([o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual([3, 3, 3]);
    expect(o.result.coverage).toEqual([{ step: "Up", count: 2 }]);
    // Without it, n reaches 3 and AtMostTwo fails after 3 steps.
    const free = await check(fixture("checker-constraint"), { model: "unconstrained" });
    expect(free.result.verdict).toBe("violation");
    expect(free.result.finding).toMatchObject({ kind: "invariant", name: "AtMostTwo" });
    expect(counters(free.trace!.steps)).toEqual([0, 1, 2, 3]);
    expect([free.result.distinctStates, free.result.depth]).toEqual([4, 4]);
  });

  // n independent booleans, each flipped by its node. Off: all 2^n assignments, each with n
  // successors, so 1 + n * 2^n generated. On: a state is its number of lights on, 0..n, so
  // n + 1 distinct and 1 + n * (n + 1) generated. Both n + 1 levels deep.
  it.each([
    [3, 8, 25, 4, 13, 4],
    [4, 16, 65, 5, 21, 5],
  ])("symmetry: %i interchangeable nodes give %i states off and %i on", async (n, offDistinct, offGenerated, onDistinct, onGenerated, depth) => {
    const on = await check(fixture("checker-symmetry"), { overrides: { nodes: n } });
    expect(on.symmetry).toBe(true);
    expect([on.result.verdict, on.result.distinctStates, on.result.statesGenerated, on.result.depth]).toEqual(["ok", onDistinct, onGenerated, depth]);
    expect(onDistinct).toBe(n + 1);
    const off = await check(fixture("checker-symmetry"), { overrides: { nodes: n }, noSymmetry: true });
    expect(off.symmetry).toBe(false);
    expect([off.result.verdict, off.result.distinctStates, off.result.statesGenerated, off.result.depth]).toEqual(["ok", offDistinct, offGenerated, depth]);
    expect(offDistinct).toBe(2 ** n);
  });
});

describe("symmetry renames ids inside records in collections", () => {
  it("3 classes of the 4 states, and the invariant reads the renamed records", async () => {
    const on = await check(fixture("checker-symmetric-records"));
    const off = await check(fixture("checker-symmetric-records"), { noSymmetry: true });
    expect([on.result.verdict, on.result.distinctStates, on.result.depth]).toEqual(["ok", 3, 3]);
    expect([off.result.verdict, off.result.distinctStates, off.result.depth]).toEqual(["ok", 4, 3]);
  });
});

describe("stopping early", () => {
  it("maxStates stops with verdict 'stopped', at least the limit and fewer than all the states", async () => {
    const o = await check(BASE_SPEC, { maxStates: 100 });
    expect(o.result.verdict).toBe("stopped");
    expect(o.result.finding).toBeNull();
    expect(o.trace).toBeNull();
    expect(o.result.distinctStates).toBeGreaterThanOrEqual(100);
    expect(o.result.distinctStates).toBeLessThan(288);
    expect(o.result.statesGenerated).toBeLessThan(1_146);
    expect(o.result.coverage.reduce((s, c) => s + c.count, 0)).toBe(o.result.statesGenerated - 1);
  });

  it("a limit above the state count changes nothing", async () => {
    const o = await check(BASE_SPEC, { maxStates: 10_000 });
    expect([o.result.verdict, o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual(["ok", 288, 1_146, 11]);
  });

  it("a stop flag set before the search starts stops it at once, with only the initial state", async () => {
    const loaded = await loadModel(BASE_SPEC);
    const r = search(loaded.model, { invariants: [...loaded.model.invariantNames], properties: [], symmetry: false, deadlock: false, stop: { requested: true } });
    expect(r.verdict).toBe("stopped");
    expect(r.finding).toBeNull();
    expect([r.distinctStates, r.statesGenerated]).toEqual([1, 1]);
    expect(r.coverage.every((c) => c.count === 0)).toBe(true);
  });

  it("the search rejects an invariant the model does not have", async () => {
    const loaded = await loadModel(BASE_SPEC);
    expect(() => search(loaded.model, { invariants: ["Nope"], properties: [], symmetry: false, deadlock: false })).toThrow(/no invariant 'Nope'/);
  });
});

describe("FingerprintSet", () => {
  const word = fc.integer({ min: 0, max: 0xffff_ffff });

  /** Inserts every pair in order into both; the set must answer as a JS Set of the pairs does. */
  function agree(pairs: readonly (readonly [number, number])[], capacity?: number): FingerprintSet {
    const set = new FingerprintSet(capacity);
    const reference = new Set<string>();
    const wrong: string[] = [];
    pairs.forEach(([hi, lo], i) => {
      const key = `${hi | 0}:${lo | 0}`;
      const expected = !reference.has(key);
      reference.add(key);
      const got = set.insert(hi, lo);
      if (got !== expected) wrong.push(`insert #${i} (${key}) gave ${got}, not ${expected}`);
    });
    // Every stored pair is found again, and a pair never stored is not.
    for (const key of reference) {
      const [hi, lo] = key.split(":").map(Number);
      if (!set.has(hi, lo) || set.insert(hi, lo)) wrong.push(`${key} was lost`);
    }
    if (!reference.has("12345:-6789") && set.has(12345, -6789)) wrong.push("12345:-6789 was never stored");
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(set.size).toBe(reference.size);
    return set;
  }

  it("agrees with a JS Map on random 64-bit pairs, repeats included, growing from a tiny table", () => {
    // Few distinct words in some runs, so that pairs repeat; a capacity of 4 forces many grows.
    const pairs = fc.oneof(
      fc.array(fc.tuple(word, word), { maxLength: 300 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 7 })), { maxLength: 100 }),
      fc.array(fc.tuple(fc.constant(0), word), { maxLength: 200 }),
      // (0, 0) is the empty slot's mark: a real (0, 0) must still count once.
      fc.array(fc.tuple(fc.constantFrom(0, 0xffff_ffff), fc.constantFrom(0, 1)), { maxLength: 20 }),
    );
    fc.assert(
      fc.property(pairs, (ps) => {
        agree(ps, 4);
      }),
      { seed: 20240611, numRuns: 200 },
    );
  });

  it("grows past its default capacity (2^16) without losing a pair", () => {
    // One sample, not a property: shrinking 70,000 pairs would take forever should this fail.
    const [ps] = fc.sample(fc.array(fc.tuple(fc.noBias(word), fc.noBias(word)), { minLength: 70_000, maxLength: 70_000 }), { seed: 7, numRuns: 1 });
    const withRepeats = [...ps, ...ps.slice(0, 5_000)];
    const initialBytes = new FingerprintSet().bytes;
    const set = agree(withRepeats);
    // The table is kept at most 3/4 full: 2^16 slots hold 49,152 pairs, so 70,000 pairs mean one grow.
    expect(set.size).toBeGreaterThan(1 << 16);
    expect(set.bytes).toBe(initialBytes * 2);
  });
});

describe("fingerprints", () => {
  const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  const words = (xs: readonly number[]) => Int32Array.from(xs);
  const of = (xs: readonly number[], length = xs.length, seed = 0) => {
    const out = new Lanes();
    hashWords(words(xs), length, seed, out);
    return [out.hi, out.lo] as const;
  };

  it("hashWords is deterministic: the same words and seed give the same 64 bits, from any Lanes, every time", () => {
    fc.assert(
      fc.property(fc.array(int32, { maxLength: 50 }), int32, (xs, seed) => {
        const shared = new Lanes();
        hashWords(words(xs), xs.length, seed, shared);
        const first = [shared.hi, shared.lo];
        hashWords(words([1, 2, 3]), 3, 0, shared);
        hashWords(words(xs), xs.length, seed, shared);
        expect([shared.hi, shared.lo]).toEqual(first);
        expect(of(xs, xs.length, seed)).toEqual(first);
      }),
      { seed: 99, numRuns: 200 },
    );
  });

  it("hashWords reads only the first `length` words, and the length and seed count", () => {
    expect(of([5, 6, 7, 8], 2)).toEqual(of([5, 6]));
    expect(of([0])).not.toEqual(of([0, 0]));
    expect(of([])).not.toEqual(of([0]));
    expect(of([1, 2], 2, 0)).not.toEqual(of([1, 2], 2, 1));
  });

  it("hashWords differs for permuted words, in both 32-bit lanes", () => {
    expect(of([1, 2])).not.toEqual(of([2, 1]));
    expect(of([1, 2, 3])).not.toEqual(of([3, 2, 1]));
    expect(of([0, 1, 0])).not.toEqual(of([1, 0, 0]));
    fc.assert(
      fc.property(fc.array(int32, { minLength: 2, maxLength: 20 }), fc.nat(), fc.nat(), (xs, i0, j0) => {
        const i = i0 % xs.length;
        const j = j0 % xs.length;
        fc.pre(xs[i] !== xs[j]);
        const swapped = [...xs];
        [swapped[i], swapped[j]] = [swapped[j], swapped[i]];
        const [a, b] = [of(xs), of(swapped)];
        expect(a[0]).not.toBe(b[0]);
        expect(a[1]).not.toBe(b[1]);
      }),
      { seed: 4242, numRuns: 300 },
    );
  });

  it("finish gives unsigned 32-bit halves and never maps two sums to one fingerprint", () => {
    const seen = new Map<string, string>();
    fc.assert(
      fc.property(int32, int32, (hi, lo) => {
        const out = new Lanes();
        finish(hi, lo, out);
        expect([out.hi, out.lo].every((h) => Number.isInteger(h) && h >= 0 && h <= 0xffff_ffff)).toBe(true);
        const key = `${out.hi}:${out.lo}`;
        const input = `${hi >>> 0}:${lo >>> 0}`;
        expect(seen.get(key) ?? input).toBe(input);
        seen.set(key, input);
      }),
      { seed: 31337, numRuns: 2_000 },
    );
  });

  it("a model's fingerprints: deterministic, what forEachSuccessor reports, and sensitive to which node is in which state", async () => {
    const loaded = await loadModel(BASE_SPEC);
    const model = loaded.model;
    const fp = (s: GlobalState) => {
      const out = { hi: 0, lo: 0 };
      model.fingerprint(s, out);
      return `${out.hi}:${out.lo}`;
    };
    // Walk every reachable state; each successor's incremental fingerprint must be the full one.
    const seen = new Map<string, GlobalState>();
    let frontier = [...model.initialStates()];
    for (const s of frontier) seen.set(fp(s), s);
    let checked = 0;
    while (frontier.length > 0) {
      const next: GlobalState[] = [];
      for (const state of frontier) {
        model.forEachSuccessor(state, (_step, succ, hi, lo) => {
          expect(`${hi}:${lo}`).toBe(fp(succ));
          checked++;
          if (!seen.has(`${hi}:${lo}`)) {
            seen.set(`${hi}:${lo}`, succ);
            next.push(succ);
          }
        });
      }
      frontier = next;
    }
    expect(seen.size).toBe(288);
    expect(checked).toBe(1_145);
    // Deterministic: a state decoded from its encoding, or rebuilt from JSON, has the same fingerprint.
    const buffer = new WordBuffer();
    for (const s of seen.values()) {
      expect(fp(JSON.parse(JSON.stringify(s)) as GlobalState)).toBe(fp(s));
      buffer.reset();
      model.encode(s, buffer);
      expect(fp(model.decode({ words: buffer.words, offset: 0 }))).toBe(fp(s));
    }
    // Swapping two resource managers' states gives another fingerprint, but the same canonical one.
    const state = [...seen.values()].find((s) => {
      const rm = s.nodes.rm as readonly { rmState: string }[];
      return rm[0].rmState !== rm[1].rmState && s.network.length === 0 && (s.nodes.tm[0] as { tmPrepared: number[] }).tmPrepared.length === 0;
    })!;
    expect(state).toBeDefined();
    const rm = state.nodes.rm as readonly object[];
    const swapped = { ...state, nodes: { ...state.nodes, rm: [rm[1], rm[0], ...rm.slice(2)] } };
    expect(fp(swapped)).not.toBe(fp(state));
    expect(fp(model.canonicalize(swapped))).toBe(fp(model.canonicalize(state)));
  });

  it("collisionProbability is TLC's optimistic distinct * (generated - distinct) / 2^64", () => {
    expect(collisionProbability(288, 1_146)).toBe((288 * 858) / 2 ** 64);
    expect(collisionProbability(10, 10)).toBe(0);
    expect(collisionProbability(10, 5)).toBe(0);
  });
});
