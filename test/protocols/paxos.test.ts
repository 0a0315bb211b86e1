/**
 * Paxos (specs/paxos.json) and the broken variants the checker must refute.
 *
 * The base figures were cross-checked independently of the checker's symmetry
 * reduction: a plain breadth-first walk of the generated model's `transitions()`
 * reaches 14,784 states (depth 23), which fall into exactly 2,978 classes under
 * the 3! renamings of the acceptors, computed by brute force; those are the
 * counts pinned below without and with symmetry.
 */
import { describe, expect, it } from "vitest";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const BASE = "specs/paxos.json";
const IGNORE_REPORTED = "specs/variants/paxos-ignore-reported-vote.json";
const ACCEPT_BELOW = "specs/variants/paxos-accept-below-promise.json";
const ANY_REPORTED = "specs/variants/paxos-any-reported-vote.json";

const INVARIANTS = ["Agreement", "Validity", "VoteWithinPromise", "VotesRecorded", "PromisesKept", "OneValuePerBallot"];

describe("paxos", () => {
  it("ci (3 acceptors, 2 ballots, 2 values, symmetry on): every invariant and the property hold in 2,978 states / 11,295 generated / depth 23", async () => {
    const o = await check(BASE);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ acceptors: 3, ballots: 2, values: 2 });
    expect(o.invariants).toEqual(INVARIANTS);
    expect(o.properties).toEqual(["VoteRespectsPromise"]);
    expect(figures(o)).toEqual(["ok", 2_978, 11_295, 23]);
    expect(o.result.finding).toBeNull();
    expect(o.trace).toBeNull();
    // Every action fires; the coverage counts every step but the initial state.
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["Phase1a", "Phase1b", "ReceivePromise", "Phase2a", "Phase2b"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
    expect(coverage.reduce((sum, c) => sum + c.count, 0)).toBe(o.result.statesGenerated - 1);
  });

  it("ci without symmetry: 14,784 states / 55,769 generated / depth 23", async () => {
    const o = await check(BASE, { noSymmetry: true });
    expect(o.symmetry).toBe(false);
    expect(figures(o)).toEqual(["ok", 14_784, 55_769, 23]);
  });

  it("declares the deep model for the benchmark: 3 acceptors, 3 ballots, 2 values", () => {
    const deep = compileOrThrow(BASE).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ acceptors: 3, ballots: 3, values: 2 });
  });
});

describe("paxos variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(IGNORE_REPORTED).expect).toEqual({ violates: ["Agreement"] });
    expect(compileOrThrow(ACCEPT_BELOW).expect).toEqual({ violates: ["PromisesKept"] });
    expect(compileOrThrow(ANY_REPORTED).expect).toEqual({ violates: ["Agreement"] });
  });

  // A majority promises ballot 2, one of them reporting its ballot-1 vote for value 1;
  // the leader proposes value 2 anyway. Ballot 1 then gets a second vote and ballot 2 two:
  // two values chosen. 16 steps.
  it("ignore-reported-vote violates Agreement with a shortest trace of 16 steps", async () => {
    const o = await check(IGNORE_REPORTED);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Agreement" });
    expect(steps(o)).toBe(16);
    expect(o.result.depth).toBe(17);
    expect(labels(o)).toEqual([
      "Phase1a proposer 0",
      "Phase1a proposer 1",
      "Phase1b acceptor 0",
      "Phase1b acceptor 1",
      "Phase1b acceptor 2",
      "ReceivePromise proposer 0",
      "ReceivePromise proposer 0",
      "ReceivePromise proposer 1",
      "Phase2a proposer 0",
      "Phase2b acceptor 0",
      "Phase1b acceptor 0",
      "ReceivePromise proposer 1",
      "Phase2a proposer 1",
      "Phase2b acceptor 1",
      "Phase2b acceptor 1",
      "Phase2b acceptor 2",
    ]);
    // The promise that reported the vote, and the Phase2a that ignored it.
    const last = o.trace!.steps[16].state;
    expect(last.network).toEqual(expect.arrayContaining([
      { type: "Phase1b", from: 0, to: 1, bal: 2, mbal: 1, mval: 1 },
      { type: "Phase2a", from: 1, to: 0, bal: 2, val: 2 },
    ]));
  });

  // An acceptor that promised ballot 2 votes in ballot 1 (its last vote was lower still),
  // which lowers its promise below the Phase1b it sent: 9 steps.
  it("accept-below-promise breaks PromisesKept first, with a shortest trace of 9 steps", async () => {
    const o = await check(ACCEPT_BELOW);
    expect(o.properties).toEqual([]);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "PromisesKept" });
    expect(steps(o)).toBe(9);
    expect(labels(o).slice(-2)).toEqual(["Phase2a proposer 0", "Phase2b acceptor 2"]);
    const acceptor2 = (o.trace!.steps[9].state.nodes.acceptor as readonly { maxBal: number; maxVBal: number }[])[2];
    expect(acceptor2).toMatchObject({ maxBal: 1, maxVBal: 1 });
  });

  it("accept-below-promise loses consensus: Agreement is violated in 16 steps", async () => {
    const o = await check(ACCEPT_BELOW, { model: "agreement" });
    expect(o.invariants).toEqual(["Agreement"]);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Agreement" });
    expect(steps(o)).toBe(16);
  });

  it("accept-below-promise breaks the action property VoteRespectsPromise at the bad vote, 9 steps", async () => {
    const o = await check(ACCEPT_BELOW, { model: "step" });
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "property", name: "VoteRespectsPromise" });
    expect(steps(o)).toBe(9);
  });

  // Needs three ballots: ballot 1 gets one vote for value 1, ballot 2 has value 2 chosen,
  // and the leader of ballot 3 keeps the ballot-1 vote reported after the ballot-2 one:
  // 23 steps (the ci model of the variant explores ballots one at a time, bare majorities).
  it("any-reported-vote violates Agreement with 3 ballots, shortest trace of 23 steps", async () => {
    const o = await check(ANY_REPORTED);
    expect(o.request.parameters).toEqual({ acceptors: 3, ballots: 3, values: 2 });
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Agreement" });
    expect(steps(o)).toBe(23);
    expect(o.result.depth).toBe(24);
    // The two promises to the ballot-3 leader, the ballot-2 vote first, then the ballot-1 one that overwrote it.
    const leader = o.trace!.steps.map((s) => (s.state.nodes.proposer as readonly { highestVBal: number; highestVal: number }[])[2]);
    expect(leader[18]).toMatchObject({ highestVBal: 2, highestVal: 2 });
    expect(leader[19]).toMatchObject({ highestVBal: 1, highestVal: 1 });
  });

  it("any-reported-vote cannot go wrong with two ballots: the base's 2,978 / 11,295 / 23", async () => {
    const o = await check(ANY_REPORTED, { model: "twoBallots" });
    expect(figures(o)).toEqual(["ok", 2_978, 11_295, 23]);
  });
});
