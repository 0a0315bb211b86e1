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
const MAX_OF_TOTALS = "specs/variants/crdt-g-counter-max-of-totals.json";
const FOREIGN_SLOT = "specs/variants/crdt-g-counter-foreign-slot.json";
const DIRECT_ONLY = "specs/variants/crdt-g-counter-direct-only-merge.json";
const LOCAL_BOUND = "specs/variants/crdt-pn-counter-local-bound-check.json";
const MERGE_TICKS = "specs/variants/crdt-lww-register-merge-ticks-stamp.json";
const OWN_COUNTER = "specs/variants/crdt-lww-register-own-write-counter.json";
const UNOBSERVED_REMOVE = "specs/variants/crdt-or-set-unobserved-remove.json";
const REUSED_TAG = "specs/variants/crdt-or-set-reused-tag.json";

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

  it("each base publishes the models beside ci that reach what ci cannot: g-counter relay, pn-counter deep, or-set reorder", () => {
    const published = (spec: string) => compileOrThrow(spec).models.filter((m) => m.publish).map((m) => m.name);
    expect(published(G_COUNTER)).toEqual(["ci", "relay"]);
    expect(published(PN_COUNTER)).toEqual(["ci", "deep"]);
    expect(published(LWW_REGISTER)).toEqual(["ci"]);
    expect(published(OR_SET)).toEqual(["ci", "reorder"]);
  });

  // Three replicas, so that a state is relayed through a third one (one message in flight at a time).
  it("g-counter relay (3 replicas, 1 increment each, 1 message in flight): every invariant holds in 805 states / 1,611 generated / depth 14", async () => {
    const o = await check(G_COUNTER, { model: "relay" });
    expect(o.request.parameters).toEqual({ replicas: 3, maxIncrements: 1 });
    expect(figures(o)).toEqual(["ok", 805, 1_611, 14]);
  });

  // Two different states in flight at once: gossip crosses and is reordered, which ci's one distinct state rules out.
  it("pn-counter deep, published (any two messages in flight): every invariant holds in 17,119 states / 45,477 generated / depth 14", async () => {
    const o = await check(PN_COUNTER, { model: "deep" });
    expect(figures(o)).toEqual(["ok", 17_119, 45_477, 14]);
  });

  it("or-set reorder (ci's cluster, any two messages in flight): every invariant holds in 9,342 states / 24,877 generated / depth 16", async () => {
    const o = await check(OR_SET, { model: "reorder" });
    expect(o.request.parameters).toEqual({ replicas: 2, elements: 1, maxUpdates: 2 });
    expect(figures(o)).toEqual(["ok", 9_342, 24_877, 16]);
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
    expect(compileOrThrow(MAX_OF_TOTALS).expect).toEqual({ violates: ["QuiescentConvergence", "NoAcknowledgedIncrementLost"] });
    expect(compileOrThrow(FOREIGN_SLOT).expect).toEqual({ violates: ["NoAcknowledgedIncrementLost"] });
    expect(compileOrThrow(DIRECT_ONLY).expect).toEqual({ violates: ["Convergence"], model: "relay" });
    expect(compileOrThrow(LOCAL_BOUND).expect).toEqual({ violates: ["ValueNeverNegative"] });
    expect(compileOrThrow(MERGE_TICKS).expect).toEqual({ violates: ["Convergence"] });
    expect(compileOrThrow(OWN_COUNTER).expect).toEqual({ violates: ["QuiescentConvergence", "LatestWriteWins"] });
    expect(compileOrThrow(UNOBSERVED_REMOVE).expect).toEqual({ violates: ["AddWins"] });
    expect(compileOrThrow(REUSED_TAG).expect).toEqual({ violates: ["AddWins"] });
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

  // Both replicas increment; replica 1 keeps its own state on the tie of totals and loses replica 0's increment.
  it("g-counter-max-of-totals breaks QuiescentConvergence in 4 steps: the merge keeps one of two concurrent states", async () => {
    const o = await check(MAX_OF_TOTALS);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "QuiescentConvergence" });
    expect(figures(o)).toEqual(["violation", 33, 69, 5]);
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["Increment replica 0", "Increment replica 1", "Gossip replica 0", "Merge replica 1"]);
    expect(replicas(o, 4)[1]).toEqual({ counts: [0, 1], delivered: [1, 1] });
  });

  // Two replicas bump the same entry: max(1, 1) counts one of the two increments.
  it("g-counter-foreign-slot breaks NoAcknowledgedIncrementLost in 4 steps: two writers of one entry", async () => {
    const o = await check(FOREIGN_SLOT);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoAcknowledgedIncrementLost" });
    expect(figures(o)).toEqual(["violation", 86, 169, 5]);
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["Increment replica 0", "Increment replica 1", "Gossip replica 1", "Merge replica 0"]);
    expect(replicas(o, 4)[0]).toEqual({ counts: [1, 0], delivered: [1, 1] });
  });

  // With two replicas the only other entry is the receiver's own: the bug is invisible.
  it("g-counter-direct-only-merge holds in ci (the base's 1,598 states), since with two replicas it is the correct merge", async () => {
    const o = await check(DIRECT_ONLY);
    expect(figures(o)).toEqual(["ok", 1_598, 4_311, 14]);
  });

  // Replica 0's increment relayed through replica 1 is dropped by replica 2.
  it("g-counter-direct-only-merge breaks Convergence in the relay model, 5 steps: a relayed increment is dropped", async () => {
    const o = await check(DIRECT_ONLY, { model: "relay" });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Convergence" });
    expect(figures(o)).toEqual(["violation", 119, 208, 6]);
    expect(steps(o)).toBe(5);
    expect(labels(o)).toEqual(["Increment replica 0", "Gossip replica 0", "Merge replica 1", "Gossip replica 1", "Merge replica 2"]);
    expect(replicas(o, 5).slice(1)).toEqual([
      { counts: [1, 0, 0], delivered: [1, 0, 0] },
      { counts: [0, 0, 0], delivered: [1, 0, 0] },
    ]);
  });

  // Both replicas read 1 and decrement: the counter goes to -1.
  it("pn-counter-local-bound-check breaks ValueNeverNegative in 7 steps: two local checks, two decrements", async () => {
    const o = await check(LOCAL_BOUND);
    expect(o.invariants).toEqual(["Convergence", "QuiescentConvergence", "ValueMatchesDelivered", "ValueNeverNegative"]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ValueNeverNegative" });
    expect(figures(o)).toEqual(["violation", 480, 992, 8]);
    expect(steps(o)).toBe(7);
    expect(replicas(o, 7)[0]).toEqual({ counter: { p: [1, 0], n: [1, 1] }, delivered: [2, 1] });
  });

  // The merge re-stamps: replica 1 holds replica 0's write with a stamp nobody wrote.
  it("lww-register-merge-ticks-stamp breaks Convergence in 3 steps: a merge that creates a stamp is not idempotent", async () => {
    const o = await check(MERGE_TICKS);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Convergence" });
    expect(figures(o)).toEqual(["violation", 33, 50, 4]);
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(["Write replica 0", "Gossip replica 0", "Merge replica 1"]);
    expect(replicas(o, 3)).toEqual([
      { reg: { value: 1, ts: 1, writer: 0 }, delivered: [1, 0] },
      { reg: { value: 1, ts: 2, writer: 0 }, delivered: [1, 0] },
    ]);
  });

  // Replica 0 adopts (1, replica 1), then stamps its own write 1: below what it held.
  it("lww-register-own-write-counter breaks QuiescentConvergence in 4 steps: a write that does not supersede what its replica saw", async () => {
    const o = await check(OWN_COUNTER);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "QuiescentConvergence" });
    expect(figures(o)).toEqual(["violation", 133, 314, 5]);
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["Write replica 1", "Gossip replica 1", "Merge replica 0", "Write replica 0"]);
    expect(replicas(o, 4)[0]).toEqual({ reg: { value: 1, ts: 1, writer: 0 }, delivered: [1, 1] });
  });

  // Replica 0's remove tombstones replica 1's tag before it has heard of it.
  it("or-set-unobserved-remove breaks AddWins in 5 steps: a concurrent add lands on a tombstone", async () => {
    const o = await check(UNOBSERVED_REMOVE);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "AddWins" });
    expect(figures(o)).toEqual(["violation", 99, 189, 6]);
    expect(steps(o)).toBe(5);
    expect(labels(o)).toEqual(["Add replica 0", "Add replica 1", "Remove replica 0", "Gossip replica 1", "Merge replica 0"]);
  });

  // Replica 0's second add reuses the tag that replica 1's remove observed.
  it("or-set-reused-tag breaks AddWins in 7 steps: a remove kills a concurrent add that shares its tag", async () => {
    const o = await check(REUSED_TAG);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "AddWins" });
    expect(figures(o)).toEqual(["violation", 470, 958, 8]);
    expect(steps(o)).toBe(7);
    expect(labels(o)).toEqual(["Add replica 0", "Gossip replica 0", "Add replica 0", "Merge replica 1", "Remove replica 1", "Gossip replica 1", "Merge replica 0"]);
  });

  // The base's published models find the same bugs, where ci's one distinct state in flight was not needed.
  it("or-set-no-tombstones in the published reorder model: RemovesTakeEffect again, in 6 steps", async () => {
    const o = await check(NO_TOMBSTONES, { model: "reorder" });
    expect(o.invariants).toEqual(["AddWins", "RemovesTakeEffect"]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "RemovesTakeEffect" });
    expect(steps(o)).toBe(6);
  });
});
