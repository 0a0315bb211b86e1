/**
 * `protoforge test-from-trace`: a refuted Raft variant's counterexample as a
 * vitest file replayed on Raft's generated machine. The emitted files are
 * goldens (test/traces/regression/), run as tests of their own in the suite
 * and here once more: commit-previous-term parts way where the base's leader
 * will not commit an entry of an earlier term by counting replicas, and
 * volatile-voted-for where the base's restart keeps the vote. A spec that
 * extends nothing is refused (exit 2).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./helpers.js";

const REGRESSION = join(ROOT, "test/traces/regression");

describe("protoforge test-from-trace", () => {
  for (const [variant, summary] of [
    ["raft-commit-previous-term", "takes 30 of the 31 steps of raft-commit-previous-term's counterexample (model ci, LeaderCompleteness violated) and parts way at step 31: AdvanceCommitIndex is not enabled at server 0"],
    ["raft-volatile-voted-for", "takes 5 of the 9 steps of raft-volatile-voted-for's counterexample (model elections, ElectionSafety violated) and parts way at step 6: server 2 restarts with votedFor = 0 (recorded: null)"],
  ] as const) {
    it(`writes ${variant}'s counterexample as the golden test file, which passes`, async () => {
      // Beside the golden, so that its imports are the same; not named *.test.ts, so no vitest run picks it up.
      const out = join(REGRESSION, `.${variant}-${process.pid}.ts`);
      try {
        const result = await runCli(["test-from-trace", `specs/variants/${variant}.json`, "--out", out]);
        expect(result.stderr).toBe("");
        expect(result.stdout).toBe(`wrote ${out}: raft's generated machine ${summary}\n`);
        expect(result.code).toBe(0);
        expect(readFileSync(out, "utf8")).toBe(readFileSync(join(REGRESSION, `${variant}.test.ts`), "utf8"));
      } finally {
        rmSync(out, { force: true });
      }
      const run = spawnSync(process.execPath, [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", `test/traces/regression/${variant}.test.ts`], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
      expect(run.stdout).toMatch(/Tests\s+\S*2 passed/);
      expect(run.status).toBe(0);
    }, 120_000);
  }

  it("refuses a spec that extends nothing", async () => {
    const result = await runCli(["test-from-trace", "specs/raft.json", "--out", "/tmp/never.test.ts"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("protoforge: specs/raft.json is no variant: it extends no spec, so there is no base to test against\n");
  });
});
