/** The page generator's parts on their own: state diagrams, action code, trace tables, the catalogue and the spec-format page. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { actionCode } from "../../pages/action-code.js";
import { cataloguePage } from "../../pages/catalogue.js";
import { parseTrace, stepTable } from "../../pages/counterexample.js";
import { specFormatPage, type SchemaNode } from "../../pages/spec-format.js";
import { enumFields, transitions } from "../../pages/state-diagram.js";
import { compileOrThrow, pageInput, ROOT } from "./support.js";

describe("state diagrams", () => {
  const raft = compileOrThrow("specs/raft.json").ir;
  const server = raft.roles.find((r) => r.name === "server")!;

  it("are drawn for enum fields only", () => {
    expect(enumFields(server).map((f) => f.name)).toEqual(["role"]);
  });

  it("read guards and the conditions of nested ifs, and add restarts for volatile fields", () => {
    const edges = transitions(server, enumFields(server)[0], raft.actions, true);
    expect(edges.map((e) => `${e.from} -> ${e.to}`)).toEqual(["follower -> candidate", "candidate -> follower", "candidate -> leader", "leader -> follower"]);
    // Timeout is guarded by role != 'leader', and only followers and candidates reach it; a candidate's Timeout is a self-loop.
    expect(edges[0].actions).toEqual(["Timeout"]);
    expect(edges[2].actions).toEqual(["BecomeLeader"]);
    expect(edges[3].actions).toContain("HandleAppendEntriesResponse");
    expect(edges[3].actions).toContain("crash and restart");
    expect(transitions(server, enumFields(server)[0], raft.actions, false)[3].actions).not.toContain("crash and restart");
  });
});

describe("action code", () => {
  it("prints lets, nested ifs, sends with fields and parameters", () => {
    const variant = compileOrThrow("specs/variants/raft-vote-without-log-check.json");
    const text = actionCode("HandleRequestVote", variant.loaded.spec.actions!.HandleRequestVote, variant.ir.actions.find((a) => a.name === "HandleRequestVote"));
    expect(text.split("\n").slice(0, 7)).toEqual([
      "action HandleRequestVote of server",
      "  on RequestVote as msg",
      "  when true",
      "  do",
      "    let grant = msg.term > currentTerm",
      "    if grant:",
      "      currentTerm := msg.term",
    ]);
    expect(text).toContain("\n    send RequestVoteResponse to msg.from with { term: currentTerm, voteGranted: grant }");
    const raft = compileOrThrow("specs/raft.json");
    const append = actionCode("AppendEntries", raft.loaded.spec.actions!.AppendEntries, raft.ir.actions.find((a) => a.name === "AppendEntries"));
    expect(append.split("\n")[1]).toBe("  for each peer: server id");
  });
});

describe("step tables", () => {
  it("split each step into node, action, received message and changes, for every kind of step", () => {
    const steps = parseTrace([
      "0. initial state",
      "     server[0] = { role: \"follower\" }",
      "1. server 0: ClientRequest (v = 1)",
      "     server[0].log: [] → [1]",
      "2. server 1: crashes and restarts",
      "     (nothing changes)",
      "3. network loses Ping { n: 1 } server 0 → server 1",
      "4. server 1: Handle, receives Ping { n: 2 } server 0 → server 1",
      "     - Ping { n: 2 } server 0 → server 1",
    ]);
    expect(steps.map((s) => [s.index, s.node, s.action, s.received])).toEqual([
      [0, "", "initial state", ""],
      [1, "server 0", "ClientRequest (v = 1)", ""],
      [2, "server 1", "crashes and restarts", ""],
      [3, "network", "network loses Ping { n: 1 } server 0 → server 1", ""],
      [4, "server 1", "Handle", "Ping { n: 2 } server 0 → server 1"],
    ]);
    const table = stepTable(steps).split("\n");
    expect(table[0]).toBe("| step | node | action | receives | what changes |");
    expect(table[6]).toBe("| 4 | server 1 | `Handle` | `Ping { n: 2 } from server 0` | `- Ping { n: 2 } server 0 → server 1` |");
  });
});

describe("the catalogue", () => {
  it("has a row per protocol with its certificate's figures and its variants", () => {
    const inputs = [pageInput("specs/two-phase-commit.json"), pageInput("specs/raft.json")];
    const [tpc, raft] = inputs.map((i) => `${i.variants.length} (${i.variants.filter((v) => v.certificate?.violated != null).length} refuted)`);
    const text = cataloguePage(inputs);
    expect(text).toContain(`| [Two-phase commit](./two-phase-commit.md) | A transaction manager asks every resource manager to prepare, commits only when all of them have prepared, and aborts otherwise. | tm, rm | 288 states, depth 11 | every invariant holds | ${tpc} |`);
    expect(text).toMatch(new RegExp(`\\| \\[Raft\\]\\(\\./raft\\.md\\) \\| .* \\| server \\| 33,966 states, depth 40 \\| every invariant holds \\| ${raft.replace(/[()]/g, "\\$&")} \\|`));
  });
});

describe("the spec-format page", () => {
  const schema = JSON.parse(readFileSync(join(ROOT, "specs/schema/protocol.schema.json"), "utf8")) as SchemaNode;
  const text = specFormatPage(schema, "specs/schema/protocol.schema.json");

  it("documents every top-level key with its description from the meta-schema", () => {
    for (const [key, node] of Object.entries(schema.properties!)) {
      expect(text).toContain(`| \`${key}\` | ${(schema.required ?? []).includes(key) ? "yes" : ""} |`);
      expect(text).toContain(node.description!.replace(/\|/g, "\\|").split("\n")[0]);
    }
  });

  it("has a section for each part of a spec, and one table per form of a type and of an effect", () => {
    for (const part of ["role", "field", "message", "action", "predicate", "model"]) expect(text).toContain(`## ${part} {#def-${part}}`);
    expect(text).toContain("### effect, form 1: Assigns a field of the node's state. {#def-effect-1}");
    expect(text).toMatch(/### type, form \d+: A total map from a finite key type to items/);
    expect(text).toContain("| `roles` |  | map from name to [role](#def-role) |");
  });
});
