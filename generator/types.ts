/** Resolving the spec's JSON Schema type fragments into IR types, and relations between types. */
import { ErrorCode, pointer, type SpecError } from "./errors.js";
import type { Bound, ExprType, Type } from "./ir.js";
import type { BoundSpec, TypeSpec } from "./spec.js";

export interface TypeScope {
  readonly file: string;
  readonly types: Readonly<Record<string, TypeSpec>>;
  readonly parameters: ReadonlySet<string>;
  readonly roles: ReadonlySet<string>;
  readonly errors: SpecError[];
}

const INT_ANY: Type = { kind: "int", min: null, max: null };
export const anyInt = (): Type => INT_ANY;

/**
 * What a type that did not resolve stands for once its error is reported; a
 * failed `let` binds its name to it too. The type checker takes a use of a
 * value of this type as no new error (one mistake, one error); to everything
 * else it is an unbounded integer, a type like any other.
 */
export const ERROR_TYPE: Type = Object.freeze({ kind: "int", min: null, max: null });
export const isErrorType = (t: ExprType): boolean => t === ERROR_TYPE;
export const BOOL: Type = { kind: "bool" };

export function resolveBound(scope: TypeScope, bound: BoundSpec, at: string): Bound {
  if (typeof bound === "number") return { const: bound };
  // The meta-schema admits only `$name`, `k * $name`, `$name +- c` and `k * $name +- c`.
  const [, scale, name, sign, offset] = /^\s*(?:(\d+)\s*\*\s*)?\$([A-Za-z_][A-Za-z0-9_]*)(?:\s*([-+])\s*(\d+))?\s*$/.exec(bound) ?? [];
  if (!scope.parameters.has(name)) {
    scope.errors.push({ file: scope.file, pointer: at, code: ErrorCode.unknownParameter, message: `bound '${bound}' names no parameter (declared: ${[...scope.parameters].join(", ") || "none"})` });
  }
  return { param: name, scale: scale === undefined ? 1 : Number(scale), offset: offset === undefined ? 0 : (sign === "-" ? -1 : 1) * Number(offset) };
}

/** The bound's value for a parameter value. */
export function boundAt(b: Extract<Bound, { param: string }>, value: number): number {
  return b.scale * value + b.offset;
}

/** Resolves a type fragment at JSON pointer `at`; `$ref`s are followed and keep their name. */
export function resolveType(scope: TypeScope, spec: TypeSpec, at: string, seen: readonly string[] = []): Type {
  if ("$ref" in spec) {
    const name = spec.$ref.replace(/^#\/types\//, "");
    const target = scope.types[name];
    if (target === undefined) {
      scope.errors.push({ file: scope.file, pointer: pointer(...at.split("/").slice(1), "$ref"), code: ErrorCode.unknownName, message: `no type '${name}' in /types` });
      return ERROR_TYPE;
    }
    if (seen.includes(name)) {
      scope.errors.push({ file: scope.file, pointer: at, code: ErrorCode.unknownName, message: `type '${name}' refers to itself` });
      return ERROR_TYPE;
    }
    const resolved = resolveType(scope, target, pointer("types", name), [...seen, name]);
    if (resolved.kind === "enum" || resolved.kind === "record") return { ...resolved, name };
    return resolved;
  }
  if ("enum" in spec) return { kind: "enum", values: spec.enum };
  if ("node" in spec) {
    if (!scope.roles.has(spec.node)) {
      scope.errors.push({ file: scope.file, pointer: at + "/node", code: ErrorCode.unknownName, message: `no role '${spec.node}' (roles: ${[...scope.roles].join(", ")})` });
    }
    return { kind: "node", role: spec.node };
  }
  if ("anyOf" in spec) {
    const inner = spec.anyOf.findIndex((t) => !("type" in t && t.type === "null"));
    return { kind: "optional", inner: resolveType(scope, spec.anyOf[inner], `${at}/anyOf/${inner}`, seen) };
  }
  switch (spec.type) {
    case "boolean":
      return BOOL;
    case "integer":
      return {
        kind: "int",
        min: spec.minimum === undefined ? null : resolveBound(scope, spec.minimum, at + "/minimum"),
        max: spec.maximum === undefined ? null : resolveBound(scope, spec.maximum, at + "/maximum"),
        ...(spec.payload === true ? { payload: true as const } : {}),
      };
    case "object":
      return {
        kind: "record",
        fields: Object.entries(spec.properties).map(([name, t]) => ({
          name,
          type: resolveType(scope, t, `${at}/properties/${name}`, seen),
          description: "description" in t ? t.description : undefined,
        })),
      };
    case "array": {
      const elem = resolveType(scope, spec.items, at + "/items", seen);
      if (spec.indexedBy !== undefined) return { kind: "map", key: resolveType(scope, spec.indexedBy, at + "/indexedBy", seen), value: elem };
      const max = spec.maxItems === undefined ? undefined : resolveBound(scope, spec.maxItems, at + "/maxItems");
      if (spec.uniqueItems) return max === undefined ? { kind: "set", elem } : { kind: "set", elem, max };
      return { kind: "seq", elem, max: max ?? { const: -1 } };
    }
    case "null":
      scope.errors.push({ file: scope.file, pointer: at, code: ErrorCode.wrongType, message: "'null' is only a type inside anyOf, next to the type it makes optional" });
      return ERROR_TYPE;
  }
}

/** Describes the first part of `t` with no finite bound, or null when every part is bounded. */
export function unboundedPart(t: Type): string | null {
  if (isErrorType(t)) return null;
  switch (t.kind) {
    case "int":
      return t.min === null || t.max === null ? "an integer needs both 'minimum' and 'maximum'" : null;
    case "seq":
      return "const" in t.max && t.max.const < 0 ? "an array needs 'maxItems'" : unboundedPart(t.elem);
    case "set":
      return unboundedPart(t.elem);
    case "map":
      if (t.key.kind === "seq" || t.key.kind === "set" || t.key.kind === "map" || t.key.kind === "record" || t.key.kind === "optional") {
        return "a map's keys ('indexedBy') must be a node id, an enum, a boolean or a bounded integer";
      }
      return unboundedPart(t.key) ?? unboundedPart(t.value);
    case "record":
      for (const f of t.fields) {
        const part = unboundedPart(f.type);
        if (part) return part;
      }
      return null;
    case "optional":
      return unboundedPart(t.inner);
    default:
      return null;
  }
}

export function boundText(b: Bound | null): string {
  if (b === null) return "?";
  if ("const" in b) return String(b.const);
  const scaled = b.scale === 1 ? b.param : `${b.scale} * ${b.param}`;
  return b.offset === 0 ? scaled : `${scaled} ${b.offset < 0 ? "-" : "+"} ${Math.abs(b.offset)}`;
}

export function typeText(t: ExprType): string {
  switch (t.kind) {
    case "bool":
      return "boolean";
    case "int":
      return t.min === null || t.max === null ? "integer" : `integer ${boundText(t.min)}..${boundText(t.max)}`;
    case "enum":
      return t.name ?? `one of ${t.values.map((v) => `'${v}'`).join(", ")}`;
    case "node":
      return `${t.role} id`;
    case "record":
      return t.name ?? `{ ${t.fields.map((f) => `${f.name}: ${typeText(f.type)}`).join(", ")} }`;
    case "seq":
      return `sequence of ${typeText(t.elem)}`;
    case "set":
      return `set of ${typeText(t.elem)}`;
    case "map":
      return `map from ${typeText(t.key)} to ${typeText(t.value)}`;
    case "optional":
      return `${typeText(t.inner)} or null`;
    case "message":
      return `${t.name} message`;
    case "stringLit":
      return `'${t.value}'`;
    case "empty":
      return `empty ${t.of === "set" ? "set" : "sequence"}`;
    case "null":
      return "null";
  }
}

export const isNumeric = (t: ExprType): boolean => t.kind === "int" || t.kind === "node";

/**
 * Whether a value of type `actual` may stand where `expected` is wanted. Integers
 * pass for integers and node ids whatever their bounds: bounds are checked on the
 * value when it is stored (a bound overflow), not by the type checker.
 */
export function assignable(expected: ExprType, actual: ExprType): boolean {
  if (actual.kind === "null") return expected.kind === "optional" || expected.kind === "null";
  if (expected.kind === "optional") return assignable(expected.inner, actual) || (actual.kind === "optional" && assignable(expected.inner, actual.inner));
  switch (expected.kind) {
    case "bool":
      return actual.kind === "bool";
    case "int":
    case "node":
      // A payload is opaque at run time: it may go where a payload goes, never into a plain integer.
      if (actual.kind === "int" && actual.payload && !(expected.kind === "int" && expected.payload)) return false;
      return isNumeric(actual) && (expected.kind === "int" || actual.kind === "int" || (actual.kind === "node" && actual.role === expected.role));
    case "enum":
      if (actual.kind === "stringLit") return expected.values.includes(actual.value);
      return actual.kind === "enum" && actual.values.every((v) => expected.values.includes(v));
    case "record":
      return actual.kind === "record" && actual.fields.length === expected.fields.length && expected.fields.every((f) => {
        const other = actual.fields.find((g) => g.name === f.name);
        return other !== undefined && assignable(f.type, other.type);
      });
    case "seq":
    case "set":
      if (actual.kind === "empty") return actual.of === expected.kind;
      return actual.kind === expected.kind && assignable(expected.elem, actual.elem);
    case "map":
      if (actual.kind === "seq") return assignable(expected.value, actual.elem);
      if (actual.kind === "empty") return actual.of === "seq";
      return actual.kind === "map" && assignable(expected.key, actual.key) && assignable(expected.value, actual.value);
    case "message":
      return actual.kind === "message" && actual.name === expected.name;
    case "stringLit":
      return actual.kind === "stringLit" && actual.value === expected.value;
    case "empty":
      return actual.kind === "empty" && actual.of === expected.of;
    case "null":
      return false;
  }
}

/** Whether two values may be compared with `==`: one must be assignable to the other. */
export function comparable(a: ExprType, b: ExprType): boolean {
  return assignable(a, b) || assignable(b, a);
}

/** The least type holding values of both, for literals and `if` branches; null when none does. */
export function join(a: ExprType, b: ExprType): ExprType | null {
  if (a.kind === "null") return b.kind === "null" || b.kind === "optional" ? b : b.kind === "stringLit" || b.kind === "empty" ? null : { kind: "optional", inner: b };
  if (b.kind === "null") return join(b, a);
  if (isNumeric(a) && isNumeric(b)) return a.kind === "node" && b.kind === "node" && a.role === b.role ? a : anyInt();
  if (a.kind === "stringLit" && b.kind === "stringLit") return { kind: "enum", values: a.value === b.value ? [a.value] : [a.value, b.value] };
  if (a.kind === "empty") return b.kind === a.of || (b.kind === "empty" && b.of === a.of) ? b : null;
  if (b.kind === "empty") return join(b, a);
  if (a.kind === "enum" && (b.kind === "stringLit" || b.kind === "enum")) {
    const extra = b.kind === "stringLit" ? [b.value] : b.values;
    if (a.name !== undefined && extra.every((v) => a.values.includes(v))) return a;
    if (b.kind === "enum" && b.name !== undefined && a.values.every((v) => b.values.includes(v))) return b;
    return { kind: "enum", values: [...a.values, ...extra.filter((v) => !a.values.includes(v))] };
  }
  if (b.kind === "enum" && a.kind === "stringLit") return join(b, a);
  if ((a.kind === "set" || a.kind === "seq") && b.kind === a.kind) {
    const elem = join(a.elem, b.elem);
    return elem === null ? null : { ...a, elem: elem as Type };
  }
  if (assignable(a, b)) return a;
  if (assignable(b, a)) return b;
  return null;
}
