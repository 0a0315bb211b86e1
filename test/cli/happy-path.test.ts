/**
 * The happy paths of the narratives (cli/happy-path.ts): the shortest
 * fault-free run of two-phase commit to every resource manager committed is
 * the ten steps of the textbook (three votes, three receipts, the commit, three
 * deliveries of it), and Raft's shortest election takes a timeout, one vote
 * and the step to leader; a goal on a list field compares by value; the
 * certificates hold the diagrams of both.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Model } from "../../checkers/model.js";
import { narrativeGoals, shortestTo, type Goal } from "../../cli/happy-path.js";
import * as gCounterModel from "../../generated/crdt-g-counter/model.js";
import * as raftModel from "../../generated/raft/model.js";
import * as twoPhaseModel from "../../generated/two-phase-commit/model.js";
import { ROOT } from "../pages/support.js";

const actions = (model: Model, goal: Goal): string[] =>
  shortestTo(model, goal)!.steps.flatMap((s) => (s.label?.kind === "action" ? [s.label.action] : s.label === null ? [] : [s.label.kind]));

describe("happy paths", () => {
  it("two-phase commit reaches every resource manager committed in ten fault-free steps", () => {
    const model = twoPhaseModel.createModel("ci") as unknown as Model;
    const run = actions(model, { role: "rm", field: "rmState", is: "committed", nodes: "every" });
    expect(run).toHaveLength(10);
    expect(run.filter((a) => a === "RMPrepare")).toHaveLength(3);
    expect(run.filter((a) => a === "RMRcvCommitMsg")).toHaveLength(3);
    expect(run.indexOf("TMCommit")).toBe(6);
  });

  it("Raft's shortest election: a timeout, one granted vote, its receipt, and the step to leader", () => {
    const model = raftModel.createModel("ci") as unknown as Model;
    expect(actions(model, { role: "server", field: "role", is: "leader", nodes: "some" })).toEqual(["Timeout", "HandleRequestVote", "HandleRequestVoteResponse", "BecomeLeader"]);
  });

  it("compares a list field by value: the G-Counter's replicas both holding both increments", () => {
    const model = gCounterModel.createModel("ci") as unknown as Model;
    const run = actions(model, { role: "replica", field: "counts", is: [1, 1], nodes: "every" });
    expect(run.filter((a) => a === "Increment")).toHaveLength(2);
    expect(run.filter((a) => a === "Merge")).toHaveLength(2);
    expect(run).toHaveLength(6);
  });

  it("is null when no run reaches the goal", () => {
    const model = twoPhaseModel.createModel("ci") as unknown as Model;
    expect(shortestTo(model, { role: "rm", field: "rmState", is: "no such state", nodes: "some" })).toBeNull();
  });

  it.each(["two-phase-commit", "raft"])("are recorded in %s's certificate for every goal its narrative marks", (protocol) => {
    const certificate = JSON.parse(readFileSync(join(ROOT, "generated", protocol, "CERTIFICATE.json"), "utf8")) as { happyPaths?: { goal: string; mermaid: string }[] };
    const goals = narrativeGoals(protocol);
    expect(goals.length).toBeGreaterThan(0);
    expect(certificate.happyPaths?.map((p) => p.goal)).toEqual(goals);
    for (const p of certificate.happyPaths ?? []) expect(p.mermaid).toMatch(/^sequenceDiagram\n/);
  });
});
