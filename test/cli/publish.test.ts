/**
 * `protoforge publish`, the gate: every spec regenerated, its ci model checked
 * against what it expects, and only what passes written, with a certificate.
 *
 * Where it writes: publish writes `<out>/<name>/` and stages in `<out>/.<name>.check-*`,
 * and generated files import `../../runtime`, so `<out>` must be ONE folder below
 * the directory that holds runtime/. For the repo's own specs that is a fresh
 * `test-output-publish-*` folder at the repo root (removed afterwards); for the
 * refusal, a temporary project with runtime/ and the rest linked in, where the
 * default `generated/` is fine.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitProtocol } from "../../generator/emit/index.js";
import { BASE_SPEC, check, cli, compileOrThrow, FIRST_PREPARED, MAJORITY, QUANTIFIER, REPO_ROOT, type CliRun } from "../support/checker.js";

const KEPT = ["CERTIFICATE.json", "counterexample.mmd", "counterexample.itf.json"];
const SPECS = [BASE_SPEC, FIRST_PREPARED, MAJORITY, QUANTIFIER];
const NAMES = ["two-phase-commit", "two-phase-commit-commit-on-first-prepared", "two-phase-commit-commit-on-majority", "two-phase-commit-unanimity-by-quantifier"];

/** Every file under `dir`, by path relative to it, with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** sha256 over each file's repo-relative name and text, in order: what a certificate's specHash names. */
function specHashOf(files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file}\n${readFileSync(join(REPO_ROOT, file), "utf8")}\n`);
  return `sha256:${hash.digest("hex")}`;
}

/** sha256 over the generated files (not the ones publish adds), sorted by name. */
function generatedHashOf(files: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const name of [...files.keys()].filter((n) => !KEPT.includes(n)).sort()) hash.update(`${name}\n${files.get(name)}\n`);
  return `sha256:${hash.digest("hex")}`;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

describe("publish of the repo's specs", () => {
  let out: string;
  let first: CliRun;
  let firstFiles: Map<string, Buffer>;
  let second: CliRun;
  let secondFiles: Map<string, Buffer>;

  beforeAll(async () => {
    out = mkdtempSync(join(REPO_ROOT, "test-output-publish-"));
    first = await cli(["publish", ...SPECS, "--out", out]);
    firstFiles = snapshot(out);
    second = await cli(["publish", ...SPECS, "--out", out]);
    secondFiles = snapshot(out);
  });

  afterAll(() => {
    if (out !== undefined) rmSync(out, { recursive: true, force: true });
  });

  it("publishes every spec named (exit 0), each in its own folder, leaving no staging folder behind", () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    for (const name of NAMES) expect(first.stdout).toContain(`published ${out}/${name}: `);
    expect(readdirSync(out).sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) expect(existsSync(join(out, name, "CERTIFICATE.json"))).toBe(true);
  });

  it("writes exactly the generated files, and the counterexample files only for violating specs", () => {
    for (const [spec, name] of SPECS.map((s, i) => [s, NAMES[i]] as const)) {
      const emitted = emitProtocol(compileOrThrow(spec));
      const violating = name.endsWith("first-prepared") || name.endsWith("majority");
      const expected = [...emitted.keys(), "CERTIFICATE.json", ...(violating ? ["counterexample.mmd", "counterexample.itf.json"] : [])].sort();
      expect(readdirSync(join(out, name)).sort(), name).toEqual(expected);
      for (const [file, content] of emitted) expect(readFileSync(join(out, name, file), "utf8"), `${name}/${file}`).toBe(content);
    }
  });

  it("certifies the base spec: every invariant holds in TLC's 288 states", () => {
    const cert = readJson(join(out, "two-phase-commit", "CERTIFICATE.json"));
    const files = new Map([...snapshot(join(out, "two-phase-commit"))].map(([n, b]) => [n, b.toString("utf8")]));
    expect(cert).toMatchObject({
      spec: "two-phase-commit",
      file: "specs/two-phase-commit.json",
      specHash: specHashOf(["specs/two-phase-commit.json"]),
      generatedHash: generatedHashOf(files),
      model: "ci",
      parameters: { resourceManagers: 3 },
      invariants: ["TypeOK", "PreparedHeard", "Consistent"],
      properties: [],
      symmetry: false,
      expected: "holds",
      verdict: "ok",
      violated: null,
      counterexample: null,
      distinctStates: 288,
      statesGenerated: 1_146,
      depth: 11,
    });
    expect(typeof cert.seconds).toBe("number");
  });

  it("certifies a variant's refutation: Consistent violated, with the counterexample", async () => {
    const dir = join(out, "two-phase-commit-commit-on-majority");
    const cert = readJson(join(dir, "CERTIFICATE.json"));
    const files = new Map([...snapshot(dir)].map(([n, b]) => [n, b.toString("utf8")]));
    const inProcess = await check(MAJORITY);
    expect(cert).toMatchObject({
      spec: "two-phase-commit-commit-on-majority",
      file: "specs/variants/two-phase-commit-commit-on-majority.json",
      // The variant's own text, then the base it extends.
      specHash: specHashOf(["specs/variants/two-phase-commit-commit-on-majority.json", "specs/two-phase-commit.json"]),
      generatedHash: generatedHashOf(files),
      parameters: { resourceManagers: 3 },
      invariants: ["TypeOK", "PreparedHeard", "Consistent"],
      expected: { violates: ["Consistent"] },
      verdict: "violation",
      violated: "Consistent",
      distinctStates: inProcess.result.distinctStates,
      statesGenerated: inProcess.result.statesGenerated,
      depth: 8,
    });
    const counterexample = cert.counterexample as string[];
    expect(counterexample[0]).toBe("0. initial state");
    expect(counterexample.filter((l) => /^\d+\. /.test(l))).toHaveLength(8);
    expect(counterexample.at(-2)).toBe("7. rm 0: RMRcvCommitMsg, receives Commit tm 0 → rm 0");
    expect(readFileSync(join(dir, "counterexample.mmd"), "utf8")).toMatch(/^sequenceDiagram\n/);
    const itf = readJson(join(dir, "counterexample.itf.json"));
    expect((itf["#meta"] as { format: string }).format).toBe("ITF");
    expect(itf.states as unknown[]).toHaveLength(8);
    // The other broken variant: 4 steps.
    const other = readJson(join(out, "two-phase-commit-commit-on-first-prepared", "CERTIFICATE.json"));
    expect(other).toMatchObject({ verdict: "violation", violated: "Consistent", depth: 5 });
    expect((other.counterexample as string[]).filter((l) => /^\d+\. /.test(l))).toHaveLength(5);
    expect(readJson(join(out, "two-phase-commit-unanimity-by-quantifier", "CERTIFICATE.json"))).toMatchObject({ verdict: "ok", violated: null, distinctStates: 288, depth: 11 });
  });

  it("publishing again changes no file, not even a certificate whose timing differs", () => {
    expect(second.code).toBe(0);
    expect([...secondFiles.keys()].sort()).toEqual([...firstFiles.keys()].sort());
    const changed = [...firstFiles].filter(([path, bytes]) => !bytes.equals(secondFiles.get(path)!)).map(([path]) => path);
    expect(changed).toEqual([]);
  });

  it("says which folders it wrote and which it left as they were, then one line of the whole (issue 13)", () => {
    for (const name of NAMES) expect(second.stdout).toContain(`unchanged ${out}/${name}: `);
    expect(first.stdout).toMatch(new RegExp(`^${NAMES.length} specs: ${NAMES.length} published, 0 unchanged, 0 refused$`, "m"));
    expect(second.stdout).toMatch(new RegExp(`^${NAMES.length} specs: 0 published, ${NAMES.length} unchanged, 0 refused$`, "m"));
  });
});

describe("publish refusing a spec that does not meet its expectation", () => {
  const WRONG = "two-phase-commit-wrong-expectation";
  let project: string;
  let run: CliRun;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), "protoforge-publish-"));
    for (const dir of ["node_modules", "runtime", "checkers", "generator", "cli", "bin"]) symlinkSync(join(REPO_ROOT, dir), join(project, dir), "dir");
    for (const file of ["package.json", "tsconfig.json"]) cpSync(join(REPO_ROOT, file), join(project, file));
    mkdirSync(join(project, "specs", "variants"), { recursive: true });
    symlinkSync(join(REPO_ROOT, "specs", "schema"), join(project, "specs", "schema"), "dir");
    cpSync(join(REPO_ROOT, BASE_SPEC), join(project, "specs", "two-phase-commit.json"));
    // The unanimity-by-quantifier variant holds; this copy claims it breaks Consistent.
    const variant = readJson(join(REPO_ROOT, QUANTIFIER));
    writeFileSync(
      join(project, "specs", "variants", `${WRONG}.json`),
      JSON.stringify({ ...variant, name: WRONG, title: "A variant whose expectation is wrong", expect: { violates: ["Consistent"] } }, null, 2),
    );
    // What an earlier publish left for it.
    mkdirSync(join(project, "generated", WRONG), { recursive: true });
    writeFileSync(join(project, "generated", WRONG, "OLD-MARKER.txt"), "published long ago\n");
    run = await cli(["publish"], { cwd: project, bin: join(project, "bin", "protoforge.mjs") });
  });

  afterAll(() => {
    if (project !== undefined) rmSync(project, { recursive: true, force: true });
  });

  it("exits 1 and names the failing spec and what it found on stderr", () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`not published: specs/variants/${WRONG}.json: expected a violation of Consistent, but no published model found it`);
    expect(run.stderr).toContain("ok: every invariant holds in all 288 reachable states");
    expect(run.stderr).toContain("1 of 2 specs not published");
  });

  it("leaves the failing spec's old folder exactly as it was", () => {
    const dir = join(project, "generated", WRONG);
    expect(readdirSync(dir)).toEqual(["OLD-MARKER.txt"]);
    expect(readFileSync(join(dir, "OLD-MARKER.txt"), "utf8")).toBe("published long ago\n");
    expect(existsSync(join(dir, "CERTIFICATE.json"))).toBe(false);
  });

  it("still publishes the good spec, and leaves no staging folder", () => {
    expect(run.stdout).toContain("published generated/two-phase-commit: every invariant holds (ci: 288 states, depth 11");
    expect(run.stdout).toMatch(/^2 specs: 1 published, 0 unchanged, 1 refused$/m);
    expect(readJson(join(project, "generated", "two-phase-commit", "CERTIFICATE.json"))).toMatchObject({ spec: "two-phase-commit", verdict: "ok", distinctStates: 288 });
    expect(readdirSync(join(project, "generated")).sort()).toEqual(["two-phase-commit", WRONG].sort());
  });
});
