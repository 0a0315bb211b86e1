/**
 * `protoforge check` as a user runs it: a child process, its exit code, stdout
 * and stderr. Each spawn costs 0.3-2 s (more when the model cache misses), so
 * the tests run concurrently.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASE_SPEC, cli, MAJORITY, REPO_ROOT } from "../support/checker.js";

const check = (...args: string[]) => cli(["check", ...args]);
mkdirSync(join(REPO_ROOT, "test-output"), { recursive: true });
const tmp = mkdtempSync(join(REPO_ROOT, "test-output", "check-cli-"));

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.concurrent("protoforge check", () => {
  it("the base spec: exit 0, TLC's figures and the coverage", async () => {
    const run = await check(BASE_SPEC);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // The header, printed before the search, then the report, verdict first.
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("checking specs/two-phase-commit.json: two-phase-commit, model ci (resourceManagers = 3), symmetry off");
    expect(lines[1]).toMatch(/^checks invariants TypeOK, PreparedHeard, Consistent; then liveness EveryRMDecides, ManagerDecides, PreparedLeadsToDecision, on (one thread|up to \d+ worker threads)$/);
    expect(lines[2]).toBe("ok: every invariant holds in all 288 reachable states");
    expect(run.stdout.match(/resourceManagers = 3/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/^288 distinct states, 1,146 generated, depth 11, /m);
    expect(run.stdout).toMatch(/^coverage: TMRcvPrepared \d+, TMCommit \d+, TMAbort \d+, RMPrepare \d+, RMChooseToAbort \d+, RMRcvCommitMsg \d+, RMRcvAbortMsg \d+$/m);
    expect(run.stdout).toMatch(/^fingerprint collision probability/m);
  });

  it("a violating variant: exit 1, the verdict and the shortest trace; --trace-out x.mmd writes a Mermaid diagram", async () => {
    const mmd = join(tmp, "x.mmd");
    const run = await check(MAJORITY, "--trace-out", mmd);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("invariant Consistent is violated: No resource manager has committed while another has aborted.\nfalse for i = rm 0, j = rm 2: rm[i].rmState == 'committed' and rm[j].rmState == 'aborted' holds\n");
    expect(run.stdout).toContain("shortest trace, 7 steps:");
    const trace = run.stdout.split("\n").filter((l) => /^ {2}\d+\. /.test(l)).map((l) => l.trim());
    expect(trace).toEqual([
      "0. initial state",
      "1. rm 0: RMPrepare",
      "2. tm 0: TMRcvPrepared, receives Prepared rm 0 → tm 0",
      "3. rm 1: RMPrepare",
      "4. tm 0: TMRcvPrepared, receives Prepared rm 1 → tm 0",
      "5. tm 0: TMCommit",
      "6. rm 2: RMChooseToAbort",
      "7. rm 0: RMRcvCommitMsg, receives Commit tm 0 → rm 0",
    ]);
    expect(run.stderr).toBe(`protoforge: wrote the counterexample (7 steps) to ${mmd} as a Mermaid diagram\n`);
    const text = readFileSync(mmd, "utf8");
    expect(text.startsWith("sequenceDiagram\n")).toBe(true);
    expect(text.split("\n").filter((l) => l.includes("->>"))).toHaveLength(3);
    expect(text.trimEnd().split("\n").at(-1)).toContain("invariant Consistent is violated");
  });

  it("--json prints one object with the figures and the trace; --trace-out x.itf.json writes ITF", async () => {
    const itf = join(tmp, "x.itf.json");
    const run = await check(MAJORITY, "--json", "--trace-out", itf);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]) as Record<string, unknown>;
    for (const key of ["spec", "model", "parameters", "result", "invariant", "distinctStates", "statesGenerated", "depth", "seconds", "statesPerSecond", "coverage", "collisionProbability", "trace"]) {
      expect(report, key).toHaveProperty(key);
    }
    expect(report).toMatchObject({ spec: "two-phase-commit-commit-on-majority", model: "ci", parameters: { resourceManagers: 3 }, result: "violation", invariant: "Consistent", depth: 8 });
    expect(report.witness).toEqual({
      bindings: [{ name: "i", value: 0, shown: "rm 0" }, { name: "j", value: 2, shown: "rm 2" }],
      conjuncts: [],
      because: "rm[i].rmState == 'committed' and rm[j].rmState == 'aborted' holds",
      text: "false for i = rm 0, j = rm 2: rm[i].rmState == 'committed' and rm[j].rmState == 'aborted' holds",
    });
    expect(typeof report.distinctStates).toBe("number");
    expect(report.statesGenerated as number).toBeGreaterThan(report.distinctStates as number);
    expect(typeof report.seconds).toBe("number");
    // Rounded to the millisecond (issue 13): no 0.041236789 s.
    expect(Math.round((report.seconds as number) * 1000) / 1000).toBe(report.seconds);
    expect(typeof report.statesPerSecond).toBe("number");
    expect(report.collisionProbability).toBe(((report.distinctStates as number) * ((report.statesGenerated as number) - (report.distinctStates as number))) / 2 ** 64);
    const coverage = report.coverage as Record<string, number>;
    expect(Object.values(coverage).reduce((a, b) => a + b, 0)).toBe((report.statesGenerated as number) - 1);
    const trace = report.trace as { index: number; action: string }[];
    expect(Array.isArray(trace)).toBe(true);
    expect(trace).toHaveLength(8);
    expect(trace.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(trace[0].action).toBe("init");
    expect(trace[7].action).toBe("rm 0: RMRcvCommitMsg, receives Commit tm 0 → rm 0");

    const written = JSON.parse(readFileSync(itf, "utf8")) as { "#meta": { format: string; witness: string }; vars: string[]; states: unknown[] };
    expect(written["#meta"].format).toBe("ITF");
    expect(written["#meta"].witness).toBe("false for i = rm 0, j = rm 2: rm[i].rmState == 'committed' and rm[j].rmState == 'aborted' holds");
    expect(written.vars).toEqual(["tm", "rm", "network"]);
    expect(written.states).toHaveLength(8);
  });

  it("--trace-out x.txt is a usage error (exit 2, one line on stderr), and writes nothing", async () => {
    const txt = join(tmp, "violation.txt");
    const run = await check(MAJORITY, "--trace-out", txt);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/--trace-out .*violation\.txt: the name must end in \.itf\.json \(ITF\) or \.mmd \(Mermaid\)/);
    expect(existsSync(txt)).toBe(false);
  });

  it("runs from any working directory: the spec path is the user's, the generated code is found beside protoforge", async () => {
    const run = await cli(["check", join(REPO_ROOT, BASE_SPEC), "--json"], { cwd: tmp });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: "ok", distinctStates: 288 });
  });

  it("--workers 3 gives exactly what one thread gives: figures, coverage and verdict (levels of 2,048 states and more go to the workers)", async () => {
    const runs = await Promise.all(["1", "3"].map((w) => check(BASE_SPEC, "-p", "resourceManagers=6", "--workers", w, "--json")));
    const [one, three] = runs.map((r) => JSON.parse(r.stdout)).map((j) => ({ ...j, seconds: 0, statesPerSecond: 0, liveness: { ...j.liveness, seconds: 0 } }));
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(one).toMatchObject({ result: "ok", distinctStates: 50816, statesGenerated: 402306, depth: 20 });
    expect(three).toEqual(one);
  });

  it("--version names the package version and which code runs: the compiled build (fresh after npm ci) or the sources", async () => {
    const run = await cli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^protoforge \d+\.\d+\.\d+ \((compiled build of sources [0-9a-f]{12}|from the TypeScript sources, through tsx)\)\n$/);
  });

  it("--max-memory: a clean stop with the figures so far, NOT exhaustive, exit 3, not a crash", async () => {
    const run = await check(BASE_SPEC, "--max-memory", "1", "--json");
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: "stopped", exhaustive: false, stoppedBy: "max-memory" });
    expect(JSON.parse(run.stdout).message).toMatch(/^stopped after \d+ states? at the memory limit \(--max-memory 1 MiB; the search held \d+ MiB\): NOT exhaustive/);
  });

  it("a spec changed between two checks is checked as it is now: the model cache never serves a stale model", async () => {
    const spec = join(tmp, "edited.json");
    const text = readFileSync(join(REPO_ROOT, BASE_SPEC), "utf8");
    writeFileSync(spec, text);
    const before = JSON.parse((await cli(["check", spec, "--json"])).stdout) as { distinctStates: number };
    writeFileSync(spec, text.replace('"resourceManagers": 3', '"resourceManagers": 2'));
    const after = JSON.parse((await cli(["check", spec, "--json"])).stdout) as { distinctStates: number };
    expect([before.distinctStates, after.distinctStates]).toEqual([288, 56]);
  });

  // A usage error whatever the check finds: the flag is wrong before anything runs.
  it("--trace-out x.txt is a usage error on a spec that holds too", async () => {
    const txt = join(tmp, "holds.txt");
    const run = await check(BASE_SPEC, "--trace-out", txt);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--trace-out .*holds\.txt: the name must end in \.itf\.json \(ITF\) or \.mmd \(Mermaid\)/);
    expect(existsSync(txt)).toBe(false);
  });

  it("-p resourceManagers=4 checks 4 resource managers: TLC's 1,568 states", async () => {
    const run = await check(BASE_SPEC, "-p", "resourceManagers=4");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("(resourceManagers = 4)");
    expect(run.stdout).toMatch(/^1,568 distinct states, 8,258 generated, depth 14, /m);
  });

  it.each([
    [["--max-states", "abc"], /--max-states abc: expected a whole number of at least 1/],
    [["--max-states", "-5"], /--max-states -5: expected a whole number of at least 1/],
    [["-p", "nope=1"], /-p nope: .*has no parameter 'nope' \(parameters: resourceManagers\)/],
    [["-p", "resourceManagers=99"], /-p resourceManagers=99: outside its range 1\.\.10/],
    [["--model", "nope"], /has no model 'nope' \(models: ci, deep\)/],
  ])("%j: exit 2 with one line on stderr", async (args, message) => {
    const run = await check(BASE_SPEC, ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it("--max-states 100 stops early: exit 3, NOT exhaustive on the first line, at least 100 and not all 288 states", async () => {
    const text = await check(BASE_SPEC, "--max-states", "100");
    expect(text.code).toBe(3);
    // The first line of the report, after the header: the search stopped, so the figures prove nothing.
    expect(text.stdout.split("\n")[2]).toMatch(/^stopped after 10\d states: NOT exhaustive/);
    const run = await check(BASE_SPEC, "--max-states", "100", "--json");
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { result: string; exhaustive: boolean; message: string; distinctStates: number; trace: unknown[] };
    expect(report.result).toBe("stopped");
    expect(report.exhaustive).toBe(false);
    expect(report.message).toMatch(/^stopped after 10\d states: NOT exhaustive/);
    expect(report.distinctStates).toBeGreaterThanOrEqual(100);
    expect(report.distinctStates).toBeLessThan(288);
    expect(report.trace).toEqual([]);
  });
});

describe("check chooses symmetry and invariants, and says what --trace-out did (issue 13)", () => {
  it("--trace-out with no counterexample says so on stderr and writes nothing", async () => {
    const itf = join(tmp, "none.itf.json");
    const run = await check(BASE_SPEC, "--trace-out", itf);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`protoforge: --trace-out ${itf}: no counterexample (no problem was found), so nothing was written\n`);
    expect(existsSync(itf)).toBe(false);
  });

  it("--symmetry turns symmetry on where the model turns it off: 288 states become 80; with no symmetric role it is a usage error", async () => {
    const plain = await check(BASE_SPEC, "--json");
    const reduced = await check(BASE_SPEC, "--symmetry", "--json");
    expect((JSON.parse(plain.stdout) as { symmetry: boolean; distinctStates: number })).toMatchObject({ symmetry: false, distinctStates: 288 });
    expect((JSON.parse(reduced.stdout) as { symmetry: boolean; distinctStates: number })).toMatchObject({ symmetry: true, distinctStates: 80 });
    const none = await check("test/fixtures/checker/checker-deadlock.json", "--symmetry");
    expect([none.code, none.stderr]).toEqual([2, "protoforge: --symmetry: test/fixtures/checker/checker-deadlock.json has no symmetric role, so there is nothing to reduce\n"]);
  });

  it("--invariant checks only what it names: the variant that breaks Consistent holds TypeOK, and is refuted by Consistent alone", async () => {
    const typeOk = await check(MAJORITY, "--invariant", "TypeOK");
    expect(typeOk.code).toBe(0);
    expect(typeOk.stdout).toMatch(/^ok: TypeOK holds in all [\d,]+ reachable states \(only it was checked: --invariant\)$/m);
    const consistent = await check(MAJORITY, "--invariant", "Consistent", "--json");
    expect(consistent.code).toBe(1);
    expect(JSON.parse(consistent.stdout)).toMatchObject({ result: "violation", invariant: "Consistent" });
    const unknown = await check(BASE_SPEC, "--invariant", "Nope");
    expect([unknown.code, unknown.stderr]).toEqual([2, "protoforge: --invariant Nope: specs/two-phase-commit.json has no invariant, action property or liveness property of that name (it has: TypeOK, PreparedHeard, Consistent, EveryRMDecides, ManagerDecides, PreparedLeadsToDecision)\n"]);
  });
});

describe("check's progress on stderr (issue 13)", () => {
  const TEXT_LINE = /^progress: [\d,]+ distinct states, [\d,]+ generated, queue [\d,]+, depth \d+, [\d,]+ states\/s, elapsed \d+:\d\d:\d\d, [\d,]+ MiB RSS$/;
  const every = { env: { PROTOFORGE_PROGRESS_SECONDS: "0" } };

  it("not a terminal: full lines at every interval (PROTOFORGE_PROGRESS_SECONDS=0: at every report), the figures unchanged on stdout", async () => {
    const run = await cli(["check", BASE_SPEC, "-p", "resourceManagers=5"], every);
    expect(run.code).toBe(0);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(TEXT_LINE);
    const distinct = lines.map((l) => Number(/^progress: ([\d,]+)/.exec(l)![1].replace(/,/g, "")));
    expect(distinct).toEqual([...distinct].sort((a, b) => a - b));
    expect(distinct.at(-1)).toBeGreaterThanOrEqual(4096);
    expect(run.stdout).toMatch(/^ok: every invariant holds/m);
  });

  it("--json: each progress line is a JSON object on stderr; stdout stays one JSON document", async () => {
    const run = await cli(["check", BASE_SPEC, "-p", "resourceManagers=5", "--json"], every);
    expect(run.code).toBe(0);
    const lines = run.stderr.trimEnd().split("\n").map((l) => JSON.parse(l) as { progress: Record<string, number> });
    expect(lines.length).toBeGreaterThan(1);
    for (const { progress } of lines) expect(Object.keys(progress)).toEqual(["distinctStates", "statesGenerated", "queue", "depth", "statesPerSecond", "seconds", "rssBytes"]);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: "ok" });
  });

  it("a PROTOFORGE_PROGRESS_SECONDS that is not a number of seconds: exit 2, one line, before any work", async () => {
    const run = await cli(["check", BASE_SPEC], { env: { PROTOFORGE_PROGRESS_SECONDS: "soon" } });
    expect([run.code, run.stdout, run.stderr]).toEqual([2, "", "protoforge: PROTOFORGE_PROGRESS_SECONDS=soon: expected a number of seconds (0 or more)\n"]);
  });
});
