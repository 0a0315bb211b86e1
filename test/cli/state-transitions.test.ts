/**
 * The state diagrams' data publish records (cli/state-transitions.ts): tallied
 * over a real search of two-phase commit's and Raft's ci models, it is what
 * their committed certificates hold, and its edges are those a plain walk of
 * the reachable graph finds.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { search } from "../../checkers/bfs.js";
import type { Model } from "../../checkers/model.js";
import { ReachableTally, reachableHook } from "../../cli/state-transitions.js";
import * as raftModel from "../../generated/raft/model.js";
import * as twoPhaseModel from "../../generated/two-phase-commit/model.js";
import { compileOrThrow, ROOT } from "../pages/support.js";
import { reachableMoves } from "../support/reachable-moves.js";

const cases = [
  { spec: "two-phase-commit", model: twoPhaseModel.createModel("ci") as unknown as Model },
  { spec: "raft", model: raftModel.createModel("ci") as unknown as Model },
];

describe.each(cases)("the state diagrams of $spec", ({ spec, model }) => {
  const ir = compileOrThrow(`specs/${spec}.json`).ir;
  const certificate = JSON.parse(readFileSync(join(ROOT, "generated", spec, "CERTIFICATE.json"), "utf8")) as { symmetry: boolean; distinctStates: number; checks: { outsideConstraint: number }[]; depth: number; reachable: unknown };
  const tally = new ReachableTally(ir, certificate.symmetry);
  search(model, { invariants: [], properties: [], symmetry: certificate.symmetry, deadlock: false, onExpand: reachableHook(model, tally) });
  const record = tally.record("ci");

  it("are tallied over every state the search expands (those inside the model's constraint), as the certificate records them", () => {
    expect(record.states).toBe(certificate.distinctStates - certificate.checks[0].outsideConstraint);
    expect(record).toEqual(certificate.reachable);
  });

  it("count the states at each depth, as many in all as the checker found, as deep as it went", () => {
    expect(record.statesPerDepth.reduce((a, b) => a + b, 0)).toBe(certificate.distinctStates);
    // The checker's depth is its number of breadth-first levels.
    expect(record.statesPerDepth).toHaveLength(certificate.depth);
    expect(record.statesPerDepth[0]).toBe(model.initialStates().length);
  });

  it("have exactly the edges a plain walk of the reachable graph finds", () => {
    const edges = new Set(record.fields.flatMap((f) => f.transitions.map((t) => `${f.role}.${f.field}: ${t.from} -> ${t.to}`)));
    expect([...edges].sort()).toEqual([...reachableMoves(model, ir)].sort());
  });
});
