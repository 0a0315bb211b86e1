/**
 * The host (host/node.ts) running generated Raft in one process: an in-memory
 * network that serialises every message as the wire would, a clock the test
 * moves, and storage in memory or in a file. It elects a leader by its timers,
 * replicates string commands, restarts from storage, drops malformed messages,
 * and saves persistent fields before a step's messages leave.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { protocol as raft } from "../../generated/raft/protocol.js";
import type { Parameters } from "../../generated/raft/types.js";
import { protocol as twoPhase } from "../../generated/two-phase-commit/protocol.js";
import { HostNode } from "../../host/node.js";
import { ManualTimers, MemoryNetwork } from "../support/host-cluster.js";
import { FileStorage, MemoryStorage, StorageError } from "../../host/storage.js";

type ServerView = { readonly role: string; readonly currentTerm: number; readonly log: readonly { term: number; value: unknown }[]; readonly commitIndex: number };
const view = (node: HostNode<Parameters>): ServerView => node.state as ServerView;

function cluster(seed = 1) {
  const p: Parameters = { servers: 3 };
  const timers = new ManualTimers();
  const network = new MemoryNetwork<Parameters>();
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const storages = [0, 1, 2].map(() => new MemoryStorage());
  const make = (id: number) => new HostNode(raft, p, "server", id, { transport: network, storage: storages[id], timers, random });
  network.nodes = [0, 1, 2].map(make);
  for (const node of network.nodes) node.start();
  const run = (ms: number) => timers.advance(ms, () => network.deliverAll());
  const leader = () => network.nodes.find((n) => view(n).role === "leader");
  return { p, timers, network, storages, make, run, leader };
}

describe("a Raft cluster run by the host", () => {
  it("elects a leader by its election timers, and replicates and commits string commands on every server", () => {
    const c = cluster();
    c.run(1000);
    const leader = c.leader()!;
    expect(leader).toBeDefined();
    expect(c.network.nodes.filter((n) => view(n).role === "leader")).toHaveLength(1);
    for (const command of ["set x = 1", "set y = 2", "delete x"]) expect(leader.request("ClientRequest", { v: command })).toEqual({ ok: true });
    c.run(500);
    for (const node of c.network.nodes) {
      expect(view(node).log.map((e) => e.value)).toEqual(["set x = 1", "set y = 2", "delete x"]);
      expect(view(node).commitIndex).toBe(3);
    }
    // Heartbeats keep the followers' election timers from firing: the term stays.
    const term = view(leader).currentTerm;
    c.run(5000);
    expect(c.network.nodes.map((n) => view(n).currentTerm)).toEqual([term, term, term]);
  });

  it("elects a new leader when the leader is cut off, and the cut-off leader steps down when it is back", () => {
    const c = cluster(7);
    c.run(1000);
    const first = c.leader()!;
    c.network.cut.add(first.self);
    c.run(2000);
    const second = c.network.nodes.find((n) => n !== first && view(n).role === "leader")!;
    expect(second).toBeDefined();
    expect(view(second).currentTerm).toBeGreaterThan(view(first).currentTerm);
    expect(second.request("ClientRequest", { v: { op: "put", key: "k" } })).toEqual({ ok: true });
    c.network.cut.clear();
    c.run(1000);
    expect(view(first).role).toBe("follower");
    for (const node of c.network.nodes) expect(view(node).log.at(-1)?.value).toEqual({ op: "put", key: "k" });
  });

  it("restarts a server from its storage: term, vote and log kept, a follower again", () => {
    const c = cluster(3);
    c.run(1000);
    const leader = c.leader()!;
    leader.request("ClientRequest", { v: "kept" });
    c.run(200);
    leader.stop();
    const again = c.make(leader.self);
    expect(view(again)).toMatchObject({ role: "follower", currentTerm: view(leader).currentTerm, commitIndex: 0 });
    expect(view(again).log.map((e) => e.value)).toEqual(["kept"]);
  });

  it("saves a step's persistent fields before its messages leave", () => {
    const c = cluster(5);
    const events = c.network.events;
    c.storages.forEach((storage, id) => {
      const save = storage.save.bind(storage);
      storage.save = (fields) => {
        events.push(`save ${id}`);
        save(fields);
      };
    });
    c.run(3000);
    // Every election (a new term and a vote, both persistent) is saved before the first of its RequestVotes leaves.
    const elections = events.flatMap((e, i) => (e.startsWith("send RequestVote") && !events[i - 1].startsWith(`send RequestVote ${e.split(" ")[2].split("->")[0]}->`) ? [i] : []));
    expect(elections.length).toBeGreaterThan(0);
    for (const i of elections) expect(events[i - 1], `before event ${i}`).toBe(`save ${events[i].split(" ")[2].split("->")[0]}`);
  });

  it("drops malformed messages, counts and logs them, and never throws", () => {
    const logged: string[] = [];
    const node = new HostNode(raft, { servers: 3 }, "server", 0, { transport: { send: () => {} }, storage: new MemoryStorage(), timers: new ManualTimers(), log: (event, detail) => logged.push(`${event}: ${String(detail.error ?? "")}`) });
    node.receive("not a message");
    node.receive({ type: "AppendEntries", from: 1, to: 0, term: -1, prevLogIndex: 0, prevLogTerm: 0, entries: [], leaderCommit: 0 });
    node.receive({ type: "RequestVote", from: 7, to: 0, term: 1, lastLogIndex: 0, lastLogTerm: 0 });
    node.receive({ type: "RequestVote", from: 1, to: 2, term: 1, lastLogIndex: 0, lastLogTerm: 0 });
    expect(node.stats).toMatchObject({ received: 4, malformed: 4, steps: 0 });
    expect(logged.filter((l) => l.startsWith("malformed"))).toEqual([
      "malformed: /type: must be one of RequestVote, RequestVoteResponse, AppendEntries, AppendEntriesResponse",
      "malformed: /term: must be >= 0",
      "malformed: /from: must be a server id",
      "malformed: /to: the message is for server 2, and this is server 0",
    ]);
  });

  it("refuses a client request that is not a client action, is malformed, or is not enabled", () => {
    const node = new HostNode(raft, { servers: 3 }, "server", 0, { transport: { send: () => {} }, storage: new MemoryStorage(), timers: new ManualTimers() });
    expect(node.request("Timeout", {})).toEqual({ ok: false, error: "server has no client action Timeout (client actions: ClientRequest)" });
    expect(node.request("ClientRequest", {})).toEqual({ ok: false, error: "v: missing" });
    expect(node.request("ClientRequest", { v: 1, w: 2 })).toEqual({ ok: false, error: "ClientRequest takes no w" });
    expect(node.request("ClientRequest", { v: 1 })).toEqual({ ok: false, error: "ClientRequest is not enabled in this state" });
  });

  it("refuses to run a spec whose internal actions say no trigger", () => {
    expect(() => new HostNode(twoPhase, { resourceManagers: 2 }, "rm", 0, { transport: { send: () => {} }, storage: new MemoryStorage() })).toThrow(
      "two-phase-commit: RMPrepare, RMChooseToAbort of role rm say no trigger, so a host cannot tell when to take them (give each a \"trigger\")",
    );
  });
});

describe("file storage", () => {
  const dir = mkdtempSync(join(tmpdir(), "host-storage-"));

  it("reads back the last record, and drops a torn last record (a crash mid-write, before the step sent anything)", () => {
    const file = join(dir, "a.jsonl");
    const s = new FileStorage(file);
    expect(s.load()).toBeNull();
    s.save({ currentTerm: 1, log: [] });
    s.save({ currentTerm: 2, log: [{ term: 2, value: "x" }] });
    s.close();
    expect(new FileStorage(file).load()).toEqual({ currentTerm: 2, log: [{ term: 2, value: "x" }] });
    writeFileSync(file, readFileSync(file, "utf8") + '{"currentTerm": 3, "lo');
    const torn = new FileStorage(file);
    expect(torn.load()).toEqual({ currentTerm: 2, log: [{ term: 2, value: "x" }] });
    expect(torn.torn).toBe(true);
    // The torn record is cut from the file: the next save starts a line of its own.
    torn.save({ currentTerm: 3, log: [] });
    torn.close();
    expect(new FileStorage(file).load()).toEqual({ currentTerm: 3, log: [] });
  });

  it("stops on a corrupt record with the file and the line, never a silent reset", () => {
    const file = join(dir, "b.jsonl");
    writeFileSync(file, '{"currentTerm": 1}\nnot json\n{"currentTerm": 2}\n');
    expect(() => new FileStorage(file).load()).toThrow(StorageError);
    expect(() => new FileStorage(file).load()).toThrow(`${file}:2: not a JSON record (the file is corrupt; the node will not start from it)`);
  });
});
