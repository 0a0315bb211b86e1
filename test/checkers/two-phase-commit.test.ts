/**
 * The checker against TLC on TwoPhase.tla (../shared/reference/tlc-counts.md):
 * the same model must give exactly the same distinct, generated and depth
 * figures. Then the variants' verdicts, coverage, the collision estimate and
 * determinism.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { search } from "../../checkers/bfs.js";
import { traceText } from "../../checkers/trace-format.js";
import { BASE_SPEC, check, compileOrThrow, figures, FIRST_PREPARED, labels, loadModel, MAJORITY, QUANTIFIER, REPO_ROOT, steps } from "../support/checker.js";

/** TLC's table for TwoPhase without symmetry: RM count -> distinct, generated, depth. */
const TLC_NO_SYMMETRY: readonly (readonly [rms: number, distinct: number, generated: number, depth: number])[] = [
  [3, 288, 1_146, 11],
  [4, 1_568, 8_258, 14],
  [5, 8_832, 58_146, 17],
  [6, 50_816, 402_306, 20],
];

describe("two-phase commit against TLC's figures", () => {
  it.each(TLC_NO_SYMMETRY)("%i resource managers, no symmetry: %i distinct, %i generated, depth %i", async (rms, distinct, generated, depth) => {
    const o = await check(BASE_SPEC, { overrides: { resourceManagers: rms }, noSymmetry: true });
    expect(o.symmetry).toBe(false);
    expect(o.result.verdict).toBe("ok");
    expect(o.request.parameters).toEqual({ resourceManagers: rms });
    expect({ distinct: o.result.distinctStates, generated: o.result.statesGenerated, depth: o.result.depth }).toEqual({ distinct, generated, depth });
  });

  // The big row, with and without symmetry, in one test (about 10 s without symmetry).
  it("7 resource managers: 296,448 / 2,744,706 / 23 without symmetry, 920 / 8,410 / 23 with it", async () => {
    const loaded = await loadModel(BASE_SPEC, "ci", { resourceManagers: 7 });
    const invariants = loaded.ir.models.find((m) => m.name === "ci")!.invariants;
    expect(invariants).toEqual(["TypeOK", "PreparedHeard", "Consistent"]);
    expect(loaded.model.symmetricRoles).toEqual(["rm"]);
    const off = search(loaded.model, { invariants, properties: [], symmetry: false, deadlock: false });
    expect({ verdict: off.verdict, distinct: off.distinctStates, generated: off.statesGenerated, depth: off.depth }).toEqual({ verdict: "ok", distinct: 296_448, generated: 2_744_706, depth: 23 });
    const on = search(loaded.model, { invariants, properties: [], symmetry: true, deadlock: false });
    expect({ verdict: on.verdict, distinct: on.distinctStates, generated: on.statesGenerated, depth: on.depth }).toEqual({ verdict: "ok", distinct: 920, generated: 8_410, depth: 23 });
  });

  it("the ci model is 3 resource managers with symmetry off, TLC's 288 / 1,146 / 11", async () => {
    const o = await check(BASE_SPEC);
    expect(o.symmetry).toBe(false);
    expect(o.request.parameters).toEqual({ resourceManagers: 3 });
    expect(o.invariants).toEqual(["TypeOK", "PreparedHeard", "Consistent"]);
    expect([o.result.verdict, o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual(["ok", 288, 1_146, 11]);
    expect(o.trace).toBeNull();
    expect(o.result.finding).toBeNull();
  });
});

describe("the variants", () => {
  const variants = readdirSync(join(REPO_ROOT, "specs/variants"))
    .filter((f) => f.startsWith("two-phase-commit-") && f.endsWith(".json"))
    .map((f) => `specs/variants/${f}`);

  it("include the three this file pins below", () => {
    expect(variants).toEqual(expect.arrayContaining([FIRST_PREPARED, MAJORITY, QUANTIFIER]));
  });

  it.each(variants)("%s gets the verdict its `expect` asks for", async (file) => {
    const expected = compileOrThrow(file).expect;
    const o = await check(file);
    if (expected === null) {
      // A variant without `expect` asserts nothing; it must still be checkable.
      expect(["ok", "violation"]).toContain(o.result.verdict);
    } else if (!("violates" in expected)) {
      expect(o.result.verdict).toBe("ok");
    } else if (o.result.verdict === "ok") {
      // A liveness property refuted once every invariant held (issue 15).
      expect(o.liveness?.result.verdict).toBe("violation");
      expect(expected.violates).toContain(o.liveness!.result.violated);
    } else {
      expect(o.result.verdict).toBe("violation");
      expect(o.result.finding?.kind).toBe("invariant");
      expect(expected.violates).toContain((o.result.finding as { name: string }).name);
    }
  });

  // The TM commits on the first Prepared; a resource manager still working may then abort.
  // Committed needs RMPrepare, TMRcvPrepared, RMRcvCommitMsg (3 steps); aborted one more
  // (RMChooseToAbort: no Abort can be sent once the TM has committed): 4 steps, 5 states.
  // In BFS order, the least path takes RMChooseToAbort rm 1 (the first working one) before
  // RMRcvCommitMsg rm 0, because RMChooseToAbort precedes RMRcvCommitMsg in declaration order.
  it("commit-on-first-prepared violates Consistent with a shortest trace of 4 steps", async () => {
    const o = await check(FIRST_PREPARED);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Consistent" });
    expect(o.trace!.steps).toHaveLength(5);
    expect(o.trace!.failure).toBeUndefined();
    expect(o.result.depth).toBe(5);
    const labels = o.trace!.steps.slice(1).map((s) => (s.label!.kind === "action" ? `${s.label!.action} ${s.label!.role} ${s.label!.node}` : s.label!.kind));
    expect(labels).toEqual(["RMPrepare rm 0", "TMRcvPrepared tm 0", "RMChooseToAbort rm 1", "RMRcvCommitMsg rm 0"]);
  });

  // With 3 RMs a majority is 2: two RMPrepare and two TMRcvPrepared, TMCommit, then one
  // RM receives Commit and the third (still working) aborts: 7 steps, 8 states.
  it("commit-on-majority violates Consistent with a shortest trace of 7 steps", async () => {
    const o = await check(MAJORITY);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Consistent" });
    expect(o.trace!.steps).toHaveLength(8);
    expect(o.result.depth).toBe(8);
    const labels = o.trace!.steps.slice(1).map((s) => (s.label!.kind === "action" ? `${s.label!.action} ${s.label!.role} ${s.label!.node}` : s.label!.kind));
    expect(labels).toEqual(["RMPrepare rm 0", "TMRcvPrepared tm 0", "RMPrepare rm 1", "TMRcvPrepared tm 0", "TMCommit tm 0", "RMChooseToAbort rm 2", "RMRcvCommitMsg rm 0"]);
    const last = o.trace!.steps[7].state.nodes.rm as readonly { rmState: string }[];
    expect(last.map((r) => r.rmState)).toEqual(["committed", "prepared", "aborted"]);
  });

  it("unanimity-by-quantifier holds with the base's 288 / 1,146 / 11", async () => {
    const o = await check(QUANTIFIER);
    expect([o.result.verdict, o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual(["ok", 288, 1_146, 11]);
  });
});

/**
 * The classic bugs of two-phase commit beyond a non-unanimous decision. The ci
 * model is the whole reachable state space of three resource managers (the set
 * network never forgets a message, so nothing bounds it), so each of them is
 * refuted by ci itself and no second model is needed.
 */
describe("classic bugs, each refuted by the ci model", () => {
  const variant = (name: string) => `specs/variants/two-phase-commit-${name}.json`;

  // verdict, invariant, trace steps, distinct, generated, depth
  const BUGS: readonly (readonly [name: string, invariant: string, steps: number, distinct: number, generated: number, depth: number])[] = [
    ["abort-after-prepare", "Consistent", 9, 435, 2_069, 10],
    ["commit-after-timeout", "Consistent", 10, 296, 1_539, 11],
    ["commit-on-prepare", "Consistent", 2, 18, 22, 3],
    ["count-votes", "Consistent", 7, 391, 1_124, 8],
    ["volatile-decision", "Consistent", 11, 547, 3_216, 12],
    ["volatile-prepare", "PreparedHeard", 3, 56, 141, 4],
  ];

  it.each(BUGS)("%s violates %s in %i steps (%i distinct, %i generated, depth %i)", async (name, invariant, length, distinct, generated, depth) => {
    const o = await check(variant(name));
    expect(compileOrThrow(variant(name)).expect).toMatchObject({ violates: expect.arrayContaining([invariant]) });
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: invariant });
    expect(steps(o)).toBe(length);
    expect(figures(o)).toEqual(["violation", distinct, generated, depth]);
  });

  // A prepared resource manager aborts on its own after the TM committed on its vote.
  it("abort-after-prepare: the in-doubt resource manager aborts after the commit", async () => {
    const o = await check(variant("abort-after-prepare"));
    expect(labels(o).slice(6)).toEqual(["TMCommit tm 0", "RMChooseToAbort rm 0", "RMRcvCommitMsg rm 1"]);
  });

  // The TM aborts first, then counts the late votes and commits: two decisions.
  it("commit-after-timeout: the TM aborts, then commits on the late votes", async () => {
    const o = await check(variant("commit-after-timeout"));
    expect(labels(o)).toEqual([
      "TMAbort tm 0",
      "RMPrepare rm 0",
      "TMRcvPrepared tm 0",
      "RMPrepare rm 1",
      "TMRcvPrepared tm 0",
      "RMPrepare rm 2",
      "TMRcvPrepared tm 0",
      "TMCommit tm 0",
      "RMRcvCommitMsg rm 0",
      "RMRcvAbortMsg rm 1",
    ]);
  });

  it("commit-on-prepare: a resource manager commits as it votes, another aborts on its own", async () => {
    const o = await check(variant("commit-on-prepare"));
    expect(labels(o)).toEqual(["RMPrepare rm 0", "RMChooseToAbort rm 1"]);
  });

  // The set network lets the TM receive rm 0's one Prepared three times.
  it("count-votes: one vote counted three times is taken for unanimity", async () => {
    const o = await check(variant("count-votes"));
    expect(labels(o)).toEqual(["RMPrepare rm 0", "TMRcvPrepared tm 0", "TMRcvPrepared tm 0", "TMRcvPrepared tm 0", "TMCommit tm 0", "RMChooseToAbort rm 1", "RMRcvCommitMsg rm 0"]);
  });

  it("volatile-decision: a restarted TM forgets it aborted and commits", async () => {
    const o = await check(variant("volatile-decision"));
    expect(labels(o)).toEqual([
      "TMAbort tm 0",
      "RMPrepare rm 0",
      "RMPrepare rm 1",
      "RMPrepare rm 2",
      "RMRcvAbortMsg rm 0",
      "restart",
      "TMRcvPrepared tm 0",
      "TMRcvPrepared tm 0",
      "TMRcvPrepared tm 0",
      "TMCommit tm 0",
      "RMRcvCommitMsg rm 1",
    ]);
  });

  it("volatile-prepare: a restarted resource manager has forgotten the vote the TM holds", async () => {
    const o = await check(variant("volatile-prepare"));
    expect(labels(o)).toEqual(["RMPrepare rm 0", "TMRcvPrepared tm 0", "restart"]);
  });

  // Durable logs: restarts are harmless, the same 288 states (restart steps add generated ones).
  it("crash-recovery holds with every node restarting: 288 distinct, 2,298 generated, depth 11", async () => {
    const o = await check(variant("crash-recovery"));
    expect(figures(o)).toEqual(["ok", 288, 2_298, 11]);
  });
});

describe("figures beside the counts", () => {
  it("coverage on the base spec sums to statesGenerated - 1 (the one initial state is not a step)", async () => {
    const o = await check(BASE_SPEC);
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["TMRcvPrepared", "TMCommit", "TMAbort", "RMPrepare", "RMChooseToAbort", "RMRcvCommitMsg", "RMRcvAbortMsg"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
    expect(coverage.reduce((sum, c) => sum + c.count, 0)).toBe(o.result.statesGenerated - 1);
  });

  it("collisionProbability is distinct * (generated - distinct) / 2^64", async () => {
    for (const file of [BASE_SPEC, MAJORITY]) {
      const r = (await check(file)).result;
      expect(r.collisionProbability).toBe((r.distinctStates * (r.statesGenerated - r.distinctStates)) / 2 ** 64);
    }
    const base = (await check(BASE_SPEC)).result;
    expect(base.collisionProbability).toBe((288 * (1_146 - 288)) / 2 ** 64);
  });

  it("is deterministic: two runs give the same counts, coverage and trace", async () => {
    const figures = async (file: string) => {
      const o = await check(file);
      const r = o.result;
      return {
        verdict: r.verdict,
        finding: r.finding,
        counts: [r.distinctStates, r.statesGenerated, r.depth],
        coverage: r.coverage,
        trace: o.trace === null ? null : traceText(o.trace, o.request.model.messageRoles),
        states: o.trace === null ? null : JSON.stringify(o.trace.steps),
      };
    };
    for (const file of [BASE_SPEC, MAJORITY, FIRST_PREPARED]) {
      const first = await figures(file);
      const second = await figures(file);
      expect(second).toEqual(first);
    }
    const majority = await figures(MAJORITY);
    expect(majority.counts).toEqual([248, 843, 8]);
  });
});
