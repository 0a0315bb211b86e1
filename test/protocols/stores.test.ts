/**
 * Replicated stores of the CAP section: the CP quorum store (specs/cp-quorum-store.json),
 * the AP store (specs/ap-store.json), and the AP store checked against guarantees it
 * does not give (specs/variants/ap-store-*.json).
 */
import { describe, expect, it } from "vitest";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const CP = "specs/cp-quorum-store.json";
const AP = "specs/ap-store.json";
const AP_READ_LATEST = "specs/variants/ap-store-read-latest.json";
const AP_READ_YOUR_WRITES = "specs/variants/ap-store-read-your-writes.json";

describe("cp-quorum-store", () => {
  it("ci (3 replicas, 2 clients, 1 operation each, symmetry on): every invariant holds in 2,597 states / 8,370 generated / depth 19", async () => {
    const o = await check(CP);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ replicas: 3, clients: 2, ops: 1 });
    expect(o.invariants).toEqual(["ReadReturnsLatestCompletedWrite", "ReadsDoNotGoBack", "CompletedWritesOnMajority"]);
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
