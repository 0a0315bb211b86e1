/** Schema errors in words: from ajv's many errors, the one mistake the author made. */
import type { ErrorObject } from "ajv/dist/2020.js";
import { ErrorCode, pointer, type SpecError } from "./errors.js";
import { MERGED_MAPS } from "./spec.js";

/** One error per entry of the spec with a mistake (each action, role, ...: an entry of a map is independent of the others; each other top-level key), in document order. */
export function schemaErrors(file: string, errors: readonly ErrorObject[]): SpecError[] {
  const maps: ReadonlySet<string> = new Set(MERGED_MAPS);
  const byEntry = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    const keys = e.instancePath.split("/").slice(1);
    const entry = keys.slice(0, maps.has(keys[0]) ? 2 : 1).join("/");
    const group = byEntry.get(entry);
    if (group === undefined) byEntry.set(entry, [e]);
    else group.push(e);
  }
  return [...byEntry.values()].map((group) => schemaError(file, group));
}

/**
 * Ajv reports every failing branch of every oneOf/anyOf; a person wants the one
 * mistake. A type error is dropped when another alternative accepted the JSON
 * type and failed later. Each error is placed at its site (the value whose
 * oneOf/anyOf branch it comes from); the deepest site is where the mistake is.
 * There, the branch the author meant is the one that rejects the fewest of the
 * keys they wrote and whose discriminator (`"type": "integer"`) matches.
 */
export function schemaError(file: string, errors: readonly ErrorObject[]): SpecError {
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

/** The names every JavaScript object already has (the schema's identifier excludes them): spec names become properties of generated objects. */
const OBJECT_NAMES: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);
const OBJECT_NAME_REASON = "every JavaScript object already has a property of that name, and spec names become properties of the generated code's objects";

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
        const why = OBJECT_NAMES.has(name) ? OBJECT_NAME_REASON : /\/fields\/[^/]+$/.test(at) ? "every message already has 'type', 'from' and 'to'" : "it has a meaning of its own here";
        return { file, pointer: at, code: ErrorCode.duplicateName, message: `'${name}' is a reserved name: ${why}` };
      }
      const rule = param(e, "keyword") === "pattern" ? `: a key here must be ${shape(param(e, "pattern"))}` : "";
      return { file, pointer: at, code: ErrorCode.schema, message: `'${name}' is not a valid name${rule}` };
    }
    case "not":
      if (typeof e.data === "string" && OBJECT_NAMES.has(e.data)) return { file, pointer: at, code: ErrorCode.duplicateName, message: `'${e.data}' is a reserved name: ${OBJECT_NAME_REASON}` };
      return { file, pointer: at, code: ErrorCode.schema, message: e.message ?? "does not match the spec schema" };
    case "const":
    case "enum": {
      const allowed = unique([...same("const", site).map((o) => param(o, "allowedValue")), ...same("enum", site).flatMap((o) => param(o, "allowedValues") as unknown[])]).map(quote);
      return { file, pointer: at, code: ErrorCode.schema, message: allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(", ")}` };
    }
    case "pattern":
      return { file, pointer: at, code: ErrorCode.schema, message: `must be ${shape(param(e, "pattern"))}` };
    case "minLength":
      return { file, pointer: at, code: ErrorCode.schema, message: param(e, "limit") === 1 ? "must not be empty" : `must have at least ${String(param(e, "limit"))} characters` };
    case "maxLength":
      return { file, pointer: at, code: ErrorCode.schema, message: `must have at most ${String(param(e, "limit"))} characters` };
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
