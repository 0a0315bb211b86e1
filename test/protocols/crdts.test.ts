/**
 * The state-based CRDTs (specs/crdt-*.json) and the broken variants the checker
 * must refute (specs/variants/crdt-*.json).
 *
 * Each base's ci model must hold every invariant (convergence, quiescent
 * convergence and the type's own promise); each variant must break the invariant
 * it declares, with the shortest trace pinned below.
 */
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../cli/run-check.js";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const G_COUNTER = "specs/crdt-g-counter.json";
const PN_COUNTER = "specs/crdt-pn-counter.json";
const LWW_REGISTER = "specs/crdt-lww-register.json";
const OR_SET = "specs/crdt-or-set.json";

const SUM_MERGE = "specs/variants/crdt-g-counter-sum-merge.json";
const SINGLE_MAP = "specs/variants/crdt-pn-counter-single-map.json";
const NO_TIE_BREAK = "specs/variants/crdt-lww-register-no-tie-break.json";
const REMOVE_WINS = "specs/variants/crdt-or-set-remove-wins.json";
const NO_TOMBSTONES = "specs/variants/crdt-or-set-no-tombstones.json";

type Node = Record<string, unknown>;
const replicas = (o: CheckOutcome, step: number) => o.trace!.steps[step].state.nodes.replica as readonly Node[];

/** Every action fires, and the coverage counts every step but the initial state. */
function expectFullCoverage(o: CheckOutcome, actions: readonly string[]): void {
  const coverage = o.result.coverage;
  expect(coverage.map((c) => c.step)).toEqual([...actions, "lose", "duplicate"]);
  expect(coverage.every((c) => c.count > 0)).toBe(true);
  expect(coverage.reduce((sum, c) => sum + c.count, 0)).toBe(o.result.statesGenerated - 1);
}

describe("crdt base specs: ci models", () => {
  it("g-counter (2 replicas, 2 increments each, symmetry on): every invariant and ValueNeverDecreases hold in 1,598 states / 4,311 generated / depth 14", async () => {
    const o = await check(G_COUNTER);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ replicas: 2, maxIncrements: 2 });
    expect(o.invariants).toEqual(["Convergence", "QuiescentConvergence", "NoAcknowledgedIncrementLost"]);
    expect(o.properties).toEqual(["ValueNeverDecreases"]);
    expect(figures(o)).toEqual(["ok", 1_598, 4_311, 14]);
    expect(o.result.finding).toBeNull();
    expectFullCoverage(o, ["Increment", "Gossip", "Merge"]);
  });

  it("pn-counter (2 replicas, 2 updates each, symmetry on): every invariant holds in 3,128 states / 6,853 generated / depth 12", async () => {
    const o = await check(PN_COUNTER);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ replicas: 2, maxUpdates: 2 });
    expect(o.invariants).toEqual(["Convergence", "QuiescentConvergence", "ValueMatchesDelivered"]);
    expect(o.properties).toEqual([]);
    expect(figures(o)).toEqual(["ok", 3_128, 6_853, 12]);
    expectFullCoverage(o, ["Increment", "Decrement", "Gossip", "Merge"]);
  });

  it("lww-register (2 replicas, 1 write each, no symmetry: ids break ties): every invariant and TimestampNeverDecreases hold in 1,670 states / 4,623 generated / depth 10", async () => {
    const o = await check(LWW_REGISTER);
    expect(o.symmetry).toBe(false);
    expect(o.request.parameters).toEqual({ replicas: 2, values: 2, maxWrites: 1, maxTime: 2 });
    expect(o.invariants).toEqual(["Convergence", "QuiescentConvergence", "LatestWriteWins"]);
    expect(o.properties).toEqual(["TimestampNeverDecreases"]);
    expect(figures(o)).toEqual(["ok", 1_670, 4_623, 10]);
    expectFullCoverage(o, ["Write", "Gossip", "Merge"]);
  });

  it("or-set (2 replicas, 1 element, 2 updates each, symmetry on): every invariant holds in 1,646 states / 3,604 generated / depth 16", async () => {
    const o = await check(OR_SET);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ replicas: 2, elements: 1, maxUpdates: 2 });
    expect(o.invariants).toEqual(["Convergence", "QuiescentConvergence", "AddWins", "RemovesTakeEffect"]);
    expect(figures(o)).toEqual(["ok", 1_646, 3_604, 16]);
    expectFullCoverage(o, ["Add", "Remove", "Gossip", "Merge"]);
  });

  it("each base declares a deep model for the benchmark", () => {
    const deep = (spec: string) => compileOrThrow(spec).models.find((m) => m.name === "deep")?.parameters;
    expect(deep(G_COUNTER)).toEqual({ replicas: 3, maxIncrements: 1 });
    expect(deep(PN_COUNTER)).toEqual({ replicas: 2, maxUpdates: 2 });
    expect(deep(LWW_REGISTER)).toEqual({ replicas: 2, values: 2, maxWrites: 2, maxTime: 3 });
    expect(deep(OR_SET)).toEqual({ replicas: 2, elements: 2, maxUpdates: 2 });
  });
});

describe("crdt variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(SUM_MERGE).expect).toEqual({ violates: ["Convergence"] });
    expect(compileOrThrow(SINGLE_MAP).expect).toEqual({ violates: ["QuiescentConvergence"] });
    expect(compileOrThrow(NO_TIE_BREAK).expect).toEqual({ violates: ["Convergence"] });
    expect(compileOrThrow(REMOVE_WINS).expect).toEqual({ violates: ["AddWins"] });
    expect(compileOrThrow(NO_TOMBSTONES).expect).toEqual({ violates: ["RemovesTakeEffect"] });
  });

  // Replica 0 increments and sends its state twice; replica 1 adds both copies: 2 for one increment.
  it("g-counter-sum-merge breaks Convergence with a shortest trace of 5 steps", async () => {
    const o = await check(SUM_MERGE);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Convergence" });
    expect(steps(o)).toBe(5);
    expect(o.result.depth).toBe(6);
    expect(labels(o)).toEqual(["Increment replica 0", "Gossip replica 0", "Gossip replica 0", "Merge replica 1", "Merge replica 1"]);
    expect(replicas(o, 5)).toEqual([
      { counts: [1, 0], delivered: [1, 0] },
      { counts: [2, 0], delivered: [1, 0] },
    ]);
  });

  // A decrement lowers an entry: the replica that has seen every update no longer includes the other's state.
  it("pn-counter-single-map breaks QuiescentConvergence in 1 step", async () => {
    const o = await check(SINGLE_MAP);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "QuiescentConvergence" });
    expect(steps(o)).toBe(1);
    expect(labels(o)).toEqual(["Decrement replica 0"]);
    expect(replicas(o, 1)[0]).toEqual({ counter: { net: [-1, 0] }, delivered: [1, 0] });
  });

  // max(0, -1) = 0: replica 1 delivers the decrement and loses it.
  it("pn-counter-single-map loses a decrement: Convergence breaks in 3 steps", async () => {
    const o = await check(SINGLE_MAP, { model: "convergence" });
    expect(o.invariants).toEqual(["Convergence"]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Convergence" });
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(["Decrement replica 0", "Gossip replica 0", "Merge replica 1"]);
    expect(replicas(o, 3)).toEqual([
      { counter: { net: [-1, 0] }, delivered: [1, 0] },
      { counter: { net: [0, 0] }, delivered: [1, 0] },
    ]);
  });

  // Both replicas stamp their write 1; each keeps its own on the tie.
  it("lww-register-no-tie-break diverges: Convergence breaks in 6 steps", async () => {
    const o = await check(NO_TIE_BREAK);
    expect(o.invariants).toEqual(["Convergence"]);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Convergence" });
    expect(steps(o)).toBe(6);
    expect(labels(o)).toEqual(["Write replica 0", "Write replica 1", "Gossip replica 0", "Gossip replica 1", "Merge replica 0", "Merge replica 1"]);
    expect(replicas(o, 6)).toEqual([
      { reg: { value: 1, ts: 1, writer: 0 }, delivered: [1, 1] },
      { reg: { value: 1, ts: 1, writer: 1 }, delivered: [1, 1] },
    ]);
  });

  it("lww-register-no-tie-break with every invariant: QuiescentConvergence breaks first, in 4 steps", async () => {
    const o = await check(NO_TIE_BREAK, { model: "all" });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "QuiescentConvergence" });
    expect(steps(o)).toBe(4);
  });

  // Add, remove, add again at one replica: the fresh add is hidden by the old tombstone.
  it("or-set-remove-wins breaks AddWins with a shortest trace of 3 steps", async () => {
    const o = await check(REMOVE_WINS);
    expect(o.request.parameters).toEqual({ replicas: 2, elements: 1, maxUpdates: 3 });
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "AddWins" });
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(["Add replica 0", "Remove replica 0", "Add replica 0"]);
  });

  // Replica 1 still holds the pair that replica 0 forgot: the merge brings it back.
  it("or-set-no-tombstones resurrects a removed element: RemovesTakeEffect breaks in 6 steps", async () => {
    const o = await check(NO_TOMBSTONES);
    expect(o.invariants).toEqual(["AddWins", "RemovesTakeEffect"]);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "RemovesTakeEffect" });
    expect(steps(o)).toBe(6);
    expect(labels(o)).toEqual(["Add replica 0", "Gossip replica 0", "Remove replica 0", "Merge replica 1", "Gossip replica 0", "Merge replica 1"]);
    expect(replicas(o, 6)[1]).toMatchObject({ delivered: [2, 0] });
  });

  it("or-set-no-tombstones with every invariant: QuiescentConvergence breaks first, in 4 steps", async () => {
    const o = await check(NO_TOMBSTONES, { model: "all" });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "QuiescentConvergence" });
    expect(steps(o)).toBe(4);
  });
});
