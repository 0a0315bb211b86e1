/**
 * Commands find the project root themselves (cli/project-root.ts): the same
 * results from any folder of the project, spec paths in headers relative to
 * the root, and a clear error outside any project instead of an empty success.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../cli/project-root.js";
import { REPO_ROOT } from "../support/checker.js";

function cliFrom(cwd: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(REPO_ROOT, "bin", "protoforge.mjs"), ...args], { cwd, encoding: "utf8", timeout: 90_000 }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }),
    );
  });
}

const outside = mkdtempSync(join(tmpdir(), "protoforge-outside-"));

describe("the project root", () => {
  it("is the nearest folder up that holds specs/, or none", () => {
    expect(projectRoot(join(REPO_ROOT, "specs", "variants"))).toBe(REPO_ROOT.replace(/\/$/, ""));
    expect(projectRoot(join(REPO_ROOT, "test", "fixtures"))).toBe(REPO_ROOT.replace(/\/$/, ""));
    expect(projectRoot(outside)).toBeNull();
    const project = mkdtempSync(join(tmpdir(), "protoforge-project-"));
    mkdirSync(join(project, "specs", "variants"), { recursive: true });
    expect(projectRoot(join(project, "specs", "variants"))).toBe(project);
  });
});

describe.concurrent("commands from any folder", { timeout: 90_000 }, () => {
  it("validate from specs/variants finds every spec of the project, named from the root", async () => {
    const r = await cliFrom(join(REPO_ROOT, "specs", "variants"), ["validate"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const specFiles = ["specs", join("specs", "variants")].flatMap((dir) => readdirSync(join(REPO_ROOT, dir)).filter((f) => f.endsWith(".json")));
    expect(specFiles.length).toBeGreaterThan(150);
    expect(lines).toHaveLength(specFiles.length);
    expect(lines[0]).toMatch(/^ok specs\/[a-z-]+\.json: /);
  });

  it("gen --check of a spec named by its absolute path, from outside the project: up to date (headers name it from the root)", async () => {
    const r = await cliFrom(outside, ["gen", "--check", join(REPO_ROOT, "specs", "two-phase-commit.json")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/generated code is up to date \(1 specs\)/);
  });

  it("validate with no spec outside any project: exit 2 and why, not an empty success", async () => {
    const r = await cliFrom(outside, ["validate"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^protoforge: no spec named, and no specs\/ folder with specs in .* or above it: name the spec files, or run from inside a project\n$/);
  });
});
