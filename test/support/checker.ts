/**
 * Test helper for the checker: compiles a spec, stages its generated code in a
 * folder under test-output/ (two levels below the repo root, so the generated
 * `../../runtime` imports resolve), imports the model, and runs the same
 * `runCheck` the CLI runs. A test process emits and stages each distinct IR
 * once (the generator cannot change while it runs).
 */
import { execFile } from "node:child_process";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { GlobalState, Model } from "../../checkers/model.js";
import { importModel, stagedFiles, type ModelFiles } from "../../cli/load-model.js";
import { runCheck, type CheckOutcome } from "../../cli/run-check.js";
import { compileSpec } from "../../generator/compile.js";
import { emitModelSource } from "../../generator/emit/source.js";
import type { ProtocolIR } from "../../generator/ir.js";

/** The repo root: this file is test/support/checker.ts. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Where models are staged: one folder under the repo root (git-ignored). */
export const STAGE_DIR = join(REPO_ROOT, "test-output");

export interface LoadedSpecModel {
  readonly ir: ProtocolIR;
  readonly model: Model<GlobalState>;
  /** The model's parameters: the model's own, with the overrides applied. */
  readonly parameters: Readonly<Record<string, number>>;
  readonly modelName: string;
  /** The staged generated model module, for worker threads to load; it lives until the test process exits. */
  readonly entry: string;
}

/** A spec path relative to the repo root (or absolute), as an absolute path. */
export function specPath(specFile: string): string {
  return isAbsolute(specFile) ? specFile : resolve(REPO_ROOT, specFile);
}

export function compileOrThrow(specFile: string): ProtocolIR {
  const compiled = compileSpec(specPath(specFile));
  if (!compiled.ok) {
    const errors = compiled.errors.map((e) => `${e.file}:${e.pointer}: ${e.message} [${e.code}]`).join("\n");
    throw new Error(`${specFile} does not compile:\n${errors}`);
  }
  return compiled.value.ir;
}

/** Staged once per IR; test/support/global-setup.ts removes the folders when the run ends. */
const staged = new Map<string, ModelFiles>();

/** The staged generated files of `ir`, written on first use. */
async function stagedOnce(ir: ProtocolIR): Promise<ModelFiles> {
  const key = JSON.stringify(ir);
  let files = staged.get(key);
  if (files === undefined) {
    files = stagedFiles(STAGE_DIR, ir.name, emitModelSource(ir));
    staged.set(key, files);
  }
  return files;
}

export async function loadModel(specFile: string, modelName = "ci", overrides: Readonly<Record<string, number>> = {}): Promise<LoadedSpecModel> {
  const ir = compileOrThrow(specFile);
  const files = await stagedOnce(ir);
  const loaded = await importModel(files, ir, modelName, overrides);
  return { ir, model: loaded.model, parameters: loaded.parameters, modelName, entry: files.entry };
}

export interface CheckFlags {
  readonly model?: string;
  readonly overrides?: Readonly<Record<string, number>>;
  readonly noSymmetry?: boolean;
  readonly deadlock?: boolean;
  readonly maxStates?: number;
  readonly stop?: { requested: boolean };
}

/** `protoforge check` in-process: the outcome of runCheck (search result and rebuilt trace). */
export async function check(specFile: string, flags: CheckFlags = {}): Promise<CheckOutcome> {
  const modelName = flags.model ?? "ci";
  const loaded = await loadModel(specFile, modelName, flags.overrides ?? {});
  return runCheck({
    ir: loaded.ir,
    model: loaded.model,
    modelName,
    parameters: loaded.parameters,
    symmetry: flags.noSymmetry ? false : undefined,
    deadlock: flags.deadlock,
    maxStates: flags.maxStates,
    stop: flags.stop,
  });
}

/** The spec files of the repo. */
export const BASE_SPEC = "specs/two-phase-commit.json";
export const FIRST_PREPARED = "specs/variants/two-phase-commit-commit-on-first-prepared.json";
export const MAJORITY = "specs/variants/two-phase-commit-commit-on-majority.json";
export const QUANTIFIER = "specs/variants/two-phase-commit-unanimity-by-quantifier.json";

/** A fixture of test/fixtures/checker/. */
export const fixture = (name: string): string => `test/fixtures/checker/${name}.json`;

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/protoforge.mjs ...args` as a child process, from the repo root
 * unless `cwd` says otherwise. `bin` runs another copy (or link) of
 * bin/protoforge.mjs.
 */
export function cli(args: readonly string[], options: { readonly cwd?: string; readonly timeout?: number; readonly bin?: string; readonly env?: Readonly<Record<string, string>> } = {}): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [options.bin ?? join(REPO_ROOT, "bin", "protoforge.mjs"), ...args],
      { cwd: options.cwd ?? REPO_ROOT, encoding: "utf8", timeout: options.timeout ?? 90_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env } },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr }),
    );
  });
}

/** verdict, distinct, generated, depth: what the protocol tests pin. */
export const figures = (o: CheckOutcome) => [o.result.verdict, o.result.distinctStates, o.result.statesGenerated, o.result.depth];

/** The steps of the shortest trace (states minus the initial one). */
export const steps = (o: CheckOutcome) => o.trace!.steps.length - 1;

/** Each step of the shortest trace as `Action role node`, or the fault's kind. */
export const labels = (o: CheckOutcome) =>
  o.trace!.steps.slice(1).map((s) => (s.label!.kind === "action" ? `${s.label!.action} ${s.label!.role} ${s.label!.node}` : s.label!.kind));
