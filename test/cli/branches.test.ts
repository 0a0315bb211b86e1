/**
 * Branch coverage: `check --branches` names every `if` whose condition never
 * (or always) held and every `choose` value never taken in the states the
 * search reached; a wider model covers more. The tally on its own, too.
 */
import { describe, expect, it } from "vitest";
import { BranchTally } from "../../generator/interpret/branches.js";
import { cli, compileOrThrow } from "../support/checker.js";

const FIXTURE = "test/fixtures/checker/checker-branches.json";
const check = (...args: string[]) => cli(["check", FIXTURE, "--branches", ...args]);

describe("check --branches", () => {
  it("ci: the choice of 3, the if that never holds and the if that always holds", async () => {
    const run = await check();
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n").filter((l) => l.startsWith("branch"))).toEqual([
      "branch never run: Step effects/1: choose k: never takes 3",
      "branch never run: Step effects/2: if: the condition never holds",
      "branch never run: Step effects/3: if: the condition always holds",
    ]);
    const report = JSON.parse((await check("--json")).stdout) as { branchesNeverRun: string[] };
    expect(report.branchesNeverRun).toHaveLength(3);
  });

  it("the wide model reaches n > 5: only the two others are left", async () => {
    const report = JSON.parse((await check("--model", "wide", "--json")).stdout) as { branchesNeverRun: string[] };
    expect(report.branchesNeverRun).toEqual(["Step effects/1: choose k: never takes 3", "Step effects/3: if: the condition always holds"]);
  });

  it("without --branches nothing is said about branches", async () => {
    const run = await cli(["check", FIXTURE, "--json"]);
    expect((JSON.parse(run.stdout) as { branchesNeverRun: unknown }).branchesNeverRun).toBeNull();
  });
});

describe("the tally", () => {
  const ir = compileOrThrow(FIXTURE);

  it("is complete once each if went both ways and each choose took every value offered", () => {
    const tally = new BranchTally(ir);
    expect(tally.complete).toBe(false);
    expect([...tally.openActions()]).toEqual(["Step"]);
    tally.choice("/actions/Step/effects/1", 1, true);
    for (const p of ["/actions/Step/effects/2", "/actions/Step/effects/3"]) {
      tally.branch(p, "then");
      tally.branch(p, "else");
    }
    expect(tally.complete).toBe(true);
    expect(tally.gaps()).toEqual([]);
    tally.choice("/actions/Step/effects/1", 3, false);
    expect(tally.complete).toBe(false);
    expect(tally.gaps()).toEqual([{ action: "Step", pointer: "/actions/Step/effects/1", what: "choose k: never takes 3" }]);
  });
});
