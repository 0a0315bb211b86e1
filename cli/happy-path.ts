/**
 * A protocol's happy path for its narrative (docs/narratives/<protocol>.md): the
 * shortest run of the `ci` model, with no fault, that reaches a goal the
 * narrative names in a marker comment, such as every resource manager
 * committed:
 *   <!-- happy path: {"role": "rm", "field": "rmState", "is": "committed", "nodes": "every"} -->
 * Found by a breadth-first walk over the model's labelled transitions, and
 * recorded in the certificate as a Mermaid sequence diagram for the page.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { GlobalState, Model } from "../checkers/model.js";
import type { Trace, TraceStep } from "../checkers/trace.js";
import { traceMermaid } from "../checkers/trace-format.js";

export const NARRATIVES_DIR = join("docs", "narratives");
const MARKER = /<!-- happy path: (\{.*?\}) -->/g;

/** Some (or every) node of a role whose field equals `is` (any value: a list or record compares by value), or is at least `atLeast`. */
export interface Goal {
  readonly role: string;
  readonly field: string;
  readonly is?: unknown;
  readonly atLeast?: number;
  readonly nodes: "some" | "every";
}

export interface HappyPathRecord {
  /** The marker's JSON, as the narrative writes it: how the page finds its diagram. */
  readonly goal: string;
  readonly steps: number;
  readonly mermaid: string;
}

/** The goals the protocol's narrative marks, in its order; none when it has no narrative. */
export function narrativeGoals(protocol: string): string[] {
  const file = join(NARRATIVES_DIR, `${protocol}.md`);
  return existsSync(file) ? [...readFileSync(file, "utf8").matchAll(MARKER)].map((m) => m[1]) : [];
}

function reached(goal: Goal, state: GlobalState): boolean {
  const nodes = (state.nodes[goal.role] ?? []) as readonly Record<string, unknown>[];
  const wanted = JSON.stringify(goal.is);
  const holds = (n: Record<string, unknown>) => (goal.atLeast !== undefined ? Number(n[goal.field]) >= goal.atLeast : JSON.stringify(n[goal.field]) === wanted);
  return goal.nodes === "every" ? nodes.length > 0 && nodes.every(holds) : nodes.some(holds);
}

/** The shortest fault-free trace from an initial state to one where the goal holds, or null when none is reachable. */
export function shortestTo(model: Model, goal: Goal): Trace<GlobalState> | null {
  const parent = new Map<string, { from: string | null; step: TraceStep<GlobalState> }>();
  const queue: string[] = [];
  const states = new Map<string, GlobalState>();
  for (const s of model.initialStates()) {
    const key = JSON.stringify(s);
    if (parent.has(key)) continue;
    parent.set(key, { from: null, step: { label: null, state: s } });
    states.set(key, s);
    queue.push(key);
  }
  for (let i = 0; i < queue.length; i++) {
    const state = states.get(queue[i])!;
    if (reached(goal, state)) {
      const steps: TraceStep<GlobalState>[] = [];
      for (let at: string | null = queue[i]; at !== null; at = parent.get(at)!.from) steps.unshift(parent.get(at)!.step);
      return { steps };
    }
    for (const t of model.transitions(state)) {
      if (t.label.kind !== "action" || !model.withinConstraint(t.next)) continue;
      const key = JSON.stringify(t.next);
      if (parent.has(key)) continue;
      parent.set(key, { from: queue[i], step: { label: t.label, state: t.next } });
      states.set(key, t.next);
      queue.push(key);
    }
  }
  return null;
}

/** The happy paths of a protocol's narrative in its ci model; a goal no fault-free run reaches is left out. */
export function happyPaths(protocol: string, model: Model): HappyPathRecord[] {
  return narrativeGoals(protocol).flatMap((text) => {
    const goal = JSON.parse(text) as Goal;
    const trace = shortestTo(model, goal);
    if (trace === null) return [];
    const target = `${goal.nodes === "every" ? "every" : "a"} ${goal.role}: ${goal.field} ${goal.atLeast !== undefined ? `>= ${goal.atLeast}` : `= ${typeof goal.is === "string" ? goal.is : JSON.stringify(goal.is)}`}`;
    return [{ goal: text, steps: trace.steps.length - 1, mermaid: traceMermaid(trace, model.messageRoles, `happy path reached: ${target}`) }];
  });
}
