/**
 * Symmetry reduction is exact: the checker's count with symmetry equals the
 * number of classes of the concrete reachable states under every renaming of
 * the symmetric roles, computed here by brute force (a plain walk of
 * `transitions()`, then the smallest key over all renamings of each state).
 * The fixture has two symmetric roles whose states and messages name each
 * other, so a node's sort key must not depend on how the other role is numbered.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { AnyMessage, GlobalState } from "../../checkers/model.js";
import { check, fixture, loadModel, type LoadedSpecModel } from "../support/checker.js";

const SPEC = fixture("checker-two-symmetric-roles");

interface Client {
  readonly served: readonly number[];
  readonly target: number | null;
}
interface Replica {
  readonly heard: readonly number[];
  readonly last: number | null;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)]));
}

/** A key for the state with client i renamed to c[i] and replica j to r[j]. */
function renamedKey(st: GlobalState, c: readonly number[], r: readonly number[]): string {
  const clients: string[] = [];
  (st.nodes.client as readonly Client[]).forEach((n, i) => {
    clients[c[i]] = JSON.stringify([n.served.map((x) => r[x]).sort(), n.target === null ? null : r[n.target]]);
  });
  const replicas: string[] = [];
  (st.nodes.replica as readonly Replica[]).forEach((n, j) => {
    replicas[r[j]] = JSON.stringify([n.heard.map((x) => c[x]).sort(), n.last === null ? null : c[n.last]]);
  });
  const rename = (m: AnyMessage) => (m.type === "Ask" ? `Ask ${c[m.from]}>${r[m.to]}` : `Answer ${r[m.from]}>${c[m.to]}`);
  return [clients.join("|"), replicas.join("|"), st.network.map(rename).sort().join(",")].join(" / ");
}

describe("symmetry is exact with two symmetric roles that name each other", () => {
  let loaded: LoadedSpecModel;
  beforeAll(async () => {
    loaded = await loadModel(SPEC);
  });

  it("the symmetric count is the number of classes of the concrete states, and the depth is the same", async () => {
    const model = loaded.model;
    const identity = (n: number) => Array.from({ length: n }, (_, i) => i);
    const clientPerms = permutations(loaded.parameters.clients);
    const replicaPerms = permutations(loaded.parameters.replicas);
    const seen = new Map<string, GlobalState>();
    let frontier = [...model.initialStates()];
    let depth = 0;
    for (const s of frontier) seen.set(renamedKey(s, identity(2), identity(2)), s);
    while (frontier.length > 0) {
      depth++;
      const next: GlobalState[] = [];
      for (const s of frontier) {
        if (!model.withinConstraint(s)) continue;
        for (const t of model.transitions(s)) {
          const key = renamedKey(t.next, identity(2), identity(2));
          if (seen.has(key)) continue;
          seen.set(key, t.next);
          next.push(t.next);
        }
      }
      frontier = next;
    }
    const classes = new Set<string>();
    for (const s of seen.values()) {
      let min: string | null = null;
      for (const c of clientPerms) for (const r of replicaPerms) {
        const key = renamedKey(s, c, r);
        if (min === null || key < min) min = key;
      }
      classes.add(min!);
    }
    expect([seen.size, classes.size]).toEqual([5_239, 1_321]);
    const off = await check(SPEC, { noSymmetry: true });
    const on = await check(SPEC);
    expect([off.result.verdict, off.result.distinctStates]).toEqual(["ok", seen.size]);
    expect([on.result.verdict, on.result.distinctStates, on.result.depth]).toEqual(["ok", classes.size, off.result.depth]);
    // Depth counts the initial state as level 1, as TLC does.
    expect(depth).toBe(off.result.depth);
  });
});
