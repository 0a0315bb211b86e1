/**
 * Initial values inside their types, checked on the IR: for each check model's
 * parameters the interpreter computes the initial state, and every field of
 * every node and every ghost must hold a value of its declared type. A counter
 * declared 0..3 that starts at 5 used to pass validate and crash check; here it
 * is a spec error at its `initial`, as is an initial value whose expression
 * raises a runtime error. So is a role that a model's parameters leave with no
 * node at all.
 */
import { ErrorCode, pointer, type ErrorCodeValue, type SpecError } from "../errors.js";
import { initialState, InterpreterError } from "../interpret.js";
import { boundValue, roleCount, type Params } from "../interpret/values.js";
import type { ProtocolIR, Type } from "../ir.js";

/** The errors of every check model's initial state; `fileOf` names the file a pointer comes from (a variant's base, maybe). */
export function initialValueErrors(ir: ProtocolIR, fileOf: (at: string) => string): SpecError[] {
  const errors: SpecError[] = [];
  const seen = new Set<string>();
  const report = (at: string, message: string, code: ErrorCodeValue = ErrorCode.initialOutsideType) => {
    if (seen.has(at)) return;
    seen.add(at);
    errors.push({ file: fileOf(at), pointer: at, code, message });
  };
  for (const model of ir.models) {
    const params: Params = { ...Object.fromEntries(ir.parameters.map((p) => [p.name, p.default])), ...model.parameters };
    const where = `in model ${model.name}${Object.keys(params).length === 0 ? "" : ` (${Object.entries(params).map(([k, v]) => `${k} = ${v}`).join(", ")})`}`;
    const empty = rolesWithoutNodes(ir, params);
    for (const r of empty) report(pointer("roles", r.role, "count"), `${where}, role ${r.role} has ${r.nodes} nodes: every role needs at least one`, ErrorCode.parameterOutOfRange);
    if (empty.length > 0) continue;
    let state;
    try {
      state = initialState(ir, params);
    } catch (e) {
      if (!(e instanceof InterpreterError)) throw e;
      report("/roles", `${where}, computing the initial state fails: ${e.message}`);
      continue;
    }
    for (const role of ir.roles) {
      state.nodes[role.name].forEach((node, id) => {
        for (const f of role.fields) {
          const expected = outsideType(f.type, (node as Record<string, unknown>)[f.name], params, ir);
          if (expected !== null) report(pointer("roles", role.name, "state", f.name, "initial"), `${where}, ${role.name}[${id}].${f.name} = ${JSON.stringify((node as Record<string, unknown>)[f.name])} is outside its type (${expected})`);
        }
      });
    }
    for (const g of ir.ghosts) {
      const expected = outsideType(g.type, state.ghosts[g.name], params, ir);
      if (expected !== null) report(pointer("ghosts", g.name, "initial"), `${where}, ghost ${g.name} = ${JSON.stringify(state.ghosts[g.name])} is outside its type (${expected})`);
    }
  }
  return errors;
}

/** The roles that these parameters leave with no node, and how many they would have. */
export function rolesWithoutNodes(ir: ProtocolIR, params: Params): { readonly role: string; readonly nodes: number }[] {
  return ir.roles.map((r) => ({ role: r.name, nodes: roleCount(ir, r.name, params) })).filter((r) => r.nodes < 1);
}

/** null when `value` is of `type` under `params`, else what the type allows, in words. */
export function outsideType(type: Type, value: unknown, params: Params, ir: ProtocolIR): string | null {
  switch (type.kind) {
    case "bool":
      return typeof value === "boolean" ? null : "a boolean";
    case "int": {
      const min = type.min === null ? -Infinity : boundValue(type.min, params);
      const max = type.max === null ? Infinity : boundValue(type.max, params);
      if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) return null;
      return type.min !== null && type.max !== null ? `an integer in ${min}..${max}` : type.min !== null ? `an integer of at least ${min}` : type.max !== null ? `an integer of at most ${max}` : "an integer";
    }
    case "enum":
      return type.values.includes(value as string) ? null : `one of ${type.values.map((v) => `'${v}'`).join(", ")}`;
    case "node": {
      const n = roleCount(ir, type.role, params);
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) < n ? null : `a ${type.role} id in 0..${n - 1}`;
    }
    case "optional":
      return value === null ? null : outsideType(type.inner, value, params, ir);
    case "record": {
      const rec = value as Record<string, unknown>;
      for (const f of type.fields) {
        const inner = outsideType(f.type, rec[f.name], params, ir);
        if (inner !== null) return `a record whose ${f.name} is ${inner}`;
      }
      return null;
    }
    case "seq":
    case "set": {
      const items = value as unknown[];
      if (type.max !== undefined && items.length > boundValue(type.max, params)) return `a ${type.kind === "seq" ? "sequence" : "set"} of at most ${boundValue(type.max, params)} items`;
      for (const x of items) {
        const inner = outsideType(type.elem, x, params, ir);
        if (inner !== null) return `a ${type.kind === "seq" ? "sequence" : "set"} of ${inner}`;
      }
      return null;
    }
    case "map": {
      for (const x of value as unknown[]) {
        const inner = outsideType(type.value, x, params, ir);
        if (inner !== null) return `a map to ${inner}`;
      }
      return null;
    }
    case "message":
      return null;
  }
}
