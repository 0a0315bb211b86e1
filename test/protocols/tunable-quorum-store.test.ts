/**
 * Tunable quorums (specs/tunable-quorum-store.json): three consistency levels
 * with R + W > N hold; the variants with R + W = N, the read that returns the
 * last reply, and the sloppy quorum with hinted handoff are refuted with the
 * shortest stale read (specs/variants/tunable-quorum-store-*.json).
 */
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../cli/run-check.js";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const SPEC = "specs/tunable-quorum-store.json";
const variant = (name: string) => `specs/variants/tunable-quorum-store-${name}.json`;
const INVARIANTS = ["ReadReturnsLatestAcknowledgedWrite", "ConvergenceWhenQuiescent"];

/** Each spec and model is checked once for the tests that look at its outcome. */
const outcomes = new Map<string, Promise<CheckOutcome>>();
const checked = (file: string, model = "ci"): Promise<CheckOutcome> => {
  const key = `${file} ${model}`;
  if (!outcomes.has(key)) outcomes.set(key, check(file, { model }));
  return outcomes.get(key)!;
};

describe("tunable-quorum-store: consistency levels with R + W > N", () => {
  // model, N, W, R, writes, distinct, generated, depth
  const LEVELS = [
    ["ci", 3, 2, 2, 2, 6_164, 24_627, 20],
    ["allOne", 3, 3, 1, 2, 259, 734, 18],
    ["oneAll", 3, 1, 3, 1, 728, 2_593, 15],
  ] as const;

  it.each(LEVELS)("%s (N = %i, W = %i, R = %i, %i writes, one read, symmetry on): every invariant holds in %i states / %i generated / depth %i", async (model, n, w, r, writes, distinct, generated, depth) => {
    const o = await checked(SPEC, model);
    expect(o.request.parameters).toEqual({ replicas: n, writeAcks: w, readReplies: r, writes, readers: 1, reads: 1 });
    expect(r + w).toBeGreaterThan(n);
    expect(o.symmetry).toBe(true);
    expect(o.invariants).toEqual(INVARIANTS);
    expect(figures(o)).toEqual(["ok", distinct, generated, depth]);
  });

  it("ci runs every action, read repair included", async () => {
    const o = await checked(SPEC);
    expect(o.result.coverage.map((c) => c.step)).toEqual(["StartWrite", "ReceiveWriteAck", "StartRead", "ReceiveReadReply", "ServeWrite", "ServeRead", "ServeRepair"]);
    expect(o.result.coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("publishes ci, allOne and oneAll, and declares the deep model (two reads one after the other; 61,724 states, depth 26)", () => {
    const models = compileOrThrow(SPEC).models;
    expect(models.filter((m) => m.publish).map((m) => m.name)).toEqual(["ci", "allOne", "oneAll"]);
    expect(models.find((m) => m.name === "deep")?.parameters).toEqual({ replicas: 3, writeAcks: 2, readReplies: 2, writes: 2, readers: 1, reads: 2 });
  });
});

describe("tunable-quorum-store: the variants are refuted with the shortest stale read", () => {
  // variant, model, W, R, trace steps, distinct, generated, depth
  const REFUTED = [
    ["quorum-one", "ci", 2, 1, 8, 118, 285, 9],
    ["one-quorum", "ci", 1, 2, 8, 796, 1_929, 9],
    ["last-reply", "ci", 2, 2, 10, 691, 1_796, 11],
    ["sloppy-quorum", "quorumReads", 2, 2, 10, 2_626, 8_826, 11],
  ] as const;

  it.each(REFUTED)("%s (%s, W = %i, R = %i): ReadReturnsLatestAcknowledgedWrite in %i steps (%i distinct, %i generated, depth %i)", async (name, model, w, r, length, distinct, generated, depth) => {
    expect(compileOrThrow(variant(name)).expect).toEqual({ violates: ["ReadReturnsLatestAcknowledgedWrite"] });
    const o = await checked(variant(name), model);
    expect(o.request.parameters).toMatchObject({ replicas: 3, writeAcks: w, readReplies: r });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ReadReturnsLatestAcknowledgedWrite" });
    expect(steps(o)).toBe(length);
    expect(figures(o)).toEqual(["violation", distinct, generated, depth]);
    // The read started after write 1 was acknowledged and returned the initial value.
    expect(o.trace!.steps[length].state.ghosts.readHistory).toEqual([{ reader: 0, value: 0, after: 1 }]);
  });

  it("quorum-one: the write is acknowledged by two replicas, and the read asks the third", async () => {
    const o = await checked(variant("quorum-one"));
    expect(labels(o)).toEqual([
      "StartWrite writer 0",
      "ServeWrite replica 0",
      "ReceiveWriteAck writer 0",
      "ServeWrite replica 1",
      "ReceiveWriteAck writer 0",
      "StartRead reader 0",
      "ServeRead replica 2",
      "ReceiveReadReply reader 0",
    ]);
  });

  it("sloppy-quorum: the fallback's acknowledgement completes the write, and the read asks the two replicas it did not reach", async () => {
    const o = await checked(variant("sloppy-quorum"), "quorumReads");
    expect(labels(o).slice(0, 5)).toEqual(["StartWrite writer 0", "ServeWrite replica 1", "ReceiveWriteAck writer 0", "KeepHints fallback 0", "ReceiveHintAck writer 0"]);
    expect(o.trace!.steps[5].state.nodes.fallback).toEqual([{ hints: [{ target: 0, ts: 1 }] }]);
  });

  it("sloppy-quorum: convergence after handoff holds in ci (two writes, no reads): 4,273 states / 18,095 generated / depth 18", async () => {
    const ir = compileOrThrow(variant("sloppy-quorum"));
    expect(ir.models.filter((m) => m.publish).map((m) => m.name)).toEqual(["ci", "quorumReads"]);
    const o = await check(variant("sloppy-quorum"));
    expect(o.request.parameters).toMatchObject({ writeAcks: 2, readReplies: 2, writes: 2, reads: 0 });
    expect(o.invariants).toEqual(["ConvergenceWhenQuiescent"]);
    expect(figures(o)).toEqual(["ok", 4_273, 18_095, 18]);
    const fired = Object.fromEntries(o.result.coverage.map((c) => [c.step, c.count]));
    expect(fired.HandOff).toBeGreaterThan(0);
    expect(fired.ServeHandoff).toBeGreaterThan(0);
  });

  it("quorum-one and one-quorum change nothing but W and R, to R + W = N", () => {
    const base = compileOrThrow(SPEC);
    for (const name of ["quorum-one", "one-quorum"]) {
      const ir = compileOrThrow(variant(name));
      expect(ir.actions).toEqual(base.actions);
      const ci = ir.models.find((m) => m.name === "ci")!;
      expect(ci.parameters.writeAcks + ci.parameters.readReplies).toBe(ci.parameters.replicas);
    }
  });
});
