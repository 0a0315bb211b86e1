/**
 * Check bounds stay in check models. A parameter marked `checkOnly` (the
 * highest term, the longest log, the messages in flight) is not in the
 * generated runtime's Parameters, so nothing the runtime runs may read it:
 * a role's node count, a field's initial value, a guard, a non-ghost effect,
 * a definition (definitions are emitted into machine.ts), or the keys of a map
 * that a node holds or a message carries (the map's size would be the bound).
 * Check-time places may read it: `checkGuard`, constraints, invariants,
 * properties, ghosts, action parameter domains and type bounds, which bind in
 * check models only.
 */
import { ErrorCode, pointer, type SpecError } from "../errors.js";
import type { Bound, Effect, ProtocolIR, Type } from "../ir.js";
import { namesOf } from "../ir-nodes.js";

export function checkBoundErrors(ir: ProtocolIR, fileOf: (at: string) => string): SpecError[] {
  const checkOnly = new Set(ir.parameters.filter((p) => p.checkOnly).map((p) => p.name));
  if (checkOnly.size === 0) return [];
  const errors: SpecError[] = [];
  const report = (at: string, name: string, where: string): void => {
    errors.push({ file: fileOf(at), pointer: at, code: ErrorCode.checkBoundAtRuntime, message: `${where} reads '${name}', a checkOnly parameter that the generated runtime does not have: move the bound to the action's checkGuard or a model's constraint, or make '${name}' a protocol parameter` });
  };
  const inExpr = (value: unknown, at: string, where: string): void => {
    const name = paramRead(value, checkOnly);
    if (name !== null) report(at, name, where);
  };
  for (const role of ir.roles) {
    const count = boundParam(role.count, checkOnly);
    if (count !== null) report(pointer("roles", role.name, "count"), count, `role ${role.name}'s node count`);
    for (const f of role.fields) {
      inExpr(f.initial, pointer("roles", role.name, "state", f.name, "initial"), `the initial value of ${role.name}.${f.name}`);
      const key = mapKeyParam(f.type, checkOnly);
      if (key !== null) report(pointer("roles", role.name, "state", f.name, "type"), key, `the keys of map ${role.name}.${f.name}`);
    }
  }
  for (const m of ir.messages) {
    for (const f of m.fields) {
      const key = mapKeyParam(f.type, checkOnly);
      if (key !== null) report(pointer("messages", m.name, "fields", f.name), key, `the keys of map field ${m.name}.${f.name}`);
    }
  }
  for (const a of ir.actions) {
    inExpr(a.guard, pointer("actions", a.name, "guard"), `the guard of ${a.name}`);
    for (const e of runtimeEffects(a.effects)) inExpr(e, e.source.pointer, `an effect of ${a.name}`);
  }
  for (const d of ir.definitions) inExpr(d.body, pointer("definitions", d.name), `definition ${d.name} (emitted into the runtime)`);
  return errors;
}

/** The effects the runtime runs, each without its nested effects (they come on their own): ghost effects are the checker's. */
function runtimeEffects(effects: readonly Effect[]): Effect[] {
  return effects.flatMap((e): Effect[] => {
    if (e.kind === "ghostAssign") return [];
    if (e.kind === "choose") return [{ ...e, body: [] }, ...runtimeEffects(e.body)];
    if (e.kind === "if") return [{ ...e, then: [], else: [] }, ...runtimeEffects(e.then), ...runtimeEffects(e.else)];
    return [e];
  });
}

/** The first check-only parameter an IR value reads (a type's bounds are no read: they bind in check models only). */
function paramRead(value: unknown, names: ReadonlySet<string>): string | null {
  return [...namesOf(value, "param")].find((name) => names.has(name)) ?? null;
}

function boundParam(b: Bound | null | undefined, names: ReadonlySet<string>): string | null {
  return b !== null && b !== undefined && "param" in b && names.has(b.param) ? b.param : null;
}

/** A check-only parameter that bounds the keys of a map inside t. */
function mapKeyParam(t: Type, names: ReadonlySet<string>): string | null {
  switch (t.kind) {
    case "map":
      return (t.key.kind === "int" ? (boundParam(t.key.min, names) ?? boundParam(t.key.max, names)) : null) ?? mapKeyParam(t.value, names);
    case "record":
      for (const f of t.fields) {
        const found = mapKeyParam(f.type, names);
        if (found !== null) return found;
      }
      return null;
    case "seq":
    case "set":
      return mapKeyParam(t.elem, names);
    case "optional":
      return mapKeyParam(t.inner, names);
    default:
      return null;
  }
}
