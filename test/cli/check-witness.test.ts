/**
 * The witness of a violated invariant (cli/check-witness.ts): which bindings,
 * conjuncts and premises made it false, pinned on a fixture whose invariants
 * each fail for a reason of another shape, and on the two-phase commit
 * variant that commits on a majority.
 */
import { describe, expect, it } from "vitest";
import { exprText } from "../../cli/check-expr-text.js";
import { witnessOf } from "../../cli/check-witness.js";
import { runCheck } from "../../cli/run-check.js";
import { compileOrThrow, fixture, loadModel, MAJORITY } from "../support/checker.js";

const WITNESS = fixture("checker-witness");

async function witnessOfInvariant(spec: string, invariant?: string) {
  const { ir, model, parameters } = await loadModel(spec);
  const outcome = runCheck({ ir, model, modelName: "ci", parameters, only: invariant === undefined ? undefined : [invariant] });
  expect(outcome.result.finding).toMatchObject({ kind: "invariant", name: invariant ?? expect.any(String) });
  return witnessOf(outcome);
}

describe("the witness of a violated invariant", () => {
  it("forall i, j: the two counters that differ, named as the trace names nodes, with the values compared", async () => {
    const w = await witnessOfInvariant(WITNESS, "AllEqual");
    expect(w).toEqual({
      bindings: [{ name: "i", value: 0, shown: "counter 0" }, { name: "j", value: 1, shown: "counter 1" }],
      conjuncts: [],
      because: "counter[i].n == counter[j].n is false (1 == 0)",
      text: "false for i = counter 0, j = counter 1: counter[i].n == counter[j].n is false (1 == 0)",
    });
  });

  it("nested forall: the binding of each level, outermost first", async () => {
    expect((await witnessOfInvariant(WITNESS, "Nested"))?.text).toBe("false for i = counter 0, k = 1: counter[i].n < k is false (1 < 1)");
  });

  it("a conjunction: which conjunct, then the forall inside it and the premise of its implies", async () => {
    const w = await witnessOfInvariant(WITNESS, "Bounded");
    expect(w?.conjuncts).toEqual([{ index: 2, of: 3 }]);
    expect(w?.text).toBe("false in conjunct 2 of 3, for i = counter 1, where i == 1 holds: counter[i].n == 0 is false (1 == 0)");
  });

  it("a false exists: no binding satisfies it", async () => {
    expect((await witnessOfInvariant(WITNESS, "SomeoneAtTwo"))?.text).toBe("false: no i in counter satisfies counter[i].n == 2");
  });

  it("not exists: the binding that satisfies the exists", async () => {
    expect((await witnessOfInvariant(WITNESS, "NobodyCounted"))?.text).toBe("false for i = counter 0: counter[i].n > 0 holds (1 > 0)");
  });

  it("a comparison at the top: no binding, but the values it compared", async () => {
    expect((await witnessOfInvariant(WITNESS, "FewCounted"))?.text).toBe("false: count(i in counter | counter[i].n > 0) <= 1 is false (2 <= 1)");
  });

  it("two-phase commit on a majority: the rm that committed and the one that aborted", async () => {
    expect((await witnessOfInvariant(MAJORITY, "Consistent"))?.text).toBe("false for i = rm 0, j = rm 2: rm[i].rmState == 'committed' and rm[j].rmState == 'aborted' holds");
  });

  it("no witness for a check that holds", async () => {
    const { ir, model, parameters } = await loadModel(MAJORITY);
    expect(witnessOf(runCheck({ ir, model, modelName: "ci", parameters, only: ["TypeOK"] }))).toBeNull();
  });
});

describe("an IR expression written back as spec text", () => {
  it("keeps the parentheses the parser needs, adds none but after not", () => {
    const ir = compileOrThrow(WITNESS);
    const text = Object.fromEntries(ir.invariants.map((i) => [i.name, exprText(i.expr)]));
    expect(text).toEqual({
      AllEqual: "forall i in counter: forall j in counter: counter[i].n == counter[j].n",
      Nested: "forall i in counter: forall k in 1 .. 2: counter[i].n < k",
      Bounded: "counter[0].n <= 2 and (forall i in counter: i == 1 implies counter[i].n == 0) and nodes > 1",
      SomeoneAtTwo: "exists i in counter: counter[i].n == 2",
      NobodyCounted: "not (exists i in counter: counter[i].n > 0)",
      FewCounted: "count(i in counter | counter[i].n > 0) <= 1",
      Precedence: "((nodes - (2 - 1)) * 2 > 0 implies true) implies not (nodes < -(1 - 2))",
    });
  });
});
