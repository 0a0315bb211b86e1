/**
 * Replaying ITF traces on a model (checkers/itf-replay.ts), as `explore
 * --trace` does: the counterexamples publish wrote replay step for step with
 * the labels they were written with; a trace the model cannot take, a state
 * missing a variable, a first state that is not initial and a loop index out
 * of range are each refused with the pointer of the state at fault.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalItf, itfShapeProblem, replayItf, type ItfFile } from "../../checkers/itf-replay.js";
import { formatLabel } from "../../checkers/trace-format.js";
import { loadModel, REPO_ROOT } from "../support/checker.js";

interface Itf extends ItfFile {
  readonly states: readonly ({ readonly "#meta": { readonly action: string } } & Record<string, unknown>)[];
}
const itfOf = (variant: string): Itf => JSON.parse(readFileSync(join(REPO_ROOT, "generated", variant, "counterexample.itf.json"), "utf8")) as Itf;

describe("replaying an ITF trace on the model", () => {
  it("replays a published counterexample step for step, with the labels it was written with", async () => {
    for (const variant of ["two-phase-commit-commit-on-prepare", "raft-commit-previous-term"]) {
      const { model } = await loadModel(`specs/variants/${variant}.json`);
      const itf = itfOf(variant);
      const replay = replayItf(model, itf);
      if (!replay.ok) throw new Error(`${variant}: ${replay.problem}`);
      expect(replay.trace.steps).toHaveLength(itf.states.length);
      expect(replay.trace.steps.slice(1).map((s) => formatLabel(s.label!, model.messageRoles))).toEqual(itf.states.slice(1).map((s) => s["#meta"].action));
      expect(replay.trace.steps.map((s) => canonicalItf(model.toItf(s.state)))).toEqual(itf.states.map((s) => canonicalItf(Object.fromEntries(model.itfVariables.map((v) => [v, s[v]])))));
    }
  });

  it("takes sets and maps (the roles' nodes) in any order", async () => {
    const { model } = await loadModel("specs/variants/two-phase-commit-commit-on-prepare.json");
    const itf = itfOf("two-phase-commit-commit-on-prepare");
    const reverse = (_key: string, v: unknown): unknown => {
      if (v === null || typeof v !== "object") return v;
      for (const kind of ["#set", "#map"]) if (kind in v) return { [kind]: [...(v as Record<string, unknown[]>)[kind]].reverse() };
      return v;
    };
    const reversed = JSON.parse(JSON.stringify(itf), reverse) as Itf;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(itf));
    const replay = replayItf(model, reversed);
    expect(replay.ok && replay.trace.steps.length).toBe(itf.states.length);
  });

  it("refuses a state the model cannot reach from the one before, naming it", async () => {
    const { model } = await loadModel("specs/variants/two-phase-commit-commit-on-prepare.json");
    const itf = itfOf("two-phase-commit-commit-on-prepare");
    const skipped = { ...itf, states: [itf.states[0], ...itf.states.slice(2)] };
    expect(replayItf(model, skipped)).toEqual({ ok: false, problem: expect.stringMatching(/^\/states\/1 is not a step the model allows from \/states\/0: no enabled step leads there \(changed: .+\)$/) });
    const notInitial = { ...itf, states: itf.states.slice(1) };
    expect(replayItf(model, notInitial)).toEqual({ ok: false, problem: expect.stringMatching(/^\/states\/0 is not an initial state of the model/) });
    const { network: _dropped, ...withoutNetwork } = itf.states[2];
    const missing = { ...itf, states: [itf.states[0], itf.states[1], withoutNetwork] };
    expect(replayItf(model, missing)).toEqual({ ok: false, problem: `/states/2 lacks a variable of the model: expected ${model.itfVariables.join(", ")}` });
  });

  it("keeps a lasso's loop, and refuses a loop index outside the trace", async () => {
    const { model } = await loadModel("specs/variants/two-phase-commit-manager-waits.json");
    const itf = itfOf("two-phase-commit-manager-waits") as Itf & { "#meta": { loop: number } };
    const replay = replayItf(model, itf);
    if (!replay.ok) throw new Error(replay.problem);
    expect(replay.trace.loop?.start).toBe(itf["#meta"].loop);
    expect(replayItf(model, { ...itf, "#meta": { loop: itf.states.length } })).toEqual({ ok: false, problem: `/#meta/loop is ${itf.states.length}: expected the index of a state of the trace, 0 to ${itf.states.length - 1}` });
  });

  it("says what is wrong with a file that is not an ITF trace", () => {
    expect(itfShapeProblem([])).toBe("expected an ITF trace: a JSON object with a `states` array");
    expect(itfShapeProblem({ vars: [] })).toBe("expected an ITF trace: `states` is missing or not an array");
    expect(itfShapeProblem({ states: [] })).toBe("expected an ITF trace with at least one state: `states` is empty");
    expect(itfShapeProblem({ states: [{}, 3] })).toBe("expected every state to be an object: /states/1 is not");
    expect(itfShapeProblem({ states: [{}] })).toBeNull();
  });
});
