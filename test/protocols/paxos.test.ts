/**
 * Paxos (specs/paxos.json) and the broken variants the checker must refute.
 *
 * The base figures were cross-checked independently of the checker's symmetry
 * reduction: a plain breadth-first walk of the generated model's `transitions()`
 * reaches 14,784 states (depth 23), which fall into exactly 2,978 classes under
 * the 3! renamings of the acceptors, computed by brute force; those are the
 * counts pinned below without and with symmetry.
 */
import { violatedName } from "../../cli/expectation.js";
import { describe, expect, it } from "vitest";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const BASE = "specs/paxos.json";
const IGNORE_REPORTED = "specs/variants/paxos-ignore-reported-vote.json";
const ACCEPT_BELOW = "specs/variants/paxos-accept-below-promise.json";
const ANY_REPORTED = "specs/variants/paxos-any-reported-vote.json";
const PROMISE_BELOW = "specs/variants/paxos-promise-below-promise.json";
const PROMISE_LOWER = "specs/variants/paxos-promise-lower-ballot.json";
const REPORT_PROMISE = "specs/variants/paxos-report-promise-as-vote.json";
const VOTE_WITHOUT_PROMISE = "specs/variants/paxos-vote-without-promise.json";
const LOWEST_REPORTED = "specs/variants/paxos-lowest-reported-vote.json";
const PHASE1_MINORITY = "specs/variants/paxos-phase1-minority.json";
const SHARED_BALLOT = "specs/variants/paxos-shared-ballot.json";
const REPEAT_PROMISE = "specs/variants/paxos-repeat-promise.json";

const INVARIANTS = ["Agreement", "Validity", "VoteWithinPromise", "VotesRecorded", "PromisesKept", "OneValuePerBallot"];

describe("paxos", () => {
  it("ci (3 acceptors, 2 ballots, 2 values, symmetry on): every invariant and the property hold in 2,978 states / 11,295 generated / depth 23", async () => {
    const o = await check(BASE);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ acceptors: 3, proposers: 2, ballots: 2, values: 2 });
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

  // Published beside ci for the leader's rule among reported votes, which needs a third ballot:
  // ballots one at a time, bare majorities of promises, invariants only.
  it("threeBallots (published: 3 acceptors, 3 ballots, 2 values, constrained): every invariant holds in 18,892 states / 49,332 generated / depth 28", async () => {
    const model = compileOrThrow(BASE).models.find((m) => m.name === "threeBallots");
    expect(model?.publish).toBe(true);
    const o = await check(BASE, { model: "threeBallots" });
    expect(o.request.parameters).toEqual({ acceptors: 3, proposers: 3, ballots: 3, values: 2 });
    expect(o.invariants).toEqual(INVARIANTS);
    expect(o.properties).toEqual([]);
    expect(figures(o)).toEqual(["ok", 18_892, 49_332, 28]);
  });

  it("declares the deep model for the benchmark: 3 acceptors, 3 ballots, 2 values", () => {
    const deep = compileOrThrow(BASE).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ acceptors: 3, proposers: 3, ballots: 3, values: 2 });
  });
});

describe("paxos variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(IGNORE_REPORTED).expect).toEqual({ violates: ["Agreement"] });
    expect(compileOrThrow(ACCEPT_BELOW).expect).toEqual({ violates: ["PromisesKept"] });
    expect(compileOrThrow(ANY_REPORTED).expect).toEqual({ violates: ["Agreement"] });
    expect(compileOrThrow(PROMISE_BELOW).expect).toEqual({ violates: ["PromisesKept"] });
    expect(compileOrThrow(PROMISE_LOWER).expect).toEqual({ holds: true });
    expect(compileOrThrow(REPORT_PROMISE).expect).toEqual({ violates: ["PromisesKept"] });
    expect(compileOrThrow(VOTE_WITHOUT_PROMISE).expect).toEqual({ violates: ["VoteWithinPromise"] });
    expect(compileOrThrow(LOWEST_REPORTED).expect).toEqual({ violates: ["Agreement"], model: "threeBallots" });
    expect(compileOrThrow(PHASE1_MINORITY).expect).toEqual({ violates: ["Agreement"] });
    expect(compileOrThrow(SHARED_BALLOT).expect).toEqual({ violates: ["OneValuePerBallot"] });
    expect(compileOrThrow(REPEAT_PROMISE).expect).toEqual({ holds: true });
  });

  /** verdict, the invariant or property found, the trace's steps. */
  const finding = (o: Awaited<ReturnType<typeof check>>) => [o.result.verdict, violatedName(o.result), o.trace === null ? null : steps(o)];

  // The base's published threeBallots model agrees with ci on the variants ci refutes,
  // and refutes any-reported-vote without the variant's own three-ballot ci model.
  it("the published threeBallots model refutes the earlier variants as ci does", async () => {
    expect(finding(await check(ACCEPT_BELOW, { model: "threeBallots" }))).toEqual(["violation", "PromisesKept", 9]);
    expect(finding(await check(IGNORE_REPORTED, { model: "threeBallots" }))).toEqual(["violation", "Agreement", 16]);
    expect(finding(await check(ANY_REPORTED, { model: "threeBallots" }))).toEqual(["violation", "Agreement", 23]);
  });

  // Ballot 2 is promised by an acceptor, which then also promises ballot 1 (above its last
  // vote, none) and lowers its promise: 4 steps.
  it("promise-below-promise lowers a promise: PromisesKept in 4 steps (9 in threeBallots); Agreement falls in 16", async () => {
    const o = await check(PROMISE_BELOW);
    expect(finding(o)).toEqual(["violation", "PromisesKept", 4]);
    expect(labels(o)).toEqual(["Phase1a proposer 0", "Phase1a proposer 1", "Phase1b acceptor 0", "Phase1b acceptor 0"]);
    expect(finding(await check(PROMISE_BELOW, { model: "threeBallots" }))).toEqual(["violation", "PromisesKept", 9]);
    expect(finding(await check(PROMISE_BELOW, { model: "agreement" }))).toEqual(["violation", "Agreement", 16]);
  });

  // The control: promising a lower ballot while keeping the higher promise is harmless.
  it("promise-lower-ballot holds in ci (2,978 / 19,167 / 23) and threeBallots (23,348 / 81,148 / 28)", async () => {
    expect(figures(await check(PROMISE_LOWER))).toEqual(["ok", 2_978, 19_167, 23]);
    expect(figures(await check(PROMISE_LOWER, { model: "threeBallots" }))).toEqual(["ok", 23_348, 81_148, 28]);
  });

  // A promise for ballot 2 reports ballot 1 (the acceptor's promise) with value 0 (no vote):
  // PromisesKept in 4 steps; the leader then has value 0 chosen (Validity, 10 steps).
  it("report-promise-as-vote misreports the last vote: PromisesKept in 4 steps, Validity in 10", async () => {
    const o = await check(REPORT_PROMISE);
    expect(finding(o)).toEqual(["violation", "PromisesKept", 4]);
    expect(o.trace!.steps[4].state.network).toEqual(expect.arrayContaining([{ type: "Phase1b", from: expect.any(Number), to: 1, bal: 2, mbal: 1, mval: 0 }]));
    expect(finding(await check(REPORT_PROMISE, { model: "threeBallots" }))).toEqual(["violation", "PromisesKept", 8]);
    expect(finding(await check(REPORT_PROMISE, { model: "validity" }))).toEqual(["violation", "Validity", 10]);
  });

  // An acceptor that promised nothing votes in ballot 1 and its promise stays 0: 7 steps.
  // With three ballots the replaced vote loses consensus: Agreement in 23 steps.
  it("vote-without-promise votes above its promise: VoteWithinPromise in 7 steps; Agreement with three ballots in 23", async () => {
    const o = await check(VOTE_WITHOUT_PROMISE);
    expect(finding(o)).toEqual(["violation", "VoteWithinPromise", 7]);
    expect(labels(o).at(-1)).toMatch(/^Phase2b acceptor /);
    expect(finding(await check(VOTE_WITHOUT_PROMISE, { model: "threeBallots" }))).toEqual(["violation", "VoteWithinPromise", 7]);
    expect(finding(await check(VOTE_WITHOUT_PROMISE, { model: "agreement" }))).toEqual(["violation", "Agreement", 23]);
  });

  // Invisible with two ballots (ci: the base's figures); the published threeBallots model
  // finds it: the ballot-3 leader keeps the ballot-1 vote over the ballot-2 one, 23 steps.
  it("lowest-reported-vote holds in ci with the base's figures and violates Agreement in threeBallots, 23 steps", async () => {
    expect(figures(await check(LOWEST_REPORTED))).toEqual(["ok", 2_978, 11_295, 23]);
    const o = await check(LOWEST_REPORTED, { model: "threeBallots" });
    expect(finding(o)).toEqual(["violation", "Agreement", 23]);
    const leader = o.trace!.steps.map((s) => (s.state.nodes.proposer as readonly { highestVBal: number; highestVal: number }[])[2]);
    expect(leader[23]).toMatchObject({ highestVBal: 1, highestVal: 1 });
  });

  // Each leader goes ahead on one promise; two acceptors vote value 1 in ballot 1, then value 2 in ballot 2.
  it("phase1-minority violates Agreement in 12 steps, in ci and threeBallots", async () => {
    const o = await check(PHASE1_MINORITY);
    expect(finding(o)).toEqual(["violation", "Agreement", 12]);
    const promised = (o.trace!.steps[12].state.nodes.proposer as readonly { promised: number[] }[]).map((p) => p.promised.length);
    expect(promised).toEqual([1, 1]);
    expect(finding(await check(PHASE1_MINORITY, { model: "threeBallots" }))).toEqual(["violation", "Agreement", 12]);
  });

  // Both proposers lead ballot 1 and collect overlapping majorities: two values proposed
  // in ballot 1 in 12 steps, both chosen in 16. threeBallots (one bare majority of promises
  // per ballot number) cannot give both a majority, and holds.
  it("shared-ballot proposes two values in ballot 1: OneValuePerBallot in 12 steps, Agreement in 16", async () => {
    const o = await check(SHARED_BALLOT);
    expect(finding(o)).toEqual(["violation", "OneValuePerBallot", 12]);
    const proposals = o.trace!.steps[12].state.network.filter((m) => m.type === "Phase2a");
    expect(new Set(proposals.map((m) => (m as unknown as { bal: number }).bal))).toEqual(new Set([1]));
    expect(new Set(proposals.map((m) => (m as unknown as { val: number }).val))).toEqual(new Set([1, 2]));
    expect(finding(await check(SHARED_BALLOT, { model: "agreement" }))).toEqual(["violation", "Agreement", 16]);
    expect(finding(await check(SHARED_BALLOT, { model: "threeBallots" }))).toEqual(["ok", null, null]);
  });

  // The acceptor rule of shared-ballot alone, with unique ballots: harmless.
  it("repeat-promise holds in ci (2,978 / 16,299 / 23) and threeBallots (18,892 / 67,516 / 28)", async () => {
    expect(figures(await check(REPEAT_PROMISE))).toEqual(["ok", 2_978, 16_299, 23]);
    expect(figures(await check(REPEAT_PROMISE, { model: "threeBallots" }))).toEqual(["ok", 18_892, 67_516, 28]);
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
    expect(o.request.parameters).toEqual({ acceptors: 3, proposers: 3, ballots: 3, values: 2 });
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
