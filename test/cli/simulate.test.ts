/**
 * `protoforge simulate`: seeded random walks. With a fixed seed a broken variant
 * is caught, the failing run's own seed is printed, and `--seed <it> --runs 1`
 * replays exactly that walk. Run r of seed S uses seed S + r.
 */
import { describe, expect, it } from "vitest";
import { BASE_SPEC, cli, FIRST_PREPARED, MAJORITY } from "../support/checker.js";

const simulate = (...args: string[]) => cli(["simulate", ...args]);
const WALKS = ["--runs", "200", "--steps", "30", "--seed", "1"];

interface SimJson {
  readonly result: string;
  readonly invariant: string | null;
  readonly message: string;
  readonly runSeed: number | null;
  readonly runsDone: number;
  readonly seed: number;
  readonly trace: readonly string[];
}

/** The indented trace lines of the text report. */
const traceLines = (stdout: string): string[] => stdout.split("\n").filter((l) => l.startsWith("  ")).map((l) => l.slice(2));

describe.concurrent("protoforge simulate", () => {
  it.each([
    ["commit-on-majority", 25, MAJORITY],
    ["commit-on-first-prepared", 8, FIRST_PREPARED],
  ])("%s: the walks of seed 1 find the violation of Consistent in run %i, and its printed seed replays it", async (_name, failingRun, spec) => {
    const run = await simulate(spec, ...WALKS);
    expect(run.code).toBe(1);
    const headline = run.stdout.split("\n")[1];
    const match = /^Consistent is violated in run (\d+) \(replay it with --seed (\d+) --runs 1\)$/.exec(headline);
    expect(match, headline).not.toBeNull();
    const [runNumber, replaySeed] = [Number(match![1]), Number(match![2])];
    // Runs count from 1 in the report; run r (from 0) uses seed + r.
    expect(replaySeed).toBe(1 + runNumber - 1);
    // Pinned: the same seed gives the same walks everywhere (mulberry32 over the fixed successor order).
    expect(runNumber).toBe(failingRun);
    const trace = traceLines(run.stdout);
    expect(trace[0]).toBe("0. initial state");
    // The walk ends at the first state that breaks Consistent: someone committed, someone aborted.
    expect(trace.some((l) => l.includes('→ "committed"'))).toBe(true);
    expect(trace.some((l) => l.includes('→ "aborted"'))).toBe(true);

    const replay = await simulate(spec, "--runs", "1", "--steps", "30", "--seed", String(replaySeed), "--json");
    expect(replay.code).toBe(1);
    const json = JSON.parse(replay.stdout) as SimJson;
    expect(json).toMatchObject({ result: "violation", invariant: "Consistent", runSeed: replaySeed, runsDone: 1, seed: replaySeed });
    expect(json.message).toBe(`Consistent is violated in run 1 (replay it with --seed ${replaySeed} --runs 1)`);
    expect(json.trace).toEqual(trace);
  });

  it.each([MAJORITY, BASE_SPEC])("--workers 3 and 10 give what one thread gives (%s): the failing seed, its trace, the runs and steps counted", async (spec) => {
    const runs = await Promise.all(["1", "3", "10"].map((w) => simulate(spec, ...WALKS, "--workers", w, "--json")));
    const [one, ...more] = runs.map((r) => ({ ...(JSON.parse(r.stdout) as SimJson), seconds: 0 }));
    expect(one.result).toBe(spec === BASE_SPEC ? "ok" : "violation");
    for (const other of more) expect(other).toEqual(one);
  });

  it("the base spec passes: exit 0, no trace", async () => {
    const run = await simulate(BASE_SPEC, ...WALKS, "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as SimJson;
    expect(json).toMatchObject({ result: "ok", invariant: null, runSeed: null, runsDone: 200, trace: [] });
    expect(json.message).toMatch(/^ok: no violation in 200 runs/);
  });
});

describe("simulate's progress on stderr (issue 13)", () => {
  it.each(["1", "2"])("--workers %s, not a terminal: lines of walks done, steps and elapsed time; none for a short run at the default interval", async (workers) => {
    const run = await cli(["simulate", BASE_SPEC, ...WALKS, "--workers", workers], { env: { PROTOFORGE_PROGRESS_SECONDS: "0" } });
    expect(run.code).toBe(0);
    // With workers, the walks are read from them every 250 ms: a run that ends sooner has no line, so only their shape is pinned.
    const lines = run.stderr.split("\n").filter((l) => l !== "");
    for (const line of lines) expect(line).toMatch(/^progress: [\d,]+ walks, [\d,]+ steps, elapsed \d+:\d\d:\d\d, [\d,]+ MiB RSS$/);
    if (workers === "1") expect(lines.at(-1)).toMatch(/^progress: 200 walks, /);
    expect(run.stdout.split("\n")[0]).toBe("two-phase-commit, model ci, seed 1, 200 runs of up to 30 steps");
    const quiet = await simulate(BASE_SPEC, ...WALKS, "--workers", workers);
    expect(quiet.stderr).toBe("");
  });
});

describe("simulate names the witness of a violation (issue 13)", () => {
  it("text and --json: the rm that committed and the one that aborted in the failing walk", async () => {
    const [text, json] = await Promise.all([simulate(MAJORITY, ...WALKS), simulate(MAJORITY, ...WALKS, "--json")]);
    const witness = "false for i = rm 0, j = rm 1: rm[i].rmState == 'committed' and rm[j].rmState == 'aborted' holds";
    expect(text.stdout.split("\n")[2]).toBe(witness);
    expect((JSON.parse(json.stdout) as { witness: { text: string } }).witness.text).toBe(witness);
  });
});
