/**
 * Test helper: compiles a spec, writes its generated folder and imports the
 * generated model. Generated files import `../../runtime/...` and
 * `../../checkers/...`, so the folder must sit two levels below the repo
 * root: `outDir` is resolved against the repo root and must be one folder
 * deep (the default, test-output/, is git-ignored and outside tsconfig).
 */
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { GlobalState, Model } from "../../checkers/model.js";
import { compileSpec } from "../../generator/compile.js";
import type { ProtocolIR } from "../../generator/ir.js";
import { writeFolder } from "../../generator/write.js";
import { emitProtocolSource } from "../../generator/emit/source.js";

/** The repo root: this file is test/support/generate.ts. */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** What a generated model.ts exports (its own types erased to the checker's interface). */
export interface CheckModelInfo {
  readonly parameters: Readonly<Record<string, number>>;
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly symmetry: boolean;
  readonly deadlock: boolean;
  readonly constraint: boolean;
}

export interface GeneratedModelModule {
  readonly checkModels: Readonly<Record<string, CheckModelInfo>>;
  createModel(name?: string, overrides?: Readonly<Record<string, number>>): Model<GlobalState>;
  readonly ProtocolModel: new (parameters: Readonly<Record<string, number>>, constraint?: string) => Model<GlobalState>;
}

export interface Generated {
  readonly ir: ProtocolIR;
  /** The folder the files were written to. */
  readonly dir: string;
  readonly files: ReadonlyMap<string, string>;
  readonly modelModule: GeneratedModelModule;
}

/** Compiles `specFile` (relative to the repo root, or absolute) into `<outDir>/<name>/` and imports its model.ts. */
export async function generateInto(specFile: string, outDir = "test-output"): Promise<Generated> {
  const spec = isAbsolute(specFile) ? specFile : resolve(REPO_ROOT, specFile);
  const compiled = compileSpec(spec);
  if (!compiled.ok) {
    const errors = compiled.errors.map((e) => `${e.file}:${e.pointer}: ${e.message} [${e.code}]`).join("\n");
    throw new Error(`${specFile} does not compile:\n${errors}`);
  }
  const { ir } = compiled.value;
  const out = resolve(REPO_ROOT, outDir);
  const depth = relative(REPO_ROOT, out).split(/[\\/]/).filter((s) => s !== "" && s !== ".");
  if (depth.length !== 1 || depth[0] === "..") {
    throw new Error(`outDir must be one folder directly under the repo root (generated files import ../../runtime), not '${outDir}'`);
  }
  const files = emitProtocolSource(ir);
  writeFolder(out, ir.name, files);
  const dir = join(out, ir.name);
  const modelModule = (await import(pathToFileURL(join(dir, "model.ts")).href)) as GeneratedModelModule;
  return { ir, dir, files, modelModule };
}
