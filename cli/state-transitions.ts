/**
 * What the pages draw from the reachable graph, read off it while publish
 * checks a base spec's `ci` model: for each enum field of each role, every
 * change of value a transition of an expanded state made, by action, with how
 * many transitions made it; and how many distinct states lie at each depth.
 * A self-loop is kept only for an action whose guard singles out some values of
 * the field (a candidate's new election: Timeout runs for followers and
 * candidates), so a handler that runs in any role draws no loop on every
 * value. Recorded in the certificate.
 */
import type { GlobalState, Model, StepLabel } from "../checkers/model.js";
import type { ProtocolIR } from "../generator/ir.js";
import { allowedValues, RESTART } from "../pages/state-diagram.js";

export interface SeenTransition {
  readonly from: string;
  readonly to: string;
  readonly action: string;
  readonly count: number;
}

export interface FieldTransitions {
  readonly role: string;
  readonly field: string;
  readonly transitions: readonly SeenTransition[];
}

/** What the certificate records: the model the graph is of, how many states the search expanded, states per depth, and each enum field's transitions. */
export interface ReachableRecord {
  readonly model: string;
  readonly states: number;
  /** Distinct states at depth 0, 1, ...: the breadth-first levels, as the checker counts states (canonical ones under symmetry). */
  readonly statesPerDepth: readonly number[];
  readonly fields: readonly FieldTransitions[];
}

interface EnumField {
  readonly role: string;
  readonly field: string;
  readonly values: readonly string[];
}

/** The values of an enum field an action's guard narrows it to, for the actions whose guard narrows it at all. */
function narrowed(ir: ProtocolIR, f: EnumField): Map<string, readonly string[]> {
  const narrow = new Map<string, readonly string[]>();
  for (const a of ir.actions.filter((x) => x.role === f.role)) {
    const allowed = allowedValues(a.guard, f.field, f.values);
    if (allowed.length < f.values.length) narrow.set(a.name, allowed);
  }
  return narrow;
}

const actor = (label: StepLabel): { role: string; node: number; action: string } | null => {
  if (label.kind === "action") return { role: label.role, node: label.node, action: label.action };
  if (label.kind === "restart") return { role: label.role, node: label.node, action: RESTART };
  return null;
};

export class ReachableTally {
  private readonly fields: readonly EnumField[];
  private readonly guards: ReadonlyMap<EnumField, Map<string, readonly string[]>>;
  private readonly counts = new Map<string, number>();
  /** Each state reached so far (canonical under symmetry) and its depth: the first one found, since the search is breadth-first. */
  private readonly depths = new Map<string, number>();
  private states = 0;

  constructor(ir: ProtocolIR, private readonly symmetry: boolean) {
    this.fields = ir.roles.flatMap((r) => r.fields.flatMap((f) => (f.type.kind === "enum" ? [{ role: r.name, field: f.name, values: f.type.values }] : [])));
    this.guards = new Map(this.fields.map((f) => [f, narrowed(ir, f)]));
  }

  /** Tallies the transitions out of one expanded state. */
  expand(model: Model, state: GlobalState): void {
    this.states++;
    const key = JSON.stringify(state);
    const depth = this.depths.get(key) ?? 0;
    if (!this.depths.has(key)) this.depths.set(key, 0);
    for (const t of model.transitions(state)) {
      const next = JSON.stringify(this.symmetry ? model.canonicalize(t.next) : t.next);
      if (!this.depths.has(next)) this.depths.set(next, depth + 1);
      const who = actor(t.label);
      if (who === null) continue;
      const before = state.nodes[who.role]?.[who.node] as Record<string, unknown> | undefined;
      const after = t.next.nodes[who.role]?.[who.node] as Record<string, unknown> | undefined;
      if (before === undefined || after === undefined) continue;
      for (const f of this.fields.filter((e) => e.role === who.role)) {
        const key = JSON.stringify([f.role, f.field, before[f.field], after[f.field], who.action]);
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      }
    }
  }

  /** The record, in a fixed order: fields as declared, then by source value, target value (as declared) and action. */
  record(model: string): ReachableRecord {
    const seen = [...this.counts].map(([key, count]) => {
      const [role, field, from, to, action] = JSON.parse(key) as string[];
      return { role, field, from, to, action, count };
    });
    const fields = this.fields.map((f) => {
      const mine = seen.filter((s) => s.role === f.role && s.field === f.field);
      const narrow = this.guards.get(f)!;
      const order = (v: string) => f.values.indexOf(v);
      const transitions = mine
        .filter((s) => s.from !== s.to || (narrow.get(s.action)?.includes(s.from) ?? false))
        .sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to) || a.action.localeCompare(b.action))
        .map(({ from, to, action, count }) => ({ from, to, action, count }));
      return { role: f.role, field: f.field, transitions };
    });
    const statesPerDepth: number[] = [];
    for (const d of this.depths.values()) statesPerDepth[d] = (statesPerDepth[d] ?? 0) + 1;
    return { model, states: this.states, statesPerDepth: [...statesPerDepth].map((n) => n ?? 0), fields };
  }
}

/** The onExpand hook that feeds `tally` from `model`'s transitions. */
export const reachableHook = (model: Model, tally: ReachableTally) => (state: GlobalState): void => tally.expand(model, state);
