/**
 * The moves of every role enum field in a model's reachable graph, found by a
 * plain breadth-first walk over `transitions` with JSON keys (no fingerprints,
 * no symmetry, states outside the constraint not expanded): the independent
 * answer state diagrams are compared with.
 */
import type { GlobalState, Model } from "../../checkers/model.js";
import type { ProtocolIR } from "../../generator/ir.js";
import { allowedValues } from "../../pages/state-diagram.js";

/** `role.field: from -> to` for every change of value, and for every loop of an action whose guard narrows the field's values. */
export function reachableMoves(model: Model, ir: ProtocolIR): Set<string> {
  const fields = ir.roles.flatMap((r) => r.fields.filter((f) => f.type.kind === "enum").map((f) => ({ role: r.name, field: f.name })));
  const seen = new Set<string>();
  const queue: GlobalState[] = [];
  for (const s of model.initialStates()) if (!seen.has(JSON.stringify(s))) (seen.add(JSON.stringify(s)), queue.push(s));
  const moves = new Map<string, Set<string>>();
  for (let i = 0; i < queue.length; i++) {
    const state = queue[i];
    // As the checker does, a state outside the model's constraint is reached but not expanded.
    if (!model.withinConstraint(state)) continue;
    for (const t of model.transitions(state)) {
      const key = JSON.stringify(t.next);
      if (!seen.has(key)) (seen.add(key), queue.push(t.next));
      if (t.label.kind !== "action" && t.label.kind !== "restart") continue;
      const { role, node } = t.label;
      const action = t.label.kind === "action" ? t.label.action : "crash and restart";
      for (const f of fields.filter((x) => x.role === role)) {
        const from = (state.nodes[role][node] as Record<string, string>)[f.field];
        const to = (t.next.nodes[role][node] as Record<string, string>)[f.field];
        const edge = `${role}.${f.field}: ${from} -> ${to}`;
        moves.set(edge, (moves.get(edge) ?? new Set()).add(action));
      }
    }
  }
  const narrows = (action: string, field: string): boolean => {
    const [role, name] = field.split(".");
    const values = ir.roles.find((r) => r.name === role)!.fields.find((f) => f.name === name)!.type;
    const guard = ir.actions.find((a) => a.name === action)?.guard;
    return guard !== undefined && values.kind === "enum" && allowedValues(guard, name, values.values).length < values.values.length;
  };
  return new Set(
    [...moves].filter(([edge, actions]) => {
      const [field, fromTo] = edge.split(": ");
      const [from, to] = fromTo.split(" -> ");
      return from !== to || [...actions].some((a) => narrows(a, field));
    }).map(([edge]) => edge),
  );
}
