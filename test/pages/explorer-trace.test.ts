/**
 * The trace explorer's data (pages/explorer-trace.ts), read from the committed
 * ITF counterexamples and checked against the text trace in each certificate,
 * which checkers/trace-format.ts writes independently: the same steps, the
 * same changed fields, a message for every one sent, and every receipt tied
 * to the message it received.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace } from "../../pages/counterexample.js";
import { explorerTrace, logFields, messageText, plainValue, type ExplorerTrace } from "../../pages/explorer-trace.js";
import { compileOrThrow, ROOT } from "./support.js";

const GENERATED = join(ROOT, "generated");

function explorerOf(name: string): { trace: ExplorerTrace; text: readonly string[] } {
  const dir = join(GENERATED, name);
  const certificate = JSON.parse(readFileSync(join(dir, "CERTIFICATE.json"), "utf8")) as { file: string; violated: string; counterexample: string[] };
  const itf = JSON.parse(readFileSync(join(dir, "counterexample.itf.json"), "utf8"));
  return { trace: explorerTrace(itf, compileOrThrow(certificate.file).ir, certificate.violated), text: certificate.counterexample };
}

const refuted = readdirSync(GENERATED).filter((d) => existsSync(join(GENERATED, d, "counterexample.itf.json"))).sort();

describe("ITF values made plain", () => {
  it("reads integers, sets, tuples, options, and maps as the array of their values in key order", () => {
    expect(plainValue({ "#bigint": "7" })).toBe(7);
    expect(plainValue({ "#set": [{ "#bigint": "1" }, { "#bigint": "2" }] })).toEqual([1, 2]);
    expect(plainValue({ tag: "None", value: { "#tup": [] } })).toBeNull();
    expect(plainValue({ tag: "Some", value: { "#bigint": "3" } })).toBe(3);
    expect(plainValue({ "#map": [[{ "#bigint": "0" }, true], [{ "#bigint": "1" }, false]] })).toEqual([true, false]);
    expect(plainValue({ "#map": [[{ "#bigint": "1" }, "a"], [{ "#bigint": "2" }, "b"]] })).toEqual(["a", "b"]);
    expect(plainValue({ "#map": [["prepared", { "#bigint": "2" }]] })).toEqual([2]);
  });
});

describe("log-shaped fields are found from the state's types", () => {
  it("Raft's log of records with a term; Multi-Paxos's votes by slot with a ballot; none in two-phase commit", () => {
    expect(logFields(compileOrThrow("specs/raft.json").ir)).toEqual([{ role: "server", field: "log", term: "term" }]);
    expect(logFields(compileOrThrow("specs/multi-paxos.json").ir)).toEqual(expect.arrayContaining([{ role: "acceptor", field: "votes", term: "bal" }]));
    expect(logFields(compileOrThrow("specs/two-phase-commit.json").ir)).toEqual([]);
  });
});

describe("Raft's commit-previous-term counterexample", () => {
  const { trace, text } = explorerOf("raft-commit-previous-term");

  it("has the three servers, every step of the text trace, and the invariant it breaks", () => {
    expect(trace.nodes.map((n) => n.id)).toEqual(["server 0", "server 1", "server 2"]);
    expect(trace.steps.map((s) => s.index)).toEqual(parseTrace(text).map((s) => s.index));
    expect(trace.violation?.name).toBe("LeaderCompleteness");
    expect(trace.violation?.text).toContain("commitTerm");
  });

  it("ties the first vote request to the steps that sent and received it", () => {
    const first = trace.messages[0];
    expect([first.type, first.from, first.to, first.sentAt, first.deliveredAt]).toEqual(["RequestVote", "server 0", "server 1", 1, [2]]);
    expect(trace.steps[2].received).toBe(first.id);
    expect(trace.steps[1].states["server 0"].role).toBe("candidate");
    expect(trace.steps[1].changed["server 0"]).toEqual(["currentTerm", "votedFor", "role", "votesGranted"]);
  });
});

describe.each(refuted)("the explorer data of %s agrees with its text trace", (name) => {
  const { trace, text } = explorerOf(name);
  const parsed = parseTrace(text).filter((s) => s.action !== "" && s.index < trace.steps.length);

  it("changes the fields the text trace says, sends what it adds, and ties each receipt to its message", () => {
    for (const s of parsed.filter((p) => p.index > 0)) {
      const step = trace.steps[s.index];
      const changed = Object.entries(step.changed).flatMap(([node, fs]) => fs.map((f) => `${node.replace(/ (\d+)$/, "[$1]")}.${f}`));
      expect(changed.sort(), `step ${s.index}`).toEqual(s.details.map((d) => /^(\S+\[\d+\]\.\w+): /.exec(d)?.[1]).filter((d): d is string => d !== undefined).sort());
      const sent = s.details.filter((d) => d.startsWith("+ ")).map((d) => d.slice(2));
      expect(trace.messages.filter((m) => m.sentAt === s.index).map(messageText).sort(), `step ${s.index}`).toEqual(sent.sort());
      if (s.received !== "") expect(step.received === null ? null : messageText(trace.messages[step.received]), `step ${s.index}`).toBe(s.received);
    }
  });
});
