/**
 * Ctrl-C (or SIGTERM) stops check, simulate and publish at any moment, each
 * with its figures so far and exit 130 (143), no stack and nothing left half
 * written: between steps, part way through one state's many successors, and
 * during one step of the spec that never ends (the main thread then reports
 * what the command last shared, 2 s later).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, fixture } from "../support/checker.js";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Milliseconds from the signal to the end of the process. */
  readonly afterSignal: number;
}

/** Runs the protoforge command, sends `signal` after `delay` ms, and waits for it to end. */
async function interrupted(args: readonly string[], signal: NodeJS.Signals, delay: number): Promise<Run> {
  const child = spawn(process.execPath, ["bin/protoforge.mjs", ...args]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  await new Promise((resolve) => setTimeout(resolve, delay));
  const sent = performance.now();
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr, afterSignal: performance.now() - sent };
}

/**
 * The same, signalled again later while `tooEarly` says the signal came before
 * what the test is about: on a machine this busy the model may still be
 * loading after seconds, and the command then stops cleanly before its first
 * step (right too, but not what is tested).
 */
async function interruptedOnceRunning(args: readonly string[], signal: NodeJS.Signals, tooEarly: (run: Run) => boolean): Promise<Run> {
  let run: Run | undefined;
  for (const delay of [6000, 12_000, 24_000]) {
    run = await interrupted(args, signal, delay);
    if (!tooEarly(run)) break;
  }
  return run!;
}

/** Cut short before the search began (the model was loading past the grace period): the main thread's report, with no state yet. */
const whileLoading = (run: Run) => /after 0 distinct states|"distinctStates":0[,}]/.test(run.stdout);

/** Stopped before it expanded a state: a full report (it has seconds) whose generated states are only the initial ones, or none. */
const beforeFirstStep = (run: Run) => {
  const report = JSON.parse(run.stdout) as { statesGenerated: number; distinctStates: number; seconds?: number };
  return report.seconds === undefined || report.statesGenerated <= report.distinctStates;
};

/** Stopped cleanly, so the step had not begun (the ordinary report, as text or JSON), or cut short while loading. */
const beforeEndlessStep = (run: Run) => /^stopped after|"seconds"/m.test(run.stdout) || whileLoading(run);

describe.concurrent("check under Ctrl-C and SIGTERM", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s between steps: the figures so far, exit %i", async (signal, exit) => {
    const run = await interruptedOnceRunning(["check", "specs/two-phase-commit.json", "-p", "resourceManagers=9", "--json"], signal, beforeFirstStep);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(exit);
    const report = JSON.parse(run.stdout) as { result: string; distinctStates: number; statesGenerated: number };
    expect(report.result).toBe("stopped");
    expect(report.distinctStates).toBeGreaterThan(0);
    expect(report.statesGenerated).toBeGreaterThan(report.distinctStates);
  });

  // 30,000 nodes: the initial state alone has 30,000 successors of 30,000 nodes each, some 20 s of work; the search stops part way through them.
  it("Ctrl-C during one state's many successors: the full report, exit 130", async () => {
    const run = await interruptedOnceRunning(["check", fixture("checker-wide-role"), "-p", "nodes=30000", "--json"], "SIGINT", (r) => !r.stdout.includes('"seconds"') || /"distinctStates":1,/.test(r.stdout));
    expect(run.code).toBe(130);
    const report = JSON.parse(run.stdout) as { result: string; stoppedBy: string; distinctStates: number; depth: number };
    expect([report.result, report.stoppedBy, report.depth]).toEqual(["stopped", "requested", 1]);
    expect(report.distinctStates).toBeGreaterThan(1);
    expect(report.distinctStates).toBeLessThan(30_001);
  });

  // One guard that looks at 900 million pairs of nodes: no successor for minutes, so only the main thread can end it.
  it.each([
    ["SIGINT", 130, "Ctrl-C"],
    ["SIGTERM", 143, "SIGTERM"],
  ] as const)("%s during one step that never ends: the figures last shared, 2 s later, exit %i", async (signal, exit, name) => {
    const run = await interruptedOnceRunning(["check", fixture("checker-long-step"), "-p", "nodes=30000"], signal, beforeEndlessStep);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(exit);
    // The header check printed before the search, then what the main thread says.
    expect(run.stdout).toMatch(/^checking test\/fixtures\/checker\/checker-long-step\.json: fixture-checker-long-step, model ci \(nodes = 30000\), symmetry off\nchecks invariants Anything, on [^\n]+\n/);
    expect(run.stdout.split("\n").slice(2).join("\n")).toBe(`stopped (${name}, cut short: one step, of the spec or of loading it, had not ended 2 s later) after 1 distinct state (1 generated, depth 1): NOT exhaustive, so this proves nothing\n`);
    expect(run.afterSignal).toBeGreaterThanOrEqual(1900);
  });

  it("the same in JSON", async () => {
    const run = await interruptedOnceRunning(["check", fixture("checker-long-step"), "-p", "nodes=30000", "--json"], "SIGINT", beforeEndlessStep);
    expect(run.code).toBe(130);
    expect(JSON.parse(run.stdout)).toMatchObject({ result: "stopped", exhaustive: false, stoppedBy: "requested", distinctStates: 1, statesGenerated: 1, depth: 1 });
  });

  // It used to go on to the end of the expansion, however long: --max-states now cuts it too.
  it("--max-states stops part way through one state's successors", async () => {
    const run = await cli(["check", fixture("checker-wide-role"), "-p", "nodes=30000", "--max-states", "100", "--json"], { timeout: 60_000 });
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { result: string; stoppedBy: string; distinctStates: number };
    expect([report.result, report.stoppedBy]).toEqual(["stopped", "max-states"]);
    expect(report.distinctStates).toBeLessThan(400);
  });
});

describe.concurrent("simulate and publish under Ctrl-C", () => {
  it("simulate: the walks done so far, exit 130", async () => {
    const run = await interruptedOnceRunning(["simulate", "specs/raft.json", "--runs", "1000000", "--json"], "SIGINT", (r) => !/"runsDone":[1-9]/.test(r.stdout));
    expect(run.code).toBe(130);
    const report = JSON.parse(run.stdout) as { result: string; runsDone: number; stepsTaken: number; message: string };
    expect(report.result).toBe("stopped");
    expect(report.runsDone).toBeGreaterThan(0);
    expect(report.runsDone).toBeLessThan(1_000_000);
    expect(report.message).toBe(`stopped (Ctrl-C) after ${report.runsDone} runs (${report.stepsTaken.toLocaleString("en")} steps): no violation among them`);
  });

  it("publish: what was published before it, the rest untouched, no staging folder left, exit 130", async () => {
    const out = mkdtempSync(join(tmpdir(), "publish-stop-"));
    const run = await interrupted(["publish", "--out", out], "SIGINT", 8000);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(130);
    // On a busy machine the signal may come while the specs are still being read (then nothing is published),
    // or during one step (emitting or formatting a spec's code) that outlasts the 2 s grace: then the main thread says so.
    const stopped = /stopped \((?:Ctrl-C\) (?:while checking \S+: (\d+) of \d+ specs published before it; it and the rest were left as they were|while reading the specs: nothing was published)|Ctrl-C, cut short: [^)]*\); what was published before it is listed above, and nothing else was written)\n$/.exec(run.stdout);
    expect(stopped, run.stdout.slice(-400)).not.toBeNull();
    const written = readdirSync(out);
    if (stopped![1] !== undefined) expect(written.length).toBe(Number(stopped![1]));
    expect(written.every((name) => !name.startsWith("."))).toBe(true);
    expect((run.stdout.match(/^published /gm) ?? []).length).toBe(written.length);
  });
});
