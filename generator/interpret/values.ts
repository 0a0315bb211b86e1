/**
 * Values for the IR interpreter: the value order of docs/reference/semantics.md
 * ("Values"), structural equality, canonical sets, finite domains, bounds and
 * map key ordinals. Written independently of `runtime/` on purpose: the
 * interpreter is the oracle the generated code is compared with.
 */
import type { AnyMessage } from "../../checkers/model.js";
import type { Bound, ExprType, Message, ProtocolIR, Type } from "../ir.js";
import { boundAt } from "../types.js";

/** A spec runtime error (SpecRuntimeError of the semantics doc): bad index, empty last/head/min/max, division by zero. */
export class InterpreterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InterpreterError";
  }
}

/** The parameter values of one model. */
export type Params = Readonly<Record<string, number>>;

export function boundValue(bound: Bound, params: Params): number {
  if ("const" in bound) return bound.const;
  const value = params[bound.param];
  if (value === undefined) throw new Error(`no value for parameter '${bound.param}'`);
  return boundAt(bound, value);
}

export function roleCount(ir: ProtocolIR, role: string, params: Params): number {
  const r = ir.roles.find((x) => x.name === role);
  if (r === undefined) throw new Error(`no role '${role}'`);
  return boundValue(r.count, params);
}

export function roleIndex(ir: ProtocolIR, role: string): number {
  const i = ir.roles.findIndex((x) => x.name === role);
  if (i < 0) throw new Error(`no role '${role}'`);
  return i;
}

export function messageDecl(ir: ProtocolIR, name: string): Message {
  const m = ir.messages.find((x) => x.name === name);
  if (m === undefined) throw new Error(`no message type '${name}'`);
  return m;
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareArrays(elem: ExprType, a: readonly unknown[], b: readonly unknown[], messages: readonly Message[] | undefined): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareTyped(elem, a[i], b[i], messages);
    if (c !== 0) return c;
  }
  return sign(a.length - b.length);
}

/** Messages: by type (declaration order), then from, to, then the declared fields in order. */
export function compareMessages(messages: readonly Message[], a: AnyMessage, b: AnyMessage): number {
  const ia = messages.findIndex((m) => m.name === a.type);
  const ib = messages.findIndex((m) => m.name === b.type);
  if (ia < 0 || ib < 0) throw new Error(`unknown message type '${ia < 0 ? a.type : b.type}'`);
  if (ia !== ib) return sign(ia - ib);
  if (a.from !== b.from) return sign(a.from - b.from);
  if (a.to !== b.to) return sign(a.to - b.to);
  for (const f of messages[ia].fields) {
    const c = compareTyped(f.type, (a as unknown as Record<string, unknown>)[f.name], (b as unknown as Record<string, unknown>)[f.name], messages);
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * The value order of `type`, as -1, 0 or 1. `messages` (the IR's message
 * declarations) is needed only to order message values.
 */
export function compareTyped(type: ExprType, a: unknown, b: unknown, messages?: readonly Message[]): number {
  switch (type.kind) {
    case "bool":
      return sign((a ? 1 : 0) - (b ? 1 : 0));
    case "int":
    case "node":
      return sign((a as number) - (b as number));
    case "enum": {
      const ia = type.values.indexOf(a as string);
      const ib = type.values.indexOf(b as string);
      if (ia < 0 || ib < 0) return compareStrings(a as string, b as string);
      return sign(ia - ib);
    }
    case "record": {
      const ra = a as Record<string, unknown>;
      const rb = b as Record<string, unknown>;
      for (const f of type.fields) {
        const c = compareTyped(f.type, ra[f.name], rb[f.name], messages);
        if (c !== 0) return c;
      }
      return 0;
    }
    case "seq":
    case "set":
      return compareArrays(type.elem, a as unknown[], b as unknown[], messages);
    case "map":
      return compareArrays(type.value, a as unknown[], b as unknown[], messages);
    case "optional":
      if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
      return compareTyped(type.inner, a, b, messages);
    case "message":
      if (messages === undefined) throw new Error("comparing messages needs the IR's message declarations");
      return compareMessages(messages, a as AnyMessage, b as AnyMessage);
    case "stringLit":
      return compareStrings(a as string, b as string);
    case "empty":
      return sign((a as unknown[]).length - (b as unknown[]).length);
    case "null":
      return 0;
  }
}

/** Structural equality (plain objects by key set, arrays element by element). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  if (ka.length !== Object.keys(rb).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && valuesEqual(ra[k], rb[k]));
}

export function includesValue(items: readonly unknown[], x: unknown): boolean {
  return items.some((y) => valuesEqual(x, y));
}

/** The element type of a set-typed expression; null for the untyped empty set. */
export function setElem(type: ExprType): ExprType | null {
  if (type.kind === "set" || type.kind === "seq") return type.elem;
  if (type.kind === "empty") return null;
  throw new Error(`expected a set type, found '${type.kind}'`);
}

/** A canonical set of static type `setType`: sorted by its element order, without duplicates. */
export function makeSet(setType: ExprType, items: readonly unknown[], messages: readonly Message[]): unknown[] {
  const elem = setElem(setType);
  if (elem === null) {
    if (items.length > 0) throw new Error("a non-empty set has no element type");
    return [];
  }
  const sorted = [...items].sort((a, b) => compareTyped(elem, a, b, messages));
  const out: unknown[] = [];
  for (const x of sorted) {
    if (out.length === 0 || compareTyped(elem, out[out.length - 1], x, messages) !== 0) out.push(x);
  }
  return out;
}

/** Every value of a finite type, in the order of the semantics doc: ascending in the type's value order. */
export function domainOfType(type: Type, params: Params, ir: ProtocolIR): unknown[] {
  switch (type.kind) {
    case "bool":
      return [false, true];
    case "int": {
      if (type.min === null || type.max === null) throw new Error("an unbounded integer has no finite domain");
      const min = boundValue(type.min, params);
      const max = boundValue(type.max, params);
      const out: number[] = [];
      for (let i = min; i <= max; i++) out.push(i);
      return out;
    }
    case "enum":
      return [...type.values];
    case "node": {
      const n = roleCount(ir, type.role, params);
      return Array.from({ length: n }, (_, i) => i);
    }
    case "optional":
      return [null, ...domainOfType(type.inner, params, ir)];
    case "record": {
      let rows: Record<string, unknown>[] = [{}];
      for (const f of type.fields) {
        const values = domainOfType(f.type, params, ir);
        rows = rows.flatMap((row) => values.map((v) => ({ ...row, [f.name]: v })));
      }
      return rows;
    }
    case "set":
    case "seq":
    case "map":
      return collectionDomain(type, params, ir);
    case "message":
      throw new Error("a message has no domain enumeration");
  }
}

/** Every set (of at most maxItems), sequence (the same) or map (a value per key) over the item type's domain, in ascending value order. */
function collectionDomain(type: Extract<Type, { kind: "set" | "seq" | "map" }>, params: Params, ir: ProtocolIR): unknown[][] {
  const items = domainOfType(type.kind === "map" ? type.value : type.elem, params, ir);
  let all: unknown[][] = [[]];
  if (type.kind === "map") {
    const keys = domainOfType(type.key, params, ir).length;
    for (let k = 0; k < keys; k++) all = all.flatMap((m) => items.map((item) => [...m, item]));
  } else {
    const max = type.max === undefined ? items.length : Math.min(boundValue(type.max, params), type.kind === "set" ? items.length : Infinity);
    // Each subset or sequence of length n extends one of length n - 1 (a subset only with a later item, so it stays sorted and distinct).
    let level: { readonly seq: unknown[]; readonly next: number }[] = [{ seq: [], next: 0 }];
    for (let length = 1; length <= max; length++) {
      level = level.flatMap(({ seq, next }) => items.flatMap((item, i) => (type.kind === "seq" || i >= next ? [{ seq: [...seq, item], next: i + 1 }] : [])));
      all.push(...level.map((l) => l.seq));
    }
  }
  return all.sort((a, b) => compareTyped(type, a, b));
}

/** The position of `key` in a map with key type `key`: node id, enum index, value - min, false/true as 0/1. */
export function mapSlot(key: Type, value: unknown, params: Params, length: number): number {
  let slot: number;
  switch (key.kind) {
    case "node":
      slot = value as number;
      break;
    case "enum":
      slot = key.values.indexOf(value as string);
      break;
    case "int":
      if (key.min === null) throw new Error("a map keyed by an integer needs a minimum");
      slot = (value as number) - boundValue(key.min, params);
      break;
    case "bool":
      slot = value ? 1 : 0;
      break;
    default:
      throw new Error(`a ${key.kind} cannot key a map`);
  }
  if (!Number.isInteger(slot) || slot < 0 || slot >= length) throw new InterpreterError(`map key ${JSON.stringify(value)} is outside the map's keys`);
  return slot;
}

/** The 0-based position of 1-based sequence index `index`, which must lie within 1..length. */
export function seqSlot(index: unknown, length: number): number {
  const i = index as number;
  if (!Number.isInteger(i) || i < 1 || i > length) throw new InterpreterError(`index ${String(index)} is outside the sequence (length ${length}; indexes start at 1)`);
  return i - 1;
}
