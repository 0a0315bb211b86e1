/**
 * The stores on real clusters (`protoforge run`): two client processes and
 * three replicas each, driven through the clients' HTTP endpoints, and their
 * recorded client histories checked with `protoforge check-history`. The CP
 * quorum store's history is linearizable and its merged trace a behaviour of
 * the spec; the AP store, with replica 0 cut off from the other two, lets a
 * read at replica 1 miss a write replica 0 acknowledged, and the checker says
 * so with that write and that read as the witness. Bad history lines are
 * refused with file and line (exit 2).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./helpers.js";
import { freePortBlock } from "../support/ports.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Nodes in the order run starts them: the clients, then the replicas; client endpoints come after the five peer ports. */
const NODES = ["client:0", "client:1", "replica:0", "replica:1", "replica:2"];

interface Cluster {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly endpoint: (node: string) => string;
}

function startCluster(spec: string, basePort: number, data: string): Cluster {
  const child = spawn(process.execPath, [resolve(ROOT, "bin/protoforge.mjs"), "run", spec, "--base-port", String(basePort), "--data", data], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, exited, endpoint: (node) => `http://127.0.0.1:${basePort + NODES.length + NODES.indexOf(node)}` };
}

async function clientState(cluster: Cluster, node: string): Promise<{ phase: string } | null> {
  try {
    return ((await (await fetch(`${cluster.endpoint(node)}/state`)).json()) as { state: { phase: string } }).state;
  } catch {
    return null;
  }
}

async function untilReady(cluster: Cluster): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await Promise.all(NODES.map((n) => clientState(cluster, n)))).some((s) => s === null)) {
    if (Date.now() > deadline) throw new Error("the cluster did not start");
    await sleep(100);
  }
}

/** Asks a client for an operation and waits until it is over (the client is idle again). */
async function operate(cluster: Cluster, client: string, action: string, args: object): Promise<void> {
  const response = await fetch(`${cluster.endpoint(client)}/actions/${action}`, { method: "POST", body: JSON.stringify(args) });
  expect(await response.json()).toEqual({ ok: true });
  const deadline = Date.now() + 10_000;
  while ((await clientState(cluster, client))?.phase !== "idle") {
    if (Date.now() > deadline) throw new Error(`${client}'s ${action} did not complete`);
    await sleep(10);
  }
}

async function stop(cluster: Cluster): Promise<void> {
  cluster.child.kill("SIGTERM");
  expect(await cluster.exited).toBe(143);
}

const histories = (data: string) => [0, 1].map((c) => join(data, `client-${c}.history.jsonl`));

describe("protoforge run on the stores, and check-history", () => {
  it("a CP quorum store cluster under two concurrent clients keeps a linearizable history, and its trace validates", async () => {
    const base = await freePortBlock(2 * NODES.length);
    const data = mkdtempSync(join(tmpdir(), "cp-store-"));
    const cluster = startCluster("specs/cp-quorum-store.json", base, data);
    try {
      await untilReady(cluster);
      // Each client alternates writes of values of its own with reads, the two clients at once, so operations overlap.
      await Promise.all(
        [0, 1].map(async (c) => {
          for (let k = 0; k < 6; k++) await (k % 2 === 0 ? operate(cluster, `client:${c}`, "StartWrite", { value: 2 * k + c + 1 }) : operate(cluster, `client:${c}`, "StartRead", {}));
        }),
      );
    } finally {
      await stop(cluster);
    }
    const checked = await runCli(["check-history", "specs/cp-quorum-store.json", ...histories(data), "--write", "StartWrite=args.value", "--read", "StartRead=state.putValue", "--initial", "0"]);
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toBe("ok: the history is linearizable: 12 operations of 2 processes, a register initially 0\n");
    expect(checked.code).toBe(0);
    const traces = NODES.map((n) => join(data, `${n.replace(":", "-")}.trace.jsonl`));
    const validated = await runCli(["validate-trace", "specs/cp-quorum-store.json", ...traces]);
    expect(validated.stdout).toMatch(/^ok: the run is a behaviour of specs\/cp-quorum-store\.json: \d+ steps of 5 nodes replayed, and ReadReturnsLatestCompletedWrite, ReadsDoNotGoBack, ReadsAgreeOnWriteOrder, CompletedWritesOnMajority hold in all \d+ states\n$/);
    expect(validated.code).toBe(0);
  }, 120_000);

  it("an AP store cluster with replica 0 cut off from the others is caught not linearizable", async () => {
    const base = await freePortBlock(2 * NODES.length);
    const data = mkdtempSync(join(tmpdir(), "ap-store-"));
    const cluster = startCluster("specs/ap-store.json", base, data);
    try {
      await untilReady(cluster);
      const cut = async (node: string, peers: string[]) => expect((await fetch(`${cluster.endpoint(node)}/faults`, { method: "POST", body: JSON.stringify({ cut: peers }) })).status).toBe(200);
      await cut("replica:0", ["replica:1", "replica:2"]);
      await cut("replica:1", ["replica:0"]);
      await cut("replica:2", ["replica:0"]);
      await operate(cluster, "client:0", "StartWrite", { r: 1, value: 1 });
      await sleep(200);
      await operate(cluster, "client:0", "StartWrite", { r: 0, value: 2 });
      await operate(cluster, "client:1", "StartRead", { r: 1 });
      await operate(cluster, "client:1", "StartRead", { r: 0 });
    } finally {
      await stop(cluster);
    }
    const args = ["check-history", "specs/ap-store.json", ...histories(data), "--write", "StartWrite=args.value", "--read", "StartRead=message.value", "--initial", "0"];
    const checked = await runCli(args);
    expect(checked.code).toBe(1);
    const lines = checked.stdout.split("\n");
    expect(lines[0]).toBe("violation: the history is not linearizable: 4 operations of 2 processes, a register initially 0");
    expect(lines.slice(2, 5).map((l) => l.replace(/ \[\d+, \d+\]$/, ""))).toEqual(["  client 0 write 1", "  client 0 write 2", "  client 1 read 1"]);
    // The same history is causal: the read at replica 1 saw no write that a write it saw came after.
    const causal = await runCli([...args.slice(0, 8), "--model", "causal", "--initial", "0"]);
    expect(causal.stdout).toBe("ok: the history keeps causal: 4 operations of 2 processes, a register initially 0\n");
  }, 120_000);

  it("refuses a history line that is not JSON or not an event, and a history of client actions without --write and --read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "history-"));
    const file = join(dir, "client-0.history.jsonl");
    writeFileSync(file, '{"process":"client 0","type":"invoke","action":"StartRead","args":{},"t":1}\nnot json\n');
    const notJson = await runCli(["check-history", "specs/cp-quorum-store.json", file]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toBe(`protoforge: ${file}:2: not a JSON record: expected one event per line, as protoforge run records them\n`);
    writeFileSync(file, '{"process":"client 0","type":"done","action":"StartRead","t":1}\n');
    const badType = await runCli(["check-history", "specs/cp-quorum-store.json", file]);
    expect(badType.stderr).toBe(`protoforge: ${file}:1: type must be invoke, ok or info, not "done"\n`);
    writeFileSync(file, '{"process":"client 0","type":"invoke","action":"StartRead","args":{},"t":1}\n');
    const unmapped = await runCli(["check-history", "specs/cp-quorum-store.json", file]);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toMatch(/^protoforge: the history names the spec's client actions: say which is the write and which the read/);
    const wrongAction = await runCli(["check-history", "specs/cp-quorum-store.json", file, "--write", "Write=args.value", "--read", "StartRead=state.putValue"]);
    expect(wrongAction.stderr).toBe("protoforge: --write: cp-quorum-store has no client action Write (client actions: StartWrite, StartRead)\n");
    const jepsen = join(dir, "jepsen.jsonl");
    writeFileSync(jepsen, '{"process":0,"type":"ok","f":"read","value":1,"t":1}\n');
    const unopened = await runCli(["check-history", "specs/cp-quorum-store.json", jepsen]);
    expect(unopened.stderr).toBe(`protoforge: ${jepsen}:1: process 0 returns (ok) with no operation open\n`);
  });
});
