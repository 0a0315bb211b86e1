/**
 * Replicated stores of the CAP section: the CP quorum store (specs/cp-quorum-store.json)
 * with its broken variants (specs/variants/cp-quorum-store-*.json), the AP store
 * (specs/ap-store.json) with its broken variants, and the AP store checked against
 * guarantees it does not give (specs/variants/ap-store-*.json).
 */
import { describe, expect, it } from "vitest";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const CP = "specs/cp-quorum-store.json";
const AP = "specs/ap-store.json";
const AP_READ_LATEST = "specs/variants/ap-store-read-latest.json";
const AP_READ_YOUR_WRITES = "specs/variants/ap-store-read-your-writes.json";
const cpVariant = (name: string) => `specs/variants/cp-quorum-store-${name}.json`;
const apVariant = (name: string) => `specs/variants/ap-store-${name}.json`;

describe("cp-quorum-store", () => {
  it("ci (3 replicas, 2 clients, 1 operation each, symmetry on): every invariant holds in 2,597 states / 8,370 generated / depth 19", async () => {
    const o = await check(CP);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ replicas: 3, clients: 2, ops: 1 });
    expect(o.invariants).toEqual(["ReadReturnsLatestCompletedWrite", "ReadsDoNotGoBack", "ReadsAgreeOnWriteOrder", "CompletedWritesOnMajority"]);
    expect(figures(o)).toEqual(["ok", 2_597, 8_370, 19]);
    expect(o.result.finding).toBeNull();
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["StartWrite", "StartRead", "ReceiveGetReply", "ReceivePutAck", "ServeGet", "ServePut"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("declares the deep model: 3 replicas, 2 clients, 2 operations each (375,897 states, depth 37, for the benchmark)", () => {
    const deep = compileOrThrow(CP).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ replicas: 3, clients: 2, ops: 2 });
  });
});

/**
 * The classic bugs of a quorum register. Three are refuted by ci; two need three
 * operations (a write and two reads, or two writes and a read), which ci (one per
 * client) has no room for, and are refuted by the published threeOps model; and a
 * stamp without a tie-break needs two concurrent writes and two reads, refuted by
 * the published writesThenReads model, against ReadsAgreeOnWriteOrder.
 */
describe("cp-quorum-store: the threeOps and writesThenReads models and the classic bugs", () => {
  it("publishes threeOps: 3 replicas, 2 clients with up to 2 operations each, at most 3 in all", () => {
    const three = compileOrThrow(CP).models.find((m) => m.name === "threeOps");
    expect(three?.parameters).toEqual({ replicas: 3, clients: 2, ops: 2 });
    expect(three?.publish).toBe(true);
    expect(three?.constraint).not.toBeNull();
  });

  // About 8 s: the correct store holds in 72,364 states.
  it("threeOps: every invariant holds in 72,364 states / 192,372 generated / depth 29", async () => {
    const o = await check(CP, { model: "threeOps" });
    expect(o.symmetry).toBe(true);
    expect(figures(o)).toEqual(["ok", 72_364, 192_372, 29]);
  }, 60_000);

  it("publishes writesThenReads: each client writes, then reads; every invariant holds in 56,405 states / 190,244 generated / depth 37", async () => {
    const model = compileOrThrow(CP).models.find((m) => m.name === "writesThenReads");
    expect(model?.parameters).toEqual({ replicas: 3, clients: 2, ops: 2 });
    expect(model?.publish).toBe(true);
    const o = await check(CP, { model: "writesThenReads" });
    expect(figures(o)).toEqual(["ok", 56_405, 190_244, 37]);
  }, 60_000);

  // verdict, model, invariant, trace steps, distinct, generated, depth
  const REFUTED: readonly (readonly [name: string, model: string, invariant: string, steps: number, distinct: number, generated: number, depth: number])[] = [
    ["write-one-replica", "ci", "CompletedWritesOnMajority", 7, 402, 1_160, 8],
    ["overwrite-older", "ci", "CompletedWritesOnMajority", 15, 2_310, 7_171, 16],
    ["version-from-one-replica", "threeOps", "ReadReturnsLatestCompletedWrite", 23, 70_679, 174_364, 24],
    ["no-tie-break", "writesThenReads", "ReadsAgreeOnWriteOrder", 36, 87_880, 289_089, 37],
  ];

  it.each(REFUTED)("%s is refuted by %s: %s in %i steps (%i distinct, %i generated, depth %i)", async (name, model, invariant, length, distinct, generated, depth) => {
    expect(compileOrThrow(cpVariant(name)).expect).toMatchObject({ violates: expect.arrayContaining([invariant]) });
    const o = await check(cpVariant(name), { model });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: invariant });
    expect(steps(o)).toBe(length);
    expect(figures(o)).toEqual(["violation", distinct, generated, depth]);
  }, 60_000);

  // What ci is too small for: one operation per client leaves no room for a third.
  it.each([
    ["no-write-back", 1_621, 4_928],
    ["version-from-one-replica", 1_934, 5_929],
    ["no-tie-break", 2_678, 8_557],
  ] as const)("%s holds in ci (%i states / %i generated): the bug needs more operations", async (name, distinct, generated) => {
    const o = await check(cpVariant(name));
    expect(figures(o)).toEqual(["ok", distinct, generated, 19]);
  });

  // A write's Put reaches one replica; a read takes its answer and returns the new value; the next read returns the old one.
  it("no-write-back is refuted by threeOps: ReadsDoNotGoBack in 16 steps (10,737 distinct, 28,402 generated, depth 17)", async () => {
    expect(compileOrThrow(cpVariant("no-write-back")).expect).toEqual({ violates: ["ReadsDoNotGoBack"], model: "threeOps" });
    const o = await check(cpVariant("no-write-back"), { model: "threeOps" });
    expect(figures(o)).toEqual(["violation", 10_737, 28_402, 17]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ReadsDoNotGoBack" });
    expect(steps(o)).toBe(16);
    expect(o.trace!.steps[16].state.ghosts.readHistory).toEqual([
      { client: 1, value: 0, after: [], afterReads: [1] },
      { client: 1, value: 1, after: [], afterReads: [] },
    ]);
  });

  it("read-one-replica is refuted by ci: ReadReturnsLatestCompletedWrite in 16 steps (10,355 distinct, 38,171 generated, depth 17)", async () => {
    expect(compileOrThrow(cpVariant("read-one-replica")).expect).toEqual({ violates: ["ReadReturnsLatestCompletedWrite"] });
    const o = await check(cpVariant("read-one-replica"));
    expect(figures(o)).toEqual(["violation", 10_355, 38_171, 17]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ReadReturnsLatestCompletedWrite" });
    expect(steps(o)).toBe(16);
    // The read started after write 1 completed and returned the initial value.
    expect(o.trace!.steps[16].state.ghosts.readHistory).toEqual([{ client: 1, value: 0, after: [1], afterReads: [] }]);
  });
});

describe("ap-store", () => {
  it("ci (3 replicas, 2 clients, 1 operation each): convergence and the stamp invariants hold in 3,001 states / 7,735 generated / depth 11", async () => {
    const o = await check(AP);
    expect(o.symmetry).toBe(false);
    expect(o.request.parameters).toEqual({ replicas: 3, clients: 2, ops: 1 });
    expect(o.invariants).toEqual(["ConvergenceWhenQuiescent", "StampsIdentifyValues", "ReplicationCarriesAcceptedWrites"]);
    expect(figures(o)).toEqual(["ok", 3_001, 7_735, 11]);
    expect(o.result.finding).toBeNull();
    expect(o.result.coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("declares the deep model: 3 replicas, 2 clients, 2 operations each", () => {
    const deep = compileOrThrow(AP).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ replicas: 3, clients: 2, ops: 2 });
  });
});

describe("ap-store: the sessions model", () => {
  it("publishes sessions: 2 replicas, 2 clients with up to 2 operations each, at most 3 in all; every invariant holds in 42,132 states / 59,685 generated / depth 14", async () => {
    const sessions = compileOrThrow(AP).models.find((m) => m.name === "sessions");
    expect(sessions?.publish).toBe(true);
    const o = await check(AP, { model: "sessions" });
    expect(o.request.parameters).toEqual({ replicas: 2, clients: 2, ops: 2 });
    expect(figures(o)).toEqual(["ok", 42_132, 59_685, 14]);
  }, 30_000);
});

describe("ap-store variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(AP_READ_LATEST).expect).toEqual({ violates: ["ReadReturnsLatestCompletedWrite"] });
    expect(compileOrThrow(AP_READ_YOUR_WRITES).expect).toEqual({ violates: ["ReadYourWrites"] });
  });

  // Client 0 writes at replica 0 and is acknowledged; client 1 reads at replica 1,
  // which the write has not reached, and gets the initial value: 6 steps.
  it("read-latest: the CP store's guarantee fails on the AP store, shortest trace of 6 steps", async () => {
    const o = await check(AP_READ_LATEST);
    expect(figures(o)).toEqual(["violation", 923, 1_686, 7]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ReadReturnsLatestCompletedWrite" });
    expect(steps(o)).toBe(6);
    expect(labels(o)).toEqual([
      "StartWrite client 0",
      "AcceptWrite replica 0",
      "WriteDone client 0",
      "StartRead client 1",
      "ServeRead replica 1",
      "ReadDone client 1",
    ]);
    expect(o.trace!.steps[6].state.ghosts.readHistory).toEqual([{ client: 1, value: 0, after: [1] }]);
  });

  // One client writes at replica 0, then reads at replica 1 and gets the initial value: 6 steps.
  it("read-your-writes: a session reading from any replica loses its own write, shortest trace of 6 steps", async () => {
    const o = await check(AP_READ_YOUR_WRITES);
    expect(o.request.parameters).toEqual({ replicas: 3, clients: 1, ops: 2 });
    expect(figures(o)).toEqual(["violation", 151, 223, 7]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ReadYourWrites" });
    expect(steps(o)).toBe(6);
    expect(o.trace!.steps[6].state.ghosts.session).toEqual([[{ kind: "write", value: 1 }, { kind: "read", value: 0 }]]);
  });
});

/**
 * More pitfalls of the AP store: a last-writer-wins rule that is not a total order
 * (ci refutes it), and two session guarantees the store does not give, which need
 * more operations than ci has and are refuted by the published sessions model.
 */
describe("ap-store: more pitfalls", () => {
  const REFUTED: readonly (readonly [name: string, model: string, invariant: string, steps: number, distinct: number, generated: number, depth: number])[] = [
    ["no-tie-break", "ci", "ConvergenceWhenQuiescent", 10, 3_124, 7_754, 11],
    ["last-arrival-wins", "ci", "ConvergenceWhenQuiescent", 10, 3_531, 8_333, 11],
    ["monotonic-reads", "sessions", "MonotonicReads", 8, 3_403, 5_649, 9],
    ["monotonic-writes", "sessions", "MonotonicWrites", 6, 860, 1_404, 7],
  ];

  it.each(REFUTED)("%s is refuted by %s: %s in %i steps (%i distinct, %i generated, depth %i)", async (name, model, invariant, length, distinct, generated, depth) => {
    expect(compileOrThrow(apVariant(name)).expect).toEqual(model === "ci" ? { violates: [invariant] } : { violates: [invariant], model });
    const o = await check(apVariant(name), { model });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: invariant });
    expect(steps(o)).toBe(length);
    expect(figures(o)).toEqual(["violation", distinct, generated, depth]);
  });

  it.each(["monotonic-reads", "monotonic-writes"])("%s holds in ci, where no client has a second operation", async (name) => {
    const o = await check(apVariant(name));
    expect(figures(o)).toEqual(["ok", 3_001, 7_735, 11]);
  });

  // Writes at replicas 0 and 1 both get version 1; neither replaces the other.
  it("no-tie-break: once quiet, replicas 0 and 1 each keep their own write", async () => {
    const o = await check(apVariant("no-tie-break"));
    const replicas = o.trace!.steps[10].state.nodes.replica as readonly { value: number; stamp: { version: number; origin: number } }[];
    expect(replicas.map((r) => r.value)).toEqual([1, 2, 1]);
    expect(o.trace!.steps[10].state.network).toEqual([]);
  });

  it("monotonic-reads: the new value at replica 0, then the initial value at replica 1", async () => {
    const o = await check(apVariant("monotonic-reads"), { model: "sessions" });
    expect(o.trace!.steps[8].state.ghosts.session).toEqual([[], [{ kind: "read", value: 1 }, { kind: "read", value: 0 }]]);
  });
});
