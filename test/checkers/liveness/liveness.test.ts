/**
 * Liveness under fairness (checkers/liveness/, issue 15): verdicts and lasso
 * lengths of the catalogue's liveness properties and variants, the weak/strong
 * fixture both ways, and the lasso in text, ITF and Mermaid.
 */
import { describe, expect, it } from "vitest";
import { checkLiveness } from "../../../checkers/liveness/check.js";
import type { GlobalState, Model } from "../../../checkers/model.js";
import { traceItf, traceMermaid, traceText } from "../../../checkers/trace-format.js";
import { BASE_SPEC, check, fixture, loadModel } from "../../support/checker.js";

const MANAGER_WAITS = "specs/variants/two-phase-commit-manager-waits.json";
const STRONG = fixture("liveness-strong-fairness");

/** Each property's verdict, with the lasso's prefix and loop lengths when refuted. */
async function verdicts(spec: string, modelName = "ci"): Promise<Record<string, string>> {
  const o = await check(spec, { model: modelName });
  expect(o.result.verdict).toBe("ok");
  return Object.fromEntries(o.liveness!.result.outcomes.map((p) => [p.name, p.verdict === "holds" ? "holds" : `violated ${p.prefix}+${p.cycle}`]));
}

/** The model's fairness in a named check model, with `unfair` step indexes made unfair. */
const fairness = (model: Model<GlobalState>, modelName: string, unfair: readonly number[] = []) => model.liveness!.stepFairness[modelName].map((f, i) => (unfair.includes(i) ? 0 : f));

describe("two-phase commit", () => {
  it("holds every liveness property when the manager and the deliveries are weakly fair", async () => {
    expect(await verdicts(BASE_SPEC)).toEqual({ EveryRMDecides: "holds", ManagerDecides: "holds", PreparedLeadsToDecision: "holds" });
  });

  it("a manager that may wait forever: every property refuted by a lasso of 2 steps then a loop of 1", async () => {
    expect(await verdicts(MANAGER_WAITS)).toEqual({ EveryRMDecides: "violated 2+1", ManagerDecides: "violated 2+1", PreparedLeadsToDecision: "violated 2+1" });
    const o = await check(MANAGER_WAITS);
    const lasso = o.liveness!.result.trace!;
    expect(lasso.steps.map((s) => (s.label === null ? "init" : s.label.kind === "action" ? s.label.action : s.label.kind))).toEqual(["init", "RMPrepare", "TMRcvPrepared"]);
    expect(lasso.loop).toEqual({ start: 2, back: { kind: "action", action: "TMRcvPrepared", role: "tm", node: 0, message: { type: "Prepared", from: 0, to: 0 } } });
  });

  it("the graph has the safety search's states without symmetry: 288 and 1,145 steps for three resource managers", async () => {
    const { model } = await loadModel(BASE_SPEC);
    const r = checkLiveness(model, { properties: ["EveryRMDecides"], stepFairness: fairness(model, "ci"), faultsStop: false });
    expect([r.verdict, r.states, r.edges]).toEqual(["ok", 288, 1145]);
  });

  it("with no fair action, a run may stop at the manager forever", async () => {
    const { model } = await loadModel(BASE_SPEC);
    const r = checkLiveness(model, { properties: ["EveryRMDecides"], stepFairness: model.stepNames.map(() => 0), faultsStop: false });
    expect(r.outcomes.map((p) => [p.verdict, p.prefix, p.cycle])).toEqual([["violated", 2, 1]]);
  });

  it("an unknown liveness name is a TypeError, not a verdict", async () => {
    const { model } = await loadModel(BASE_SPEC);
    expect(() => checkLiveness(model, { properties: ["Nope"], stepFairness: fairness(model, "ci"), faultsStop: false })).toThrow(/no liveness property 'Nope'/);
  });
});

describe("a property that holds only under strong fairness", () => {
  it("holds with Finish strongly fair", async () => {
    expect(await verdicts(STRONG)).toEqual({ Finishes: "holds" });
  });

  it("is refuted with Finish weakly fair: no prefix, a loop of two flips", async () => {
    expect(await verdicts(STRONG, "weak")).toEqual({ Finishes: "violated 0+2" });
  });

  it("is refuted with no fairness at all by the same loop", async () => {
    const { model } = await loadModel(STRONG);
    const r = checkLiveness(model, { properties: ["Finishes"], stepFairness: [0, 0], faultsStop: false });
    expect(r.outcomes.map((p) => [p.verdict, p.prefix, p.cycle])).toEqual([["violated", 0, 2]]);
  });
});

describe("the lasso printed", () => {
  it("text marks where the loop starts and the step back", async () => {
    const o = await check(STRONG, { model: "weak" });
    const lines = traceText(o.liveness!.result.trace!, o.request.model.messageRoles);
    expect(lines).toEqual([
      "0. initial state",
      "     node[0] = { busy: false, done: false }",
      "     ↻ the loop starts here, at state 0",
      "1. node 0: Flip",
      "     node[0].busy: false → true",
      "2. node 0: Flip",
      "     node[0].busy: true → false",
      "     ↻ back to state 0: the loop repeats forever",
    ]);
  });

  it("ITF gives the loop index in #meta", async () => {
    const o = await check(MANAGER_WAITS);
    const itf = traceItf(o.liveness!.result.trace!, o.request.model, "specs/x.json", "refuted", o.request.model.messageRoles) as { "#meta": { loop: number }; states: unknown[] };
    expect(itf["#meta"].loop).toBe(2);
    expect(itf.states).toHaveLength(3);
  });

  it("Mermaid wraps the loop in a loop block", async () => {
    const o = await check(STRONG, { model: "weak" });
    const diagram = traceMermaid(o.liveness!.result.trace!, o.request.model.messageRoles, "Finishes violated").split("\n");
    const start = diagram.indexOf("  loop forever");
    expect(start).toBeGreaterThan(0);
    expect(diagram.slice(start)).toEqual(["  loop forever", "  Note over node0: Flip", "  Note over node0: Flip", "  end", "  Note over node0,node0: Finishes violated", ""]);
  });
});

describe("the outbox", () => {
  it("publishes and delivers every committed order, whatever the relay's crashes, when the relay and deliveries are weakly fair", async () => {
    expect(await verdicts("specs/outbox.json")).toEqual({ EveryCommittedOrderPublished: "holds", EveryCommittedOrderDelivered: "holds" });
  });

  it("a relay polling past a high-water mark skips an order forever: a lasso of 4 steps, then the relay restarting", async () => {
    expect(await verdicts("specs/variants/outbox-relay-cursor.json")).toEqual({ EveryCommittedOrderPublished: "violated 4+1", EveryCommittedOrderDelivered: "violated 5+1" });
  });
});
