/**
 * The fuzz property: every spec that `validate` accepts generates code that
 * passes the project's tsc, and its check ends in a verdict (never an
 * internal error); every spec it refuses gets clean errors (file, JSON
 * pointer, code, one line). Specs come from a generator of valid specs
 * (test/support/spec-arbitrary.ts): FUZZ_RUNS of them (2,000 in the suite,
 * with a pinned seed; `npm run fuzz` runs 10,000 with a random seed, which it
 * prints: FUZZ_SEED=<seed> runs the same specs again).
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { GeneratedModule } from "../../checkers/model.js";
import { runCheck } from "../../cli/run-check.js";
import { compileSpec } from "../../generator/compile.js";
import { emitProtocolSource } from "../../generator/emit/source.js";
import { REPO_ROOT } from "../support/checker.js";
import { validSpec } from "../support/spec-arbitrary.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
/** `random` (npm run fuzz) picks one and prints it, so a failure can be run again. */
const SEED = process.env.FUZZ_SEED === "random" ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20_261_201);
/** Loading a generated model costs the most (vitest transforms it), so the suite checks every fifth accepted spec; `npm run fuzz` checks each. */
const CHECK_EVERY = Number(process.env.FUZZ_CHECK_EVERY ?? 5);
/** tsc takes the cases a batch at a time, to bound its memory on a long run. */
const TSC_BATCH = 1000;
/** A long run (npm run fuzz) needs more than the suite's two minutes a test. */
const TIMEOUT = Math.max(120_000, RUNS * 200);
/** Enough states to reach most of a small spec's behaviour, few enough for thousands of checks. */
const MAX_STATES = 400;

/** Cases are generated into <DIR>/cases/<name>/, whose `../../runtime/` imports reach the links <DIR>/runtime, <DIR>/checkers and <DIR>/host. */
const DIR = join(REPO_ROOT, "test-output", `fuzz-${process.pid}`);

interface Tally {
  cases: number;
  accepted: number;
  readonly refusals: Map<string, number>;
  readonly verdicts: Map<string, number>;
}

const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

function prepare(): void {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(join(DIR, "cases"), { recursive: true });
  mkdirSync(join(DIR, "specs"));
  for (const dir of ["runtime", "checkers", "host"]) symlinkSync(join(REPO_ROOT, dir), join(DIR, dir), "dir");
}

async function fuzzCase(spec: Record<string, unknown>, tally: Tally): Promise<void> {
  const name = `fuzz-${tally.cases++}`;
  const file = join(DIR, "specs", `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...spec, name }, null, 2));
  const compiled = compileSpec(file);
  if (!compiled.ok) {
    for (const e of compiled.errors) {
      expect(e.file, JSON.stringify(e)).toBe(relative(process.cwd(), file));
      expect(e.pointer).toMatch(/^(\/[^/]*)*$/);
      expect(e.code).toMatch(/^PF0\d\d$/);
      expect(e.message).toMatch(/^[^\n\r]+$/);
    }
    bump(tally.refusals, compiled.errors[0].code);
    return;
  }
  tally.accepted++;
  const { ir } = compiled.value;
  const folder = join(DIR, "cases", name);
  mkdirSync(folder);
  for (const [f, text] of emitProtocolSource(ir)) writeFileSync(join(folder, f), text);
  if (tally.accepted % CHECK_EVERY !== 0) return;
  const module = (await import(pathToFileURL(join(folder, "model.ts")).href)) as GeneratedModule;
  const outcome = runCheck({ ir, model: module.createModel("ci", {}), modelName: "ci", parameters: ir.models.find((m) => m.name === "ci")!.parameters, maxStates: MAX_STATES });
  bump(tally.verdicts, outcome.result.verdict);
  if (outcome.result.finding !== null && outcome.result.finding.state >= 0) expect(outcome.trace?.steps.length ?? 0).toBeGreaterThan(0);
}

const checked = (t: Tally) => [...t.verdicts.values()].reduce((a, b) => a + b, 0);

/** tsc over the accepted cases' generated files, a batch at a time, with the project's settings; its complaints, by file. */
async function typeErrors(): Promise<string> {
  const cases = readdirSync(join(DIR, "cases"));
  let out = "";
  for (let i = 0; i < cases.length; i += TSC_BATCH) {
    const config = join(DIR, `tsconfig.${i}.json`);
    writeFileSync(config, JSON.stringify({ extends: "../../tsconfig.json", include: cases.slice(i, i + TSC_BATCH).map((c) => `cases/${c}/*.ts`) }));
    try {
      await promisify(execFile)(join(REPO_ROOT, "node_modules/.bin/tsc"), ["--noEmit", "-p", config], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      out += String((e as { stdout?: string }).stdout ?? e);
    }
  }
  return out;
}

describe(`fuzz: ${RUNS} specs from a generator of valid specs (seed ${SEED})`, () => {
  const tally: Tally = { cases: 0, accepted: 0, refusals: new Map(), verdicts: new Map() };
  afterAll(() => {
    if (process.env.FUZZ_KEEP === undefined) rmSync(DIR, { recursive: true, force: true });
  });

  it("validate accepts nearly all of them and refuses the rest cleanly; each accepted one's check ends in a verdict", { timeout: TIMEOUT }, async () => {
    prepare();
    await fc.assert(
      fc.asyncProperty(validSpec, (spec) => fuzzCase(spec, tally)),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`fuzz (seed ${SEED}): ${tally.cases} specs, ${tally.accepted} accepted; refused by code: ${JSON.stringify(Object.fromEntries(tally.refusals))}; verdicts of the ${checked(tally)} checked: ${JSON.stringify(Object.fromEntries(tally.verdicts))}`);
    expect(tally.accepted / tally.cases).toBeGreaterThan(0.85);
    expect(tally.verdicts.get("ok") ?? 0).toBeGreaterThan(checked(tally) / 10);
    expect(tally.verdicts.get("violation") ?? 0).toBeGreaterThan(checked(tally) / 10);
  });

  it("the generated code of every accepted spec passes tsc", { timeout: TIMEOUT }, async () => {
    expect(tally.accepted).toBeGreaterThan(0);
    expect(await typeErrors()).toBe("");
  });
});
