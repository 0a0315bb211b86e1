/**
 * A counterexample to a liveness property as a lasso: a shortest prefix from
 * an initial state to a state of a fair component (or to a state where the run
 * may stay forever), then a cycle through the component that meets every fairness unit
 * enabled in it, back to where it entered.
 */
import type { StepLabel } from "../model.js";
import { cycleEdge, enabledUnits, takesUnit, type FairComponent } from "./fair-components.js";
import type { Edge, StateGraph } from "./graph.js";

export interface Lasso {
  /** State ids: the prefix, then the cycle without its last state (which is `states[loop]` again). */
  readonly states: readonly number[];
  /** labels[i] is how states[i] was reached; null for the initial state. */
  readonly labels: readonly (StepLabel | null)[];
  /** Where the cycle starts. */
  readonly loop: number;
  /** The step from the last state back to `states[loop]`; null when the run stays in its last state forever (no fair unit is enabled there). */
  readonly back: StepLabel | null;
}

/** Where the prefix may go: before the run meets a seed (phase 0) anywhere, after it (phase 1) only inside the region. */
export interface PrefixRule {
  /** Whether the run may wander before it meets a seed; if not, it starts in phase 1 at the initial states inside the region. */
  readonly free: boolean;
  readonly seed: Uint8Array;
  readonly region: Uint8Array;
}

/** A shortest path, over (state, phase) pairs, from an initial state to a phase-1 state that `target` marks. */
export function shortestPrefix(graph: StateGraph<unknown>, rule: PrefixRule, target: Uint8Array): { states: number[]; labels: (StepLabel | null)[] } | null {
  const n = graph.states.length;
  const parent = new Int32Array(2 * n).fill(-2);
  const via: (StepLabel | null)[] = new Array(2 * n).fill(null);
  const queue: number[] = [];
  const reach = (node: number, from: number, label: StepLabel | null) => {
    if (parent[node] !== -2) return;
    parent[node] = from;
    via[node] = label;
    queue.push(node);
  };
  for (const s of graph.initial) {
    if (rule.free) reach(2 * s, -1, null);
    if (rule.seed[s] === 1 && rule.region[s] === 1) reach(2 * s + 1, -1, null);
  }
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    const s = node >> 1;
    const phase = node & 1;
    if (phase === 1 && target[s] === 1) return path(node, parent, via);
    for (const e of graph.edges[s]) {
      if (phase === 0) {
        reach(2 * e.to, node, e.label);
        if (rule.seed[e.to] === 1) reach(2 * e.to + 1, node, e.label);
      } else if (rule.region[e.to] === 1) reach(2 * e.to + 1, node, e.label);
    }
  }
  return null;
}

function path(node: number, parent: Int32Array, via: readonly (StepLabel | null)[]) {
  const states: number[] = [];
  const labels: (StepLabel | null)[] = [];
  for (let at = node; at !== -1; at = parent[at]) {
    states.push(at >> 1);
    labels.push(via[at]);
  }
  return { states: states.reverse(), labels: labels.reverse() };
}

/**
 * From `entry`, a cycle inside the component that meets each of its fair units:
 * greedily the nearest step that meets one still unmet (taking it, or for a
 * weak unit reaching a state that does not enable it), then back to `entry`.
 */
export function fairCycle(graph: StateGraph<unknown>, component: FairComponent, entry: number, faultsStop: boolean): { states: number[]; labels: StepLabel[] } {
  const inside = new Set(component.states);
  const allowed = cycleEdge(faultsStop);
  const pending = new Set(component.units);
  const meetAt = (id: number) => {
    const enabled = enabledUnits(graph, id);
    for (const u of [...pending]) if (graph.units[u].fairness === 1 && !enabled.has(u)) pending.delete(u);
  };
  const states: number[] = [];
  const labels: StepLabel[] = [];
  let at = entry;
  const walk = (edges: readonly Edge[]) => {
    for (const e of edges) {
      if (takesUnit(e, at)) pending.delete(e.unit);
      states.push(e.to);
      labels.push(e.label);
      meetAt(e.to);
      at = e.to;
    }
  };
  meetAt(entry);
  while (pending.size > 0) {
    const step = nearest(graph, inside, allowed, at, (e, from) => (takesUnit(e, from) && pending.has(e.unit)) || [...pending].some((u) => graph.units[u].fairness === 1 && !enabledUnits(graph, e.to).has(u)));
    walk(step);
  }
  // Back to the entry: at least one step, so that the cycle is one.
  if (states.length === 0 || at !== entry) walk(nearest(graph, inside, allowed, at, (e) => e.to === entry));
  return { states, labels };
}

/** The shortest path of edges inside the component from `from` whose last edge satisfies `goal`. */
function nearest(graph: StateGraph<unknown>, inside: ReadonlySet<number>, allowed: (e: Edge) => boolean, from: number, goal: (e: Edge, from: number) => boolean): Edge[] {
  const back = new Map<number, { readonly from: number; readonly edge: Edge } | null>([[from, null]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head];
    for (const e of graph.edges[s]) {
      if (!inside.has(e.to) || !allowed(e)) continue;
      if (goal(e, s)) {
        const edges = [e];
        for (let step = back.get(s)!; step !== null; step = back.get(step.from)!) edges.push(step.edge);
        return edges.reverse();
      }
      if (!back.has(e.to)) {
        back.set(e.to, { from: s, edge: e });
        queue.push(e.to);
      }
    }
  }
  throw new Error("no path inside a strongly connected component: the liveness graph is inconsistent");
}
