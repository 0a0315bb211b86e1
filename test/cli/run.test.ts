/**
 * `protoforge run specs/raft.json --nodes 3`: three node processes on
 * loopback elect a leader by their timers, a client's string commands are
 * replicated and committed on every server through the HTTP endpoints, the
 * cluster stops on SIGTERM (exit 143) with no node left running, and started
 * again on the same storage it still holds the commands. Bad input is refused
 * with exit 2 before any node starts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./helpers.js";
import { freePortBlock } from "../support/ports.js";

type ServerState = { readonly role: string; readonly currentTerm: number; readonly commitIndex: number; readonly log: readonly { term: number; value: unknown }[] };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stateOf(port: number): Promise<ServerState | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/state`);
    return ((await response.json()) as { state: ServerState }).state;
  } catch {
    return null;
  }
}

/** Polls until `ready` holds of the three servers' states, or fails after `ms`. */
async function until(ports: readonly number[], ready: (states: ServerState[]) => boolean, ms: number, what: string): Promise<ServerState[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const states = await Promise.all(ports.map(stateOf));
    if (states.every((s) => s !== null) && ready(states as ServerState[])) return states as ServerState[];
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(states)}`);
    await sleep(100);
  }
}

function startCluster(basePort: number, data: string): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [resolve(ROOT, "bin/protoforge.mjs"), "run", "specs/raft.json", "--nodes", "3", "--base-port", String(basePort), "--data", data], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout!.on("data", (d) => (text += d));
  child.stderr!.on("data", (d) => (text += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, exited, output: () => text };
}

describe("protoforge run", () => {
  it("runs a Raft cluster that elects a leader and commits a client's string commands, and keeps them across a restart", async () => {
    const base = await freePortBlock(6);
    const ports = [base + 3, base + 4, base + 5];
    const data = mkdtempSync(join(tmpdir(), "raft-run-"));
    const first = startCluster(base, data);
    try {
      // A cluster that never answers fails with what its processes said.
      const elected = await until(ports, (s) => s.filter((x) => x.role === "leader").length === 1, 30_000, "a leader").catch((e: Error) => {
        throw new Error(`${e.message}\nthe cluster said:\n${first.output()}`);
      });
      const leader = ports[elected.findIndex((s) => s.role === "leader")];
      for (const v of ["set x = 1", "append y 'two'"]) {
        const response = await fetch(`http://127.0.0.1:${leader}/actions/ClientRequest`, { method: "POST", body: JSON.stringify({ v }) });
        expect(await response.json()).toEqual({ ok: true });
      }
      const follower = ports.find((p) => p !== leader)!;
      const refused = await fetch(`http://127.0.0.1:${follower}/actions/ClientRequest`, { method: "POST", body: JSON.stringify({ v: "x" }) });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toEqual({ ok: false, error: "ClientRequest is not enabled in this state" });
      const committed = await until(ports, (s) => s.every((x) => x.commitIndex === 2), 20_000, "both commands committed everywhere");
      for (const s of committed) expect(s.log.map((e) => e.value)).toEqual(["set x = 1", "append y 'two'"]);
      expect(first.output()).toMatch(/"event":"step","action":"HandleAppendEntries"/);
    } finally {
      first.child.kill("SIGTERM");
    }
    expect(await first.exited).toBe(143);
    expect(await stateOf(ports[0])).toBeNull();

    const second = startCluster(base, data);
    try {
      const restarted = await until(ports, (s) => s.every((x) => x.log.length === 2), 30_000, "the logs back from storage");
      for (const s of restarted) expect(s.log.map((e) => e.value)).toEqual(["set x = 1", "append y 'two'"]);
    } finally {
      second.child.kill("SIGTERM");
    }
    expect(await second.exited).toBe(143);

    // Both runs, merged: every step a transition of the spec, from the starts through the restarts, every invariant holding.
    const traces = [0, 1, 2].map((id) => join(data, `server-${id}.trace.jsonl`));
    const validated = await runCli(["validate-trace", "specs/raft.json", ...traces]);
    expect(validated.stderr).toBe("");
    expect(validated.stdout).toMatch(/^ok: the run is a behaviour of specs\/raft\.json: \d+ steps of 3 nodes replayed, and ElectionSafety, LogMatching, LeaderCompleteness, StateMachineSafety hold in all \d+ states\n$/);
    expect(validated.code).toBe(0);
  }, 180_000);

  it("refuses a trace file that is not one JSON step per line, or names an action the spec does not have", async () => {
    const dir = mkdtempSync(join(tmpdir(), "raft-trace-"));
    const bad = join(dir, "bad.trace.jsonl");
    writeFileSync(bad, '{"node":{"role":"server","self":0},"seq":0,"t":0,"kind":"start","after":{}}\nnot json\n');
    const notJson = await runCli(["validate-trace", "specs/raft.json", bad]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toBe(`protoforge: ${bad}:2: not a JSON record: expected one step per line, as protoforge run records them\n`);
    writeFileSync(bad, '{"node":{"role":"server","self":0},"seq":1,"t":0,"kind":"step","action":"Vote","after":{},"sent":[]}\n');
    const unknown = await runCli(["validate-trace", "specs/raft.json", bad]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/:1: the spec has no action "Vote" \(actions: Timeout, HandleRequestVote, /);
  });

  it("refuses a spec whose actions say no trigger, and a check bound given as a parameter", async () => {
    const untriggered = await runCli(["run", "specs/two-phase-commit.json"]);
    expect(untriggered.code).toBe(2);
    expect(untriggered.stderr).toBe('protoforge: specs/two-phase-commit.json: TMCommit, TMAbort, RMPrepare, RMChooseToAbort say no trigger, so a host cannot tell when to take them: give each action a "trigger" (see docs/reference/spec-format.md)\n');
    const bound = await runCli(["run", "specs/raft.json", "-p", "maxTerm=3"]);
    expect(bound.code).toBe(2);
    expect(bound.stderr).toBe("protoforge: -p maxTerm: maxTerm is a check bound, which a running cluster does not have\n");
  });
});
