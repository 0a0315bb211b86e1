/**
 * A role's state diagram for one enum-typed field: which actions move the field
 * from which values to which. Drawn from the reachable graph when the
 * certificate records it (the transitions the checker saw, with counts);
 * otherwise read off the IR: a guard's (or an `if`'s) conjuncts
 * `field == 'v'`, `field != 'v'`, `field in {...}` narrow where a step can
 * start, and `set field := 'v'` says where it ends, which may include moves
 * no reachable state makes.
 */
import type { Action, Effect, Expr, Role, StateField } from "../generator/ir.js";
import type { Reachable } from "./input.js";

export interface Transition {
  readonly from: string;
  readonly to: string;
  /** Action names, each with how many transitions the checker saw when drawn from the reachable graph (`Timeout (1,204)`). */
  readonly actions: readonly string[];
}

/** The transitions of `role`.`field` the certificate recorded from the reachable graph, one edge per (from, to), or null when it recorded none for the field. */
export function seenTransitions(diagrams: Reachable | null | undefined, role: string, field: string): Transition[] | null {
  const recorded = diagrams?.fields.find((f) => f.role === role && f.field === field);
  if (recorded === undefined) return null;
  const edges: { from: string; to: string; actions: string[] }[] = [];
  for (const t of recorded.transitions) {
    let edge = edges.find((e) => e.from === t.from && e.to === t.to);
    if (edge === undefined) edges.push((edge = { from: t.from, to: t.to, actions: [] }));
    edge.actions.push(`${t.action} (${t.count.toLocaleString("en")})`);
  }
  return edges;
}

/** The enum fields of a role: the ones a state diagram can be drawn for. */
export function enumFields(role: Role): StateField[] {
  return role.fields.filter((f) => f.type.kind === "enum");
}

const literal = (e: Expr): string | null => (e.kind === "lit" && typeof e.value === "string" ? e.value : null);
const isField = (e: Expr, field: string): boolean => e.kind === "field" && e.name === field;

function conjuncts(e: Expr): Expr[] {
  return e.kind === "binary" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** The values of `field` a condition allows, from its conjuncts that compare the field with literals. */
export function allowedValues(cond: Expr, field: string, values: readonly string[]): string[] {
  let allowed = [...values];
  for (const c of conjuncts(cond)) {
    if (c.kind !== "binary" || !isField(c.left, field)) continue;
    const right = literal(c.right);
    const set = c.right.kind === "setLit" ? c.right.items.map(literal) : null;
    if (c.op === "==" && right !== null) allowed = allowed.filter((v) => v === right);
    else if (c.op === "!=" && right !== null) allowed = allowed.filter((v) => v !== right);
    else if (c.op === "in" && set !== null) allowed = allowed.filter((v) => set.includes(v));
    else if (c.op === "notin" && set !== null) allowed = allowed.filter((v) => !set.includes(v));
  }
  return allowed;
}

/** Every (from, to) an effect list can make, given the values the field may have on entry. */
function moves(effects: readonly Effect[], field: string, from: readonly string[]): [string, string][] {
  const found: [string, string][] = [];
  for (const e of effects) {
    if (e.kind === "assign" && e.target.root === field && e.target.steps.length === 0) {
      const to = literal(e.value);
      if (to !== null) for (const f of from) found.push([f, to]);
    } else if (e.kind === "if") {
      found.push(...moves(e.then, field, allowedValues(e.cond, field, from)));
      found.push(...moves(e.else, field, from));
    } else if (e.kind === "choose") {
      found.push(...moves(e.body, field, from));
    }
  }
  return found;
}

export const RESTART = "crash and restart";

/** A volatile field of a role that may restart goes back to its initial value from anywhere. */
function restartMoves(field: StateField, values: readonly string[], restarts: boolean): [string, string][] {
  const initial = literal(field.initial);
  return restarts && !field.persistent && initial !== null ? values.map((v): [string, string] => [v, initial]) : [];
}

/**
 * The transitions of `field` over the role's actions (and restarts, when the
 * role may crash); self-loops are left out, they change nothing.
 */
export function transitions(role: Role, field: StateField, actions: readonly Action[], restarts: boolean): Transition[] {
  if (field.type.kind !== "enum") return [];
  const values = field.type.values;
  const byEdge = new Map<string, { from: string; to: string; actions: string[] }>();
  const steps = [
    ...actions.filter((a) => a.role === role.name).map((a) => ({ name: a.name, moves: moves(a.effects, field.name, allowedValues(a.guard, field.name, values)) })),
    { name: RESTART, moves: restartMoves(field, values, restarts) },
  ];
  for (const action of steps) {
    for (const [from, to] of action.moves) {
      if (from === to) continue;
      const key = `${from}\u0000${to}`;
      const edge = byEdge.get(key) ?? { from, to, actions: [] };
      if (!edge.actions.includes(action.name)) edge.actions.push(action.name);
      byEdge.set(key, edge);
    }
  }
  const order = (v: string) => values.indexOf(v);
  return [...byEdge.values()].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to));
}

/** A Mermaid stateDiagram-v2: states by declaration order, the initial value marked by [*]. */
export function stateDiagram(field: StateField, edges: readonly Transition[]): string {
  if (field.type.kind !== "enum") return "";
  const values = field.type.values;
  const id = (v: string) => `s${values.indexOf(v)}`;
  const initial = literal(field.initial);
  const lines = ["stateDiagram-v2", ...values.map((v) => `  state "${v}" as ${id(v)}`)];
  if (initial !== null) lines.push(`  [*] --> ${id(initial)}`);
  for (const e of edges) lines.push(`  ${id(e.from)} --> ${id(e.to)}: ${e.actions.join(", ")}`);
  return lines.join("\n");
}
