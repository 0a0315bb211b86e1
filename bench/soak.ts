/**
 * `npm run soak [-- --seconds S --seed N]`: a Raft cluster of three node
 * processes on loopback (host/node-main.ts), under a client that sends a
 * command to the leader every 50 ms, while faults are injected at random:
 * a node killed with SIGKILL and restarted from its storage a second later,
 * a node cut off from the others and healed two seconds later, and random
 * delays that reorder messages. At the end the nodes' traces are merged and
 * validated against the spec (traces/validate.ts), and it prints operations
 * done, faults injected, elections and the violations found. Exit 1 on a
 * violation. Loopback only, bounded in time.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { compileSpec } from "../generator/compile.js";
import { validateRun, type RecordedStep } from "../traces/validate.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const SECONDS = flag("seconds", 60);
let seed = flag("seed", 1);
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const SERVERS = 3;
const BASE = 21000 + (process.pid % 5000) * 2;
const peers = Object.fromEntries(Array.from({ length: SERVERS }, (_, i) => [`server:${i}`, BASE + i]));
const clientPort = (i: number): number => BASE + SERVERS + i;
const data = mkdtempSync(join(tmpdir(), "soak-raft-"));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const figures = { requests: 0, accepted: 0, refused: 0, unreachable: 0, kills: 0, partitions: 0, delays: 0, elections: 0 };
const nodes: (ChildProcess | null)[] = [];

function start(i: number): void {
  const config = { module: join(ROOT, "generated/raft/protocol.ts"), role: "server", self: i, parameters: { servers: SERVERS }, peers, clientPort: clientPort(i), dataDir: data };
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "host/node-main.ts"), JSON.stringify(config)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line.includes('"event":"step","action":"BecomeLeader"')) figures.elections++;
  });
  nodes[i] = child;
}

async function post(i: number, path: string, body: unknown): Promise<{ ok: boolean } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${clientPort(i)}${path}`, { method: "POST", body: JSON.stringify(body), signal: AbortSignal.timeout(500) });
    return (await response.json()) as { ok: boolean };
  } catch {
    return null;
  }
}

async function leader(): Promise<number | null> {
  for (let i = 0; i < SERVERS; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${clientPort(i)}/state`, { signal: AbortSignal.timeout(300) });
      if (((await response.json()) as { state: { role: string } }).state.role === "leader") return i;
    } catch {
      // down or restarting
    }
  }
  return null;
}

async function client(until: number): Promise<void> {
  let n = 0;
  while (Date.now() < until) {
    const at = await leader();
    if (at === null) figures.unreachable++;
    else {
      figures.requests++;
      const reply = await post(at, "/actions/ClientRequest", { v: `op ${n++}` });
      if (reply === null) figures.unreachable++;
      else if (reply.ok) figures.accepted++;
      else figures.refused++;
    }
    await sleep(50);
  }
}

async function faults(until: number): Promise<void> {
  while (Date.now() < until - 3000) {
    await sleep(1000 + random() * 2000);
    const victim = Math.floor(random() * SERVERS);
    const fault = pick(["kill", "partition", "delay"] as const);
    if (fault === "kill") {
      figures.kills++;
      nodes[victim]?.kill("SIGKILL");
      nodes[victim] = null;
      await sleep(1000);
      start(victim);
    } else if (fault === "partition") {
      figures.partitions++;
      const others = Array.from({ length: SERVERS }, (_, i) => i).filter((i) => i !== victim);
      await post(victim, "/faults", { cut: others.map((o) => `server:${o}`), delay: [0, 0] });
      for (const o of others) await post(o, "/faults", { cut: [`server:${victim}`], delay: [0, 0] });
      await sleep(2000);
      for (let i = 0; i < SERVERS; i++) await post(i, "/faults", { cut: [], delay: [0, 0] });
    } else {
      figures.delays++;
      await post(victim, "/faults", { cut: [], delay: [0, 40] });
      await sleep(2000);
      await post(victim, "/faults", { cut: [], delay: [0, 0] });
    }
  }
}

for (let i = 0; i < SERVERS; i++) start(i);
await sleep(2000);
const started = Date.now();
const until = started + SECONDS * 1000;
await Promise.all([client(until), faults(until)]);
for (const child of nodes) child?.kill("SIGTERM");
await sleep(1000);

const compiled = compileSpec(join(ROOT, "specs/raft.json"));
if (!compiled.ok) throw new Error("specs/raft.json does not compile");
const records = Array.from({ length: SERVERS }, (_, i) => readFileSync(join(data, `server-${i}.trace.jsonl`), "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as RecordedStep)).flat();
const validating = performance.now();
const verdict = validateRun(compiled.value.ir, { servers: SERVERS }, records);
const validation = (performance.now() - validating) / 1000;

console.log(`soak: Raft, ${SERVERS} servers, ${SECONDS} s (seed ${flag("seed", 1)}), storage and traces in ${data}`);
console.log(`  client: ${figures.requests} requests to the leader, ${figures.accepted} accepted, ${figures.refused} refused (no longer leader), ${figures.unreachable} times no leader reachable`);
console.log(`  faults: ${figures.kills} SIGKILL + restart, ${figures.partitions} partitions healed after 2 s, ${figures.delays} spells of 0-40 ms delays`);
console.log(`  elections won: ${figures.elections}`);
console.log(`  trace: ${records.length} records, validated in ${validation.toFixed(1)} s`);
if (verdict.ok) console.log(`  violations: none: every step is one the spec allows, and ${verdict.invariants.join(", ")} hold in all ${verdict.states} states`);
else {
  console.log(`  violation: ${verdict.problem}`);
  for (const d of verdict.differences) console.log(`    ${d}`);
  if (verdict.at !== null) console.log(`    at ${verdict.at.node.role} ${verdict.at.node.self} step ${verdict.at.seq}, after ${verdict.steps} valid steps`);
  process.exitCode = 1;
}
