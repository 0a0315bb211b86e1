/**
 * The oracle property test (test/support/oracle.ts says what it checks) for
 * the merkle-anti-entropy and two-phase-commit specs and their variants, and
 * two-phase commit exhaustively.
 */
import { describe, expect, it } from "vitest";
import { initialState, transitions } from "../../generator/interpret.js";
import { checkCanonical, checkStep, describeWalks, encodeKey, invariantVerdicts, newStats, reachable, subjects } from "../support/oracle.js";

describeWalks("merkle-2pc");

describe("two-phase commit, exhaustively", () => {
  it("both sides reach the same 288 states with the same successors, invariants and encodings", async () => {
    const [s] = await subjects("specs/two-phase-commit.json");
    expect(s.modelName).toBe("ci");
    const byOracle = reachable(initialState(s.ir, s.params), (st) => transitions(s.ir, s.params, st));
    const [init] = s.model.initialStates();
    const byGenerated = reachable(init, (st) => s.model.transitions(st));
    expect(byOracle.size).toBe(288);
    expect([...byGenerated.keys()].sort()).toEqual([...byOracle.keys()].sort());
    const stats = newStats();
    const encodings = new Set<string>();
    for (const [key, state] of byOracle) {
      const ts = checkStep(s, `state ${key}`, state, stats);
      expect(ts).not.toBeNull();
      const verdicts = invariantVerdicts(s, `state ${key}`, state)!;
      expect(verdicts).toEqual([true, true, true]);
      checkCanonical(s, `state ${key}`, state, verdicts, stats);
      encodings.add(encodeKey(s.model, state));
    }
    expect(encodings.size, "distinct states have distinct encodings").toBe(288);
    const classes = new Set([...byOracle.values()].map((st) => encodeKey(s.model, s.model.canonicalize(st))));
    // symmetry classes of the rm ids: fewer than the states, and every class is closed under renaming (checked above)
    expect(classes.size).toBeLessThan(288);
  });
});
