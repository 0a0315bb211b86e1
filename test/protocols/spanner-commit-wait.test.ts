/**
 * Spanner's commit wait (specs/spanner-commit-wait.json): with clocks within the
 * assumed uncertainty bound, a transaction that starts after another's commit is
 * visible gets a larger timestamp; without the wait, or with clocks that stray
 * further than the bound, it does not (specs/variants/spanner-commit-wait-*.json).
 */
import { describe, expect, it } from "vitest";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const SPEC = "specs/spanner-commit-wait.json";
const variant = (name: string) => `specs/variants/spanner-commit-wait-${name}.json`;

describe("spanner-commit-wait", () => {
  it("ci (2 servers, 1 transaction each, epsilon = drift = 1, horizon 5): every invariant holds in 2,962 states / 4,386 generated / depth 20", async () => {
    const o = await check(SPEC);
    expect(o.request.parameters).toEqual({ servers: 2, txns: 1, epsilon: 1, drift: 1, horizon: 5 });
    expect(o.invariants).toEqual(["ExternalConsistency", "VisibleOnlyInThePast"]);
    expect(figures(o)).toEqual(["ok", 2_962, 4_386, 20]);
    expect(o.result.outsideConstraint).toBe(1_581);
    expect(o.result.coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("declares the deep model: 2 servers, 2 transactions each, epsilon = drift = 2, horizon 8 (38,622 states, depth 31)", () => {
    const deep = compileOrThrow(SPEC).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ servers: 2, txns: 2, epsilon: 2, drift: 2, horizon: 8 });
  });

  // Real time must pass: the second transaction can start after the first is visible only once the first has waited out 2 * epsilon.
  it("holds with a wider assumed bound, whether the clocks use all of it or not, and fails once they exceed it", async () => {
    for (const [epsilon, drift, verdict, distinct] of [[2, 1, "ok", 1_822], [2, 2, "ok", 3_174], [2, 3, "violation", 1_268]] as const) {
      const o = await check(SPEC, { overrides: { epsilon, drift } });
      expect([epsilon, drift, ...figures(o).slice(0, 2)]).toEqual([epsilon, drift, verdict, distinct]);
    }
  });
});

describe("spanner-commit-wait: the variants break external consistency", () => {
  it("no-wait is refuted by ci in 3 steps (62 distinct, 90 generated, depth 4): the second server, its clock not yet past the first timestamp, takes an equal one", async () => {
    expect(compileOrThrow(variant("no-wait")).expect).toEqual({ violates: ["ExternalConsistency"] });
    const o = await check(variant("no-wait"));
    expect(o.invariants).toEqual(["ExternalConsistency"]);
    expect(figures(o)).toEqual(["violation", 62, 90, 4]);
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(["Begin server 0", "Commit server 0", "Begin server 1"]);
    expect(o.trace!.steps[3].state.ghosts).toMatchObject({ tsOf: [1, 1, 0, 0], after: [[], [0], [], []], visible: [0] });
  });

  it("bound-exceeded (drift 2, epsilon 1) is refuted by ci in 7 steps (528 distinct, 996 generated, depth 8): a fast clock ends the wait before real time passes the timestamp", async () => {
    expect(compileOrThrow(variant("bound-exceeded")).expect).toEqual({ violates: ["ExternalConsistency"] });
    const o = await check(variant("bound-exceeded"));
    expect(o.request.parameters).toMatchObject({ epsilon: 1, drift: 2 });
    expect(figures(o)).toEqual(["violation", 528, 996, 8]);
    expect(steps(o)).toBe(7);
    expect(labels(o)).toEqual(["RealTimePasses world 0", "Begin server 0", "ClockTicks server 0", "ClockTicks server 0", "ClockTicks server 0", "Commit server 0", "Begin server 1"]);
    // Visible at real time 1 with timestamp 1: the commit came before its timestamp had passed.
    expect(o.trace!.steps[6].state.ghosts).toMatchObject({ now: 1, tsOf: [1, 0, 0, 0], visible: [0] });
  });

  it("bound-exceeded changes only the drift: the same protocol with drift = epsilon holds", async () => {
    expect(compileOrThrow(variant("bound-exceeded")).actions).toEqual(compileOrThrow(SPEC).actions);
    const o = await check(variant("bound-exceeded"), { overrides: { drift: 1 } });
    expect(figures(o)[0]).toBe("ok");
  });
});
