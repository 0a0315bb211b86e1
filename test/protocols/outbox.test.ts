/**
 * The transactional outbox (specs/outbox.json) and its variants: what the
 * outbox guarantees (no event for an uncommitted order, at-least-once delivery
 * in quiescent states) and what it does not (exactly once), the two ways of
 * doing without it that lose or invent events, and the idempotent consumer that
 * turns at-least-once delivery into exactly-once processing.
 *
 * The service and the consumer are single nodes and orders are numbered, so no
 * symmetry applies; the relay's crashes make the state space infinite, and the
 * models' constraint (at most `maxInFlight` events in flight, at most
 * `maxDeliveries` deliveries of one event) keeps it finite.
 */
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "../../cli/run-check.js";
import { check, compileOrThrow, figures, steps } from "../support/checker.js";

const BASE = "specs/outbox.json";
const EXACTLY_ONCE = "specs/variants/outbox-exactly-once.json";
const MARK_FIRST = "specs/variants/outbox-mark-before-publish.json";
const DUAL_WRITE = "specs/variants/outbox-dual-write.json";
const IDEMPOTENT = "specs/variants/outbox-idempotent-consumer.json";
const NON_IDEMPOTENT = "specs/variants/outbox-non-idempotent-consumer.json";
const PUBLISH_AFTER_COMMIT = "specs/variants/outbox-publish-after-commit.json";
const MARK_ALL = "specs/variants/outbox-mark-all-pending.json";
const DIRTY_READ = "specs/variants/outbox-relay-dirty-read.json";

const labels = (o: CheckOutcome) =>
  o.trace!.steps.slice(1).map((s) => {
    const l = s.label!;
    if (l.kind !== "action") return `${l.kind}${l.kind === "restart" ? ` ${l.role} ${l.node}` : ""}`;
    const args = l.args === undefined || Object.keys(l.args).length === 0 ? "" : ` ${JSON.stringify(l.args)}`;
    return `${l.action} ${l.role} ${l.node}${args}`;
  });

type Service = { placed: string[]; outbox: string[]; relaying: number | null };
type Consumer = { received: number[]; processed?: number[] };
const nodes = (o: CheckOutcome, at: number) => {
  const state = o.trace!.steps[at].state;
  return { service: (state.nodes.service as readonly Service[])[0], consumer: (state.nodes.consumer as readonly Consumer[])[0], network: state.network };
};

describe("outbox", () => {
  it("ci (2 orders, relay crashes, ≤ 2 in flight, ≤ 2 deliveries): every invariant holds in 679 states / 1,360 generated / depth 20", async () => {
    const o = await check(BASE);
    expect(o.symmetry).toBe(false);
    expect(o.request.parameters).toEqual({ orders: 2, maxInFlight: 2, maxDeliveries: 2 });
    expect(o.invariants).toEqual(["NoEventForUncommittedOrder", "OutboxMatchesOrders", "CommittedOrdersPublished"]);
    expect(figures(o)).toEqual(["ok", 679, 1_360, 20]);
    expect(o.trace).toBeNull();
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual(["PlaceOrder", "RejectOrder", "RelayPublish", "RelayMark", "Consume", "restart service"]);
    expect(coverage.every((c) => c.count > 0)).toBe(true);
    expect(coverage.reduce((sum, c) => sum + c.count, 0)).toBe(o.result.statesGenerated - 1);
  });

  it("declares the deep model for the benchmark: 3 orders, 3 in flight, 3 deliveries", () => {
    const deep = compileOrThrow(BASE).models.find((m) => m.name === "deep");
    expect(deep?.parameters).toEqual({ orders: 3, maxInFlight: 3, maxDeliveries: 3 });
  });
});

describe("outbox variants", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(EXACTLY_ONCE).expect).toEqual({ violates: ["DeliveredAtMostOnce"] });
    expect(compileOrThrow(MARK_FIRST).expect).toEqual({ violates: ["CommittedOrdersPublished"] });
    expect(compileOrThrow(DUAL_WRITE).expect).toEqual({ violates: ["NoEventForUncommittedOrder"] });
    expect(compileOrThrow(IDEMPOTENT).expect).toEqual({ holds: true });
  });

  // Publish, deliver, crash before the mark, publish again, deliver again.
  it("exactly-once is refuted: DeliveredAtMostOnce is violated in 6 steps, a crash between publish and mark", async () => {
    const o = await check(EXACTLY_ONCE);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "DeliveredAtMostOnce" });
    expect(steps(o)).toBe(6);
    expect([o.result.distinctStates, o.result.depth]).toEqual([84, 7]);
    expect(labels(o)).toEqual([
      'PlaceOrder service 0 {"o":1}',
      "RelayPublish service 0",
      "Consume consumer 0",
      "restart service 0",
      "RelayPublish service 0",
      "Consume consumer 0",
    ]);
    // The crash kept the tables and lost the relay's memory: the row is still unpublished.
    expect(nodes(o, 3).service).toEqual({ placed: ["committed", "none"], outbox: ["pending", "empty"], relaying: 1 });
    expect(nodes(o, 4).service).toEqual({ placed: ["committed", "none"], outbox: ["pending", "empty"], relaying: null });
    expect(nodes(o, 6).consumer.received).toEqual([2, 0]);
  });

  it("mark-before-publish loses the event: CommittedOrdersPublished is violated in 3 steps", async () => {
    const o = await check(MARK_FIRST);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CommittedOrdersPublished" });
    expect(steps(o)).toBe(3);
    expect(labels(o)).toEqual(['PlaceOrder service 0 {"o":1}', "RelayMark service 0", "restart service 0"]);
    const last = nodes(o, 3);
    expect(last.service).toEqual({ placed: ["committed", "none"], outbox: ["published", "empty"], relaying: null });
    expect(last.consumer.received).toEqual([0, 0]);
    expect(last.network).toEqual([]);
  });

  it("dual-write publishes for a rolled-back order: NoEventForUncommittedOrder is violated in 1 step", async () => {
    const o = await check(DUAL_WRITE);
    expect(o.invariants).toEqual(["NoEventForUncommittedOrder", "CommittedOrdersPublished"]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoEventForUncommittedOrder" });
    expect(steps(o)).toBe(1);
    expect(labels(o)).toEqual(['RejectOrder service 0 {"o":1}']);
    expect(nodes(o, 1).network).toEqual([{ type: "OrderCreated", from: 0, to: 0, order: 1 }]);
  });

  it("idempotent-consumer processes every event once although it is delivered up to twice: 679 / 1,360 / 20", async () => {
    const o = await check(IDEMPOTENT);
    expect(o.invariants).toEqual(["NoEventForUncommittedOrder", "OutboxMatchesOrders", "CommittedOrdersPublished", "ProcessedAtMostOnce", "CommittedOrdersProcessed"]);
    expect(figures(o)).toEqual(["ok", 679, 1_360, 20]);
  });
});

/** More pitfalls, each refuted by the ci model (two orders are enough for all of them). */
describe("outbox: more pitfalls", () => {
  it("each declares what the checker must find", () => {
    expect(compileOrThrow(NON_IDEMPOTENT).expect).toEqual({ violates: ["ProcessedAtMostOnce"] });
    expect(compileOrThrow(PUBLISH_AFTER_COMMIT).expect).toEqual({ violates: ["CommittedOrdersPublished"] });
    expect(compileOrThrow(MARK_ALL).expect).toEqual({ violates: ["CommittedOrdersPublished"] });
    expect(compileOrThrow(DIRTY_READ).expect).toEqual({ violates: ["NoEventForUncommittedOrder"] });
  });

  // The relay's duplicate after a crash reaches a consumer that processes every delivery.
  it("non-idempotent-consumer processes the duplicate: ProcessedAtMostOnce is violated in 6 steps", async () => {
    const o = await check(NON_IDEMPOTENT);
    expect(figures(o)).toEqual(["violation", 84, 174, 7]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ProcessedAtMostOnce" });
    expect(labels(o)).toEqual(['PlaceOrder service 0 {"o":1}', "RelayPublish service 0", "Consume consumer 0", "restart service 0", "RelayPublish service 0", "Consume consumer 0"]);
    expect(nodes(o, 6).consumer.processed).toEqual([2, 0]);
  });

  it("publish-after-commit loses the event in a crash: CommittedOrdersPublished is violated in 2 steps", async () => {
    const o = await check(PUBLISH_AFTER_COMMIT);
    expect(o.invariants).toEqual(["NoEventForUncommittedOrder", "CommittedOrdersPublished"]);
    expect(figures(o)).toEqual(["violation", 8, 9, 3]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CommittedOrdersPublished" });
    expect(labels(o)).toEqual(['PlaceOrder service 0 {"o":1}', "restart service 0"]);
  });

  // Order 2's row is marked by the blanket update after only order 1's event was published.
  it("mark-all-pending marks a row it never published: CommittedOrdersPublished is violated in 5 steps", async () => {
    const o = await check(MARK_ALL);
    expect(figures(o)).toEqual(["violation", 42, 77, 6]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "CommittedOrdersPublished" });
    expect(labels(o)).toEqual(['PlaceOrder service 0 {"o":1}', 'PlaceOrder service 0 {"o":2}', "RelayPublish service 0", "RelayMark service 0", "Consume consumer 0"]);
    const last = nodes(o, 5);
    expect(last.service.outbox).toEqual(["published", "published"]);
    expect(last.consumer.received).toEqual([1, 0]);
  });

  it("relay-dirty-read publishes the row of an open transaction: NoEventForUncommittedOrder is violated in 2 steps", async () => {
    const o = await check(DIRTY_READ);
    expect(figures(o)).toEqual(["violation", 5, 6, 3]);
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "NoEventForUncommittedOrder" });
    expect(labels(o)).toEqual(['PlaceOrder service 0 {"o":1}', "RelayPublish service 0"]);
    expect(nodes(o, 2).network).toEqual([{ type: "OrderCreated", from: 0, to: 0, order: 1 }]);
  });
});
