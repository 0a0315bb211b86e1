/**
 * A verdict is only as good as its model: a variant that holds because its
 * change never fires within the model is flagged (text and JSON) and refused
 * by publish; an `equivalent` variant is accepted exactly when its successors
 * are the base's everywhere; a variant's expectation is judged in `check`.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASE_SPEC, cli, QUANTIFIER, REPO_ROOT } from "../support/checker.js";

/** Commits without every vote, but only with more than five resource managers: ci (three) never exercises it. */
const UNREACHABLE = "test/fixtures/checker/two-phase-commit-unreachable-change.json";
const check = (...args: string[]) => cli(["check", ...args]);

interface Report {
  result: string;
  expected: unknown;
  asExpected: boolean | null;
  distinctStates: number;
  vacuity: { compared: boolean; changed: string[]; exercised: string[]; statesCompared: number; neverExercised: boolean; warning: string | null } | null;
}

describe("a variant whose change the ci model never exercises", () => {
  it("text: holds over the base's 288 states, NOT as expected, with a warning naming TMCommit and the bound to raise", async () => {
    const run = await check(UNREACHABLE);
    expect(run.code).toBe(0);
    // After the two lines of the header, which check prints before the search.
    const lines = run.stdout.split("\n").slice(2);
    expect(lines[0]).toBe("ok: every invariant holds in all 288 reachable states");
    expect(lines[1]).toBe("expected every invariant to hold: NOT as expected in this model");
    expect(lines[2]).toBe(
      "warning: the variant's change (TMCommit) was never exercised: in each of the 288 states the search explored, it produces exactly the successors of specs/two-phase-commit.json, so this verdict says nothing about the change; raise a bound of the model (resourceManagers = 3), or add a published model that reaches the change",
    );
  });

  it("--json carries the comparison and the warning", async () => {
    const report = JSON.parse((await check(UNREACHABLE, "--json")).stdout) as Report;
    expect(report.expected).toBe("holds");
    expect(report.asExpected).toBe(false);
    expect(report.vacuity).toMatchObject({ compared: true, changed: ["TMCommit"], exercised: [], statesCompared: 288, neverExercised: true });
    expect(report.vacuity!.warning).toMatch(/^warning: the variant's change \(TMCommit\) was never exercised/);
  });

  it("with six resource managers the change fires and breaks Consistent: NOT as expected either", async () => {
    const run = await check(UNREACHABLE, "-p", "resourceManagers=6", "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report & { invariant: string };
    expect([report.result, report.invariant, report.asExpected, report.vacuity]).toEqual(["violation", "Consistent", false, null]);
  });

  it("--no-vacuity skips the comparison", async () => {
    const report = JSON.parse((await check(UNREACHABLE, "--json", "--no-vacuity")).stdout) as Report;
    expect(report.vacuity).toBeNull();
  });

  describe("publish", () => {
    const out = mkdtempSync(join(REPO_ROOT, "test-output-vacuity-"));
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it("refuses it, says why, and writes nothing for it, while the base is published", async () => {
      const run = await cli(["publish", BASE_SPEC, UNREACHABLE, "--out", out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`not published: ${UNREACHABLE}: expected every invariant to hold, but its change was never exercised by any published model: the verdict says nothing about it`);
      expect(run.stderr).toContain("warning: the variant's change (TMCommit) was never exercised");
      expect(run.stdout).toContain(`published ${out}/two-phase-commit: every invariant holds (ci: 288 states`);
      expect(existsSync(join(out, "two-phase-commit-unreachable-change"))).toBe(false);
    });
  });
});

describe("an equivalent variant (the commit rule written as a quantifier)", () => {
  it("is as expected: every step's successors are the base's in all 288 states, and no warning", async () => {
    const run = await check(QUANTIFIER);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("expected every invariant to hold with exactly the base's successors in every state: as expected in this model\n");
    expect(run.stdout).not.toContain("warning");
    const report = JSON.parse((await check(QUANTIFIER, "--json")).stdout) as Report;
    expect([report.expected, report.asExpected]).toEqual(["equivalent", true]);
    expect(report.vacuity).toMatchObject({ compared: true, changed: ["TMCommit"], exercised: [], neverExercised: true, warning: null });
  });
});

describe("a variant that holds and whose change is exercised", () => {
  it("raft-lossy-network: the lose step differs from the base (which has none), so no warning", async () => {
    const report = JSON.parse((await check("specs/variants/raft-lossy-network.json", "--json")).stdout) as Report;
    expect(report.asExpected).toBe(true);
    expect(report.vacuity).toMatchObject({ compared: true, changed: ["lose"], exercised: ["lose"], neverExercised: false, warning: null });
  });
});

describe("a state constraint that cut the search is reported", () => {
  it("raft's ci model: the states beyond two messages in flight were checked, not explored", async () => {
    const run = await check("specs/raft.json", "--json");
    const report = JSON.parse(run.stdout) as Report & { outsideConstraint: number };
    expect(report.outsideConstraint).toBeGreaterThan(0);
    const text = await check("specs/raft.json");
    expect(text.stdout).toContain(`${report.outsideConstraint.toLocaleString("en")} states outside the model's constraint were checked but not explored: the constraint is a bound you chose`);
  });
});

describe("a variant that changes only fairness (its manager's decisions strongly fair)", () => {
  const STRONG = "test/fixtures/checker/two-phase-commit-strong-manager.json";

  it("is as expected with no warning: fairness changes no successor, and both actions fire in the ci model", async () => {
    const run = await check(STRONG, "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report & { vacuity: { reason: string; changedNeverFired: string[] } };
    expect([report.result, report.asExpected]).toEqual(["ok", true]);
    expect(report.vacuity).toEqual({ compared: false, reason: "the variant changes only fairness, which decides the runs its liveness properties judge, not the successors", changed: ["TMCommit", "TMAbort"], changedNeverFired: [], warning: null });
  });
});
