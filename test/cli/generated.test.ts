/** generated/ is what the specs generate now, and it type-checks. */
import { execFileSync, spawnSync } from "node:child_process";
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
});
