/**
 * Raft (specs/raft.json) under the model checker: the ci model's figures,
 * every action firing, and each variant refuted by the invariant it breaks,
 * with its shortest counterexample. Then random walks on clusters too big to
 * exhaust, and on a network that also duplicates messages (which no
 * exhaustive model can bound: see the `inFlight` ghost).
 */
import { rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { StepLabel } from "../../checkers/model.js";
import { simulate } from "../../checkers/simulate.js";
import { check, compileOrThrow, loadModel, STAGE_DIR } from "../support/checker.js";

const RAFT = "specs/raft.json";
const variant = (name: string): string => `specs/variants/raft-${name}.json`;
const ACTIONS = [
  "Timeout",
  "HandleRequestVote",
  "HandleRequestVoteResponse",
  "BecomeLeader",
  "ClientRequest",
  "AppendEntries",
  "HandleAppendEntries",
  "HandleAppendEntriesResponse",
  "AdvanceCommitIndex",
];
const INVARIANTS = ["ElectionSafety", "LogMatching", "LeaderCompleteness", "StateMachineSafety"];

/** A trace step as one line: "Timeout 0", "ClientRequest 0 v=1", "restart 2". */
function show(label: StepLabel | null): string {
  if (label === null) return "init";
  if (label.kind === "action") {
    const args = Object.entries(label.args ?? {}).map(([k, v]) => ` ${k}=${String(v)}`);
    return `${label.action} ${label.node}${args.join("")}`;
  }
  return label.kind === "restart" ? `restart ${label.node}` : label.kind;
}

interface Server {
  readonly currentTerm: number;
  readonly role: string;
  readonly log: readonly { readonly term: number; readonly value: number }[];
  readonly commitIndex: number;
}

describe("the Raft spec", () => {
  it("the ci model holds: 33,966 distinct states, 97,957 generated, depth 40, every action fired", async () => {
    const o = await check(RAFT);
    expect(o.request.parameters).toEqual({ servers: 3, maxTerm: 2, maxLogLength: 1, values: 1, maxMessages: 2 });
    expect(o.symmetry).toBe(true);
    expect(o.invariants).toEqual(INVARIANTS);
    expect(o.properties).toEqual(["LeaderAppendOnly"]);
    expect(o.result.verdict).toBe("ok");
    expect(o.trace).toBeNull();
    expect([o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual([33_966, 97_957, 40]);
    const coverage = o.result.coverage;
    expect(coverage.map((c) => c.step)).toEqual([...ACTIONS, "restart server"]);
    for (const c of coverage) expect(c.count, `${c.step} fired`).toBeGreaterThan(0);
    expect(coverage.reduce((sum, c) => sum + c.count, 0)).toBe(o.result.statesGenerated - 1);
  });

  it("compiles with the messages and models the docs describe", () => {
    const ir = compileOrThrow(RAFT);
    expect(ir.messages.map((m) => m.name)).toEqual(["RequestVote", "RequestVoteResponse", "AppendEntries", "AppendEntriesResponse"]);
    expect(ir.actions.map((a) => a.name)).toEqual(ACTIONS);
    expect(ir.models.map((m) => m.name)).toEqual(["ci", "deep"]);
  });
});

describe("the Raft variants", () => {
  it("the guide's request_vote (no log check) loses a committed entry: LeaderCompleteness, 15 steps", async () => {
    const o = await check(variant("vote-without-log-check"));
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LeaderCompleteness" });
    expect(o.trace!.steps).toHaveLength(16);
    expect(o.result.depth).toBe(16);
    const labels = o.trace!.steps.map((s) => show(s.label));
    // Server 2 has an empty log, yet server 1 (which holds the entry) votes for it in term 2.
    expect(labels.slice(11)).toEqual(["Timeout 2", "HandleRequestVote 1", "HandleRequestVoteResponse 2", "BecomeLeader 2", "AdvanceCommitIndex 0"]);
    const last = o.trace!.steps[15].state;
    const servers = last.nodes.server as readonly Server[];
    expect(servers[1].log).toEqual([{ term: 1, value: 1 }]);
    expect(servers[2]).toMatchObject({ role: "leader", currentTerm: 2, log: [] });
    expect(last.ghosts.committed).toEqual([[{ term: 1, value: 1, commitTerm: 1 }]]);
  });

  it("the guide's replication (prevLogIndex/prevLogTerm after the append) breaks LogMatching in 11 steps", async () => {
    const o = await check(variant("prev-log-after-append"));
    expect(o.request.parameters).toEqual({ servers: 3, maxTerm: 1, maxLogLength: 2, values: 2, maxMessages: 3 });
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LogMatching" });
    expect(o.trace!.steps.map((s) => show(s.label))).toEqual([
      "init",
      "Timeout 0",
      "HandleRequestVote 1",
      "HandleRequestVote 2",
      "HandleRequestVoteResponse 0",
      "HandleRequestVoteResponse 0",
      "BecomeLeader 0",
      "ClientRequest 0 v=1",
      "AppendEntries 0 peer=1",
      "HandleAppendEntries 1",
      "HandleAppendEntries 1",
      "ClientRequest 0 v=2",
    ]);
    // The second HandleAppendEntries is the guide's message, prevLogIndex 1 = the new entry itself: server 1 stores it twice.
    expect(o.trace!.steps[10].label).toMatchObject({ message: { type: "AppendEntries", prevLogIndex: 1, prevLogTerm: 1, entries: [{ term: 1, value: 1 }] } });
    const servers = o.trace!.steps[11].state.nodes.server as readonly Server[];
    expect(servers[0].log).toEqual([
      { term: 1, value: 1 },
      { term: 1, value: 2 },
    ]);
    expect(servers[1].log).toEqual([
      { term: 1, value: 1 },
      { term: 1, value: 1 },
    ]);
  });

  it("committing an earlier term's entry by counting replicas (Figure 8) breaks LeaderCompleteness in 31 steps", async () => {
    const o = await check(variant("commit-previous-term"));
    expect(o.request.parameters).toEqual({ servers: 3, maxTerm: 4, maxLogLength: 1, values: 1, maxMessages: 2 });
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "LeaderCompleteness" });
    expect(o.trace!.steps).toHaveLength(32);
    const last = o.trace!.steps[31].state;
    // The entry of term 1 was committed in term 3 while stored on servers 0 and 2; server 1, whose
    // entry of term 2 is more up to date, then won term 4 with server 2's vote.
    expect(last.ghosts.committed).toEqual([[{ term: 1, value: 1, commitTerm: 3 }]]);
    const servers = last.nodes.server as readonly Server[];
    expect(servers.map((s) => s.log)).toEqual([[{ term: 1, value: 1 }], [{ term: 2, value: 1 }], [{ term: 1, value: 1 }]]);
    expect(servers[1]).toMatchObject({ role: "leader", currentTerm: 4 });
  });

  it("a server that keeps its role on a higher term lets a candidate lead with stale votes: ElectionSafety, 10 steps", async () => {
    const o = await check(variant("no-step-down"));
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "ElectionSafety" });
    expect(o.trace!.steps.map((s) => show(s.label))).toEqual([
      "init",
      "Timeout 0",
      "HandleRequestVote 1",
      "HandleRequestVote 2",
      "HandleRequestVoteResponse 0",
      "HandleRequestVoteResponse 0",
      "Timeout 1",
      "HandleRequestVote 0",
      "HandleRequestVoteResponse 1",
      "BecomeLeader 1",
      "BecomeLeader 0",
    ]);
    const servers = o.trace!.steps[10].state.nodes.server as readonly Server[];
    expect(servers.map((s) => [s.role, s.currentTerm])).toEqual([
      ["leader", 2],
      ["leader", 2],
      ["follower", 1],
    ]);
  });

  it("a lossy network keeps every invariant: 55,473 distinct states, 177,976 generated, depth 40", async () => {
    const o = await check(variant("lossy-network"));
    expect(o.result.verdict).toBe("ok");
    expect([o.result.distinctStates, o.result.statesGenerated, o.result.depth]).toEqual([55_473, 177_976, 40]);
    expect(o.result.coverage.map((c) => c.step)).toEqual([...ACTIONS, "lose", "restart server"]);
    for (const c of o.result.coverage) expect(c.count, `${c.step} fired`).toBeGreaterThan(0);
  });

  it.each([
    ["vote-without-log-check", "LeaderCompleteness"],
    ["prev-log-after-append", "LogMatching"],
    ["commit-previous-term", "LeaderCompleteness"],
    ["no-step-down", "ElectionSafety"],
  ])("raft-%s expects to violate %s", (name, invariant) => {
    expect(compileOrThrow(variant(name)).expect).toEqual({ violates: [invariant] });
  });
});

describe("random walks beyond the exhaustive models", () => {
  it("five servers, four terms, logs of three entries: no violation in 200 walks of 60 steps", async () => {
    const loaded = await loadModel(RAFT, "deep", { servers: 5, maxTerm: 4, maxLogLength: 3, values: 2 });
    try {
      const r = simulate(loaded.model, { runs: 200, steps: 60, seed: 1, invariants: INVARIANTS, properties: ["LeaderAppendOnly"], deadlock: false });
      expect(r.verdict).toBe("ok");
      expect(r.runs).toBe(200);
    } finally {
      loaded.dispose();
    }
  });

  it("a network that also duplicates messages: no violation in 200 walks of 60 steps", async () => {
    // Duplication makes copies the constraint cannot count, so no exhaustive model of it is
    // finite and it is no variant of specs/variants (publish checks every variant's ci model).
    // This one is written for the test, next to the staged code.
    const file = join(STAGE_DIR, `raft-duplicating-${randomBytes(4).toString("hex")}.json`);
    const spec = {
      name: "raft-duplicating-network",
      title: "Raft on a network that loses, reorders and duplicates messages",
      description: "Test-only variant: every fault at once. A duplicate is received without having been counted as sent, so `inFlight` may go below zero.",
      extends: "../specs/raft.json",
      faults: { restart: ["server"], loss: true, duplication: true },
      ghosts: { inFlight: { description: "Sent minus received; duplicates make it approximate.", type: { type: "integer", minimum: -1000, maximum: 1000 }, initial: "0" } },
    };
    writeFileSync(file, JSON.stringify(spec));
    try {
      const loaded = await loadModel(file, "ci", { maxTerm: 3, maxLogLength: 2, values: 2 });
      try {
        const r = simulate(loaded.model, { runs: 200, steps: 60, seed: 1, invariants: INVARIANTS, properties: ["LeaderAppendOnly"], deadlock: false });
        expect(r.verdict).toBe("ok");
        expect(r.runs).toBe(200);
      } finally {
        loaded.dispose();
      }
    } finally {
      rmSync(file, { force: true });
    }
  });
});
