/**
 * The fair components of a region of the graph: strongly connected components
 * in which some infinite run can stay while meeting every fairness unit
 * (docs/reference/semantics.md, Liveness). A weakly fair unit enabled in every
 * state of a component must be taken inside it, or no run of it is fair; a
 * strongly fair unit enabled in some state but never taken inside forces a
 * fair run to avoid those states, so they are removed and what is left is
 * split into components again (the refinement of Emerson and Lei).
 */
import type { Edge, StateGraph } from "./graph.js";
import { components, hasCycle } from "./scc.js";

export interface FairComponent {
  readonly states: readonly number[];
  /** The fair units enabled somewhere in it: a cycle through it must meet each one (take it, or for a weak one, pass a state without it). */
  readonly units: readonly number[];
}

/**
 * Whether the edge out of state `from` takes its fairness unit: a step that changes nothing is stuttering, which
 * neither enables a unit nor takes it (TLA+'s WF_vars(A) and SF_vars(A) are about <<A>>_vars steps).
 */
export const takesUnit = (e: Edge, from: number): boolean => e.unit >= 0 && e.to !== from;

/** The fair units each state enables: those of its edges that change the state, whether or not they stay in the region. */
export function enabledUnits(graph: StateGraph<unknown>, id: number): Set<number> {
  const units = new Set<number>();
  for (const e of graph.edges[id]) if (takesUnit(e, id)) units.add(e.unit);
  return units;
}

/** The cycle edges a component may use: inside it, and no fault when faults stop. */
export const cycleEdge = (faultsStop: boolean) => (e: Edge): boolean => !(faultsStop && e.fault);

export function fairComponents(graph: StateGraph<unknown>, region: Uint8Array, faultsStop: boolean): FairComponent[] {
  const allowed = cycleEdge(faultsStop);
  const enabled = new Map<number, Set<number>>();
  const enabledAt = (id: number) => {
    let units = enabled.get(id);
    if (units === undefined) enabled.set(id, (units = enabledUnits(graph, id)));
    return units;
  };
  const fair: FairComponent[] = [];
  const work: Uint8Array[] = [region];
  // One mask for every component, set and cleared around each: one per component would cost the graph's size each time.
  const inside = new Uint8Array(graph.states.length);
  while (work.length > 0) {
    const mask = work.shift()!;
    for (const component of components(graph.edges, mask, allowed)) {
      if (!hasCycle(graph.edges, component, allowed)) continue;
      for (const id of component) inside[id] = 1;
      const taken = new Set<number>();
      for (const id of component) for (const e of graph.edges[id]) if (takesUnit(e, id) && inside[e.to] === 1 && allowed(e)) taken.add(e.unit);
      for (const id of component) inside[id] = 0;
      const somewhere = new Set<number>();
      for (const id of component) for (const u of enabledAt(id)) somewhere.add(u);
      const unmetStrong = [...somewhere].filter((u) => graph.units[u].fairness === 2 && !taken.has(u));
      if (unmetStrong.length > 0) {
        const rest = new Uint8Array(graph.states.length);
        for (const id of component) if (!unmetStrong.some((u) => enabledAt(id).has(u))) rest[id] = 1;
        work.push(rest);
        continue;
      }
      const everywhere = [...somewhere].filter((u) => component.every((id) => enabledAt(id).has(u)));
      if (everywhere.some((u) => !taken.has(u))) continue;
      fair.push({ states: component, units: [...somewhere].sort((a, b) => a - b) });
    }
  }
  return fair;
}
