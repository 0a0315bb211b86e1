/**
 * Strongly connected components (Tarjan's algorithm, iterative: a deep graph
 * must not exhaust the stack) of the subgraph on the states a mask keeps,
 * along the edges a filter keeps. Components come in the order Tarjan closes
 * them, the same on every run.
 */
import type { Edge } from "./graph.js";

export function components(edges: readonly (readonly Edge[])[], inside: Uint8Array, allowed: (e: Edge) => boolean): number[][] {
  const n = edges.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const found: number[][] = [];
  const calls: { node: number; next: number }[] = [];
  let counter = 0;
  const open = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    calls.push({ node: v, next: 0 });
  };
  for (let root = 0; root < n; root++) {
    if (inside[root] === 0 || index[root] !== -1) continue;
    open(root);
    while (calls.length > 0) {
      const frame = calls[calls.length - 1];
      const v = frame.node;
      const out = edges[v];
      if (frame.next < out.length) {
        const e = out[frame.next++];
        if (inside[e.to] === 0 || !allowed(e)) continue;
        if (index[e.to] === -1) open(e.to);
        else if (onStack[e.to] === 1) low[v] = Math.min(low[v], index[e.to]);
        continue;
      }
      calls.pop();
      if (calls.length > 0) {
        const u = calls[calls.length - 1].node;
        low[u] = Math.min(low[u], low[v]);
      }
      if (low[v] !== index[v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      found.push(component.sort((a, b) => a - b));
    }
  }
  return found;
}

/** Whether a component holds a cycle: more than one state, or a state with an edge to itself. */
export function hasCycle(edges: readonly (readonly Edge[])[], component: readonly number[], allowed: (e: Edge) => boolean): boolean {
  return component.length > 1 || edges[component[0]].some((e) => e.to === component[0] && allowed(e));
}
