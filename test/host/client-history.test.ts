/**
 * The client operations a HostNode reports (host/node.ts) and their mapping
 * to reads and writes (traces/host-history.ts), on the generated CP quorum
 * store in one process: an operation starts with its request's first step and
 * ends when the same request is enabled again, one at a time per client; the
 * mapped history is linearizable, and a read result changed by hand is not.
 */
import { describe, expect, it } from "vitest";
import { protocol as store } from "../../generated/cp-quorum-store/protocol.js";
import type { Parameters } from "../../generated/cp-quorum-store/types.js";
import { protocol as raft } from "../../generated/raft/protocol.js";
import { HostNode, type ClientEvent, type Transport } from "../../host/node.js";
import type { WireMessage } from "../../host/protocol.js";
import { MemoryStorage } from "../../host/storage.js";
import { operationsOf } from "../../traces/history.js";
import { clientHistory, parsePath, type HostEvent } from "../../traces/host-history.js";
import { checkLinearizable } from "../../traces/linearizability.js";
import { ManualTimers } from "../support/host-cluster.js";

/** Two roles' nodes and the messages between them, delivered in the order sent. */
class StoreNetwork implements Transport {
  readonly inFlight: { readonly message: WireMessage; readonly role: string }[] = [];
  nodes: Record<string, HostNode<Parameters>[]> = {};
  send(message: WireMessage, toRole: string): void {
    this.inFlight.push({ message: JSON.parse(JSON.stringify(message)) as WireMessage, role: toRole });
  }
  deliverAll(): void {
    while (this.inFlight.length > 0) {
      const { message, role } = this.inFlight.shift()!;
      this.nodes[role][message.to].receive(message);
    }
  }
}

function storeCluster() {
  const p: Parameters = { replicas: 3, clients: 2 };
  const network = new StoreNetwork();
  const events: HostEvent[] = [];
  let clock = 0;
  const make = (role: string, self: number) =>
    new HostNode(store, p, role, self, { transport: network, storage: new MemoryStorage(), timers: new ManualTimers(), random: () => 0.5, now: () => clock++, onClientEvent: (e: ClientEvent) => events.push({ process: `${role} ${self}`, ...e }) });
  network.nodes = { client: [make("client", 0), make("client", 1)], replica: [0, 1, 2].map((i) => make("replica", i)) };
  for (const n of Object.values(network.nodes).flat()) n.start();
  return { network, events, client: (i: number) => network.nodes.client[i] };
}

const mapping = { write: { action: "StartWrite", value: parsePath("args.value") as never }, read: { action: "StartRead", value: parsePath("state.putValue") as never } };

describe("client operations reported by the host", () => {
  it("an operation is invoked by its first step and returns when its request is enabled again, one at a time", () => {
    const c = storeCluster();
    expect(c.client(0).request("StartWrite", { value: 7 })).toEqual({ ok: true });
    expect(c.events.map((e) => e.type)).toEqual(["invoke"]);
    expect(c.client(0).request("StartRead", {})).toEqual({ ok: false, error: "StartWrite is still under way: one client operation at a time" });
    c.network.deliverAll();
    expect(c.events.map((e) => [e.process, e.type, e.action])).toEqual([
      ["client 0", "invoke", "StartWrite"],
      ["client 0", "ok", "StartWrite"],
    ]);
    expect(c.events[1].message).toMatchObject({ type: "PutAck" });
    expect(c.client(1).request("StartRead", {})).toEqual({ ok: true });
    c.network.deliverAll();
    expect(c.events[3]).toMatchObject({ process: "client 1", type: "ok", action: "StartRead", state: { phase: "idle", putValue: 7 } });
  });

  it("a request refused as not enabled is no operation", () => {
    const events: ClientEvent[] = [];
    const follower = new HostNode(raft, { servers: 3 }, "server", 0, { transport: { send: () => {} }, storage: new MemoryStorage(), timers: new ManualTimers(), onClientEvent: (e) => events.push(e) });
    expect(follower.request("ClientRequest", { v: "x" })).toEqual({ ok: false, error: "ClientRequest is not enabled in this state" });
    expect(events).toEqual([]);
  });

  it("maps to a linearizable history of reads and writes, and a changed read result is caught", () => {
    const c = storeCluster();
    c.client(0).request("StartWrite", { value: 1 });
    c.client(1).request("StartRead", {});
    c.network.deliverAll();
    c.client(1).request("StartWrite", { value: 2 });
    c.network.deliverAll();
    c.client(0).request("StartRead", {});
    c.network.deliverAll();
    const history = clientHistory(c.events, mapping);
    // The read overlaps the write, and its quorum answered first: it returns the initial value, which linearizability allows.
    expect(history.map((e) => `${e.process} ${e.type} ${e.f} ${JSON.stringify(e.value)}`)).toEqual([
      "client 0 invoke write 1",
      "client 1 invoke read undefined",
      "client 0 ok write undefined",
      "client 1 ok read 0",
      "client 1 invoke write 2",
      "client 1 ok write undefined",
      "client 0 invoke read undefined",
      "client 0 ok read 2",
    ]);
    expect(checkLinearizable(operationsOf(history), 0).ok).toBe(true);
    const stale = history.map((e, i) => (i === 7 ? { ...e, value: 1 } : e));
    expect(checkLinearizable(operationsOf(stale), 0).ok).toBe(false);
  });

  it("leaves out other actions' operations and refuses a return with no invocation", () => {
    const other: HostEvent[] = [{ process: "c", type: "invoke", action: "Ping", t: 0 }, { process: "c", type: "ok", action: "Ping", t: 1 }];
    expect(clientHistory(other, mapping)).toEqual([]);
    expect(() => clientHistory([{ process: "c", type: "ok", action: "StartRead", t: 1, where: "h.jsonl:3" }], mapping)).toThrow("h.jsonl:3: c returns from StartRead with no invocation before it");
    expect(parsePath("reply.value")).toMatch(/a path starts with args\./);
  });
});
