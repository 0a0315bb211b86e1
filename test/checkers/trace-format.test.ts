/**
 * A counterexample three ways, on the commit-on-majority variant (3 resource
 * managers, a majority of 2): the shortest trace is RMPrepare 0, TMRcvPrepared
 * (from 0), RMPrepare 1, TMRcvPrepared (from 1), TMCommit, RMChooseToAbort 2,
 * RMRcvCommitMsg 0. Seven steps: two prepares and their receipts to reach a
 * majority, the commit, one RM committing and the third, still working,
 * aborting; among the shortest, BFS takes the one whose steps come first in
 * declaration order (TMRcvPrepared before RMPrepare, RMChooseToAbort before
 * RMRcvCommitMsg), node ids ascending.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { traceItf, traceMermaid, traceText } from "../../checkers/trace-format.js";
import { verdictLine } from "../../cli/check-report.js";
import { runCheck, type CheckOutcome } from "../../cli/run-check.js";
import { loadModel, MAJORITY, type LoadedSpecModel } from "../support/checker.js";

const GOLDEN = [
  "0. initial state",
  '     tm[0] = { tmState: "init", tmPrepared: [] }',
  '     rm[0] = { rmState: "working" }',
  '     rm[1] = { rmState: "working" }',
  '     rm[2] = { rmState: "working" }',
  "1. rm 0: RMPrepare",
  '     rm[0].rmState: "working" → "prepared"',
  "     + Prepared rm 0 → tm 0",
  "2. tm 0: TMRcvPrepared, receives Prepared rm 0 → tm 0",
  "     tm[0].tmPrepared: [] → [0]",
  "3. rm 1: RMPrepare",
  '     rm[1].rmState: "working" → "prepared"',
  "     + Prepared rm 1 → tm 0",
  "4. tm 0: TMRcvPrepared, receives Prepared rm 1 → tm 0",
  "     tm[0].tmPrepared: [0] → [0, 1]",
  "5. tm 0: TMCommit",
  '     tm[0].tmState: "init" → "committed"',
  "     + Commit tm 0 → rm 0",
  "     + Commit tm 0 → rm 1",
  "     + Commit tm 0 → rm 2",
  "6. rm 2: RMChooseToAbort",
  '     rm[2].rmState: "working" → "aborted"',
  "7. rm 0: RMRcvCommitMsg, receives Commit tm 0 → rm 0",
  '     rm[0].rmState: "prepared" → "committed"',
];

let loaded: LoadedSpecModel;
let outcome: CheckOutcome;

beforeAll(async () => {
  loaded = await loadModel(MAJORITY);
  outcome = runCheck({ ir: loaded.ir, model: loaded.model, modelName: "ci", parameters: loaded.parameters });
});

describe("the text trace", () => {
  it("is the golden 7-step counterexample: each step's action, node and message, then what changed", () => {
    expect(outcome.result.finding).toMatchObject({ kind: "invariant", name: "Consistent" });
    expect(traceText(outcome.trace!, loaded.model.messageRoles)).toEqual(GOLDEN);
  });

  it("is what the verdict line introduces", () => {
    expect(verdictLine(outcome)).toBe("invariant Consistent is violated: No resource manager has committed while another has aborted.");
  });
});

describe("the Mermaid diagram", () => {
  const mermaid = () => traceMermaid(outcome.trace!, loaded.model.messageRoles, verdictLine(outcome));
  const lines = () => mermaid().trimEnd().split("\n");

  it("starts with sequenceDiagram and has one participant per node (1 tm + 3 rm)", () => {
    expect(lines()[0]).toBe("sequenceDiagram");
    const participants = lines().filter((l) => /^\s*participant /.test(l));
    expect(participants).toHaveLength(4);
    expect(participants.map((l) => l.trim().split(/\s+/)[1])).toEqual(["tm0", "rm0", "rm1", "rm2"]);
  });

  it("has one ->> arrow per delivered message in the trace", () => {
    const delivered = outcome.trace!.steps.filter((s) => s.label?.kind === "action" && s.label.message !== undefined);
    expect(delivered).toHaveLength(3);
    const arrows = lines().filter((l) => l.includes("->>"));
    expect(arrows).toHaveLength(delivered.length);
    expect(arrows.map((l) => l.trim())).toEqual(["rm0->>tm0: Prepared", "rm1->>tm0: Prepared", "tm0->>rm0: Commit"]);
  });

  it("has a Note over its node for each internal action", () => {
    const internal = outcome.trace!.steps.filter((s) => s.label?.kind === "action" && s.label.message === undefined);
    expect(internal).toHaveLength(4);
    const notes = lines().filter((l) => /^\s*Note over \w+:/.test(l)).map((l) => l.trim());
    expect(notes).toEqual(["Note over rm0: RMPrepare", "Note over rm1: RMPrepare", "Note over tm0: TMCommit", "Note over rm2: RMChooseToAbort"]);
  });

  it("ends with a note over everyone naming the violated invariant", () => {
    const last = lines().at(-1)!.trim();
    expect(last).toMatch(/^Note over tm0,rm2: /);
    expect(last).toContain("invariant Consistent is violated");
    expect(mermaid().endsWith("\n")).toBe(true);
  });
});

describe("the ITF trace", () => {
  const itf = () => JSON.parse(JSON.stringify(traceItf(outcome.trace!, loaded.model, loaded.ir.file, verdictLine(outcome), loaded.model.messageRoles))) as {
    "#meta": Record<string, unknown>;
    vars: string[];
    states: Record<string, unknown>[];
  };

  it("has ITF metadata, the model's variables and one state per trace step", () => {
    const t = itf();
    expect(t["#meta"].format).toBe("ITF");
    expect(t["#meta"].source).toBe(loaded.ir.file);
    expect(String(t["#meta"].description)).toContain("Consistent");
    expect(t.vars).toEqual([...loaded.model.itfVariables]);
    expect(t.vars).toEqual(["tm", "rm", "network"]);
    expect(t.states).toHaveLength(outcome.trace!.steps.length);
    expect(t.states).toHaveLength(8);
    t.states.forEach((s, i) => {
      expect(Object.keys(s).sort()).toEqual(["#meta", ...t.vars].sort());
      expect((s["#meta"] as { index: number }).index).toBe(i);
    });
    expect((t.states[0]["#meta"] as { action: string }).action).toBe("init");
    expect((t.states[7]["#meta"] as { action: string }).action).toBe("rm 0: RMRcvCommitMsg, receives Commit tm 0 → rm 0");
  });

  it("writes integers as {#bigint} and sets as {#set}, never a bare number", () => {
    const t = itf();
    const bareNumbers: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === "number") bareNumbers.push(path);
      else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) if (k !== "#meta") walk(x, `${path}.${k}`);
    };
    t.states.forEach((s, i) => walk(s, `states[${i}]`));
    expect(bareNumbers).toEqual([]);

    // After step 4 the TM has heard from rm 0 and rm 1: a set of two node ids.
    const tm = (t.states[4].tm as { "#map": [unknown, { tmState: string; tmPrepared: unknown }][] })["#map"];
    expect(tm).toHaveLength(1);
    expect(tm[0][0]).toEqual({ "#bigint": "0" });
    expect(tm[0][1].tmState).toBe("init");
    expect(tm[0][1].tmPrepared).toEqual({ "#set": [{ "#bigint": "0" }, { "#bigint": "1" }] });
    expect(t.states[0].network).toEqual({ "#set": [] });
    const network = t.states[7].network as { "#set": unknown[] };
    expect(Object.keys(network)).toEqual(["#set"]);
    // Two Prepared and three Commit messages in flight: a set network never forgets.
    expect(network["#set"]).toHaveLength(5);
    const rm = (t.states[7].rm as { "#map": [unknown, { rmState: string }][] })["#map"];
    expect(rm.map(([id, s]) => [id, s.rmState])).toEqual([
      [{ "#bigint": "0" }, "committed"],
      [{ "#bigint": "1" }, "prepared"],
      [{ "#bigint": "2" }, "aborted"],
    ]);
  });
});
