/**
 * Loads the generated model of a spec, the code that ships, freshly generated
 * from the spec it was given. Run from the compiled build (dist/), the model
 * is JavaScript kept in a cache keyed by the content hash of the IR and of the
 * build itself: emitted and transpiled on a miss, so a check of a spec met
 * before loads neither ts-morph nor TypeScript, and a cached model is never
 * used once anything it was made from changed. Run from the sources (tsx,
 * vitest), the TypeScript files are staged beside generated/ and imported.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { GeneratedModule, Model } from "../checkers/model.js";
import { buildHash, CODE_ROOT } from "./build-info.js";
import type { ProtocolIR } from "../generator/ir.js";
import { rolesWithoutNodes } from "../generator/ir-checks/initial-values.js";
import { UsageError } from "./report.js";

export interface LoadedModel {
  readonly model: Model;
  readonly modelName: string;
  readonly parameters: Readonly<Record<string, number>>;
}

/** A spec's generated files on disk, ready to import; `dispose` when done. */
export interface ModelFiles {
  /** The generated model module (model.js in the cache, model.ts when staged). */
  readonly entry: string;
  dispose(): void;
}

/** Where models are staged when protoforge runs from its sources: beside generated/, so `../../runtime/` resolves. */
const STAGE_DIR = join(CODE_ROOT, "generated");

/**
 * Writes the TypeScript files to a fresh staging folder under `outDir`, removed
 * by `dispose`. Generated code imports `../../runtime/`, so `outDir` must sit
 * directly inside the project, beside runtime/.
 */
export function stagedFiles(outDir: string, name: string, files: ReadonlyMap<string, string>): ModelFiles {
  if (!existsSync(resolve(outDir, "..", "runtime", "values.ts"))) throw new Error(`${outDir} is not directly inside the protoforge project: generated code imports ../../runtime/`);
  // The random part keeps apart threads that share a pid (vitest's workers).
  const dir = join(outDir, `.${name}.check-${process.pid}-${randomBytes(4).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of files) writeFileSync(join(dir, file), content);
  return { entry: join(dir, "model.ts"), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Removes what process `pid` staged for loading models and left: its staging
 * folders beside generated/ and its half-filled cache entries. For a command
 * ended from outside (off-thread.ts), whose own dispose never ran.
 */
export function removeLeftovers(pid: number): void {
  const mine = [new RegExp(`^\\..+\\.check-${pid}-[0-9a-f]+$`), new RegExp(`^[0-9a-f]{32}\\.${pid}-[0-9a-f]+$`)];
  for (const dir of [STAGE_DIR, join(CODE_ROOT, ".models")]) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) if (mine.some((m) => m.test(name))) rmSync(join(dir, name), { recursive: true, force: true });
  }
}

async function emitted(ir: ProtocolIR, files: ReadonlyMap<string, string> | undefined): Promise<ReadonlyMap<string, string>> {
  return files ?? (await import("../generator/emit/source.js")).emitModelSource(ir);
}

/** The generated model of `ir`, ready to import. Pass `files` when they were just emitted anyway. */
export async function modelFiles(ir: ProtocolIR, files?: ReadonlyMap<string, string>): Promise<ModelFiles> {
  const build = buildHash();
  if (build === null) return stagedFiles(STAGE_DIR, ir.name, await emitted(ir, files));
  const key = createHash("sha256").update(build).update("\0").update(JSON.stringify(ir)).digest("hex").slice(0, 32);
  const dir = join(CODE_ROOT, ".models", key);
  if (!existsSync(dir)) await fillCache(dir, await emitted(ir, files));
  return { entry: join(dir, "model.js"), dispose: () => {} };
}

/** Transpiles the files into a fresh folder, then renames it into place: a reader never sees a half-written entry. */
async function fillCache(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const { transpile } = await import("./transpile.js");
  const staging = `${dir}.${process.pid}-${randomBytes(4).toString("hex")}`;
  mkdirSync(staging, { recursive: true });
  for (const [file, content] of files) {
    if (file.endsWith(".d.ts")) continue;
    if (file.endsWith(".ts")) writeFileSync(join(staging, file.replace(/\.ts$/, ".js")), transpile(file, content));
    else writeFileSync(join(staging, file), content);
  }
  try {
    renameSync(staging, dir);
  } catch (e) {
    // Another process filled the same entry first: its files are the same.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw e;
  }
}

export async function importModel(files: ModelFiles, ir: ProtocolIR, modelName: string, overrides: Readonly<Record<string, number>>): Promise<LoadedModel> {
  const spec = ir.models.find((m) => m.name === modelName);
  if (spec === undefined) throw new UsageError(`${ir.file} has no model '${modelName}' (models: ${ir.models.map((m) => m.name).join(", ")})`);
  for (const [name, value] of Object.entries(overrides)) {
    const param = ir.parameters.find((p) => p.name === name);
    if (param === undefined) throw new UsageError(`-p ${name}: ${ir.file} has no parameter '${name}' (parameters: ${ir.parameters.map((p) => p.name).join(", ")})`);
    if (!Number.isInteger(value) || value < param.min || value > param.max) throw new UsageError(`-p ${name}=${value}: outside its range ${param.min}..${param.max}`);
  }
  // compile checked every model's own parameters; an override can still leave a role with no node.
  const values = { ...Object.fromEntries(ir.parameters.map((p) => [p.name, p.default])), ...spec.parameters, ...overrides };
  const [empty] = rolesWithoutNodes(ir, values);
  if (empty !== undefined) throw new UsageError(`${Object.entries(overrides).map(([k, v]) => `-p ${k}=${v}`).join(" ")}: role ${empty.role} would have ${empty.nodes} nodes; every role needs at least one`);
  const module = (await import(pathToFileURL(files.entry).href)) as GeneratedModule;
  const model = module.createModel(modelName, { ...overrides });
  return { model, modelName, parameters: { ...spec.parameters, ...overrides } };
}

/** `name=value` pairs from `-p`, as integers. */
export function parseParameters(pairs: readonly string[]): Record<string, number> {
  // No prototype: `-p __proto__=1` is then a parameter name like any other (and is reported as unknown), not a prototype.
  const out = Object.create(null) as Record<string, number>;
  for (const pair of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(-?\d+)$/.exec(pair);
    if (match === null) throw new UsageError(`-p ${pair}: expected name=integer`);
    out[match[1]] = Number(match[2]);
  }
  return out;
}
