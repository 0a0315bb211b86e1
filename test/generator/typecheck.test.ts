/**
 * The code generated from every fixture spec type-checks under the project's
 * strict settings, not only the committed specs' code: the fixtures reach the
 * corners (no messages, records in sets, fifo, ghosts, restart).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateInto, REPO_ROOT } from "../support/generate.js";

const FIXTURE_DIRS = ["test/fixtures/specs", "test/fixtures/checker"];
const OUT = "test-output";

describe("generated code of every fixture spec", () => {
  it("type-checks with tsc", async () => {
    const folders: string[] = [];
    for (const dir of FIXTURE_DIRS) {
      for (const file of readdirSync(join(REPO_ROOT, dir)).filter((f) => f.endsWith(".json"))) {
        const { ir } = await generateInto(`${dir}/${file}`, OUT);
        folders.push(`${ir.name}/*.ts`);
      }
    }
    const config = join(REPO_ROOT, OUT, "tsconfig.fixtures.json");
    writeFileSync(config, JSON.stringify({ extends: "../tsconfig.json", include: [...folders, "../runtime", "../checkers"] }));
    let output = "";
    try {
      execFileSync(join(REPO_ROOT, "node_modules/.bin/tsc"), ["--noEmit", "-p", config], { encoding: "utf8" });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe("");
    expect(folders.length).toBeGreaterThanOrEqual(9);
  });
});
