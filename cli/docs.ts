/**
 * `protoforge docs`: the generated pages of the docs site. Each protocol page
 * (docs/protocols/<name>.md) comes from a base spec, its variants and their
 * certificates in generated/, and each refuted variant gets a page of its own
 * with its explorer data beside it (docs/protocols/<name>/<variant>.md and
 * .trace.json); the catalogue and the spec-format reference are
 * written when every spec compiles. Files are written whole or not at all.
 * gen --check and publish reuse `docsFiles` and `docsProblems`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { compileSpec, type Compiled } from "../generator/compile.js";
import { discoverSpecs } from "../generator/discover.js";
import type { SpecError } from "../generator/errors.js";
import { VARIANT_SCHEMA_FILE, variantSchemaText } from "../generator/variant-schema.js";
import { cataloguePage } from "../pages/catalogue.js";
import type { CheckedSpec, CheckRecord, ProtocolPageInput } from "../pages/input.js";
import { GENERATED_MARK, protocolPage } from "../pages/protocol-page.js";
import { explorerTrace } from "../pages/explorer-trace.js";
import { variantPage } from "../pages/variant-page.js";
import { TRACE_SUFFIX, traceFile, traceJson } from "../pages/explorer-files.js";
import { specFormatPage, type SchemaNode } from "../pages/spec-format.js";
import { CERTIFICATE } from "./certificate.js";
import { NARRATIVES_DIR } from "./happy-path.js";
import { EXIT, printErrors, say, UsageError } from "./report.js";

export const DOCS_DIR = "docs";
export const SCHEMA_FILE = "specs/schema/protocol.schema.json";
const PROTOCOLS = "protocols";

/** Pages follow the certificates in generated/ only: publishing to another folder (a test's) leaves docs/ alone. */
export const docsDirFor = (generatedDir: string): string | null => (resolve(generatedDir) === resolve("generated") ? DOCS_DIR : null);

/** A JSON file of ours; a broken one is a usage error that names it, never a stack trace. */
function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new UsageError(`${path}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** A spec with its certificate and, when refuted, its Mermaid diagram and the explorer's view of its ITF trace. */
export function checkedSpec(compiled: Compiled, generatedDir: string): CheckedSpec {
  const dir = join(generatedDir, compiled.ir.name);
  const certificate = existsSync(join(dir, CERTIFICATE)) ? readJson<CheckRecord>(join(dir, CERTIFICATE)) : null;
  const refuted = certificate?.counterexample != null;
  const mmd = join(dir, "counterexample.mmd");
  const itf = join(dir, "counterexample.itf.json");
  return {
    compiled,
    certificate,
    counterexampleMermaid: refuted && existsSync(mmd) ? readFileSync(mmd, "utf8") : null,
    explorer: refuted && existsSync(itf) ? explorerTrace(readJson(itf), compiled.ir, certificate!.violated) : null,
  };
}

/** The narrative written by hand for a protocol, if any. */
export function narrativeOf(protocol: string): string | null {
  const file = join(NARRATIVES_DIR, `${protocol}.md`);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

/** The base spec a compiled spec finally extends (itself for a base). */
const rootOf = (c: Compiled): string => c.loaded.files[c.loaded.files.length - 1];

export interface DocsBuild {
  /** Paths relative to the docs folder, and their text. */
  readonly files: ReadonlyMap<string, string>;
  readonly errors: readonly SpecError[];
  /** Whether every spec was read, so the catalogue is written and stray pages can be told apart. */
  readonly complete: boolean;
}

/**
 * The pages of the named specs' protocols (every protocol when none is named),
 * and, when every spec compiles and `shared` is asked for, the catalogue and
 * the spec-format reference, which belong to no one spec.
 * With names, a spec elsewhere that does not compile (someone's draft) is left
 * out rather than failing the named ones.
 */
export function docsFiles(named: readonly string[], generatedDir: string, shared = true): DocsBuild {
  const namedPaths = new Set(named.map((f) => resolve(f)));
  // The named specs first: an error in one of them is reported without compiling the rest.
  const namedResults = named.map((file) => compileSpec(file));
  const errors = namedResults.flatMap((r) => (r.ok ? [] : r.errors));
  if (errors.length > 0) return { files: new Map(), errors, complete: false };
  const compiled = namedResults.flatMap((r) => (r.ok ? [r.value] : []));
  let complete = true;
  for (const file of discoverSpecs().filter((f) => !namedPaths.has(resolve(f)))) {
    const result = compileSpec(file);
    if (result.ok) compiled.push(result.value);
    else if (named.length === 0) errors.push(...result.errors);
    else complete = false;
  }
  if (errors.length > 0) return { files: new Map(), errors, complete: false };
  // In file order whatever was named, so the catalogue is the same from any command.
  const pages: ProtocolPageInput[] = compiled
    .filter((c) => c.loaded.base === null)
    .sort((a, b) => a.loaded.file.localeCompare(b.loaded.file))
    .map((base) => ({
      base: checkedSpec(base, generatedDir),
      variants: compiled.filter((v) => v !== base && rootOf(v) === base.loaded.file).sort((a, b) => a.ir.name.localeCompare(b.ir.name)).map((v) => checkedSpec(v, generatedDir)),
      narrative: narrativeOf(base.ir.name),
    }));
  const roots = new Set(compiled.filter((c) => named.length === 0 || namedPaths.has(resolve(c.loaded.file))).map(rootOf));
  const files = new Map<string, string>();
  for (const p of pages.filter((page) => roots.has(page.base.compiled.loaded.file))) {
    files.set(join(PROTOCOLS, `${p.base.compiled.ir.name}.md`), protocolPage(p));
    for (const v of p.variants) {
      files.set(join(PROTOCOLS, p.base.compiled.ir.name, `${v.compiled.ir.name}.md`), variantPage(p.base, v));
      if (v.explorer !== null) files.set(join(PROTOCOLS, traceFile(p.base.compiled.ir.name, v.compiled.ir.name)), traceJson(v.explorer));
    }
  }
  if (complete && shared) {
    files.set(join(PROTOCOLS, "index.md"), cataloguePage(pages));
    files.set(join("reference", "spec-format.md"), specFormatPage(readJson<SchemaNode>(SCHEMA_FILE), SCHEMA_FILE));
  }
  return { files, errors, complete };
}

/** Whether a file in docs/protocols/ is ours: a page with the generated mark, or explorer data (hand-written pages are never touched). */
const generatedFile = (path: string): boolean => path.endsWith(TRACE_SUFFIX) || (path.endsWith(".md") && readFileSync(path, "utf8").includes(GENERATED_MARK));

/** Generated files in docs/protocols/ (and its protocols' folders) that no spec produces any more. */
function strayPages(docsDir: string, files: ReadonlyMap<string, string>): string[] {
  const dir = join(docsDir, PROTOCOLS);
  if (!existsSync(dir)) return [];
  const inside = (sub: string): string[] =>
    readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) => {
      const path = sub === "" ? e.name : join(sub, e.name);
      if (e.isDirectory()) return sub === "" ? inside(path) : [];
      return generatedFile(join(dir, path)) ? [join(PROTOCOLS, path)] : [];
    });
  return inside("").filter((path) => !files.has(path)).sort();
}

/** Pages that differ from what the specs and certificates generate now, and generated pages no spec produces. */
export function docsProblems(build: DocsBuild, docsDir: string, all: boolean): { stale: string[]; strays: string[] } {
  const stale = [...build.files].filter(([path, text]) => !existsSync(join(docsDir, path)) || readFileSync(join(docsDir, path), "utf8") !== text).map(([path]) => path);
  return { stale, strays: all && build.complete ? strayPages(docsDir, build.files) : [] };
}

/** Writes one file through a temporary beside it and a rename, so a reader never sees half of it. */
function writeWhole(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** Writes what changed, removes stray generated pages, and says what it did. */
export function writeDocs(build: DocsBuild, docsDir: string, all: boolean): void {
  const { stale, strays } = docsProblems(build, docsDir, all);
  for (const path of stale) {
    writeWhole(join(docsDir, path), build.files.get(path)!);
    say(`wrote ${join(docsDir, path)}`);
  }
  for (const path of strays) {
    rmSync(join(docsDir, path));
    say(`removed ${join(docsDir, path)}: no spec generates it any more`);
  }
  if (stale.length === 0 && strays.length === 0) say(`docs pages are up to date (${build.files.size} pages)`);
}

export function docsCommand(specs: readonly string[], options: { out: string; generated: string }): number {
  const build = docsFiles(specs, options.generated);
  if (build.errors.length > 0) {
    printErrors(build.errors);
    return EXIT.specError;
  }
  writeDocs(build, options.out, specs.length === 0);
  if (specs.length === 0 && variantSchemaStale()) {
    writeWhole(VARIANT_SCHEMA_FILE, variantSchemaText(readJson<Record<string, unknown>>(SCHEMA_FILE)));
    say(`wrote ${VARIANT_SCHEMA_FILE}`);
  }
  return EXIT.ok;
}

/** Whether specs/schema/variant.schema.json differs from what the meta-schema derives (see generator/variant-schema.ts). */
export function variantSchemaStale(): boolean {
  return !existsSync(VARIANT_SCHEMA_FILE) || readFileSync(VARIANT_SCHEMA_FILE, "utf8") !== variantSchemaText(readJson<Record<string, unknown>>(SCHEMA_FILE));
}
