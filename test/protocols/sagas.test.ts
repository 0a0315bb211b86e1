/**
 * Sagas (specs/saga-orchestrated.json, specs/saga-choreographed.json) and the
 * broken variants the checker must refute.
 *
 * The figures are cross-checked by hand. Each saga runs on its own (the
 * participants keep their state per saga), so the reachable states are the
 * product of the per-saga ones. One orchestrated saga has 20 states: idle; three
 * in flight for each step (Execute, StepDone, StepFailed), i.e. 9; a failure at
 * step k then needs k Compensate/Compensated pairs, 0 + 2 + 4 = 6, plus the final
 * `failed` (3 of them) and `completed`: 1 + 9 + 6 + 3 + 1 = 20. Two sagas give
 * 20² = 400 states without symmetry and 20·21/2 = 210 with it; three give
 * 22·21·20/6 = 1,540. The longest run of one saga is 11 steps (step 3 fails after
 * two commits, two compensations), so two sagas reach depth 23. A choreographed
 * order has 15 states (new, OrderCreated, then 3 + 4 + 5 + 2 along the chain), so
 * 225 and 120, and its longest run is 7 steps: depth 15.
 */
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../cli/run-check.js";
import { check, compileOrThrow, figures, labels, steps } from "../support/checker.js";
import { initParticipant, initSaga, stepParticipant, stepSaga, type ParticipantEvent, type SagaEvent } from "../../generated/saga-orchestrated/machine.js";
import type { Message, ParticipantState, Parameters, SagaState } from "../../generated/saga-orchestrated/types.js";
import { validateMessage } from "../../generated/saga-orchestrated/validators.js";

const ORCHESTRATED = "specs/saga-orchestrated.json";
const FORWARD = "specs/variants/saga-orchestrated-forward-compensation.json";
const FAILED_STEP = "specs/variants/saga-orchestrated-compensate-failed-step.json";
const CHOREOGRAPHED = "specs/saga-choreographed.json";
const COMPENSATE_ALL = "specs/variants/saga-choreographed-compensate-all.json";
const AT_LEAST_ONCE = "specs/variants/saga-choreographed-at-least-once.json";
const DUPLICATE_COMPENSATION = "specs/variants/saga-choreographed-duplicate-compensation.json";
const RETRY_COMPENSATION = "specs/variants/saga-orchestrated-retry-compensation.json";
const IDEMPOTENT_COMPENSATION = "specs/variants/saga-orchestrated-idempotent-compensation.json";
const TIMEOUT_AS_FAILURE = "specs/variants/saga-orchestrated-timeout-as-failure.json";
const ORCHESTRATED_PARALLEL = "specs/variants/saga-orchestrated-parallel-compensation.json";
const FIRE_AND_FORGET = "specs/variants/saga-orchestrated-fire-and-forget-compensation.json";
const CHOREOGRAPHED_PARALLEL = "specs/variants/saga-choreographed-parallel-compensation.json";
const NON_IDEMPOTENT_STEP = "specs/variants/saga-choreographed-non-idempotent-step.json";
const RERUN_AFTER_COMPENSATION = "specs/variants/saga-choreographed-rerun-after-compensation.json";

type Entry = { step: number; kind: "executed" | "failed" | "compensated" };
const history = (o: CheckOutcome, at: number) => (o.trace!.steps[at].state.ghosts.history as readonly (readonly Entry[])[]);
const executed = (step: number): Entry => ({ step, kind: "executed" });
const failed = (step: number): Entry => ({ step, kind: "failed" });
const compensated = (step: number): Entry => ({ step, kind: "compensated" });

describe("saga-orchestrated", () => {
  const INVARIANTS = ["CompensateOnlyWhatRan", "CompensateEachOnce", "CompensateInReverseOrder", "FailedSagaCompensatedEverything", "CompletedSagaNotCompensated", "NoStepAfterCompensationBegan"];

  it("ci (2 sagas, 3 steps, symmetry on): every invariant holds in 210 states / 400 generated / depth 23", async () => {
    const o = await check(ORCHESTRATED);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ sagas: 2, steps: 3 });
    expect(o.invariants).toEqual(INVARIANTS);
    expect(figures(o)).toEqual(["ok", 210, 400, 23]);
    expect(o.trace).toBeNull();
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["StartSaga", "OnStepDone", "OnStepFailed", "OnCompensated", "ExecuteStep", "FailStep", "CompensateStep"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
    expect(coverage.reduce((sum, c) => sum + c.count, 0)).toBe(o.result.statesGenerated - 1);
  });

  it("ci without symmetry: 20² = 400 states / 761 generated / depth 23", async () => {
    const o = await check(ORCHESTRATED, { noSymmetry: true });
    expect(figures(o)).toEqual(["ok", 400, 761, 23]);
  });

  it("deep (3 sagas): 1,540 states / 4,390 generated / depth 34", async () => {
    const o = await check(ORCHESTRATED, { model: "deep" });
    expect(figures(o)).toEqual(["ok", 1_540, 4_390, 34]);
  });
});

describe("saga-orchestrated variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(FORWARD).expect).toEqual({ violates: ["CompensateInReverseOrder"] });
    expect(compileOrThrow(FAILED_STEP).expect).toEqual({ violates: ["CompensateOnlyWhatRan"] });
  });

  // Two steps commit, the third fails, and the reservation is released before the charge is refunded.
  it("forward-compensation violates CompensateInReverseOrder in 10 steps", async () => {
    const o = await check(FORWARD);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CompensateInReverseOrder" });
    expect(steps(o)).toBe(10);
    expect([o.result.distinctStates, o.result.depth]).toEqual([104, 11]);
    expect(labels(o)).toEqual([
      "StartSaga saga 0",
      "ExecuteStep participant 0",
      "OnStepDone saga 0",
      "ExecuteStep participant 1",
      "OnStepDone saga 0",
      "FailStep participant 2",
      "OnStepFailed saga 0",
      "CompensateStep participant 0",
      "OnCompensated saga 0",
      "CompensateStep participant 1",
    ]);
    expect(history(o, 10)[0]).toEqual([executed(0), executed(1), failed(2), compensated(0), compensated(1)]);
  });

  // The first step fails and is compensated at once.
  it("compensate-failed-step violates CompensateOnlyWhatRan in 4 steps", async () => {
    const o = await check(FAILED_STEP);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CompensateOnlyWhatRan" });
    expect(steps(o)).toBe(4);
    expect(labels(o)).toEqual(["StartSaga saga 0", "FailStep participant 0", "OnStepFailed saga 0", "CompensateStep participant 0"]);
    expect(history(o, 4)[0]).toEqual([failed(0), compensated(0)]);
  });
});

/** More pitfalls of the orchestrator, each refuted by the ci model (one saga is enough; ci has two). */
describe("saga-orchestrated: more pitfalls", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(RETRY_COMPENSATION).expect).toEqual({ violates: ["CompensateEachOnce"] });
    expect(compileOrThrow(IDEMPOTENT_COMPENSATION).expect).toEqual({ holds: true });
    expect(compileOrThrow(TIMEOUT_AS_FAILURE).expect).toEqual({ violates: ["NoStepAfterCompensationBegan", "FailedSagaCompensatedEverything"] });
    expect(compileOrThrow(ORCHESTRATED_PARALLEL).expect).toEqual({ violates: ["CompensateInReverseOrder"] });
    expect(compileOrThrow(FIRE_AND_FORGET).expect).toEqual({ violates: ["FailedSagaCompensatedEverything"] });
  });

  // A slow compensation is retried, and the participant runs it on both requests.
  it("retry-compensation violates CompensateEachOnce in 8 steps", async () => {
    const o = await check(RETRY_COMPENSATION);
    expect(figures(o)).toEqual(["violation", 76, 132, 9]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CompensateEachOnce" });
    expect(steps(o)).toBe(8);
    expect(labels(o).slice(5)).toEqual(["CompensateStep participant 0", "RetryCompensate saga 0", "CompensateStep participant 0"]);
    expect(history(o, 8)[0]).toEqual([executed(0), failed(1), compensated(0), compensated(0)]);
  });

  it("idempotent-compensation: the same retries against idempotent participants hold, 1,225 states / 3,251 generated / depth 31", async () => {
    const o = await check(IDEMPOTENT_COMPENSATION);
    expect(figures(o)).toEqual(["ok", 1_225, 3_251, 31]);
  });

  // The saga times out on its first request and fails while the request is still in flight.
  it("timeout-as-failure violates NoStepAfterCompensationBegan in 2 steps", async () => {
    const o = await check(TIMEOUT_AS_FAILURE);
    expect(figures(o)).toEqual(["violation", 6, 7, 3]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoStepAfterCompensationBegan" });
    expect(labels(o)).toEqual(["StartSaga saga 0", "OnStepTimeout saga 0"]);
    expect(o.trace!.steps[2].state.network).toEqual([{ type: "Execute", from: 0, to: 0 }]);
  });

  // Both compensations are sent at once, and the first step's runs first.
  it("parallel-compensation violates CompensateInReverseOrder in 9 steps", async () => {
    const o = await check(ORCHESTRATED_PARALLEL);
    expect(figures(o)).toEqual(["violation", 88, 157, 10]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CompensateInReverseOrder" });
    expect(steps(o)).toBe(9);
    expect(history(o, 9)[0]).toEqual([executed(0), executed(1), failed(2), compensated(0), compensated(1)]);
  });

  it("fire-and-forget-compensation violates FailedSagaCompensatedEverything in 5 steps", async () => {
    const o = await check(FIRE_AND_FORGET);
    expect(figures(o)).toEqual(["violation", 24, 40, 6]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "FailedSagaCompensatedEverything" });
    expect(labels(o)).toEqual(["StartSaga saga 0", "ExecuteStep participant 0", "OnStepDone saga 0", "FailStep participant 1", "OnStepFailed saga 0"]);
    expect(history(o, 5)[0]).toEqual([executed(0), failed(1)]);
  });
});

describe("saga-choreographed", () => {
  const INVARIANTS = ["CompensateOnlyWhatRan", "CompensateEachOnce", "CompensateInReverseOrder", "RejectedOrderCompensatedEverything", "ApprovedOrderNotCompensated", "NoStepAfterCompensationBegan"];

  it("ci (2 orders, 3 steps, symmetry on): every invariant holds in 120 states / 225 generated / depth 15", async () => {
    const o = await check(CHOREOGRAPHED);
    expect(o.symmetry).toBe(true);
    expect(o.request.parameters).toEqual({ orders: 2, steps: 3 });
    expect(o.invariants).toEqual(INVARIANTS);
    expect(figures(o)).toEqual(["ok", 120, 225, 15]);
    expect(o.result.coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("ci without symmetry: 15² = 225 states / 421 generated", async () => {
    const o = await check(CHOREOGRAPHED, { noSymmetry: true });
    expect(figures(o)).toEqual(["ok", 225, 421, 15]);
  });

  it("deep (3 orders): 680 states / 1,905 generated / depth 22", async () => {
    const o = await check(CHOREOGRAPHED, { model: "deep" });
    expect(figures(o)).toEqual(["ok", 680, 1_905, 22]);
  });
});

describe("saga-choreographed variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(COMPENSATE_ALL).expect).toEqual({ violates: ["CompensateOnlyWhatRan"] });
    expect(compileOrThrow(AT_LEAST_ONCE).expect).toEqual({ holds: true });
    expect(compileOrThrow(DUPLICATE_COMPENSATION).expect).toEqual({ violates: ["CompensateEachOnce"] });
  });

  // The guide's compensate_order: the reservation fails and shipping cancels a shipment that never was.
  it("compensate-all violates CompensateOnlyWhatRan in 3 steps", async () => {
    const o = await check(COMPENSATE_ALL);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CompensateOnlyWhatRan" });
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(["PlaceOrder order 0", "FailFirstStep service 0", "CompensateStep service 2"]);
    expect(history(o, 3)[0]).toEqual([failed(0), compensated(2)]);
  });

  it("at-least-once: idempotent handlers keep every invariant under duplication, 8,332 states / 10,534 generated / depth 19", async () => {
    const o = await check(AT_LEAST_ONCE);
    expect(figures(o)).toEqual(["ok", 8_332, 10_534, 19]);
    expect(o.result.coverage.find((c) => c.step === "duplicate")!.count).toBeGreaterThan(0);
  });

  // A duplicated rollback reaches a compensation that does not check it already ran.
  it("duplicate-compensation violates CompensateEachOnce in 6 steps", async () => {
    const o = await check(DUPLICATE_COMPENSATION);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CompensateEachOnce" });
    expect(steps(o)).toBe(6);
    expect(labels(o)).toEqual(["PlaceOrder order 0", "RunFirstStep service 0", "FailStep service 1", "duplicate", "CompensateStep service 0", "CompensateStep service 0"]);
    expect(history(o, 6)[0]).toEqual([executed(0), failed(1), compensated(0), compensated(0)]);
  });
});

/** More pitfalls of the choreography, each refuted by the ci model (the duplicating ones by their own, as duplicate-compensation). */
describe("saga-choreographed: more pitfalls", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(CHOREOGRAPHED_PARALLEL).expect).toEqual({ violates: ["RejectedOrderCompensatedEverything", "CompensateInReverseOrder"] });
    expect(compileOrThrow(NON_IDEMPOTENT_STEP).expect).toEqual({ violates: ["NoStepAfterCompensationBegan", "ApprovedOrderNotCompensated"] });
    expect(compileOrThrow(RERUN_AFTER_COMPENSATION).expect).toEqual({ violates: ["NoStepAfterCompensationBegan"] });
  });

  // The shipping step fails and tells both earlier services; the order is rejected before the refund.
  it("parallel-compensation violates RejectedOrderCompensatedEverything in 6 steps", async () => {
    const o = await check(CHOREOGRAPHED_PARALLEL);
    expect(figures(o)).toEqual(["violation", 49, 81, 7]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "RejectedOrderCompensatedEverything" });
    expect(labels(o)).toEqual(["PlaceOrder order 0", "RunFirstStep service 0", "RunStep service 1", "FailStep service 2", "CompensateStep service 0", "RejectOrder order 0"]);
  });

  // A duplicated OrderCreated reserves the stock again after the payment failed.
  it("non-idempotent-step violates NoStepAfterCompensationBegan in 5 steps", async () => {
    const o = await check(NON_IDEMPOTENT_STEP);
    expect(figures(o)).toEqual(["violation", 122, 182, 6]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoStepAfterCompensationBegan" });
    expect(labels(o)).toEqual(["PlaceOrder order 0", "duplicate", "RunFirstStep service 0", "FailStep service 1", "RunFirstStep service 0"]);
    expect(history(o, 5)[0]).toEqual([executed(0), failed(1), executed(0)]);
  });

  // A duplicated OrderCreated runs the first step after it failed.
  it("rerun-after-compensation violates NoStepAfterCompensationBegan in 4 steps", async () => {
    const o = await check(RERUN_AFTER_COMPENSATION);
    expect(figures(o)).toEqual(["violation", 47, 64, 5]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoStepAfterCompensationBegan" });
    expect(labels(o)).toEqual(["PlaceOrder order 0", "duplicate", "FailFirstStep service 0", "RunFirstStep service 0"]);
    expect(history(o, 4)[0]).toEqual([failed(0), executed(0)]);
  });
});

/**
 * The generated orchestrated saga (generated/saga-orchestrated/machine.ts) as a
 * program runs it: two orders, three participant services whose business rules
 * decide whether a step succeeds, and a transport that delivers messages in the
 * order they were sent, each one serialised and validated on arrival.
 */
describe("saga-orchestrated driven by hand", () => {
  const p: Parameters = { sagas: 2, steps: 3 };
  const NAMES = ["inventory", "payment", "shipping"];

  class Shop {
    sagas: SagaState[] = [0, 1].map((id) => initSaga(p, id));
    participants: ParticipantState[] = [0, 1, 2].map((id) => initParticipant(p, id));
    readonly network: Message[] = [];
    readonly log: string[] = [];
    /** What each service did, as its side effects: "reserve 0", "refund 1", ... */
    readonly effects: string[] = [];

    /** `accepts(service, saga)`: the business rule deciding whether a step succeeds. */
    constructor(private readonly accepts: (service: number, saga: number) => boolean) {}

    saga(id: number, event: SagaEvent): void {
      const outcomes = stepSaga(p, id, this.sagas[id], event);
      expect(outcomes, `${event.action} at saga ${id}`).toHaveLength(1);
      this.sagas = this.sagas.map((s, i) => (i === id ? outcomes[0].state : s));
      this.network.push(...outcomes[0].send);
    }

    participant(id: number, event: ParticipantEvent): void {
      const outcomes = stepParticipant(p, id, this.participants[id], event);
      expect(outcomes, `${event.action} at participant ${id}`).toHaveLength(1);
      this.participants = this.participants.map((s, i) => (i === id ? outcomes[0].state : s));
      this.network.push(...outcomes[0].send);
      const verb = event.action === "ExecuteStep" ? ["reserve", "charge", "ship"][id] : event.action === "FailStep" ? "decline" : ["release", "refund", "cancel"][id];
      this.effects.push(`${verb} ${event.message.from}`);
    }

    deliverAll(): void {
      while (this.network.length > 0) {
        const sent = this.network.shift()!;
        const v = validateMessage(JSON.parse(JSON.stringify(sent)), p);
        if (!v.ok) throw new Error(`invalid message ${JSON.stringify(sent)}: ${v.error}`);
        const m = v.message;
        expect(m).toEqual(sent);
        this.log.push(`${m.type} ${m.from}->${m.to}`);
        switch (m.type) {
          case "Execute":
            this.participant(m.to, { action: this.accepts(m.to, m.from) ? "ExecuteStep" : "FailStep", message: m });
            break;
          case "Compensate":
            this.participant(m.to, { action: "CompensateStep", message: m });
            break;
          case "StepDone":
            this.saga(m.to, { action: "OnStepDone", message: m });
            break;
          case "StepFailed":
            this.saga(m.to, { action: "OnStepFailed", message: m });
            break;
          case "Compensated":
            this.saga(m.to, { action: "OnCompensated", message: m });
            break;
        }
      }
    }
  }

  it("completes order 0 and rolls back order 1, whose shipping fails, in reverse order", () => {
    // Shipping has no courier for order 1.
    const shop = new Shop((service, saga) => !(NAMES[service] === "shipping" && saga === 1));
    expect(shop.sagas[0]).toEqual({ status: "idle", step: 0, failedStep: null });
    expect(shop.participants[0]).toEqual({ progress: ["pending", "pending"] });
    // A saga does not react to a reply before it has started.
    expect(stepSaga(p, 0, shop.sagas[0], { action: "OnStepDone", message: { type: "StepDone", from: 0, to: 0 } })).toEqual([]);

    shop.saga(0, { action: "StartSaga" });
    shop.saga(1, { action: "StartSaga" });
    expect(shop.network).toEqual([
      { type: "Execute", from: 0, to: 0 },
      { type: "Execute", from: 1, to: 0 },
    ]);
    shop.deliverAll();

    expect(shop.sagas).toEqual([
      { status: "completed", step: 2, failedStep: null },
      { status: "failed", step: 0, failedStep: 2 },
    ]);
    expect(shop.participants.map((s) => s.progress)).toEqual([
      ["done", "compensated"],
      ["done", "compensated"],
      ["done", "failed"],
    ]);
    expect(shop.effects).toEqual(["reserve 0", "reserve 1", "charge 0", "charge 1", "ship 0", "decline 1", "refund 1", "release 1"]);
    expect(shop.log).toEqual([
      "Execute 0->0",
      "Execute 1->0",
      "StepDone 0->0",
      "StepDone 0->1",
      "Execute 0->1",
      "Execute 1->1",
      "StepDone 1->0",
      "StepDone 1->1",
      "Execute 0->2",
      "Execute 1->2",
      "StepDone 2->0",
      "StepFailed 2->1",
      "Compensate 1->1",
      "Compensated 1->1",
      "Compensate 1->0",
      "Compensated 0->1",
    ]);
    // A finished saga ignores late or stray replies.
    expect(stepSaga(p, 0, shop.sagas[0], { action: "OnStepFailed", message: { type: "StepFailed", from: 2, to: 0 } })).toEqual([]);
    expect(stepSaga(p, 1, shop.sagas[1], { action: "OnCompensated", message: { type: "Compensated", from: 0, to: 1 } })).toEqual([]);
  });

  it("a declined first step fails the saga with nothing to compensate", () => {
    const shop = new Shop((service) => NAMES[service] !== "inventory");
    shop.saga(0, { action: "StartSaga" });
    shop.deliverAll();
    expect(shop.sagas[0]).toEqual({ status: "failed", step: 0, failedStep: 0 });
    expect(shop.effects).toEqual(["decline 0"]);
    expect(shop.log).toEqual(["Execute 0->0", "StepFailed 0->0"]);
  });

  it("validates messages on arrival", () => {
    expect(validateMessage({ type: "Execute", from: 1, to: 2 }, p)).toEqual({ ok: true, message: { type: "Execute", from: 1, to: 2 } });
    const bad = validateMessage({ type: "Execute", from: 2, to: 0 }, p);
    expect(bad.ok).toBe(false);
    expect(validateMessage({ type: "Compensate", from: 0, to: 3 }, p).ok).toBe(false);
    expect(validateMessage({ type: "Refund", from: 0, to: 0 }, p).ok).toBe(false);
  });
});
