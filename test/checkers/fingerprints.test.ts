/**
 * A successor's fingerprint is computed from its parent's (only the parts a step
 * changes are rehashed); it must equal the fingerprint of the whole successor,
 * on every kind of network and fault, with ghosts, in every state reached.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { GlobalState, Model } from "../../checkers/model.js";
import { generateInto } from "../support/generate.js";

const SPECS = [
  "specs/two-phase-commit.json",
  ...readdirSync("test/fixtures/specs")
    .filter((f) => f.endsWith(".json"))
    .map((f) => `test/fixtures/specs/${f}`),
];

/** Breadth-first over up to `limit` states, comparing each successor's reported fingerprint with its own. */
function compareFingerprints(model: Model<GlobalState>, limit: number): { states: number; successors: number; mismatches: number } {
  const whole = { hi: 0, lo: 0 };
  const seen = new Set<string>();
  let frontier: GlobalState[] = [...model.initialStates()];
  let successors = 0;
  let mismatches = 0;
  while (frontier.length > 0 && seen.size < limit) {
    const next: GlobalState[] = [];
    for (const state of frontier) {
      try {
        model.forEachSuccessor(state, (_step, successor, hi, lo) => {
          successors++;
          model.fingerprint(successor, whole);
          if (whole.hi !== hi || whole.lo !== lo) mismatches++;
          const key = `${hi}:${lo}`;
          if (!seen.has(key) && model.withinConstraint(successor)) {
            seen.add(key);
            next.push(successor);
          }
        });
      } catch {
        // A spec runtime error or an overflow ends this branch; the oracle test covers those.
      }
    }
    frontier = next;
  }
  return { states: seen.size, successors, mismatches };
}

describe("incremental fingerprints", () => {
  for (const spec of SPECS) {
    it(`equal whole-state fingerprints on every successor: ${spec}`, async () => {
      const { modelModule } = await generateInto(spec);
      for (const name of Object.keys(modelModule.checkModels)) {
        const figures = compareFingerprints(modelModule.createModel(name), 3000);
        expect(figures.successors).toBeGreaterThan(100);
        expect(figures.mismatches).toBe(0);
      }
    });
  }
});
