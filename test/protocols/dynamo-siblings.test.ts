/**
 * Dynamo's conflict handling (specs/dynamo-siblings.json): vector clocks keep
 * concurrent writes as siblings, a read returns them all, and a write with that
 * read's context supersedes them; keeping only the latest sibling by wall-clock
 * time, or keying the clock by the coordinating replica, loses an acknowledged
 * write (specs/variants/dynamo-siblings-*.json).
 */
import { describe, expect, it } from "vitest";
import { initClient, initReplica, stepClient, stepReplica } from "../../generated/dynamo-siblings/machine.js";
import { defaultParameters, type GetReply, type ReplicaState } from "../../generated/dynamo-siblings/types.js";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const SPEC = "specs/dynamo-siblings.json";
const variant = (name: string) => `specs/variants/dynamo-siblings-${name}.json`;

interface Version {
  readonly value: number;
  readonly clock: readonly number[];
}
const versionsOf = (o: Awaited<ReturnType<typeof check>>, step: number) =>
  (o.trace!.steps[step].state.nodes.replica as readonly { versions: readonly Version[] }[]).map((r) => r.versions);

describe("dynamo-siblings", () => {
  it("ci (2 clients at 1 replica, up to 4 operations in all): every invariant holds in 6,277 states / 11,217 generated / depth 14", async () => {
    const o = await check(SPEC);
    expect(o.request.parameters).toEqual({ clients: 2, replicas: 1, ops: 3 });
    expect(o.invariants).toEqual(["NoAcknowledgedWriteLost", "SiblingsAreConcurrent"]);
    expect(figures(o)).toEqual(["ok", 6_277, 11_217, 14]);
    expect(o.result.outsideConstraint).toBe(3_296);
  });

  it("replicated (2 clients, 2 replicas, 1 operation each): every invariant holds in 343 states / 693 generated / depth 11, with anti-entropy", async () => {
    const ir = compileOrThrow(SPEC);
    expect(ir.models.filter((m) => m.publish).map((m) => m.name)).toEqual(["ci", "replicated"]);
    const o = await check(SPEC, { model: "replicated" });
    expect(figures(o)).toEqual(["ok", 343, 693, 11]);
    expect(o.result.coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("declares the deep model: 2 clients, 2 replicas, 2 operations each (72,787 states, depth 21)", () => {
    expect(compileOrThrow(SPEC).models.find((m) => m.name === "deep")?.parameters).toEqual({ clients: 2, replicas: 2, ops: 2 });
  });

  // The generated machine the checker ran: two blind writes become siblings, a read returns both with their joined clocks, and a write with that context replaces them.
  it("the generated replica keeps concurrent writes as siblings, and a write with the read context supersedes them", () => {
    const p = { ...defaultParameters, replicas: 1 };
    const put = (state: ReplicaState, value: number, clock: readonly number[]) => stepReplica(p, 0, state, { action: "ServePut", message: { type: "Put", from: 0, to: 0, value, clock } })[0].state;
    const siblings = put(put(initReplica(p, 0), 1, [1, 0]), 4, [0, 1]);
    expect(siblings.versions).toEqual([{ value: 1, clock: [1, 0] }, { value: 4, clock: [0, 1] }]);
    const [read] = stepReplica(p, 0, siblings, { action: "ServeGet", message: { type: "Get", from: 0, to: 0 } });
    const reply = read.send[0] as GetReply;
    expect(reply.versions).toEqual(siblings.versions);
    const reading = { ...initClient(p, 0), phase: "reading" as const, op: 2, context: [1, 0] };
    const [joined] = stepClient(p, 0, reading, { action: "ReceiveGetReply", message: reply });
    expect(joined.state.context).toEqual([1, 1]);
    // The client writes the value it is given (a check would give its third operation the value 3).
    const [write] = stepClient(p, 0, joined.state, { action: "StartPut", args: { value: 3 } });
    expect(write.send).toEqual([{ type: "Put", from: 0, to: 0, value: 3, clock: [2, 1] }]);
    expect(put(siblings, 3, [2, 1]).versions).toEqual([{ value: 3, clock: [2, 1] }]);
    // A late copy of a superseded write is dropped, not kept beside what replaced it.
    expect(put(put(siblings, 3, [2, 1]), 1, [1, 0]).versions).toEqual([{ value: 3, clock: [2, 1] }]);
  });
});

describe("dynamo-siblings: the variants lose an acknowledged write", () => {
  it.each([
    ["last-writer-wins", 115, 176],
    ["coordinator-clock", 105, 158],
  ] as const)("%s is refuted by ci: NoAcknowledgedWriteLost in 4 steps (%i distinct, %i generated, depth 5)", async (name, distinct, generated) => {
    expect(compileOrThrow(variant(name)).expect).toEqual({ violates: ["NoAcknowledgedWriteLost"] });
    const o = await check(variant(name));
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoAcknowledgedWriteLost" });
    expect(steps(o)).toBe(4);
    expect(figures(o)).toEqual(["violation", distinct, generated, 5]);
  });

  it("last-writer-wins: two blind writes by two clients, and the replica keeps only the later one", async () => {
    const o = await check(variant("last-writer-wins"));
    expect(labels(o)).toEqual(["StartPut client 0", "StartPut client 1", "ServePut replica 0", "ServePut replica 0"]);
    expect(versionsOf(o, 3)).toEqual([[{ value: 1, clock: [1, 0], time: 1 }]]);
    expect(versionsOf(o, 4)).toEqual([[{ value: 4, clock: [0, 1], time: 2 }]]);
    expect(o.trace!.steps[4].state.ghosts.superseded).toEqual([]);
  });

  it("coordinator-clock: one client's two writes arrive out of order, and the replica's clock orders them by arrival", async () => {
    const o = await check(variant("coordinator-clock"));
    expect(labels(o)).toEqual(["StartPut client 0", "StartPut client 0", "ServePut replica 0", "ServePut replica 0"]);
    expect(versionsOf(o, 3)).toEqual([[{ value: 2, clock: [1] }]]);
    expect(versionsOf(o, 4)).toEqual([[{ value: 1, clock: [2] }]]);
    // Write 1 was superseded by write 2, whose writer had made it; write 2 was superseded by nothing.
    expect(o.trace!.steps[4].state.ghosts.superseded).toEqual([1]);
  });
});
