/**
 * Load: spec file -> validated spec. Reads the JSON, validates it against the
 * meta-schema, follows `extends` to the base spec and merges the variant over
 * it. Every later error is reported against the file an entry came from.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { ErrorCode, fail, ok, pointer, type Result, type SpecError } from "./errors.js";
import { mergeVariant, withoutDrops } from "./inherit.js";
import { parseJson } from "./json.js";
import { schemaErrors } from "./schema-errors.js";
import { MERGED_MAPS, type ProtocolSpec } from "./spec.js";

const SCHEMA_URL = new URL("../specs/schema/protocol.schema.json", import.meta.url);

export interface LoadedSpec {
  readonly spec: ProtocolSpec;
  /** The file as the user named it (relative to the working directory). */
  readonly file: string;
  /** The base spec's file when this one is a variant. */
  readonly base: string | null;
  /** The file that the value at this JSON pointer comes from. */
  readonly originOf: (at: string) => string;
  /** Every file read, for the content hash of a certificate. */
  readonly files: readonly string[];
}

type Validator = ReturnType<Ajv2020["compile"]>;

let strict: Validator | undefined;
let relaxed: Validator | undefined;

function compile(schema: object): Validator {
  // verbose: a reserved name is reported by name (a `not` error carries only the value it rejected).
  return new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(schema);
}

function metaSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>;
}

/** The meta-schema: what a base spec, and a variant once merged over its base, must be. */
function strictValidator(): Validator {
  strict ??= compile(metaSchema());
  return strict;
}

/** What a variant's file may be: the meta-schema where the entries of maps need none of their keys, since they inherit the rest. */
function variantValidator(): Validator {
  if (relaxed === undefined) {
    const schema = metaSchema();
    const defs = schema.$defs as Record<string, Record<string, unknown>>;
    for (const name of ENTRY_DEFINITIONS) delete defs[name].required;
    relaxed = compile(schema);
  }
  return relaxed;
}

/** The meta-schema's definitions of the entries that inherit key by key (see inherit.ts). */
const ENTRY_DEFINITIONS = ["parameter", "role", "field", "message", "block", "action", "predicate", "ghost", "definition", "model"] as const;

/** A file's text by its absolute path; throws as readFileSync does. An editor passes its unsaved documents' text. */
export type ReadText = (path: string) => string;

const fromDisk: ReadText = (path) => readFileSync(path, "utf8");

export function loadSpec(file: string, read: ReadText = fromDisk): Result<LoadedSpec> {
  return loadChain(file, [], read);
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

function readSpec(file: string, read: ReadText): Result<ProtocolSpec> {
  const name = displayName(file);
  let text: string;
  try {
    text = read(file);
  } catch (e) {
    return fail({ file: name, pointer: "", code: ErrorCode.io, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})` });
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return fail({ file: name, pointer: parsed.pointer, code: parsed.code, message: parsed.message });
  const isVariant = typeof (parsed.value as { extends?: unknown } | null)?.extends === "string";
  const validate = isVariant ? variantValidator() : strictValidator();
  if (!validate(isVariant ? withoutDrops(parsed.value as ProtocolSpec) : parsed.value)) return fail(...schemaErrors(name, validate.errors ?? []));
  return ok(parsed.value as ProtocolSpec);
}

function loadChain(file: string, chain: readonly string[], readText: ReadText): Result<LoadedSpec> {
  const path = resolve(file);
  const read = readSpec(path, readText);
  if (!read.ok) return read;
  const spec = read.value;
  const name = displayName(path);
  if (spec.extends === undefined) return checkBase(spec, name);
  const basePath = resolve(dirname(path), spec.extends);
  if (chain.includes(basePath) || basePath === path) {
    return fail({ file: name, pointer: "/extends", code: ErrorCode.extendsCycle, message: `'extends' makes a cycle: ${[...chain, path, basePath].map(displayName).join(" -> ")}` });
  }
  const baseRead = loadChain(basePath, [...chain, path], readText);
  if (!baseRead.ok) {
    const missing = baseRead.errors.find((e) => e.code === ErrorCode.io && e.file === displayName(basePath));
    if (missing) return fail({ file: name, pointer: "/extends", code: ErrorCode.extendsMissing, message: `'extends' names ${spec.extends}, which cannot be read` });
    return baseRead;
  }
  const removed = missingRemovals(baseRead.value.spec, spec, name);
  if (removed.length > 0) return fail(...removed);
  const merged = merge(baseRead.value, spec, name);
  const validate = strictValidator();
  if (!validate(merged.spec)) return fail(...schemaErrors(name, validate.errors ?? []).map((e) => ({ ...e, file: merged.originOf(e.pointer) })));
  if (merged.spec.models?.ci === undefined) return fail({ file: name, pointer: "/models/ci", code: ErrorCode.missingCiModel, message: "a variant may not remove the 'ci' model: the test suite and publish check it" });
  // Its own: a variant of a variant says what it should show, not what its base did.
  if (spec.expect === undefined) return fail({ file: name, pointer: "/", code: ErrorCode.variantWithoutExpect, message: `a variant says what publish must find: add "expect": "holds", "equivalent" or { "violates": [...] }` });
  return ok(merged);
}

/** A variant's null that removes nothing: a misspelt name, or an entry its base does not have. */
function missingRemovals(base: ProtocolSpec, variant: ProtocolSpec, file: string): SpecError[] {
  const errors: SpecError[] = [];
  for (const key of MERGED_MAPS) {
    const entries = (base[key] ?? {}) as Record<string, unknown>;
    for (const [entry, value] of Object.entries(variant[key] ?? {})) {
      if (value === null && !Object.prototype.hasOwnProperty.call(entries, entry)) {
        const names = Object.keys(entries);
        errors.push({ file, pointer: pointer(key, entry), code: ErrorCode.unknownName, message: `null removes '${entry}', but the base spec has no such entry in ${key}${names.length === 0 ? "" : ` (${key}: ${names.join(", ")})`}` });
      }
    }
  }
  return errors;
}

function checkBase(spec: ProtocolSpec, file: string): Result<LoadedSpec> {
  const errors: SpecError[] = [];
  for (const key of MERGED_MAPS) {
    for (const [entry, value] of Object.entries(spec[key] ?? {})) {
      if (value === null) errors.push({ file, pointer: pointer(key, entry), code: ErrorCode.nullInBase, message: "null removes an entry of the base spec, so only a variant (with 'extends') may use it" });
    }
  }
  for (const [name, model] of Object.entries(spec.models ?? {})) {
    if (model?.constraint === null) errors.push({ file, pointer: pointer("models", name, "constraint"), code: ErrorCode.nullInBase, message: "null drops the constraint a variant's model inherits from its base's, so only a variant may use it" });
  }
  if (spec.expect !== undefined) errors.push({ file, pointer: "/expect", code: ErrorCode.expectWithoutBase, message: "only a variant (with 'extends' leading to a base spec) has an expectation: a base spec must hold in every published model" });
  if (spec.models?.ci === undefined) errors.push({ file, pointer: "/models", code: ErrorCode.missingCiModel, message: "a spec needs a 'ci' model, the one the test suite and publish check" });
  if (errors.length > 0) return fail(...errors);
  return ok({ spec, file, base: null, originOf: () => file, files: [file] });
}

/** The variant merged over its base (see inherit.ts); each pointer's file is the one that wrote it. */
function merge(base: LoadedSpec, variant: ProtocolSpec, file: string): LoadedSpec {
  const { spec, written, restated } = mergeVariant(base.spec, variant);
  const ownKeys = new Set(Object.keys(variant).filter((k) => !(MERGED_MAPS as readonly string[]).includes(k)));
  const originOf = (at: string): string => {
    const parts = at.split("/");
    if (ownKeys.has(parts[1]) || restated.has(at)) return file;
    for (let n = 3; n <= parts.length; n++) if (written.has(parts.slice(0, n).join("/"))) return file;
    return base.originOf(at);
  };
  return { spec, file, base: base.file, originOf, files: [file, ...base.files] };
}
