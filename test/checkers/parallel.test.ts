/**
 * check --workers N gives what one thread gives, for every N: distinct states,
 * states generated, depth, coverage, states outside the constraint, verdict
 * and the shortest trace, step for step. Every level is handed to the workers
 * here (minLevel 1), so levels with a finding (run again on the main thread),
 * levels the workers finish, and --max-states cuts are all exercised.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { search, type CheckOptions, type SearchResult } from "../../checkers/bfs.js";
import { searchParallel, sliceBounds, WorkerPool } from "../../checkers/parallel.js";
import { rebuildTrace } from "../../checkers/trace.js";
import { BASE_SPEC, fixture, loadModel, MAJORITY, type LoadedSpecModel } from "../support/checker.js";

interface Case {
  readonly spec: string;
  readonly model?: string;
  readonly overrides?: Readonly<Record<string, number>>;
  readonly symmetry?: boolean;
  readonly deadlock?: boolean;
  readonly maxStates?: number;
  /** What one thread finds, so that the comparison is not between two empty runs. */
  readonly verdict: string;
  /** Also run with minLevel 64, so that the workers start while the main thread expands the small levels. */
  readonly warm?: boolean;
}

const CASES: readonly Case[] = [
  { spec: BASE_SPEC, overrides: { resourceManagers: 4 }, verdict: "ok" },
  { spec: BASE_SPEC, overrides: { resourceManagers: 5 }, symmetry: true, verdict: "ok", warm: true },
  { spec: BASE_SPEC, overrides: { resourceManagers: 5 }, maxStates: 3000, verdict: "stopped" },
  { spec: MAJORITY, verdict: "violation" },
  { spec: "specs/raft.json", verdict: "ok", warm: true },
  { spec: "specs/variants/raft-vote-without-log-check.json", verdict: "violation", warm: true },
  { spec: "specs/variants/paxos-accept-below-promise.json", verdict: "violation" },
  { spec: fixture("checker-action-property"), verdict: "violation" },
  { spec: fixture("checker-deadlock"), verdict: "deadlock" },
  { spec: fixture("checker-overflow"), verdict: "overflow" },
  { spec: fixture("checker-constraint"), verdict: "ok" },
  { spec: fixture("checker-two-symmetric-roles"), symmetry: true, verdict: "ok" },
];

function figures(r: SearchResult) {
  return { verdict: r.verdict, distinct: r.distinctStates, generated: r.statesGenerated, depth: r.depth, outside: r.outsideConstraint, coverage: r.coverage, finding: r.finding };
}

// One pool per worker count, kept for every case: each thread loads each model it is sent once, so the cases also
// pin that a pool serves one search after another, of different models, as fresh threads would.
const pools = new Map([2, 3].map((n) => [n, new WorkerPool(n)]));
afterAll(() => Promise.all([...pools.values()].map((p) => p.close())));

describe.each(CASES)("$spec $model $overrides", (c) => {
  let loaded: LoadedSpecModel;
  let options: CheckOptions;
  let alone: SearchResult;
  beforeAll(async () => {
    loaded = await loadModel(c.spec, c.model ?? "ci", c.overrides ?? {});
    const spec = loaded.ir.models.find((m) => m.name === loaded.modelName)!;
    options = { invariants: spec.invariants, properties: spec.properties, symmetry: c.symmetry ?? spec.symmetry, deadlock: c.deadlock ?? spec.deadlock, maxStates: c.maxStates };
    alone = search(loaded.model, options);
  });

  it(`one thread: ${c.verdict}`, () => {
    expect(alone.verdict).toBe(c.verdict);
  });

  // minLevel 1 shares every level, on the kept pools; 64 (for the models whose levels grow past it) leaves the small
  // ones to the main thread, with threads of the search's own started (warm) beside it.
  it.each([[2, 1], [3, 1], ...(c.warm === true ? [[2, 64]] : [])])("%i workers, minLevel %i: the same figures and the same trace", async (workers, minLevel) => {
    const source = { entry: loaded.entry, modelName: loaded.modelName, overrides: c.overrides ?? {} };
    const pool = minLevel === 1 ? pools.get(workers) : undefined;
    const together = await searchParallel(loaded.model, source, options, { workers, minLevel, pool });
    expect(figures(together)).toEqual(figures(alone));
    if (alone.finding !== null) {
      const steps = (r: SearchResult) => rebuildTrace(loaded.model, r.log, r.finding!, options.symmetry).steps.map((s) => [s.label, s.state]);
      expect(steps(together)).toEqual(steps(alone));
    }
  });
});

describe("slice bounds", () => {
  it.each([
    [1, 2],
    [7, 3],
    [2048, 2],
    [185_078, 2],
    [185_078, 16],
  ])("a level of %i states for %i workers: covered in order, each slice no bigger than the one before, the smallest 1/(32N) of the level", (size, workers) => {
    const bounds = sliceBounds(size, workers);
    expect(bounds[0]).toBe(0);
    expect(bounds.at(-1)).toBe(size);
    const sizes = bounds.slice(1).map((b, k) => b - bounds[k]);
    expect(sizes.every((n) => n > 0)).toBe(true);
    expect(sizes.every((n, k) => k === 0 || n <= sizes[k - 1])).toBe(true);
    expect(Math.min(...sizes.slice(0, -1), Infinity)).toBeGreaterThanOrEqual(Math.ceil(size / (32 * workers)));
    expect(sizes[0]).toBe(Math.ceil(size / (2 * workers)));
  });

  it("a level of 185,078 states for 2 workers: 14 slices, the first a quarter of the level, the last under 2 %", () => {
    const bounds = sliceBounds(185_078, 2);
    expect(bounds.length - 1).toBe(14);
    expect(bounds[1]).toBe(46_270);
    expect(185_078 - bounds.at(-2)!).toBeLessThan(0.02 * 185_078);
  });
});
