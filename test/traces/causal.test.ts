/**
 * The causal and session checkers (traces/causal.ts) on known histories, and
 * as properties beside the linearizability checker: a linearizable history is
 * causal, a causal one keeps both session guarantees, and on histories with a
 * changed read each implication holds while the weaker checks still catch
 * some.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkCausal, checkSessionGuarantees } from "../../traces/causal.js";
import { canonical, type Operation } from "../../traces/history.js";
import { checkLinearizable } from "../../traces/linearizability.js";

let nextId = 0;
function op(process: string, f: "read" | "write", value: unknown, invoke: number, ret: number, key: unknown = null): Operation {
  return { id: nextId++, process, f, key: canonical(key), value, invoke, ret };
}
const w = (p: string, v: number, a: number, key: unknown = null) => op(p, "write", v, a, a + 1, key);
const r = (p: string, v: number, a: number, key: unknown = null) => op(p, "read", v, a, a + 1, key);
const shape = (ops: readonly Operation[]) => ops.map((o) => `${o.process} ${o.f} ${String(o.value)}`);

describe("known histories", () => {
  it("read-your-writes: a read of the initial value after the session's own write", () => {
    const ops = [w("a", 1, 0), r("a", 0, 2)];
    const verdict = checkSessionGuarantees(ops, 0);
    expect(!verdict.ok && [verdict.guarantee, shape(verdict.witness)]).toEqual(["read-your-writes", ["a write 1", "a read 0"]]);
    expect(checkCausal(ops, 0).ok).toBe(false);
  });

  it("read-your-writes: a read of a write that the session's own write came after", () => {
    const ops = [w("b", 2, 0), r("a", 2, 2), w("a", 1, 4), r("a", 2, 6)];
    const verdict = checkSessionGuarantees(ops, 0);
    expect(!verdict.ok && [verdict.guarantee, shape(verdict.witness)]).toEqual(["read-your-writes", ["b write 2", "a write 1", "a read 2"]]);
  });

  it("monotonic reads: a session reads a write, then the one it overwrote", () => {
    const ops = [w("b", 1, 0), w("b", 2, 2), r("a", 2, 4), r("a", 1, 6)];
    const verdict = checkSessionGuarantees(ops, 0);
    expect(!verdict.ok && [verdict.guarantee, shape(verdict.witness)]).toEqual(["monotonic-reads", ["b write 1", "b write 2", "a read 2", "a read 1"]]);
    expect(!checkCausal(ops, 0).ok).toBe(true);
  });

  it("allows two concurrent writes to be read in either order, even back and forth (linearizability does not)", () => {
    const ops = [w("a", 1, 0), w("b", 2, 0), r("c", 1, 2), r("c", 2, 4), r("c", 1, 6)];
    expect(checkSessionGuarantees(ops, 0).ok).toBe(true);
    expect(checkCausal(ops, 0).ok).toBe(true);
    expect(checkLinearizable(ops, 0).ok).toBe(false);
  });

  it("causal: a read misses a write that happened before it through another session and another key", () => {
    const ops = [w("a", 1, 0, "x"), w("a", 2, 2, "x"), w("a", 7, 4, "y"), r("b", 7, 6, "y"), r("b", 1, 8, "x")];
    expect(checkSessionGuarantees(ops, 0).ok).toBe(true);
    const verdict = checkCausal(ops, 0);
    expect(!verdict.ok && shape(verdict.witness)).toEqual(["a write 1", "a write 2", "b read 1"]);
  });

  it("causal: a value from thin air, and a cycle of reads and writes", () => {
    const air = checkCausal([w("a", 1, 0), r("b", 9, 2)], 0);
    expect(!air.ok && air.explanation).toContain("a read returned a value no write wrote");
    const loop = checkCausal([r("a", 2, 0), w("a", 1, 2), r("b", 1, 0), w("b", 2, 2)], 0);
    expect(!loop.ok && shape(loop.witness)).toEqual(["a read 2", "a write 1", "b read 1", "b write 2"]);
  });

  it("refuses two writes of one value to a key: a read could not say which it saw", () => {
    expect(() => checkCausal([w("a", 1, 0), w("b", 1, 2)], 0)).toThrow("every write of a key must write a value of its own");
  });
});

/** A sequential run over three sessions with random overlap (a session's operations never overlap), writes of unique values. */
const sequentialRun = fc
  .array(fc.record({ write: fc.boolean(), process: fc.integer({ min: 0, max: 2 }), before: fc.integer({ min: 0, max: 25 }), after: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 9 })
  .map((steps) => {
    let value = 0;
    const lastReturn = [-Infinity, -Infinity, -Infinity];
    return steps.map((s, i) => {
      const moment = 10 * (i + 1);
      if (s.write) value = i + 1;
      const invoke = Math.max(moment - s.before, lastReturn[s.process] + 1);
      lastReturn[s.process] = moment + s.after;
      return op(`p${s.process}`, s.write ? "write" : "read", value, invoke, moment + s.after);
    });
  });

describe("properties", () => {
  it("a sequential run is causal and keeps the session guarantees", () => {
    fc.assert(
      fc.property(sequentialRun, (ops) => checkCausal(ops, 0).ok && checkSessionGuarantees(ops, 0).ok),
      { seed: 14, numRuns: 300 },
    );
  });

  it("on a changed read: linearizable implies causal, causal implies the session guarantees, and each weaker check still catches some", () => {
    const caught = { linearizable: 0, causal: 0, session: 0 };
    fc.assert(
      fc.property(sequentialRun, fc.nat(), fc.nat(), (ops, pick, choice) => {
        const reads = ops.filter((o) => o.f === "read");
        const written = [0, ...ops.filter((o) => o.f === "write").map((o) => o.value as number)];
        if (reads.length === 0) return true;
        const target = reads[pick % reads.length];
        const mutated = ops.map((o) => (o === target ? { ...o, value: written[choice % written.length] } : o));
        const linearizable = checkLinearizable(mutated, 0).ok;
        const causal = checkCausal(mutated, 0).ok;
        const session = checkSessionGuarantees(mutated, 0).ok;
        if (linearizable) expect(causal).toBe(true);
        if (causal) expect(session).toBe(true);
        caught.linearizable += Number(!linearizable);
        caught.causal += Number(!causal);
        caught.session += Number(!session);
        return true;
      }),
      { seed: 14, numRuns: 400 },
    );
    expect(caught.session).toBeGreaterThan(20);
    expect(caught.causal).toBeGreaterThan(caught.session);
    expect(caught.linearizable).toBeGreaterThan(caught.causal);
  });
});
