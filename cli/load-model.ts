/**
 * Loads the generated model of a spec exactly as `gen` writes it: the files are
 * emitted into a staging folder beside generated/<protocol>/ (so its relative
 * imports resolve the same way) and imported from there. The checker thus runs
 * the code that ships, freshly generated from the spec it was given.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Model } from "../checkers/model.js";
import type { ProtocolIR } from "../generator/ir.js";
import { UsageError } from "./report.js";

export interface LoadedModel {
  readonly model: Model;
  readonly modelName: string;
  readonly parameters: Readonly<Record<string, number>>;
}

interface GeneratedModule {
  createModel(name: string, overrides: Record<string, number>): Model;
}

let counter = 0;

/**
 * Writes the files to a fresh staging folder under `outDir`; the caller removes
 * it with `discard`. Generated code imports `../../runtime/`, so `outDir` must
 * sit directly inside the project, beside runtime/.
 */
export function stage(outDir: string, name: string, files: ReadonlyMap<string, string>): string {
  if (!existsSync(resolve(outDir, "..", "runtime", "values.ts"))) {
    throw new UsageError(`--out ${outDir}: generated code imports ../../runtime/, so the folder must be directly inside the protoforge project (like generated/)`);
  }
  const dir = join(outDir, `.${name}.check-${process.pid}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of files) writeFileSync(join(dir, file), content);
  return dir;
}

export function discard(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function importModel(dir: string, ir: ProtocolIR, modelName: string, overrides: Readonly<Record<string, number>>): Promise<LoadedModel> {
  const spec = ir.models.find((m) => m.name === modelName);
  if (spec === undefined) throw new UsageError(`${ir.file} has no model '${modelName}' (models: ${ir.models.map((m) => m.name).join(", ")})`);
  for (const [name, value] of Object.entries(overrides)) {
    const param = ir.parameters.find((p) => p.name === name);
    if (param === undefined) throw new UsageError(`-p ${name}: ${ir.file} has no parameter '${name}' (parameters: ${ir.parameters.map((p) => p.name).join(", ")})`);
    if (!Number.isInteger(value) || value < param.min || value > param.max) throw new UsageError(`-p ${name}=${value}: outside its range ${param.min}..${param.max}`);
  }
  const module = (await import(pathToFileURL(resolve(dir, "model.ts")).href)) as GeneratedModule;
  const model = module.createModel(modelName, { ...overrides });
  return { model, modelName, parameters: { ...spec.parameters, ...overrides } };
}

/** `name=value` pairs from `-p`, as integers. */
export function parseParameters(pairs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(-?\d+)$/.exec(pair);
    if (match === null) throw new UsageError(`-p ${pair}: expected name=integer`);
    out[match[1]] = Number(match[2]);
  }
  return out;
}
