/**
 * `protoforge run specs/multi-paxos.json`: two proposers (ballots 1 and 2)
 * start their ballots on their timers, three acceptors vote, and two learners
 * apply the decided commands; both learners end with the same full log, and
 * the merged trace of the seven processes is a behaviour of the spec with
 * Agreement and the other invariants holding in every state. The run is of a
 * bounded instance: ballots, slots and commands are still runtime parameters
 * of this spec.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";
import { ROOT, runCli } from "./helpers.js";
import { freePortBlock } from "../support/ports.js";

const NODES = ["proposer-0", "proposer-1", "acceptor-0", "acceptor-1", "acceptor-2", "learner-0", "learner-1"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("runs a Multi-Paxos cluster whose learners apply the same commands in every slot, and its trace validates", async () => {
  const base = await freePortBlock(2 * NODES.length);
  const data = mkdtempSync(join(tmpdir(), "multi-paxos-"));
  const child = spawn(process.execPath, [resolve(ROOT, "bin/protoforge.mjs"), "run", "specs/multi-paxos.json", "--base-port", String(base), "--data", data], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const logOf = async (learner: number): Promise<unknown[] | null> => {
    try {
      const response = await fetch(`http://127.0.0.1:${base + NODES.length + NODES.indexOf(`learner-${learner}`)}/state`);
      return ((await response.json()) as { state: { log: unknown[] } }).state.log;
    } catch {
      return null;
    }
  };
  let logs: (unknown[] | null)[] = [];
  try {
    const deadline = Date.now() + 60_000;
    while (!(logs = await Promise.all([logOf(0), logOf(1)])).every((l) => l !== null && l.length === 2)) {
      if (Date.now() > deadline) throw new Error(`the learners did not fill both slots: ${JSON.stringify(logs)}`);
      await sleep(100);
    }
    // Proposer 1's ballot may still be under way after the first decisions: give it time to finish before stopping.
    await sleep(1000);
    logs = await Promise.all([logOf(0), logOf(1)]);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited).toBe(143);
  expect(logs[0]).toEqual(logs[1]);
  for (const v of logs[0]!) expect([1, 2]).toContain(v);
  const validated = await runCli(["validate-trace", "specs/multi-paxos.json", ...NODES.map((n) => join(data, `${n}.trace.jsonl`))]);
  expect(validated.stdout).toMatch(/^ok: the run is a behaviour of specs\/multi-paxos\.json: \d+ steps of 7 nodes replayed, and Agreement, Validity, LogsConsistent, AppliedIsChosen, VoteWithinPromise, VotesRecorded, PromisesKept, OneValuePerBallot hold in all \d+ states\n$/);
  expect(validated.code).toBe(0);
}, 120_000);
