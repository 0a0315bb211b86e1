/**
 * Clocks: vector clocks (specs/vector-clocks.json) against a ghost causal
 * history, and a last-write-wins register stamped by hybrid logical clocks
 * (specs/lww-hybrid-clock.json) against a ghost record of real time, with the
 * broken variants the checker must refute.
 */
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../cli/run-check.js";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const VC = "specs/vector-clocks.json";
const VC_NO_INCREMENT = "specs/variants/vector-clocks-no-increment-on-receive.json";
const VC_OVERWRITE = "specs/variants/vector-clocks-merge-without-max.json";
const VC_SEND_NOT_COUNTED = "specs/variants/vector-clocks-send-not-counted.json";
const VC_INCREMENT_FIRST = "specs/variants/vector-clocks-increment-before-merge.json";
const VC_LEXICOGRAPHIC = "specs/variants/vector-clocks-lexicographic-compare.json";
const VC_SENDER_ENTRY = "specs/variants/vector-clocks-sender-entry-only.json";

const LWW = "specs/lww-hybrid-clock.json";
const LWW_PHYSICAL = "specs/variants/lww-physical-clock-skew.json";
const LWW_ACK_EARLY = "specs/variants/lww-hybrid-clock-ack-before-replication.json";
const LWW_IGNORES_TS = "specs/variants/lww-hybrid-clock-receive-ignores-timestamp.json";
const LWW_COUNTER_RESET = "specs/variants/lww-hybrid-clock-counter-reset.json";
const LWW_ACK_MAJORITY = "specs/variants/lww-hybrid-clock-ack-on-majority.json";

type Clock = readonly number[];
const stamps = (o: CheckOutcome, step: number) => o.trace!.steps[step].state.ghosts.stamp as readonly (readonly Clock[])[];

interface Version {
  readonly id: { readonly writer: number; readonly index: number };
  readonly ts: { readonly l: number; readonly c: number };
}
const registers = (o: CheckOutcome, step: number) =>
  (o.trace!.steps[step].state.nodes.replica as readonly { register: Version | null }[]).map((r) => r.register);

describe("vector clocks", () => {
  it("ci (3 processes, 2 events each): the clocks' order is happens-before in 7,446 states / 17,929 generated / depth 7", async () => {
    const o = await check(VC);
    expect(o.request.parameters).toEqual({ processes: 3, maxEvents: 2 });
    expect(o.symmetry).toBe(false);
    expect(o.invariants).toEqual(["ClocksMatchHappensBefore", "HistoryIsAPartialOrder", "MessagesCarryTheSendStamp"]);
    expect(figures(o)).toEqual(["ok", 7_446, 17_929, 7]);
    expect(o.result.finding).toBeNull();
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["LocalEvent", "Send", "Receive"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("declares compare, merge and leq as definitions, and a deep model of 2 processes with 4 events each", () => {
    const ir = compileOrThrow(VC);
    expect(ir.definitions.map((d) => d.name)).toEqual(["leq", "merge", "compare"]);
    expect(ir.models.find((m) => m.name === "deep")?.parameters).toEqual({ processes: 2, maxEvents: 4 });
  });

  it("each variant declares what the checker must find", () => {
    expect(compileOrThrow(VC_NO_INCREMENT).expect).toEqual({ violates: ["ClocksMatchHappensBefore"] });
    expect(compileOrThrow(VC_OVERWRITE).expect).toEqual({ violates: ["ClocksMatchHappensBefore"] });
    expect(compileOrThrow(VC_SEND_NOT_COUNTED).expect).toEqual({ violates: ["ClocksMatchHappensBefore"] });
    expect(compileOrThrow(VC_INCREMENT_FIRST).expect).toEqual({ equivalent: true });
    expect(compileOrThrow(VC_LEXICOGRAPHIC).expect).toEqual({ violates: ["ClocksMatchHappensBefore"] });
    expect(compileOrThrow(VC_SENDER_ENTRY).expect).toEqual({ violates: ["ClocksMatchHappensBefore"] });
  });

  // Process 0 sends [1, 0, 0]; process 1 merges it without a tick of its own: its
  // receipt is stamped [1, 0, 0] too, 'equal' to the send that happened before it.
  it("no-increment-on-receive violates ClocksMatchHappensBefore in 2 steps: a send and its receipt compare 'equal'", async () => {
    const o = await check(VC_NO_INCREMENT);
    expect(figures(o)).toEqual(["violation", 42, 47, 3]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ClocksMatchHappensBefore" });
    expect(steps(o)).toBe(2);
    expect(labels(o)).toEqual(["Send process 0", "Receive process 1"]);
    const s = stamps(o, 2);
    expect(s[0][0]).toEqual([1, 0, 0]);
    expect(s[1][0]).toEqual([1, 0, 0]);
  });

  // Process 0 sends twice; the second message overtakes the first, and the first
  // then overwrites process 1's clock: its second event looks concurrent with its first.
  it("merge-without-max violates ClocksMatchHappensBefore in 4 steps: an overtaken message rolls the clock back", async () => {
    const o = await check(VC_OVERWRITE);
    expect(figures(o)).toEqual(["violation", 894, 1_693, 5]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ClocksMatchHappensBefore" });
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["Send process 0", "Send process 0", "Receive process 1", "Receive process 1"]);
    expect(stamps(o, 4)[1]).toEqual([
      [2, 1, 0],
      [1, 1, 0],
    ]);
  });

  // A local event and then a send that does not tick: two events stamped [1, 0, 0].
  it("send-not-counted violates ClocksMatchHappensBefore in 2 steps: two events of one process compare 'equal'", async () => {
    const o = await check(VC_SEND_NOT_COUNTED);
    expect(figures(o)).toEqual(["violation", 14, 14, 3]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ClocksMatchHappensBefore" });
    expect(steps(o)).toBe(2);
    expect(labels(o)).toEqual(["LocalEvent process 0", "Send process 0"]);
    expect(stamps(o, 2)[0]).toEqual([
      [1, 0, 0],
      [1, 0, 0],
    ]);
  });

  // Two concurrent local events: the lexicographic order calls one 'after' the other.
  it("lexicographic-compare violates ClocksMatchHappensBefore in 2 steps: concurrent clocks compare as ordered", async () => {
    const o = await check(VC_LEXICOGRAPHIC);
    expect(figures(o)).toEqual(["violation", 12, 12, 3]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ClocksMatchHappensBefore" });
    expect(steps(o)).toBe(2);
    expect(labels(o)).toEqual(["LocalEvent process 0", "LocalEvent process 1"]);
    const s = stamps(o, 2);
    expect([s[0][0], s[1][0]]).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
  });

  // Process 0's send reaches process 2 through process 1, which passes on only its own entry.
  it("sender-entry-only violates ClocksMatchHappensBefore in 4 steps: happens-before through a relay is lost", async () => {
    const o = await check(VC_SENDER_ENTRY);
    expect(figures(o)).toEqual(["violation", 1_007, 1_975, 5]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ClocksMatchHappensBefore" });
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["Send process 0", "Receive process 1", "Send process 1", "Receive process 2"]);
    expect(stamps(o, 4)[2][0]).toEqual([0, 2, 1]);
  });

  it("increment-before-merge holds: the base's 7,446 / 17,929 / 7", async () => {
    const o = await check(VC_INCREMENT_FIRST);
    expect(figures(o)).toEqual(["ok", 7_446, 17_929, 7]);
  });
});

describe("last-write-wins with hybrid logical clocks", () => {
  it("ci (2 replicas, 1 write each, clocks 0..2 at most 1 apart): the last acknowledged write wins in 1,507 states / 2,777 generated / depth 11", async () => {
    const o = await check(LWW);
    expect(o.request.parameters).toEqual({ replicas: 2, writesPerReplica: 1, maxTime: 2, maxSkew: 1, maxCounter: 4 });
    expect(o.invariants).toEqual(["LastAcknowledgedWriteWins", "TimestampsFollowRealTime", "Converged"]);
    expect(figures(o)).toEqual(["ok", 1_507, 2_777, 11]);
    expect(o.result.finding).toBeNull();
    expect(o.result.coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("publishes secondWrite and threeReplicas beside ci", () => {
    const models = compileOrThrow(LWW).models;
    expect(models.filter((m) => m.publish).map((m) => m.name)).toEqual(["ci", "secondWrite", "threeReplicas"]);
    expect(models.find((m) => m.name === "secondWrite")?.parameters).toEqual({ replicas: 2, writesPerReplica: 2, maxTime: 1, maxSkew: 1, maxCounter: 8 });
    expect(models.find((m) => m.name === "threeReplicas")?.parameters).toEqual({ replicas: 3, writesPerReplica: 1, maxTime: 0, maxSkew: 0, maxCounter: 9 });
  });

  // A replica writes after receiving a write stamped ahead of its own clock.
  it("secondWrite (2 replicas, 2 writes each, clocks 0..1): every invariant holds in 11,312 states / 20,685 generated / depth 15", async () => {
    const o = await check(LWW, { model: "secondWrite" });
    expect(o.invariants).toEqual(["LastAcknowledgedWriteWins", "TimestampsFollowRealTime", "Converged"]);
    expect(figures(o)).toEqual(["ok", 11_312, 20_685, 15]);
  });

  // The first confirmation is not the last: "some replicas stored it" differs from "all did".
  it("threeReplicas (3 replicas, 1 write each, clocks stopped): every invariant holds in 19,378 states / 64,285 generated / depth 16", async () => {
    const o = await check(LWW, { model: "threeReplicas" });
    expect(figures(o)).toEqual(["ok", 19_378, 64_285, 16]);
  });

  it("declares the deep model: 2 replicas, 2 writes each, clocks 0..3 at most 1 apart", () => {
    const deep = compileOrThrow(LWW).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ replicas: 2, writesPerReplica: 2, maxTime: 3, maxSkew: 1, maxCounter: 8 });
  });

  it("each variant declares what the checker must find", () => {
    expect(compileOrThrow(LWW_PHYSICAL).expect).toEqual({ violates: ["LastAcknowledgedWriteWins"] });
    expect(compileOrThrow(LWW_ACK_EARLY).expect).toEqual({ violates: ["LastAcknowledgedWriteWins"] });
    expect(compileOrThrow(LWW_IGNORES_TS).expect).toEqual({ violates: ["LastAcknowledgedWriteWins"] });
    expect(compileOrThrow(LWW_COUNTER_RESET).expect).toEqual({ violates: ["LastAcknowledgedWriteWins"], model: "secondWrite" });
    expect(compileOrThrow(LWW_ACK_MAJORITY).expect).toEqual({ violates: ["LastAcknowledgedWriteWins"], model: "threeReplicas" });
  });

  // Replica 1 writes at clock 0, the write is stored everywhere and acknowledged;
  // replica 0 then writes, also at clock 0, and loses the tie-break everywhere.
  it("physical-clock-skew loses an acknowledged update: LastAcknowledgedWriteWins violated in 6 steps", async () => {
    const o = await check(LWW_PHYSICAL);
    expect(o.invariants).toEqual(["LastAcknowledgedWriteWins", "Converged"]);
    expect(figures(o)).toEqual(["violation", 388, 583, 7]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LastAcknowledgedWriteWins" });
    expect(steps(o)).toBe(6);
    expect(labels(o)).toEqual([
      "Write replica 1",
      "ReceiveReplicate replica 0",
      "ReceiveStored replica 1",
      "Write replica 0",
      "ReceiveReplicate replica 1",
      "ReceiveStored replica 0",
    ]);
    const first = { id: { writer: 1, index: 1 }, ts: { l: 0, c: 0 } };
    expect(registers(o, 6)).toEqual([first, first]);
    expect(o.trace!.steps[6].state.ghosts.acknowledged).toEqual([
      { writer: 0, index: 1 },
      { writer: 1, index: 1 },
    ]);
  });

  // With equal readings ruled out: replica 0's clock runs a tick ahead, its write at
  // time 1 is acknowledged, and replica 1's later write at time 0 loses outright.
  it("physical-clock-skew with distinct readings: a strictly smaller timestamp loses, 7 steps", async () => {
    const o = await check(LWW_PHYSICAL, { model: "distinctReadings" });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LastAcknowledgedWriteWins" });
    expect(figures(o)).toEqual(["violation", 346, 513, 8]);
    expect(steps(o)).toBe(7);
    expect(labels(o)[0]).toBe("Tick replica 0");
    const stampOf = o.trace!.steps[7].state.ghosts.stampOf as readonly (readonly ({ l: number; c: number } | null)[])[];
    expect(stampOf).toEqual([[{ l: 1, c: 0 }], [{ l: 0, c: 0 }]]);
  });

  it("physical-clock-skew: the root cause, TimestampsFollowRealTime, fails as soon as the later write is stamped (4 steps)", async () => {
    const o = await check(LWW_PHYSICAL, { model: "cause" });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "TimestampsFollowRealTime" });
    expect(steps(o)).toBe(4);
    expect(labels(o)[3]).toBe("Write replica 0");
  });

  it("physical-clock-skew loses updates even with synchronized clocks (maxSkew 0): 6 steps", async () => {
    const o = await check(LWW_PHYSICAL, { model: "synchronized" });
    expect(figures(o)).toEqual(["violation", 60, 67, 7]);
    expect(steps(o)).toBe(6);
  });

  // Acknowledged at once (W = 1): replica 1 writes at (0, 1), replica 0 at (0, 1) before
  // hearing of it; replica 1's write then wins the tie-break at replica 0.
  it("ack-before-replication loses an update even with hybrid clocks: 3 steps", async () => {
    const o = await check(LWW_ACK_EARLY);
    expect(figures(o)).toEqual(["violation", 50, 60, 4]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LastAcknowledgedWriteWins" });
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(["Write replica 1", "Write replica 0", "ReceiveReplicate replica 0"]);
    expect(registers(o, 3)[0]).toEqual({ id: { writer: 1, index: 1 }, ts: { l: 0, c: 1 } });
  });

  // Replica 1 stores a write stamped (1, 0) but stays at (0, 1); its later write at (0, 2) loses.
  it("receive-ignores-timestamp loses an acknowledged update: LastAcknowledgedWriteWins violated in 7 steps", async () => {
    const o = await check(LWW_IGNORES_TS);
    expect(o.invariants).toEqual(["LastAcknowledgedWriteWins", "Converged"]);
    expect(figures(o)).toEqual(["violation", 703, 1_013, 8]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LastAcknowledgedWriteWins" });
    expect(steps(o)).toBe(7);
    expect(labels(o)).toEqual([
      "Tick replica 0",
      "Write replica 0",
      "ReceiveReplicate replica 1",
      "ReceiveStored replica 0",
      "Write replica 1",
      "ReceiveReplicate replica 0",
      "ReceiveStored replica 1",
    ]);
    const stampOf = o.trace!.steps[7].state.ghosts.stampOf as readonly (readonly ({ l: number; c: number } | null)[])[];
    expect(stampOf).toEqual([[{ l: 1, c: 0 }], [{ l: 0, c: 2 }]]);
  });

  // In ci each replica writes once: the restarted counter is never read by a later write.
  it("counter-reset holds in ci (the base's 1,507 states): it needs a second write", async () => {
    const o = await check(LWW_COUNTER_RESET);
    expect(figures(o)).toEqual(["ok", 1_507, 2_777, 11]);
  });

  // Replica 0 stores (1, 1) and restarts at (1, 0); its second write, (1, 1), loses the tie-break.
  it("counter-reset loses an acknowledged update in the secondWrite model: 10 steps", async () => {
    const o = await check(LWW_COUNTER_RESET, { model: "secondWrite" });
    expect(o.invariants).toEqual(["LastAcknowledgedWriteWins", "Converged"]);
    expect(figures(o)).toEqual(["violation", 2_612, 4_145, 11]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LastAcknowledgedWriteWins" });
    expect(steps(o)).toBe(10);
    expect(labels(o)[7]).toBe("Write replica 0");
    const stampOf = o.trace!.steps[10].state.ghosts.stampOf as readonly (readonly ({ l: number; c: number } | null)[])[];
    expect(stampOf).toEqual([
      [
        { l: 0, c: 1 },
        { l: 1, c: 1 },
      ],
      [{ l: 1, c: 1 }, null],
    ]);
  });

  it("ack-on-majority holds in ci and secondWrite: with two replicas a majority is all of them", async () => {
    expect(figures(await check(LWW_ACK_MAJORITY))).toEqual(["ok", 1_507, 2_777, 11]);
    expect(figures(await check(LWW_ACK_MAJORITY, { model: "secondWrite" }))).toEqual(["ok", 11_312, 20_685, 15]);
  });

  // Replica 1's write is acknowledged by replicas 1 and 2; replica 0 has not seen it, writes at the same stamp and loses.
  it("ack-on-majority loses an acknowledged update in the threeReplicas model: 6 steps", async () => {
    const o = await check(LWW_ACK_MAJORITY, { model: "threeReplicas" });
    expect(figures(o)).toEqual(["violation", 922, 1_521, 7]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LastAcknowledgedWriteWins" });
    expect(steps(o)).toBe(6);
    expect(labels(o)).toEqual([
      "Write replica 1",
      "ReceiveReplicate replica 2",
      "ReceiveStored replica 1",
      "Write replica 0",
      "ReceiveReplicate replica 1",
      "ReceiveStored replica 0",
    ]);
    expect(registers(o, 6)[1]).toEqual({ id: { writer: 1, index: 1 }, ts: { l: 0, c: 1 } });
  });
});
