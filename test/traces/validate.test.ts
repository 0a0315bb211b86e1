/**
 * Trace validation (traces/validate.ts): the steps a Raft cluster of HostNodes
 * records, merged and replayed on the IR interpreter. A real run is a
 * behaviour of the spec and keeps every invariant; a host whose vote handler
 * forgets the vote it granted, and a recorded message nobody sent, are each
 * reported at the step where the run leaves the spec.
 */
import { describe, expect, it } from "vitest";
import { protocol as raft } from "../../generated/raft/protocol.js";
import type { Parameters } from "../../generated/raft/types.js";
import { compileSpec } from "../../generator/compile.js";
import { HostNode } from "../../host/node.js";
import type { HostedProtocol } from "../../host/protocol.js";
import { MemoryStorage } from "../../host/storage.js";
import { validateRun, type RecordedStep } from "../../traces/validate.js";
import { ManualTimers, MemoryNetwork } from "../support/host-cluster.js";
import { REPO_ROOT } from "../support/generate.js";

const compiled = compileSpec(`${REPO_ROOT}/specs/raft.json`);
if (!compiled.ok) throw new Error("raft does not compile");
const ir = compiled.value.ir;

/** Runs three servers for `ms` of simulated time with two client commands, recording every step as node-main does. */
function recordedRun(protocol: HostedProtocol<Parameters>, ms: number, seed: number): RecordedStep[] {
  const p: Parameters = { servers: 3 };
  const timers = new ManualTimers();
  const network = new MemoryNetwork<Parameters>();
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const records: RecordedStep[] = [];
  const seq = [0, 0, 0];
  network.nodes = [0, 1, 2].map((self) => {
    const node = new HostNode(protocol, p, "server", self, {
      transport: network,
      storage: new MemoryStorage(),
      timers,
      random,
      onStep: (step) => records.push(JSON.parse(JSON.stringify({ node: { role: "server", self }, seq: seq[self]++, t: timers.now, kind: "step", ...step })) as RecordedStep),
    });
    records.push({ node: { role: "server", self }, seq: seq[self]++, t: 0, kind: "start", after: node.state });
    return node;
  });
  for (const node of network.nodes) node.start();
  const run = (time: number) => timers.advance(time, () => network.deliverAll());
  run(ms / 2);
  const leader = network.nodes.find((n) => (n.state as { role: string }).role === "leader");
  leader?.request("ClientRequest", { v: "set x = 1" });
  leader?.request("ClientRequest", { v: { op: "append", key: "y", value: [2] } });
  run(ms / 2);
  return records;
}

describe("validating a recorded Raft run against the spec", () => {
  it("a run of the host is a behaviour of the spec, and every invariant holds in every state it passes through", () => {
    const records = recordedRun(raft, 2000, 11);
    expect(records.filter((r) => r.action === "ClientRequest")).toHaveLength(2);
    const verdict = validateRun(ir, { servers: 3 }, records);
    expect(verdict).toEqual({ ok: true, steps: records.length - 3, states: records.length - 2, invariants: ["ElectionSafety", "LogMatching", "LeaderCompleteness", "StateMachineSafety"] });
  });

  it("reports a host whose vote handler forgets the vote it granted, at that step, with the field that differs", () => {
    const forgetful: HostedProtocol<Parameters> = {
      ...raft,
      roles: raft.roles.map((role) => ({
        ...role,
        step: (p, self, state, event) => role.step(p, self, state, event).map((o) => (event.action === "HandleRequestVote" ? { ...o, state: { ...o.state, votedFor: null } } : o)),
      })),
    };
    const verdict = validateRun(ir, { servers: 3 }, recordedRun(forgetful, 2000, 11));
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.problem).toMatch(/^the spec does not allow server \d's HandleRequestVote as recorded \(its step \d+\)$/);
    expect(verdict.differences.some((d) => /^server \d: votedFor: the spec gives \d, the node recorded null$/.test(d))).toBe(true);
  });

  it("reports a receipt of a message that no recorded step sent", () => {
    const records = recordedRun(raft, 2000, 11);
    const i = records.findIndex((r) => r.action === "HandleRequestVote");
    const forged = { ...records[i], message: { ...records[i].message!, term: 99 } as RecordedStep["message"] };
    const verdict = validateRun(ir, { servers: 3 }, [...records.slice(0, i), forged, ...records.slice(i + 1)]);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problem).toMatch(/^server \d received \{.*"term":99.*\} \(its step \d+\), which no recorded step sent or which was already received$/);
  });
});
