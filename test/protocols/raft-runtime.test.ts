/**
 * The generated Raft state machine (generated/raft/machine.ts) driven as a
 * program drives it: three servers in memory, a network that is an array of
 * messages delivered in the order they were sent (each one serialised and
 * checked by validateMessage on arrival), and a small driver that applies
 * committed commands. One server times out and is elected, three client
 * commands are replicated and applied, in order, on every server. The runtime
 * has no check bound: terms and logs grow past anything a check model
 * explores, and commands are any JSON values.
 */
import { describe, expect, it } from "vitest";
import { stepServer, initServer, restartServer, type ServerEvent } from "../../generated/raft/machine.js";
import type { Message, Parameters, Payload, ServerState } from "../../generated/raft/types.js";
import { validateMessage } from "../../generated/raft/validators.js";

/** The cluster's size is all a running cluster is built with: maxTerm, maxLogLength, values and maxMessages bound check models only. */
const p: Parameters = { servers: 3 };
const IDS = [0, 1, 2];

/** Which handler receives each message type. */
const HANDLER = {
  RequestVote: "HandleRequestVote",
  RequestVoteResponse: "HandleRequestVoteResponse",
  AppendEntries: "HandleAppendEntries",
  AppendEntriesResponse: "HandleAppendEntriesResponse",
} as const;

/** A message as one line: type, sender and receiver, then its fields. */
function show(m: Message): string {
  const head = `${m.type} ${m.from}->${m.to} t${m.term}`;
  switch (m.type) {
    case "RequestVote":
      return `${head} last=${m.lastLogIndex}/${m.lastLogTerm}`;
    case "RequestVoteResponse":
      return `${head} ${m.voteGranted ? "granted" : "refused"}`;
    case "AppendEntries":
      return `${head} prev=${m.prevLogIndex}/${m.prevLogTerm} [${m.entries.map((e) => `${e.term}:${JSON.stringify(e.value)}`).join(",")}] commit=${m.leaderCommit}`;
    case "AppendEntriesResponse":
      return `${head} ${m.success ? "ok" : "refused"} match=${m.matchIndex}`;
  }
}

/** Three servers, the messages in flight, and what each server has applied. */
class Cluster {
  states: ServerState[] = IDS.map((id) => initServer(p, id));
  readonly network: Message[] = [];
  readonly delivered: string[] = [];
  readonly applied: Payload[][] = IDS.map(() => []);

  /** Runs an event that must be enabled and deterministic; its messages join the network. */
  step(id: number, event: ServerEvent): void {
    const outcomes = stepServer(p, id, this.states[id], event);
    expect(outcomes, `${event.action} at server ${id}`).toHaveLength(1);
    this.commit(id, outcomes[0].state, outcomes[0].send);
  }

  /** Runs an event if it is enabled (a program polls BecomeLeader and AdvanceCommitIndex this way). */
  tryStep(id: number, event: ServerEvent): boolean {
    const outcomes = stepServer(p, id, this.states[id], event);
    if (outcomes.length === 0) return false;
    expect(outcomes).toHaveLength(1);
    this.commit(id, outcomes[0].state, outcomes[0].send);
    return true;
  }

  private commit(id: number, state: ServerState, send: readonly Message[]): void {
    this.states = this.states.map((s, i) => (i === id ? state : s));
    this.network.push(...send);
    // The program applies newly committed entries, in log order.
    const applied = this.applied[id];
    while (applied.length < state.commitIndex) applied.push(state.log[applied.length].value);
  }

  /** Delivers every message, in the order sent, until the network is empty; the leader reacts as a program would. */
  deliverAll(): void {
    while (this.network.length > 0) {
      const sent = this.network.shift()!;
      const wire: unknown = JSON.parse(JSON.stringify(sent));
      const v = validateMessage(wire, p);
      if (!v.ok) throw new Error(`invalid message ${JSON.stringify(wire)}: ${v.error}`);
      const m = v.message;
      expect(m).toEqual(sent);
      this.delivered.push(show(m));
      this.step(m.to, { action: HANDLER[m.type], message: m } as ServerEvent);
      if (m.type === "RequestVoteResponse" && this.tryStep(m.to, { action: "BecomeLeader" })) this.heartbeat(m.to);
      if (m.type === "AppendEntriesResponse") this.tryStep(m.to, { action: "AdvanceCommitIndex" });
    }
  }

  /** A crash and restart: the persistent fields survive; the applied commands are rebuilt from the log as they commit again. */
  restart(id: number): void {
    this.states = this.states.map((s, i) => (i === id ? restartServer(p, id, s) : s));
    this.applied[id] = [];
  }

  /** The leader sends AppendEntries to every other server. */
  heartbeat(leader: number): void {
    for (const peer of IDS) if (peer !== leader) this.step(leader, { action: "AppendEntries", args: { peer } });
  }
}

type Entry = ServerState["log"][number];
const entry = (term: number, value: Payload): Entry => ({ term, value });

describe("Raft driven by hand: an election, then three commands", () => {
  it("elects server 0, replicates 1, 2, 3 and applies them in order everywhere", () => {
    const c = new Cluster();
    expect(c.states[0]).toEqual({ currentTerm: 0, votedFor: null, log: [], role: "follower", commitIndex: 0, votesGranted: [], nextIndex: [1, 1, 1], matchIndex: [0, 0, 0] });
    // Only a leader takes client requests or sends AppendEntries.
    expect(stepServer(p, 0, c.states[0], { action: "ClientRequest", args: { v: 1 } })).toEqual([]);
    expect(stepServer(p, 0, c.states[0], { action: "AppendEntries", args: { peer: 1 } })).toEqual([]);
    expect(stepServer(p, 0, c.states[0], { action: "BecomeLeader" })).toEqual([]);

    // Server 0's election timer fires.
    c.step(0, { action: "Timeout" });
    expect(c.states[0]).toMatchObject({ currentTerm: 1, role: "candidate", votedFor: 0, votesGranted: [0] });
    c.deliverAll();
    expect(c.states.map((s) => [s.role, s.currentTerm, s.votedFor])).toEqual([
      ["leader", 1, 0],
      ["follower", 1, 0],
      ["follower", 1, 0],
    ]);
    expect(c.states[0].nextIndex).toEqual([1, 1, 1]);
    expect(c.states[0].matchIndex).toEqual([0, 0, 0]);
    // A leader does not time out.
    expect(stepServer(p, 0, c.states[0], { action: "Timeout" })).toEqual([]);

    // Three client commands, each replicated before the next arrives.
    for (const v of [1, 2, 3]) {
      c.step(0, { action: "ClientRequest", args: { v } });
      c.heartbeat(0);
      c.deliverAll();
      expect(c.states[0].commitIndex).toBe(v);
    }
    // The followers learn the last commit index from the next heartbeat.
    expect(c.states.map((s) => s.commitIndex)).toEqual([3, 2, 2]);
    c.heartbeat(0);
    c.deliverAll();

    const log = [entry(1, 1), entry(1, 2), entry(1, 3)];
    for (const id of IDS) {
      expect(c.states[id].log, `server ${id}'s log`).toEqual(log);
      expect(c.states[id].commitIndex, `server ${id}'s commitIndex`).toBe(3);
      expect(c.applied[id], `what server ${id} applied`).toEqual([1, 2, 3]);
    }
    expect(c.states[0].matchIndex).toEqual([0, 3, 3]);
    expect(c.states[0].nextIndex).toEqual([1, 4, 4]);

    expect(c.delivered).toEqual([
      // The election: both votes granted; server 0 leads after the first and sends heartbeats at once.
      "RequestVote 0->1 t1 last=0/0",
      "RequestVote 0->2 t1 last=0/0",
      "RequestVoteResponse 1->0 t1 granted",
      "RequestVoteResponse 2->0 t1 granted",
      "AppendEntries 0->1 t1 prev=0/0 [] commit=0",
      "AppendEntries 0->2 t1 prev=0/0 [] commit=0",
      "AppendEntriesResponse 1->0 t1 ok match=0",
      "AppendEntriesResponse 2->0 t1 ok match=0",
      // Command 1: sent from nextIndex 1, committed on the first answer (a majority with the leader).
      "AppendEntries 0->1 t1 prev=0/0 [1:1] commit=0",
      "AppendEntries 0->2 t1 prev=0/0 [1:1] commit=0",
      "AppendEntriesResponse 1->0 t1 ok match=1",
      "AppendEntriesResponse 2->0 t1 ok match=1",
      // Command 2: the previous entry is checked, the commit index of command 1 travels along.
      "AppendEntries 0->1 t1 prev=1/1 [1:2] commit=1",
      "AppendEntries 0->2 t1 prev=1/1 [1:2] commit=1",
      "AppendEntriesResponse 1->0 t1 ok match=2",
      "AppendEntriesResponse 2->0 t1 ok match=2",
      "AppendEntries 0->1 t1 prev=2/1 [1:3] commit=2",
      "AppendEntries 0->2 t1 prev=2/1 [1:3] commit=2",
      "AppendEntriesResponse 1->0 t1 ok match=3",
      "AppendEntriesResponse 2->0 t1 ok match=3",
      // The last heartbeat carries commit index 3.
      "AppendEntries 0->1 t1 prev=3/1 [] commit=3",
      "AppendEntries 0->2 t1 prev=3/1 [] commit=3",
      "AppendEntriesResponse 1->0 t1 ok match=3",
      "AppendEntriesResponse 2->0 t1 ok match=3",
    ]);
  });

  it("brings a follower that missed entries up to date by walking nextIndex back", () => {
    const c = new Cluster();
    c.step(0, { action: "Timeout" });
    c.deliverAll();
    // Server 2 is cut off while two commands are replicated to server 1 only.
    for (const v of [1, 2]) {
      c.step(0, { action: "ClientRequest", args: { v } });
      c.step(0, { action: "AppendEntries", args: { peer: 1 } });
      c.deliverAll();
    }
    expect(c.states[0].commitIndex).toBe(2);
    expect(c.states[2].log).toEqual([]);
    expect(c.states[0].nextIndex[2]).toBe(1);
    // The leader's nextIndex for server 2 is still 1, so one AppendEntries carries both entries.
    const start = c.delivered.length;
    c.step(0, { action: "AppendEntries", args: { peer: 2 } });
    c.deliverAll();
    expect(c.delivered.slice(start)).toEqual(["AppendEntries 0->2 t1 prev=0/0 [1:1,1:2] commit=2", "AppendEntriesResponse 2->0 t1 ok match=2"]);
    expect(c.states[2]).toMatchObject({ log: [entry(1, 1), entry(1, 2)], commitIndex: 2 });
    expect(c.applied[2]).toEqual([1, 2]);

    // Server 2 restarts: log, term and vote survive, its commit index does not.
    c.restart(2);
    expect(c.states[2]).toMatchObject({ currentTerm: 1, votedFor: 0, log: [entry(1, 1), entry(1, 2)], role: "follower", commitIndex: 0 });
    // A new leader that finds server 2 behind: server 1 times out in term 2 and wins server 2's vote.
    c.step(1, { action: "Timeout" });
    const election = c.delivered.length;
    c.deliverAll();
    expect(c.delivered.slice(election, election + 4)).toEqual([
      "RequestVote 1->0 t2 last=2/1",
      "RequestVote 1->2 t2 last=2/1",
      "RequestVoteResponse 0->1 t2 granted",
      "RequestVoteResponse 2->1 t2 granted",
    ]);
    expect(c.states.map((s) => s.role)).toEqual(["follower", "leader", "follower"]);
    // Entry 2 is on every server, yet the new leader does not commit it by counting replicas:
    // it stays at the commit index it learned as a follower until an entry of its own term commits.
    expect(c.states[1].matchIndex).toEqual([2, 0, 2]);
    expect(c.states[1].commitIndex).toBe(1);
    expect(c.tryStep(1, { action: "AdvanceCommitIndex" })).toBe(false);
    c.step(1, { action: "ClientRequest", args: { v: 3 } });
    c.heartbeat(1);
    c.deliverAll();
    c.heartbeat(1);
    c.deliverAll();
    for (const id of IDS) {
      expect(c.states[id].log).toEqual([entry(1, 1), entry(1, 2), entry(2, 3)]);
      expect(c.states[id].commitIndex).toBe(3);
    }
    expect(c.applied).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });
});

describe("Raft without check bounds", () => {
  it("runs terms, logs and commands past every bound a check model has: twelve elections, twenty-four string commands", () => {
    const c = new Cluster();
    const commands: string[] = [];
    for (let term = 1; term <= 12; term++) {
      const leader = term % 3;
      c.step(leader, { action: "Timeout" });
      c.deliverAll();
      expect(c.states[leader]).toMatchObject({ role: "leader", currentTerm: term });
      for (const n of [1, 2]) {
        const command = `set x${term}.${n} = ${term * n}`;
        commands.push(command);
        c.step(leader, { action: "ClientRequest", args: { v: command } });
        c.heartbeat(leader);
        c.deliverAll();
      }
      // A leader of a later term steps the old one down with its RequestVote, so every server sees each term.
    }
    c.heartbeat(0);
    c.deliverAll();
    for (const id of IDS) {
      expect(c.states[id].currentTerm).toBe(12);
      expect(c.states[id].log.map((e) => e.value)).toEqual(commands);
      expect(c.applied[id]).toEqual(commands);
    }
  });

  it("replicates structured JSON commands unchanged", () => {
    const c = new Cluster();
    c.step(0, { action: "Timeout" });
    c.deliverAll();
    const command: Payload = { op: "put", key: "k", value: [1, "two", null, { nested: true }] };
    c.step(0, { action: "ClientRequest", args: { v: command } });
    c.heartbeat(0);
    c.deliverAll();
    c.heartbeat(0);
    c.deliverAll();
    for (const id of IDS) expect(c.applied[id]).toEqual([command]);
  });
});

describe("validating Raft messages on arrival", () => {
  const rejects = (value: unknown): string => {
    const v = validateMessage(value, p);
    if (v.ok) throw new Error(`accepted ${JSON.stringify(value)}`);
    return v.error;
  };
  const append = { type: "AppendEntries", from: 0, to: 1, term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [{ term: 1, value: 1 }], leaderCommit: 0 };

  it("accepts a well-formed AppendEntries, with any term, any number of entries and any JSON command", () => {
    expect(validateMessage(append, p)).toEqual({ ok: true, message: append });
    const many = Array.from({ length: 40 }, (_, i) => ({ term: 1000, value: { op: "put", key: `k${i}` } }));
    const later = { ...append, term: 1_000_000, prevLogIndex: 5000, prevLogTerm: 999, entries: many, leaderCommit: 4000 };
    expect(validateMessage(later, p)).toEqual({ ok: true, message: later });
  });

  it("rejects what is malformed: negative terms and indices, a server outside the cluster, missing fields, wrong types", () => {
    expect(rejects({ ...append, term: -1 })).toMatch(/^\/term: /);
    expect(rejects({ ...append, prevLogIndex: 1.5 })).toMatch(/^\/prevLogIndex: /);
    expect(rejects({ ...append, entries: [{ term: -2, value: "x" }] })).toMatch(/^\/entries/);
    expect(rejects({ ...append, entries: [{ term: 1 }] })).toMatch(/^\/entries/);
    expect(rejects({ ...append, to: 3 })).toMatch(/^\/to: /);
    const { leaderCommit: _, ...missing } = append;
    expect(rejects(missing)).toContain("leaderCommit");
    expect(rejects({ type: "RequestVoteResponse", from: 1, to: 0, term: 1, voteGranted: "yes" })).toMatch(/^\/voteGranted: /);
  });
});
