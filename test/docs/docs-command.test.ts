/**
 * `protoforge docs` as a user runs it: what it writes, that a second run
 * changes nothing, and that bad input is a clear message with exit 2, never a
 * stack trace, and nothing written.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { docsFiles, docsProblems } from "../../cli/docs.js";
import { ROOT } from "./markdown-blocks.js";

const TMP = join(ROOT, "test-output");
mkdirSync(TMP, { recursive: true });

function docs(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ["bin/protoforge.mjs", "docs", ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

describe.concurrent("protoforge docs", () => {
  it("writes a protocol's page, identical to the committed one, and then has nothing to do", async () => {
    const out = mkdtempSync(join(TMP, "docs-"));
    const first = await docs("specs/variants/two-phase-commit-commit-on-majority.json", "--out", out);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`wrote ${join(out, "protocols", "two-phase-commit.md")}`);
    expect(readFileSync(join(out, "protocols", "two-phase-commit.md"), "utf8")).toBe(readFileSync(join(ROOT, "docs", "protocols", "two-phase-commit.md"), "utf8"));
    const second = await docs("specs/two-phase-commit.json", "--out", out);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain(join(out, "protocols", "two-phase-commit.md"));
    expect(second.stdout).toMatch(/up to date|wrote .*(index|spec-format)\.md/);
  });

  it("writes the same catalogue whichever specs are named (publishing a few leaves it current)", () => {
    const catalogue = (named: string[]) => docsFiles(named, "generated").files.get(join("protocols", "index.md"));
    const whole = catalogue([]);
    expect(whole).toContain("| [Raft](./raft.md) |");
    expect(catalogue(["specs/raft.json", "specs/variants/paxos-accept-below-promise.json"])).toBe(whole);
  });

  it("rejects a bad spec with its file and JSON pointer, exit 2, and writes nothing", async () => {
    const out = mkdtempSync(join(TMP, "docs-"));
    const run = await docs("test/fixtures/invalid/expr-syntax.json", "--out", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^test\/fixtures\/invalid\/expr-syntax\.json:151:25: .* \[PF010\]\n {2}in \/actions\/RMPrepare\/guard, column 9 of the expression\n/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "protocols"))).toBe(false);
  });

  it("rejects a spec file that does not exist", async () => {
    const run = await docs("specs/no-such-protocol.json", "--out", mkdtempSync(join(TMP, "docs-")));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("specs/no-such-protocol.json:/: cannot read the file");
  });

  it("names a certificate that is not JSON, exit 2, no stack trace", async () => {
    const generated = mkdtempSync(join(TMP, "generated-"));
    cpSync(join(ROOT, "generated", "two-phase-commit"), join(generated, "two-phase-commit"), { recursive: true });
    writeFileSync(join(generated, "two-phase-commit", "CERTIFICATE.json"), "{ not json");
    const out = mkdtempSync(join(TMP, "docs-"));
    const run = await docs("specs/two-phase-commit.json", "--out", out, "--generated", generated);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(generated, "two-phase-commit", "CERTIFICATE.json")}: cannot read it as JSON`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "protocols"))).toBe(false);
  });

  it("shows a protocol without certificates as not published yet", async () => {
    const out = mkdtempSync(join(TMP, "docs-"));
    const run = await docs("specs/two-phase-commit.json", "--out", out, "--generated", mkdtempSync(join(TMP, "generated-")));
    expect(run.code).toBe(0);
    const page = readFileSync(join(out, "protocols", "two-phase-commit.md"), "utf8");
    expect(page).toContain("No certificate yet: run `npx protoforge publish specs/two-phase-commit.json`.");
    expect(page).toContain("| violates `Consistent` | not published yet |");
  });
});

describe("publish", () => {
  it("rewrites the pages of what it published, from the certificates it just wrote", async () => {
    // Generated code imports ../../runtime/, so publish writes only to a folder directly inside the project.
    const out = mkdtempSync(join(ROOT, "test-output-docs-"));
    const docsDir = mkdtempSync(join(TMP, "docs-"));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const run = await new Promise<{ code: number; stdout: string }>((done) => {
      execFile(process.execPath, ["bin/protoforge.mjs", "publish", "specs/variants/two-phase-commit-commit-on-majority.json", "--out", out, "--docs", docsDir], { cwd: ROOT, encoding: "utf8", timeout: 120_000 }, (error, stdout) =>
        done({ code: error === null ? 0 : Number(error.code), stdout }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote ${join(docsDir, "protocols", "two-phase-commit.md")}`);
    const page = readFileSync(join(docsDir, "protocols", "two-phase-commit.md"), "utf8");
    // Only the variant was published to this folder: the base and the other variants have no certificate there.
    expect(page).toContain("No certificate yet");
    expect(page).toContain("| violates `Consistent` | `Consistent` violated in 7 steps |");
    expect(page).toContain("](./two-phase-commit/two-phase-commit-commit-on-majority.md) | violates `Consistent` |");
    expect(readFileSync(join(docsDir, "protocols", "two-phase-commit", "two-phase-commit-commit-on-majority.md"), "utf8")).toContain("## Shortest counterexample {#counterexample-two-phase-commit-commit-on-majority}");
  });
});

describe("stale pages (what gen --check reports)", () => {
  it("are pages that differ from what would be generated, or generated pages no spec makes", () => {
    const build = docsFiles(["specs/two-phase-commit.json"], "generated", false);
    const docsDir = mkdtempSync(join(TMP, "docs-"));
    const page = join("protocols", "two-phase-commit.md");
    const perVariant = [...build.files.keys()].filter((f) => f.startsWith(`${join("protocols", "two-phase-commit")}/`));
    expect(perVariant.filter((f) => f.endsWith(".trace.json")).length).toBeGreaterThan(0);
    expect(docsProblems(build, docsDir, false)).toEqual({ stale: [page, ...perVariant], strays: [] });
    mkdirSync(join(docsDir, "protocols", "two-phase-commit"), { recursive: true });
    for (const [path, text] of build.files) writeFileSync(join(docsDir, path), text);
    expect(docsProblems(build, docsDir, false)).toEqual({ stale: [], strays: [] });
    writeFileSync(join(docsDir, page), build.files.get(page)!.replace("288", "289"));
    expect(docsProblems(build, docsDir, false).stale).toEqual([page]);
    // A page that carries the generated mark but comes from no spec is a stray, once every spec is known; a hand-written one is not.
    writeFileSync(join(docsDir, "protocols", "gone.md"), readFileSync(join(ROOT, "docs", page), "utf8"));
    writeFileSync(join(docsDir, "protocols", "notes.md"), "# Notes by hand\n");
    // So is explorer data of a variant that is no more.
    writeFileSync(join(docsDir, "protocols", "two-phase-commit", "gone.trace.json"), "{}\n");
    expect(docsProblems({ ...build, complete: true }, docsDir, true).strays).toEqual([join("protocols", "gone.md"), join("protocols", "two-phase-commit", "gone.trace.json")]);
  });
});
