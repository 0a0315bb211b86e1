/**
 * Anti-entropy with Merkle trees (specs/merkle-anti-entropy.json) and the broken
 * variants the checker must refute.
 *
 * Without symmetry reduction the ci model reaches 6,064 states; with it, 3,037
 * classes under the swap of the two replicas, as Burnside's count allows:
 * (6,064 + f) / 2 with f = 10 states that the swap leaves unchanged.
 */
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../cli/run-check.js";
import { definitions } from "../../generated/merkle-anti-entropy/machine.js";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";

const BASE = "specs/merkle-anti-entropy.json";
const LEFT_ONLY = "specs/variants/merkle-anti-entropy-left-subtree-only.json";
const ONE_WAY = "specs/variants/merkle-anti-entropy-one-way-repair.json";
const ADDITIVE = "specs/variants/merkle-anti-entropy-additive-hash.json";
const FULL_COPY = "specs/variants/merkle-anti-entropy-root-only-full-copy.json";
const BLIND_OVERWRITE = "specs/variants/merkle-anti-entropy-blind-overwrite.json";
const STALE_TREE = "specs/variants/merkle-anti-entropy-stale-tree.json";

const data = (o: CheckOutcome, step: number) => (o.trace!.steps[step].state.nodes.replica as readonly { data: readonly number[] }[]).map((r) => r.data);

describe("merkle anti-entropy", () => {
  it("ci (2 replicas, versions 0..1, one write each, one sync): every invariant holds in 3,037 states / 6,462 generated / depth 15", async () => {
    const o = await check(BASE);
    expect(o.request.parameters).toEqual({ replicas: 2, maxVersion: 1, maxWrites: 1, maxSyncs: 1 });
    expect(o.symmetry).toBe(true);
    expect(o.invariants).toEqual(["EqualHashesEqualData", "Converged", "NoWriteLost", "VersionsComeFromWrites"]);
    expect(figures(o)).toEqual(["ok", 3_037, 6_462, 15]);
    expect(o.result.finding).toBeNull();
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["Write", "StartSync", "ReceiveCompare", "ReceiveRepair"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("ci without symmetry: 6,064 states / 12,905 generated / depth 15", async () => {
    const o = await check(BASE, { noSymmetry: true });
    expect(figures(o)).toEqual(["ok", 6_064, 12_905, 15]);
  });

  it("declares the deep model: both replicas sync, two descents interleave", () => {
    const deep = compileOrThrow(BASE).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ replicas: 2, maxVersion: 1, maxWrites: 1, maxSyncs: 1 });
    expect(deep?.constraint ?? null).toBeNull();
  });

  it("the generated hash is the exact encoding: leaves are versions, inner nodes Cantor's pairing of their children, injective on all contents whatever the versions (no check bound in it)", () => {
    const p = { replicas: 2 };
    const { hashAt } = definitions;
    const pair = (a: number, b: number) => ((a + b) * (a + b + 1)) / 2 + b;
    expect(hashAt(p, [1, 2, 0, 1], 2, 1)).toBe(2);
    expect(hashAt(p, [1, 2, 0, 1], 1, 0)).toBe(pair(1, 2));
    expect(hashAt(p, [1, 2, 0, 1], 0, 0)).toBe(pair(pair(1, 2), pair(0, 1)));
    // Every one of the 5^4 contents with versions 0..4 has its own root hash; those with versions
    // up to 3 stay within the check bound 400 * maxVersion at maxVersion 3.
    const roots = new Set<number>();
    for (let x = 0; x < 625; x++) roots.add(hashAt(p, [Math.floor(x / 125), Math.floor(x / 25) % 5, Math.floor(x / 5) % 5, x % 5], 0, 0));
    expect(roots.size).toBe(625);
    expect(hashAt(p, [3, 3, 3, 3], 0, 0)).toBe(1200);
  });
});

describe("merkle anti-entropy variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(LEFT_ONLY).expect).toEqual({ violates: ["Converged"] });
    expect(compileOrThrow(ONE_WAY).expect).toEqual({ violates: ["Converged"] });
    expect(compileOrThrow(ADDITIVE).expect).toEqual({ violates: ["EqualHashesEqualData"] });
    expect(compileOrThrow(FULL_COPY).expect).toEqual({ violates: ["NoWriteLost"] });
    expect(compileOrThrow(BLIND_OVERWRITE).expect).toEqual({ violates: ["NoWriteLost"] });
    expect(compileOrThrow(STALE_TREE).expect).toEqual({ violates: ["Converged"] });
  });

  // Replica 0 writes key 2; replica 1 starts a sync; replica 0 answers the differing root
  // with its left hash only, which is equal: the sync ends with key 2 unrepaired.
  it("left-subtree-only fails to converge: Converged violated in 4 steps", async () => {
    const o = await check(LEFT_ONLY);
    expect(figures(o)).toEqual(["violation", 177, 270, 5]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Converged" });
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["Write replica 0", "StartSync replica 1", "ReceiveCompare replica 0", "ReceiveCompare replica 1"]);
    expect(data(o, 4)).toEqual([
      [0, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    expect(o.trace!.steps[4].state.network).toEqual([]);
  });

  // The descent ends at the peer, which sends its older version; the writer ignores it
  // and never sends its own.
  it("one-way-repair fails to converge: Converged violated in 8 steps", async () => {
    const o = await check(ONE_WAY);
    expect(figures(o)).toEqual(["violation", 1_408, 2_634, 9]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Converged" });
    expect(steps(o)).toBe(8);
    expect(labels(o).slice(0, 2)).toEqual(["Write replica 0", "StartSync replica 0"]);
    expect(labels(o)[7]).toBe("ReceiveRepair replica 0");
    expect(data(o, 8)).toEqual([
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  // Key 0 written at one replica, key 1 at the other: both left halves hash to 0 + 1 = 1.
  it("additive-hash breaks EqualHashesEqualData in 2 steps: different contents, equal hashes", async () => {
    const o = await check(ADDITIVE);
    expect(figures(o)).toEqual(["violation", 8, 13, 3]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "EqualHashesEqualData" });
    expect(steps(o)).toBe(2);
    expect(data(o, 2)).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
  });

  it("additive-hash: the sync stops at the colliding root and the replicas never converge, 4 steps", async () => {
    const o = await check(ADDITIVE, { model: "convergence" });
    expect(o.invariants).toEqual(["Converged"]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Converged" });
    expect(figures(o)).toEqual(["violation", 115, 174, 5]);
    expect(steps(o)).toBe(4);
    expect(labels(o).slice(2)).toEqual(["StartSync replica 1", "ReceiveCompare replica 0"]);
  });

  // The roots differ; the peer sends its whole data and the writer adopts it, losing its write.
  it("root-only-full-copy loses a write: NoWriteLost violated in 4 steps", async () => {
    const o = await check(FULL_COPY);
    expect(figures(o)).toEqual(["violation", 142, 212, 5]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoWriteLost" });
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["Write replica 0", "StartSync replica 0", "ReceiveCompare replica 1", "ReceiveSnapshot replica 0"]);
    expect(data(o, 4)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(o.trace!.steps[4].state.ghosts.latest).toEqual([1, 0, 0, 0]);
  });

  // The descent ends at the peer, whose older version the writer stores over its newer one.
  it("blind-overwrite loses a write: NoWriteLost violated in 6 steps", async () => {
    const o = await check(BLIND_OVERWRITE);
    expect(figures(o)).toEqual(["violation", 547, 864, 7]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoWriteLost" });
    expect(steps(o)).toBe(6);
    expect(labels(o)[5]).toBe("ReceiveRepair replica 0");
    expect(data(o, 6)).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });

  // Replica 0's tree predates its write: its root hash matches the peer's and the sync stops.
  it("stale-tree fails to converge: Converged violated in 3 steps", async () => {
    const o = await check(STALE_TREE);
    expect(figures(o)).toEqual(["violation", 47, 59, 4]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "Converged" });
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(["Write replica 0", "StartSync replica 1", "ReceiveCompare replica 0"]);
    expect(data(o, 3)).toEqual([
      [1, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    expect(o.trace!.steps[3].state.network).toEqual([]);
  });
});
