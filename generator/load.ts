/**
 * Load: spec file -> validated spec. Reads the JSON, validates it against the
 * meta-schema, follows `extends` to the base spec and merges the variant over
 * it. Every later error is reported against the file an entry came from.
 */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { ErrorCode, fail, ok, pointer, type Result, type SpecError } from "./errors.js";
import { parseJson } from "./json.js";
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

let validator: ReturnType<Ajv2020["compile"]> | undefined;

function schemaValidator(): ReturnType<Ajv2020["compile"]> {
  if (validator === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as object);
  }
  return validator;
}

export function loadSpec(file: string): Result<LoadedSpec> {
  return loadChain(file, []);
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

function readSpec(file: string): Result<ProtocolSpec> {
  const name = displayName(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return fail({ file: name, pointer: "", code: ErrorCode.io, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})` });
  }
  const parsed = parseJson(text);
  if (!parsed.ok) return fail({ file: name, pointer: parsed.pointer, code: parsed.duplicate ? ErrorCode.duplicateName : ErrorCode.notJson, message: parsed.message });
  const validate = schemaValidator();
  if (!validate(parsed.value)) return fail(schemaError(name, validate.errors ?? []));
  return ok(parsed.value as ProtocolSpec);
}

function loadChain(file: string, chain: readonly string[]): Result<LoadedSpec> {
  const path = resolve(file);
  const read = readSpec(path);
  if (!read.ok) return read;
  const spec = read.value;
  const name = displayName(path);
  if (spec.extends === undefined) return checkBase(spec, name);
  const basePath = resolve(dirname(path), spec.extends);
  if (chain.includes(basePath) || basePath === path) {
    return fail({ file: name, pointer: "/extends", code: ErrorCode.extendsCycle, message: `'extends' makes a cycle: ${[...chain, path, basePath].map(displayName).join(" -> ")}` });
  }
  const baseRead = loadChain(basePath, [...chain, path]);
  if (!baseRead.ok) {
    const missing = baseRead.errors.find((e) => e.code === ErrorCode.io && e.file === displayName(basePath));
    if (missing) return fail({ file: name, pointer: "/extends", code: ErrorCode.extendsMissing, message: `'extends' names ${spec.extends}, which cannot be read` });
    return baseRead;
  }
  return ok(merge(baseRead.value, spec, name));
}

function checkBase(spec: ProtocolSpec, file: string): Result<LoadedSpec> {
  const errors: SpecError[] = [];
  for (const key of MERGED_MAPS) {
    for (const [entry, value] of Object.entries(spec[key] ?? {})) {
      if (value === null) errors.push({ file, pointer: pointer(key, entry), code: ErrorCode.nullInBase, message: "null removes an entry of the base spec, so only a variant (with 'extends') may use it" });
    }
  }
  if (spec.models?.ci === undefined) errors.push({ file, pointer: "/models", code: ErrorCode.missingCiModel, message: "a spec needs a 'ci' model, the one the test suite and publish check" });
  if (errors.length > 0) return fail(...errors);
  return ok({ spec, file, base: null, originOf: () => file, files: [file] });
}

/** Entries of the variant's maps replace the base's whole entry; null removes one. */
function merge(base: LoadedSpec, variant: ProtocolSpec, file: string): LoadedSpec {
  const merged: Record<string, unknown> = { ...base.spec, ...variant };
  delete merged.extends;
  const overridden = new Set<string>();
  for (const key of MERGED_MAPS) {
    const entries: Record<string, unknown> = { ...(base.spec[key] ?? {}) };
    for (const [entry, value] of Object.entries(variant[key] ?? {})) {
      overridden.add(pointer(key, entry));
      if (value === null) delete entries[entry];
      else entries[entry] = value;
    }
    merged[key] = entries;
  }
  const ownKeys = new Set(Object.keys(variant).filter((k) => !(MERGED_MAPS as readonly string[]).includes(k)));
  const originOf = (at: string): string => {
    const [, top, entry] = at.split("/");
    if (overridden.has(`/${top}/${entry}`) || ownKeys.has(top)) return file;
    return base.originOf(at);
  };
  return { spec: merged as unknown as ProtocolSpec, file, base: base.file, originOf, files: [file, ...base.files] };
}

/**
 * Ajv reports every failing branch of every oneOf/anyOf; a person wants the one
 * mistake. A type error is dropped when another alternative accepted the JSON
 * type and failed later. Each error is placed at its site (the value whose
 * oneOf/anyOf branch it comes from); the deepest site is where the mistake is.
 * There, the branch the author meant is the one that rejects the fewest of the
 * keys they wrote and whose discriminator (`"type": "integer"`) matches.
 */
function schemaError(file: string, errors: readonly ErrorObject[]): SpecError {
  const depth = (path: string) => (path === "" ? 0 : path.split("/").length - 1);
  const within = (outer: string, inner: string) => inner === outer || inner.startsWith(outer + "/");
  // A bad key of a map (`propertyNames`) becomes one error at the key itself.
  const flat: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword !== "propertyNames") {
      flat.push(e);
      continue;
    }
    let inner: ErrorObject | undefined;
    while (flat.length > 0 && flat[flat.length - 1].instancePath === e.instancePath && ["pattern", "not", "minLength", "maxLength", "enum", "const"].includes(flat[flat.length - 1].keyword)) {
      inner = flat.pop();
    }
    const name = String((e.params as { propertyName?: unknown }).propertyName);
    flat.push({ ...e, instancePath: e.instancePath + pointer(name), params: { propertyName: name, keyword: inner?.keyword, pattern: (inner?.params as { pattern?: string } | undefined)?.pattern } });
  }
  const concrete = flat.filter((e) => !["oneOf", "anyOf", "if"].includes(e.keyword));
  const kept = concrete.filter(
    (e) => e.keyword !== "type" || !concrete.some((o) => o !== e && (o.instancePath === e.instancePath ? o.keyword !== "type" : within(e.instancePath, o.instancePath))),
  );
  const pool = kept.length > 0 ? kept : concrete.length > 0 ? concrete : [...errors];
  // The site of an error inside a oneOf/anyOf branch is the value the union applies to.
  const located = pool.map((e) => {
    const m = /^(.*\/(?:oneOf|anyOf)\/\d+)(\/.*)?$/.exec(e.schemaPath);
    if (m === null) return { e, site: e.instancePath, branch: `${e.instancePath}|${e.schemaPath}`, discriminator: false };
    const rest = (m[2] ?? "").split("/").slice(1, -1);
    let steps = 0;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "properties" || rest[i] === "patternProperties" || rest[i] === "prefixItems") {
        steps++;
        i++;
      } else if (rest[i] === "$defs" || rest[i] === "definitions") i++;
      else if (rest[i] === "items" || rest[i] === "additionalProperties" || rest[i] === "contains") steps++;
    }
    const site = e.instancePath.split("/").slice(0, depth(e.instancePath) + 1 - steps).join("/");
    return { e, site, branch: `${site}|${m[1]}`, discriminator: steps <= 1 && (e.keyword === "const" || e.keyword === "enum") };
  });
  const deepest = located.reduce((a, b) => (depth(b.site) > depth(a.site) ? b : a)).site;
  const atSite = located.filter((l) => l.site === deepest);
  // Score each branch: a key it does not allow weighs most, a discriminator that does not match next.
  const score = new Map<string, number>();
  for (const l of atSite) {
    const weight = l.e.keyword === "additionalProperties" ? 10 : l.discriminator ? 5 : 1;
    score.set(l.branch, (score.get(l.branch) ?? 0) + weight);
  }
  const branch = [...score].reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  // An object that names none of a union's forms (`{}` for an effect): list each form's key.
  if (score.size > 1 && atSite.every((l) => l.e.keyword === "required" && l.branch !== `${l.site}|${l.e.schemaPath}`)) {
    const keys = [...new Set([...score.keys()].map((b) => String(atSite.find((l) => l.branch === b)!.e.params.missingProperty)))];
    return { file, pointer: deepest, code: ErrorCode.missingKey, message: `needs one of the keys ${keys.map((k) => `'${k}'`).join(", ")}` };
  }
  return describe(
    file,
    atSite.filter((l) => l.branch === branch).map((l) => l.e),
    atSite.map((l) => l.e),
  );
}

/** One message for the errors of the branch the author meant (`site`: every error at the same place, for lists of alternatives). */
function describe(file: string, branch: readonly ErrorObject[], site: readonly ErrorObject[]): SpecError {
  const quote = (v: unknown) => (typeof v === "string" ? `'${v}'` : JSON.stringify(v));
  const list = (items: readonly string[], word: string) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${word} ${items[items.length - 1]}`);
  const unique = <T>(items: readonly T[]) => [...new Set(items)];
  const param = (e: ErrorObject, key: string) => (e.params as Record<string, unknown>)[key];
  const rank = (e: ErrorObject) => (e.keyword === "additionalProperties" ? 0 : e.keyword === "required" ? 1 : e.keyword === "type" ? 3 : 2);
  const level = (e: ErrorObject) => e.instancePath.split("/").length + (e.keyword === "additionalProperties" || e.keyword === "required" ? 1 : 0);
  const e = [...branch].sort((a, b) => level(b) - level(a) || rank(a) - rank(b))[0];
  const at = e.instancePath;
  const same = (keyword: string, from: readonly ErrorObject[] = branch) => from.filter((o) => o.keyword === keyword && o.instancePath === at);
  const PATTERNS: Readonly<Record<string, string>> = {
    "^[A-Za-z_][A-Za-z0-9_]*$": "a name: a letter or underscore, then letters, digits or underscores",
    "^[A-Z][A-Za-z0-9]*$": "a PascalCase name, such as Prepared",
    "^\\$[A-Za-z_][A-Za-z0-9_]*$": "a parameter reference, written $name",
    "^[a-z][a-z0-9]*(-[a-z0-9]+)*$": "a kebab-case name, such as two-phase-commit",
    "^#/types/[A-Z][A-Za-z0-9]*$": "a reference to a named type, written #/types/Name",
    "^[A-Za-z_][A-Za-z0-9_]*": "a field, optionally indexed or dotted, such as log or matchIndex[peer]",
  };
  const shape = (pattern: unknown) => PATTERNS[String(pattern)] ?? `text matching ${String(pattern)}`;
  const article = (t: string) => (t === "null" ? "null" : `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`);
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(param(e, "additionalProperty"));
      const missing = same("required").map((o) => String(param(o, "missingProperty")));
      const close = (a: string, b: string) => a.toLowerCase().startsWith(b.toLowerCase()) || b.toLowerCase().startsWith(a.toLowerCase()) || editDistance(a.toLowerCase(), b.toLowerCase()) <= 2;
      const meant = missing.length === 1 ? missing[0] : missing.find((m) => close(key, m));
      return { file, pointer: at + pointer(key), code: ErrorCode.unknownKey, message: `unknown key '${key}'${meant === undefined ? "" : ` (did you mean '${meant}'?)`}` };
    }
    case "required": {
      const keys = unique(same("required").map((o) => String(param(o, "missingProperty"))));
      const bounds = keys.filter((k) => k === "minimum" || k === "maximum" || k === "maxItems");
      if (bounds.length > 0) {
        const what = bounds.includes("maxItems")
          ? "an array in state or messages must be bounded: 'maxItems' is missing (or make it a set with 'uniqueItems': true, or a map with 'indexedBy')"
          : `an integer in state or messages must be bounded: ${list(bounds.map(quote), "and")} ${bounds.length > 1 ? "are" : "is"} missing`;
        return { file, pointer: at, code: ErrorCode.unbounded, message: what };
      }
      return { file, pointer: at, code: ErrorCode.missingKey, message: `missing required key${keys.length > 1 ? "s" : ""} ${list(keys.map(quote), "and")}` };
    }
    case "type":
      return { file, pointer: at, code: ErrorCode.wrongType, message: `expected ${list(unique(same("type", site).map((o) => article(String(param(o, "type"))))), "or")}` };
    case "propertyNames": {
      const name = String(param(e, "propertyName"));
      if (param(e, "keyword") === "not") {
        const why = /\/fields\/[^/]+$/.test(at) ? "every message already has 'type', 'from' and 'to'" : "it has a meaning of its own here";
        return { file, pointer: at, code: ErrorCode.duplicateName, message: `'${name}' is a reserved name: ${why}` };
      }
      const rule = param(e, "keyword") === "pattern" ? `: a key here must be ${shape(param(e, "pattern"))}` : "";
      return { file, pointer: at, code: ErrorCode.schema, message: `'${name}' is not a valid name${rule}` };
    }
    case "const":
    case "enum": {
      const allowed = unique([...same("const", site).map((o) => param(o, "allowedValue")), ...same("enum", site).flatMap((o) => param(o, "allowedValues") as unknown[])]).map(quote);
      return { file, pointer: at, code: ErrorCode.schema, message: allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(", ")}` };
    }
    case "pattern":
      return { file, pointer: at, code: ErrorCode.schema, message: `must be ${shape(param(e, "pattern"))}` };
    case "minLength":
      return { file, pointer: at, code: ErrorCode.schema, message: param(e, "limit") === 1 ? "must not be empty" : `must have at least ${String(param(e, "limit"))} characters` };
    case "minItems":
    case "maxItems": {
      const limit = Number(param(e, "limit"));
      return { file, pointer: at, code: ErrorCode.schema, message: `must have ${e.keyword === "minItems" ? "at least" : "at most"} ${limit} item${limit === 1 ? "" : "s"}` };
    }
    case "minimum":
    case "maximum":
      return { file, pointer: at, code: ErrorCode.schema, message: `must be ${e.keyword === "minimum" ? "at least" : "at most"} ${String(param(e, "limit"))}` };
    default:
      return { file, pointer: at, code: ErrorCode.schema, message: e.message ?? "does not match the spec schema" };
  }

  function editDistance(a: string, b: string): number {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      row = next;
    }
    return row[b.length];
  }
}
