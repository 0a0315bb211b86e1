/** Tarjan's components (iterative) and the fairness refinement (checkers/liveness/) on hand-made graphs. */
import { describe, expect, it } from "vitest";
import { enabledUnits, fairComponents } from "../../../checkers/liveness/fair-components.js";
import type { Edge, FairnessUnit, StateGraph } from "../../../checkers/liveness/graph.js";
import { components } from "../../../checkers/liveness/scc.js";

const label = { kind: "action", action: "A", role: "r", node: 0 } as const;

/** A graph from [from, to, unit] triples; units[u] gives each unit's fairness (1 weak, 2 strong). */
function graph(n: number, edges: readonly (readonly [number, number, number])[], units: readonly number[] = []): StateGraph<number> {
  const out: Edge[][] = Array.from({ length: n }, () => []);
  for (const [from, to, unit] of edges) out[from].push({ to, label, unit, fault: false });
  const fair: FairnessUnit[] = units.map((fairness, i) => ({ key: String(i), fairness }));
  return { states: Array.from({ length: n }, (_, i) => i), edges: out, initial: [0], outside: new Set(), units: fair };
}

const all = (n: number) => new Uint8Array(n).fill(1);

describe("components", () => {
  it("finds the cycles and leaves single states alone", () => {
    const g = graph(5, [[0, 1, -1], [1, 2, -1], [2, 1, -1], [2, 3, -1], [3, 3, -1], [3, 4, -1]]);
    expect(components(g.edges, all(5), () => true).map((c) => c.join(","))).toEqual(["4", "3", "1,2", "0"]);
  });

  it("walks a chain of 200,000 states without recursion", () => {
    const n = 200_000;
    const g = graph(n, Array.from({ length: n - 1 }, (_, i) => [i, i + 1, -1] as const).concat([[n - 1, 0, -1]]));
    const found = components(g.edges, all(n), () => true);
    expect(found.map((c) => c.length)).toEqual([n]);
  });

  it("keeps only the states a mask keeps", () => {
    const g = graph(3, [[0, 1, -1], [1, 2, -1], [2, 0, -1]]);
    expect(components(g.edges, Uint8Array.from([1, 1, 0]), () => true).map((c) => c.join(","))).toEqual(["1", "0"]);
  });
});

describe("fair components", () => {
  // 0 -> 1 -> 0 by unit 0; unit 1 (leaving to 2) enabled at 0 only.
  const flip = (fairness: number) => graph(3, [[0, 1, 0], [1, 0, 0], [0, 2, 1]], [1, fairness]);
  const region = Uint8Array.from([1, 1, 0]);

  it("a weak unit enabled in only part of a component does not forbid it", () => {
    expect(fairComponents(flip(1), region, false).map((c) => c.states)).toEqual([[0, 1]]);
  });

  it("a strong unit enabled somewhere and never taken removes those states, and nothing fair is left", () => {
    expect(fairComponents(flip(2), region, false)).toEqual([]);
  });

  it("a weak unit enabled everywhere and never taken rejects the component", () => {
    const g = graph(3, [[0, 1, 0], [1, 0, 0], [0, 2, 1], [1, 2, 1]], [1, 1]);
    expect(fairComponents(g, region, false)).toEqual([]);
  });

  it("refinement keeps the fair part: removing the strong unit's state leaves a fair cycle", () => {
    const g = graph(4, [[0, 1, 0], [1, 0, 0], [1, 2, 0], [2, 1, 0], [0, 3, 1]], [1, 2]);
    expect(fairComponents(g, Uint8Array.from([1, 1, 1, 0]), false).map((c) => [...c.states].sort())).toEqual([[1, 2]]);
  });

  it("a step that changes nothing neither takes nor enables a unit: a weak unit that can leave is not met by a self-loop", () => {
    const g = graph(3, [[0, 1, 0], [1, 0, 0], [1, 1, 0], [0, 2, 1]], [1, 2]);
    expect(fairComponents(g, Uint8Array.from([1, 1, 0]), false)).toEqual([]);
    const onlySelfLoop = graph(1, [[0, 0, 0]], [1]);
    expect(enabledUnits(onlySelfLoop, 0)).toEqual(new Set());
  });
});
