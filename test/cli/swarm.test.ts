/**
 * The swarm past the exhaustive bound: a bug that the ci model cannot reach is
 * found by the seeded walks on the deep model, with the shortest trace among
 * the failing walks and a command that replays it; publish refuses the spec.
 * Walks no longer die at the first state outside a tight constraint.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, REPO_ROOT } from "../support/checker.js";

const FIXTURE = "test/fixtures/checker/checker-swarm.json";

describe("check --swarm", () => {
  it("the ci model holds, the swarm on deep finds 7 in 4 steps and says how to replay it: exit 1", async () => {
    const run = await cli(["check", FIXTURE, "--swarm"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("ok: every invariant holds in all 5 reachable states");
    const line = run.stdout.split("\n").find((l) => l.startsWith("swarm on model deep:"))!;
    expect(line).toMatch(/^swarm on model deep: NeverSeven is violated, found by [\d,]+ of [\d,]+ walks \(20,000 steps, seeds 1\.\.[\d,]+\); the shortest, 4 steps, replays with: npx protoforge simulate .* --model deep --seed (\d+) --runs 1 --steps 100$/);
    const lines = run.stdout.split("\n");
    expect(lines[lines.indexOf(line) + 1]).toBe("false: node[0].n != 7 is false (7 != 7)");
    const seed = /--seed (\d+)/.exec(line)![1];
    const replay = await cli(["simulate", FIXTURE, "--model", "deep", "--seed", seed, "--runs", "1", "--steps", "100"]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain("NeverSeven is violated in run 1");
  });

  it("is deterministic: the same JSON twice, and a smaller budget takes fewer steps", async () => {
    const runs = await Promise.all([1, 2].map(() => cli(["check", FIXTURE, "--swarm", "--json"])));
    const [a, b] = runs.map((r) => (JSON.parse(r.stdout) as { swarm: Record<string, unknown> }).swarm);
    expect({ ...a, seconds: 0 }).toEqual({ ...b, seconds: 0 });
    expect(a).toMatchObject({ model: "deep", budget: 20_000, seed: 1, result: "violation", invariant: "NeverSeven", stepsTaken: 20_000 });
    expect((a.witness as { text: string }).text).toBe("false: node[0].n != 7 is false (7 != 7)");
    const small = JSON.parse((await cli(["check", FIXTURE, "--swarm", "--swarm-budget", "50", "--json"])).stdout) as { swarm: { stepsTaken: number } };
    expect(small.swarm.stepsTaken).toBe(50);
  });

  describe("publish", () => {
    const out = mkdtempSync(join(REPO_ROOT, "test-output-swarm-"));
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it("refuses a base spec whose deep model the swarm breaks, and writes nothing", async () => {
      const run = await cli(["publish", FIXTURE, "--out", out]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`not published: ${FIXTURE}: expected every invariant to hold, but the swarm found a problem`);
      expect(run.stderr).toMatch(/swarm on model deep: NeverSeven is violated/);
      expect(existsSync(join(out, "checker-swarm"))).toBe(false);
    });
  });
});

describe("simulate under a tight constraint", () => {
  it("raft's ci model (two messages in flight): 200 walks of up to 60 steps take every step, not about five each", async () => {
    const run = await cli(["simulate", "specs/raft.json", "--runs", "200", "--steps", "60", "--json"]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { stepsTaken: number }).stepsTaken).toBe(12_000);
  });
});
