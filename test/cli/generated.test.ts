/** generated/ is what the specs generate now, and it type-checks; what a killed run leaves there is reported, then cleaned. */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

describe("generated/", () => {
  it("matches what the specs generate (npm run gen:check)", () => {
    const run = spawnSync(process.execPath, ["bin/protoforge.mjs", "gen", "--check"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("type-checks with the rest of the project under strict tsc", () => {
    expect(() => execFileSync("node_modules/.bin/tsc", ["--noEmit", "-p", "tsconfig.json"], { encoding: "utf8" })).not.toThrow();
  });

  it("a folder a killed run left is stale for gen --check, and gen puts the retired folder back", () => {
    const out = mkdtempSync(join(tmpdir(), "protoforge-leftover-"));
    const gen = (...args: string[]) => spawnSync(process.execPath, ["bin/protoforge.mjs", "gen", "specs/two-phase-commit.json", "--out", out, ...args], { encoding: "utf8" });
    expect(gen().status).toBe(0);
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    // Killed between the renames: the folder is retired and nothing has taken its place.
    execFileSync("mv", [join(out, "two-phase-commit"), join(out, `.two-phase-commit.retired-${dead}`)]);
    mkdirSync(join(out, `.two-phase-commit.staging-${dead}`));
    const checked = gen("--check");
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain(`stale: ${out}/.two-phase-commit.retired-${dead} was left by a run that did not finish; \`protoforge gen\` puts two-phase-commit back if it is missing and removes it`);
    expect(checked.stderr).toContain(`stale: ${out}/.two-phase-commit.staging-${dead} was left by a run that did not finish`);
    expect(gen().status).toBe(0);
    expect(readdirSync(out)).toEqual(["two-phase-commit"]);
    expect(existsSync(join(out, "two-phase-commit", "model.ts"))).toBe(true);
  });
});
