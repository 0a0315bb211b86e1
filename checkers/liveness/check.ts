/**
 * Checks a model's liveness properties on its reachable graph
 * (docs/reference/semantics.md, Liveness). Each property's negation is a
 * region of the graph where a fair run may stay forever: for `eventually P`
 * the states where P is false, entered from an initial state without leaving
 * them; for `alwaysEventually P` the same states, entered from anywhere; for
 * `P leadsTo Q` the states where Q is false, entered at one where P holds. A
 * fair component of the region (fair-components.ts), or a state of it where a
 * run may stay forever (no fair unit is enabled there), refutes the property
 * with a lasso (lasso.ts).
 */
import { raisedKind } from "../raised.js";
import type { GlobalState, Model, TemporalKind } from "../model.js";
import type { Trace } from "../trace.js";
import { fairComponents, takesUnit } from "./fair-components.js";
import { buildGraph, GraphTooLarge, type StateGraph } from "./graph.js";
import { fairCycle, shortestPrefix, type Lasso, type PrefixRule } from "./lasso.js";

export interface LivenessOptions {
  /** The liveness properties to check, by name. */
  readonly properties: readonly string[];
  /** Per step index: 0 unfair, 1 weak, 2 strong (LivenessModel.stepFairness of the check model). */
  readonly stepFairness: readonly number[];
  readonly faultsStop: boolean;
  readonly maxStates?: number;
}

export interface PropertyOutcome {
  readonly name: string;
  readonly kind: TemporalKind;
  readonly verdict: "holds" | "violated";
  /** The lasso's steps to where its loop starts, and the loop's steps (0 when the run ends there); null when the property holds. */
  readonly prefix: number | null;
  readonly cycle: number | null;
}

export interface LivenessResult<S> {
  readonly verdict: "ok" | "violation" | "error" | "stopped";
  readonly outcomes: readonly PropertyOutcome[];
  /** The first property violated, its lasso as a trace (with `loop`), and for an error or a stop, what happened. */
  readonly violated: string | null;
  readonly trace: Trace<S> | null;
  readonly message: string | null;
  readonly states: number;
  readonly edges: number;
  readonly seconds: number;
}

export function checkLiveness<S extends GlobalState>(model: Model<S>, options: LivenessOptions): LivenessResult<S> {
  const started = performance.now();
  const liveness = model.liveness;
  if (liveness === undefined) throw new TypeError(`${model.spec} declares no liveness property`);
  const indexes = options.properties.map((name) => {
    const i = liveness.names.indexOf(name);
    if (i < 0) throw new TypeError(`no liveness property '${name}' (it has: ${liveness.names.join(", ")})`);
    return i;
  });
  const seconds = () => (performance.now() - started) / 1000;
  const empty = { outcomes: [], violated: null, trace: null, states: 0, edges: 0 };
  let graph: StateGraph<S>;
  try {
    graph = buildGraph(model, options.stepFairness, options.maxStates);
  } catch (e) {
    if (e instanceof GraphTooLarge) return { ...empty, verdict: "stopped", message: e.message, seconds: seconds() };
    return { ...empty, verdict: "error", message: `${raisedKind(e)}: ${(e as Error).message}`, seconds: seconds() };
  }
  const edges = graph.edges.reduce((n, out) => n + out.length, 0);
  const outcomes: PropertyOutcome[] = [];
  let found: { name: string; lasso: Lasso } | null = null;
  try {
    for (const index of indexes) {
      const name = liveness.names[index];
      const kind = liveness.kinds[index];
      const lasso = refute(graph, kind, (which, s) => liveness.predicate(index, which, graph.states[s]), options.faultsStop);
      outcomes.push({ name, kind, verdict: lasso === null ? "holds" : "violated", prefix: lasso?.loop ?? null, cycle: lasso === null ? null : lasso.states.length - lasso.loop - (lasso.back === null ? 1 : 0) });
      if (lasso !== null && found === null) found = { name, lasso };
    }
  } catch (e) {
    return { outcomes, violated: null, trace: null, states: graph.states.length, edges, verdict: "error", message: `${raisedKind(e)}: ${(e as Error).message}`, seconds: seconds() };
  }
  const trace = found === null ? null : lassoTrace(graph, found.lasso);
  return { verdict: found === null ? "ok" : "violation", outcomes, violated: found?.name ?? null, trace, message: null, states: graph.states.length, edges, seconds: seconds() };
}

function lassoTrace<S>(graph: StateGraph<S>, lasso: Lasso): Trace<S> {
  return { steps: lasso.states.map((id, i) => ({ label: lasso.labels[i], state: graph.states[id] })), loop: { start: lasso.loop, back: lasso.back } };
}

/** A lasso refuting the property, or null when it holds. `holds(which, state)` is predicate `which` (0: P, 1: Q) at a state id. */
function refute(graph: StateGraph<unknown>, kind: TemporalKind, holds: (which: number, state: number) => boolean, faultsStop: boolean): Lasso | null {
  const n = graph.states.length;
  const region = new Uint8Array(n);
  const seed = new Uint8Array(n);
  const avoided = kind === "leadsTo" ? 1 : 0;
  for (let s = 0; s < n; s++) {
    // A run that leaves the constraint is outside what the model checks: the region keeps only states inside it.
    region[s] = graph.outside.has(s) || holds(avoided, s) ? 0 : 1;
    seed[s] = region[s] === 1 && (kind !== "leadsTo" || holds(0, s)) ? 1 : 0;
  }
  const rule: PrefixRule = { free: kind !== "eventually", seed, region };
  const reached = reachedInRegion(graph, rule);
  const components = fairComponents(graph, reached, faultsStop);
  // A run may also stay forever (stutter) in a state where no fair unit is enabled (steps that change nothing included).
  const target = new Uint8Array(n);
  const componentOf = new Map<number, number>();
  components.forEach((c, i) => c.states.forEach((s) => {
    target[s] = 1;
    componentOf.set(s, i);
  }));
  const stutters = new Uint8Array(n);
  for (let s = 0; s < n; s++) if (reached[s] === 1 && !graph.edges[s].some((e) => takesUnit(e, s))) target[s] = stutters[s] = 1;
  const prefix = shortestPrefix(graph, rule, target);
  if (prefix === null) return null;
  const entry = prefix.states[prefix.states.length - 1];
  const loop = prefix.states.length - 1;
  // Staying put is the shorter lasso where both are possible.
  if (stutters[entry] === 1) return { states: prefix.states, labels: prefix.labels, loop, back: null };
  const component = componentOf.get(entry)!;
  const cycle = fairCycle(graph, components[component], entry, faultsStop);
  return { states: [...prefix.states, ...cycle.states.slice(0, -1)], labels: [...prefix.labels, ...cycle.labels.slice(0, -1)], loop, back: cycle.labels[cycle.labels.length - 1] };
}

/** The region's states a run can be in after it has met a seed (phase 1 of the prefix rule); every state of the graph is reachable. */
function reachedInRegion(graph: StateGraph<unknown>, rule: PrefixRule): Uint8Array {
  const reached = new Uint8Array(graph.states.length);
  const queue = rule.free ? graph.states.map((_, s) => s).filter((s) => rule.seed[s] === 1) : graph.initial.filter((s) => rule.seed[s] === 1);
  for (const s of queue) reached[s] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (const e of graph.edges[queue[head]]) {
      if (rule.region[e.to] === 1 && reached[e.to] === 0) {
        reached[e.to] = 1;
        queue.push(e.to);
      }
    }
  }
  return reached;
}
