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

  // The manager receiving the same vote again changes nothing (a set network keeps it): a stuttering step, not a loop.
  it("a manager that may wait forever: a prepared resource manager in doubt forever, the run staying where only the same vote can be received again", async () => {
    expect(await verdicts(MANAGER_WAITS)).toEqual({ EveryRMDecides: "violated 4+0", ManagerDecides: "violated 3+0", PreparedLeadsToDecision: "violated 4+0" });
    const o = await check(MANAGER_WAITS);
    const lasso = o.liveness!.result.trace!;
    expect(lasso.steps.map((s) => (s.label === null ? "init" : s.label.kind === "action" ? s.label.action : s.label.kind))).toEqual(["init", "RMPrepare", "TMRcvPrepared", "RMChooseToAbort", "RMChooseToAbort"]);
    expect(lasso.loop).toEqual({ start: 4, back: null });
  });

  it("the graph has the safety search's states without symmetry: 288 and 1,145 steps for three resource managers", async () => {
    const { model } = await loadModel(BASE_SPEC);
    const r = checkLiveness(model, { properties: ["EveryRMDecides"], stepFairness: fairness(model, "ci"), faultsStop: false });
    expect([r.verdict, r.states, r.edges]).toEqual(["ok", 288, 1145]);
  });

  it("with no fair action, a run may stay in the initial state forever (stuttering)", async () => {
    const { model } = await loadModel(BASE_SPEC);
    const r = checkLiveness(model, { properties: ["EveryRMDecides"], stepFairness: model.stepNames.map(() => 0), faultsStop: false });
    expect(r.outcomes.map((p) => [p.verdict, p.prefix, p.cycle])).toEqual([["violated", 0, 0]]);
    expect(r.trace!.loop).toEqual({ start: 0, back: null });
    expect(traceText(r.trace!, model.messageRoles).at(-1)).toBe("     ↻ the run stays in state 0 forever: no fair step is enabled there");
  });

  it("an unknown liveness name is a TypeError, not a verdict", async () => {
    const { model } = await loadModel(BASE_SPEC);
    expect(() => checkLiveness(model, { properties: ["Nope"], stepFairness: fairness(model, "ci"), faultsStop: false })).toThrow(/no liveness property 'Nope'/);
  });
});

describe("state-based CRDTs converge once updates and faults stop", () => {
  it.each([
    ["specs/crdt-g-counter.json", "ConvergesAfterIncrementsStop"],
    ["specs/crdt-pn-counter.json", "ConvergesAfterUpdatesStop"],
    ["specs/crdt-lww-register.json", "ConvergesAfterWritesStop"],
    ["specs/crdt-or-set.json", "ConvergesAfterUpdatesStop"],
  ])("%s: %s holds with gossip and merges weakly fair", async (spec, name) => {
    expect(await verdicts(spec)).toEqual({ [name]: "holds" });
  });

  it("over a network that may lose forever, the G-Counter never converges: a lasso whose loop loses replica 0's state each time", async () => {
    expect(await verdicts("specs/variants/crdt-g-counter-lossy-forever.json")).toEqual({ ConvergesAfterIncrementsStop: "violated 1+4" });
    const lasso = (await check("specs/variants/crdt-g-counter-lossy-forever.json")).liveness!.result.trace!;
    expect(lasso.steps.map((s) => (s.label === null ? "init" : s.label.kind === "action" ? s.label.action : s.label.kind))).toEqual(["init", "Increment", "Gossip", "Gossip", "Merge"]);
    expect([lasso.loop?.start, lasso.loop?.back?.kind]).toEqual([1, "lose"]);
  });

  it("with gossip unfair, a replica may never send its state: the G-Counter's run stays diverged", async () => {
    const { model } = await loadModel("specs/crdt-g-counter.json");
    const r = checkLiveness(model, { properties: ["ConvergesAfterIncrementsStop"], stepFairness: fairness(model, "ci", [model.stepNames.indexOf("Gossip")]), faultsStop: true });
    expect(r.outcomes.map((p) => [p.verdict, p.prefix, p.cycle])).toEqual([["violated", 1, 0]]);
  });
});

describe("the choreographed saga ends, completed or compensated", () => {
  it("holds when the services' reactions and the order service's are weakly fair", async () => {
    expect(await verdicts("specs/saga-choreographed.json")).toEqual({ SagaEnds: "holds" });
  });

  it("a first service that compensates silently leaves the order pending forever: every invariant holds, the lasso stays where nothing fair is enabled", async () => {
    const variant = "specs/variants/saga-choreographed-silent-first-compensation.json";
    expect(await verdicts(variant)).toEqual({ SagaEnds: "violated 4+0" });
    const lasso = (await check(variant)).liveness!.result.trace!;
    expect(lasso.steps.map((s) => (s.label === null ? "init" : s.label.kind === "action" ? s.label.action : s.label.kind))).toEqual(["init", "PlaceOrder", "RunFirstStep", "FailStep", "CompensateStep"]);
    expect(lasso.loop).toEqual({ start: 4, back: null });
  });
});

describe("a property that holds only under strong fairness", () => {
  it("holds with Finish strongly fair", async () => {
    expect(await verdicts(STRONG)).toEqual({ Finishes: "holds" });
  });

  it("is refuted with Finish weakly fair: no prefix, a loop of two flips", async () => {
    expect(await verdicts(STRONG, "weak")).toEqual({ Finishes: "violated 0+2" });
  });

  it("is refuted with Flip fair and Finish not by the same loop, and with nothing fair by staying put", async () => {
    const { model } = await loadModel(STRONG);
    const outcome = (stepFairness: number[]) => checkLiveness(model, { properties: ["Finishes"], stepFairness, faultsStop: false }).outcomes.map((p) => [p.verdict, p.prefix, p.cycle]);
    expect(outcome([1, 0])).toEqual([["violated", 0, 2]]);
    expect(outcome([0, 0])).toEqual([["violated", 0, 0]]);
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
    expect(itf["#meta"].loop).toBe(4);
    expect(itf.states).toHaveLength(5);
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

  it("a relay polling past a high-water mark skips an order forever: a lasso of 4 steps, after which the relay has nothing fair to do", async () => {
    expect(await verdicts("specs/variants/outbox-relay-cursor.json")).toEqual({ EveryCommittedOrderPublished: "violated 4+0", EveryCommittedOrderDelivered: "violated 5+0" });
  });
});

describe("Merkle anti-entropy", () => {
  it("a sync begun after the last write ends in agreement unless another write comes first", async () => {
    expect(await verdicts("specs/merkle-anti-entropy.json")).toEqual({ ConvergesAfterWritesStop: "holds" });
  });

  it("with one-way repair the sync ends with the replicas apart: refuted by a run that stays there", async () => {
    const { model } = await loadModel("specs/variants/merkle-anti-entropy-one-way-repair.json");
    const r = checkLiveness(model, { properties: ["ConvergesAfterWritesStop"], stepFairness: model.liveness!.stepFairness.ci, faultsStop: false });
    expect(r.outcomes.map((p) => [p.verdict, p.prefix, p.cycle])).toEqual([["violated", 8, 0]]);
  });
});

describe("the orchestrated saga", () => {
  it("every saga that starts ends, completed or compensated, when orchestrator and participants are weakly fair", async () => {
    expect(await verdicts("specs/saga-orchestrated.json")).toEqual({ SagaEnds: "holds" });
  });

  it("with compensations unfair, a failed step leaves its saga compensating forever", async () => {
    const { model } = await loadModel("specs/saga-orchestrated.json");
    const compensate = model.stepNames.indexOf("CompensateStep");
    const r = checkLiveness(model, { properties: ["SagaEnds"], stepFairness: fairness(model, "ci", [compensate]), faultsStop: false });
    expect(r.outcomes.map((p) => [p.verdict, p.prefix, p.cycle])).toEqual([["violated", 5, 0]]);
    expect(r.trace!.steps.map((s) => (s.label?.kind === "action" ? s.label.action : "init"))).toEqual(["init", "StartSaga", "ExecuteStep", "OnStepDone", "FailStep", "OnStepFailed"]);
    expect(r.trace!.steps.at(-1)!.state.nodes.saga.some((s) => (s as { status: string }).status === "compensating")).toBe(true);
  });
});

describe("Paxos", () => {
  it("a value is chosen when every proposer and acceptor is weakly fair (ballots are bounded, so the highest one wins)", async () => {
    expect(await verdicts("specs/paxos.json")).toEqual({ ValueChosen: "holds" });
  });

  it("with the acceptors' votes unfair, no value need ever be chosen", async () => {
    const { model } = await loadModel("specs/paxos.json");
    const r = checkLiveness(model, { properties: ["ValueChosen"], stepFairness: fairness(model, "ci", [model.stepNames.indexOf("Phase2b")]), faultsStop: false });
    expect(r.outcomes.map((p) => p.verdict)).toEqual(["violated"]);
    expect(r.trace!.loop!.back).toBeNull();
  });
});
