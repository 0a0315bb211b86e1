/**
 * Multi-Paxos (specs/multi-paxos.json) and the broken variants the checker must refute.
 *
 * The base `ci` model is two acceptors (a quorum is both), two ballots, two slots,
 * two values and one learner: with three acceptors the exhaustive search is hundreds
 * of thousands of states, too many for a test (the `deep` model has them, for the
 * benchmark, and is not run here).
 */
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../cli/run-check.js";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const BASE = "specs/multi-paxos.json";
const DECIDE_FIRST = "specs/variants/multi-paxos-decide-on-first-vote.json";
const SKIP_PHASE1 = "specs/variants/multi-paxos-skip-phase-one.json";

const INVARIANTS = [
  "Agreement",
  "Validity",
  "LogsConsistent",
  "AppliedIsChosen",
  "VoteWithinPromise",
  "VotesRecorded",
  "PromisesKept",
  "OneValuePerBallot",
];

type Learner = { log: number[] };
const logs = (o: CheckOutcome, step: number) => (o.trace!.steps[step].state.nodes.learner as readonly Learner[]).map((l) => l.log);

describe("multi-paxos", () => {
  it("ci (2 acceptors, 2 ballots, 2 slots, 2 values, 1 learner, symmetry on): every invariant and the property hold in 29,056 states / 186,369 generated / depth 33", async () => {
    const o = await check(BASE);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ acceptors: 2, ballots: 2, slots: 2, values: 2, learners: 1 });
    expect(o.invariants).toEqual(INVARIANTS);
    expect(o.properties).toEqual(["VoteRespectsPromise"]);
    expect(figures(o)).toEqual(["ok", 29_056, 186_369, 33]);
    expect(o.result.finding).toBeNull();
    expect(o.trace).toBeNull();
    // Every action fires; the coverage counts every step but the initial state.
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["Phase1a", "Phase1b", "ReceivePromise", "Propose", "Phase2b", "ReceiveAccepted", "Apply"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
    expect(coverage.reduce((sum, c) => sum + c.count, 0)).toBe(o.result.statesGenerated - 1);
  }, 60_000);

  it("declares the deep model for the benchmark: 3 acceptors, 2 ballots, 2 slots, 2 values, 1 learner, constrained", () => {
    const deep = compileOrThrow(BASE).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ acceptors: 3, ballots: 2, slots: 2, values: 2, learners: 1 });
  });
});

describe("multi-paxos variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(DECIDE_FIRST).expect).toEqual({ violates: ["AppliedIsChosen"] });
    expect(compileOrThrow(SKIP_PHASE1).expect).toEqual({ violates: ["Agreement"] });
  });

  // Ballot 1 runs phase 1, proposes command 1 in slot 1, one acceptor votes, the leader
  // announces it at once and the learner applies it: 9 steps.
  it("decide-on-first-vote applies an unchosen command: AppliedIsChosen, shortest trace of 9 steps", async () => {
    const o = await check(DECIDE_FIRST);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "AppliedIsChosen" });
    expect(steps(o)).toBe(9);
    expect(o.result.depth).toBe(10);
    expect(labels(o).slice(-3)).toEqual(["Phase2b acceptor 0", "ReceiveAccepted proposer 0", "Apply learner 0"]);
    expect(logs(o, 9)).toEqual([[1]]);
  });

  // Three acceptors, two learners: ballot 1 announces command 1 on one vote, ballot 2
  // (promised by the two others) proposes command 2 and announces it on one vote;
  // each learner applies a different one: 18 steps.
  it("decide-on-first-vote makes the replicas' logs diverge: LogsConsistent, shortest trace of 18 steps", async () => {
    const o = await check(DECIDE_FIRST, { model: "prefix" });
    expect(o.invariants).toEqual(["LogsConsistent"]);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LogsConsistent" });
    expect(steps(o)).toBe(18);
    const last = logs(o, 18);
    expect(last).toHaveLength(2);
    expect(last.map((l) => l.length)).toEqual([1, 1]);
    expect(last[0][0]).not.toBe(last[1][0]);
  });

  // Ballot 1 and ballot 2 both propose in slot 1 without phase 1, and both acceptors
  // vote for one then the other: two commands chosen in slot 1, 6 steps.
  it("skip-phase-one violates per-slot Agreement with a shortest trace of 6 steps", async () => {
    const o = await check(SKIP_PHASE1);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Agreement" });
    expect(steps(o)).toBe(6);
    expect(o.result.depth).toBe(7);
    expect(labels(o)).toEqual([
      "Propose proposer 0",
      "Propose proposer 1",
      "Phase2b acceptor 0",
      "Phase2b acceptor 1",
      "Phase2b acceptor 0",
      "Phase2b acceptor 1",
    ]);
    const last = o.trace!.steps[6].state;
    expect(last.network).toEqual(expect.arrayContaining([
      { type: "Phase2b", from: 0, to: 0, bal: 1, slot: 1, val: 1 },
      { type: "Phase2b", from: 1, to: 0, bal: 1, slot: 1, val: 1 },
      { type: "Phase2b", from: 0, to: 1, bal: 2, slot: 1, val: 2 },
      { type: "Phase2b", from: 1, to: 1, bal: 2, slot: 1, val: 2 },
    ]));
  });
});
