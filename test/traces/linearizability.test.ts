/**
 * The linearizability checker (traces/linearizability.ts) on known histories,
 * and against a brute-force checker (every order of the operations) on random
 * small ones: histories cut from a sequential run with random overlap are all
 * linearizable, and a read whose result is changed is caught exactly when the
 * brute force says so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonical, operationsOf, pending, precedes, type HistoryEvent, type Operation } from "../../traces/history.js";
import { checkLinearizable, leaveOut } from "../../traces/linearizability.js";

let nextId = 0;
/** An operation of a single register; `ret` null for one that never returned. */
function op(process: string, f: "read" | "write", value: unknown, invoke: number, ret: number | null, key: unknown = null): Operation {
  return { id: nextId++, process, f, key: canonical(key), value, invoke, ret: ret ?? Infinity };
}
const w = (p: string, v: unknown, a: number, b: number | null) => op(p, "write", v, a, b);
const r = (p: string, v: unknown, a: number, b: number | null) => op(p, "read", v, a, b);

/** Linearizable by trying every order of the operations (a pending write may be left out, a pending read always is). */
function bruteForce(ops: readonly Operation[], initial: unknown): boolean {
  const live = ops.filter((o) => !(o.f === "read" && pending(o)));
  const go = (left: readonly Operation[], value: string): boolean => {
    if (left.every(pending)) return true;
    return left.some((o) => {
      if (left.some((x) => x !== o && precedes(x, o))) return false;
      if (o.f === "read" && canonical(o.value) !== value) return false;
      const rest = left.filter((x) => x !== o);
      return go(rest, o.f === "write" ? canonical(o.value) : value) || (pending(o) && go(rest, value));
    });
  };
  return go(live, canonical(initial));
}

describe("known histories", () => {
  it("accepts a sequential history and one where a read overlaps the write it sees", () => {
    expect(checkLinearizable([w("a", 1, 0, 1), r("b", 1, 2, 3), w("a", 2, 4, 5), r("b", 2, 6, 7)]).ok).toBe(true);
    expect(checkLinearizable([w("a", 1, 0, 10), r("b", 1, 2, 3), r("c", 1, 4, 5)]).ok).toBe(true);
    expect(checkLinearizable([w("a", 1, 0, 10), r("b", 0, 2, 3), r("c", 1, 4, 5)], 0).ok).toBe(true);
  });

  it("orders two overlapping writes either way, as long as the reads agree", () => {
    const ops = [w("a", 1, 0, 10), w("b", 2, 0, 10), r("c", 2, 11, 12), r("d", 2, 13, 14)];
    const verdict = checkLinearizable(ops, 0);
    expect(verdict.ok && verdict.order.map((o) => o.value)).toEqual([1, 2, 2, 2]);
    expect(checkLinearizable([w("a", 1, 0, 10), w("b", 2, 0, 10), r("c", 1, 11, 12)], 0).ok).toBe(true);
  });

  it("catches a stale read after a completed write, with the write read, the write it missed and the read as the witness", () => {
    const verdict = checkLinearizable([w("a", 1, 0, 1), w("a", 2, 2, 3), r("b", 1, 4, 5), w("c", 9, 6, 7)], 0);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.witness.map((o) => [o.f, o.value])).toEqual([
      ["write", 1],
      ["write", 2],
      ["read", 1],
    ]);
    expect(verdict.explanation).toContain("a write 2 [2, 3]");
  });

  it("catches a read of a value never written, alone", () => {
    const verdict = checkLinearizable([w("a", 1, 0, 1), r("b", 7, 2, 3)], 0);
    expect(!verdict.ok && verdict.witness.map((o) => o.value)).toEqual([7]);
  });

  it("catches two reads that see two concurrent writes in opposite orders", () => {
    // Each of c and d reads one write and then the other: c puts 1 before 2, d puts 2 before 1.
    const ops = [w("a", 1, 0, 20), w("b", 2, 0, 20), r("c", 1, 1, 2), r("c", 2, 3, 4), r("d", 2, 1, 2), r("d", 1, 3, 4)];
    const verdict = checkLinearizable(ops, 0);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.witness.map((o) => `${o.process} ${o.f} ${String(o.value)}`).sort()).toEqual(["a write 1", "b write 2", "c read 1", "c read 2", "d read 1", "d read 2"]);
  });

  it("lets a write that never returned take effect late, or not at all", () => {
    expect(checkLinearizable([w("a", 1, 0, null), r("b", 0, 5, 6), r("b", 1, 7, 8)], 0).ok).toBe(true);
    expect(checkLinearizable([w("a", 1, 0, null), r("b", 0, 5, 6)], 0).ok).toBe(true);
    expect(checkLinearizable([w("a", 1, 0, null), r("b", 1, 5, 6), r("b", 0, 7, 8)], 0).ok).toBe(false);
  });

  it("checks each key of a key-value store on its own", () => {
    const ops = [op("a", "write", 1, 0, 1, "x"), op("b", "read", 0, 2, 3, "y"), op("b", "read", 1, 4, 5, "x")];
    expect(checkLinearizable(ops, 0).ok).toBe(true);
    const stale = [op("a", "write", 1, 0, 1, "x"), op("b", "read", 0, 2, 3, "x"), op("b", "read", 0, 4, 5, "y")];
    const verdict = checkLinearizable(stale, 0);
    expect(!verdict.ok && verdict.key).toBe('"x"');
  });

  it("compares values as JSON, whatever the order of an object's keys", () => {
    expect(checkLinearizable([w("a", { x: 1, y: [2] }, 0, 1), r("b", { y: [2], x: 1 }, 2, 3)]).ok).toBe(true);
  });

  it("stays fast on a long history of overlapping operations (the cache at work)", () => {
    const ops: Operation[] = [];
    for (let i = 0; i < 300; i++) ops.push(w(`w${i % 4}`, i, i * 10, i * 10 + 35), r(`r${i % 4}`, i, i * 10 + 36, i * 10 + 70));
    const started = performance.now();
    expect(checkLinearizable(ops, 0).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("events into operations", () => {
  const events: HistoryEvent[] = [
    { process: 0, type: "invoke", f: "write", value: "a", t: 1 },
    { process: 1, type: "invoke", f: "read", t: 2 },
    { process: 0, type: "ok", f: "write", t: 3 },
    { process: 1, type: "ok", f: "read", value: "a", t: 4 },
    { process: 0, type: "invoke", f: "write", value: "b", t: 5 },
    { process: 0, type: "fail", f: "write", t: 6 },
    { process: 0, type: "invoke", f: "write", value: "c", t: 7 },
    { process: 0, type: "info", f: "write", t: 8 },
  ];

  it("pairs invocations with returns, drops failures and leaves info pending", () => {
    expect(operationsOf(events).map((o) => [o.process, o.f, o.value, o.invoke, o.ret])).toEqual([
      ["0", "write", "a", 1, 3],
      ["1", "read", "a", 2, 4],
      ["0", "write", "c", 7, Infinity],
    ]);
  });

  it("refuses a return with nothing open and a second invocation while one is open", () => {
    expect(() => operationsOf([{ process: 0, type: "ok", f: "read", t: 1 }])).toThrow("event 1: process 0 returns (ok) with no operation open");
    expect(() => operationsOf([events[0], events[0]])).toThrow("invokes again before its operation of event 1 returned");
  });
});

/** A sequential run of random reads and writes, each operation stretched around its moment by a random overlap. */
const sequentialRun = fc
  .array(fc.record({ write: fc.boolean(), value: fc.integer({ min: 1, max: 3 }), before: fc.integer({ min: 0, max: 25 }), after: fc.integer({ min: 0, max: 25 }), returns: fc.integer({ min: 0, max: 9 }) }), { minLength: 1, maxLength: 7 })
  .map((steps) => {
    let value = 0;
    return steps.map((s, i) => {
      const moment = 10 * (i + 1);
      if (s.write) value = s.value;
      return op(`p${i}`, s.write ? "write" : "read", s.write ? s.value : value, moment - s.before, s.write && s.returns === 0 ? null : moment + s.after);
    });
  });

describe("properties against the brute force", () => {
  it("a sequential run with random real-time overlap is linearizable", () => {
    fc.assert(
      fc.property(sequentialRun, (ops) => checkLinearizable(ops, 0).ok),
      { seed: 14, numRuns: 300 },
    );
  });

  it("a changed read result is caught exactly when every order fails, often, and the witness itself fails", () => {
    let caught = 0;
    fc.assert(
      fc.property(sequentialRun, fc.nat(), fc.integer({ min: 0, max: 3 }), (ops, pick, wrong) => {
        const reads = ops.filter((o) => o.f === "read");
        if (reads.length === 0) return true;
        const target = reads[pick % reads.length];
        const mutated = ops.map((o) => (o === target ? { ...o, value: wrong } : o));
        const verdict = checkLinearizable(mutated, 0);
        expect(verdict.ok).toBe(bruteForce(mutated, 0));
        if (!verdict.ok) {
          caught++;
          expect(bruteForce(verdict.witness, 0)).toBe(false);
          for (const left of verdict.witness) expect(bruteForce(leaveOut(verdict.witness, left), 0)).toBe(true);
        }
        return true;
      }),
      { seed: 14, numRuns: 300 },
    );
    expect(caught).toBeGreaterThan(50);
  });
});
