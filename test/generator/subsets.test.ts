/**
 * `subsets(S)` and sets of sets (test/fixtures/specs/quorum-voting.json): a
 * quorum system written once checks 3 and 5 acceptors from the same spec, the
 * interpreter (the oracle) reaches exactly the states the generated model does,
 * and the quorum system off by one is refuted.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../generator/compile.js";
import { evaluate } from "../../generator/interpret/eval.js";
import { check, figures, labels, steps } from "../support/checker.js";
import { exhaust, subjects } from "../support/oracle.js";

const VOTING = "test/fixtures/specs/quorum-voting.json";
const HALF_IS_QUORUM = "test/fixtures/specs/quorum-voting-half-is-quorum.json";

describe("a quorum system written once: {q in subsets(acceptor) | 2 * size(q) > acceptors}", () => {
  it("3 acceptors (ci): at most one value chosen in 183 states / 701 generated / depth 9", async () => {
    const o = await check(VOTING);
    expect(o.request.parameters).toEqual({ acceptors: 3 });
    expect(figures(o)).toEqual(["ok", 183, 701, 9]);
    expect(o.result.coverage.every((c) => c.count > 0)).toBe(true);
  });

  it("5 acceptors from -p acceptors=5: 4,039 states / 24,805 generated / depth 13; 198 of them up to symmetry (the model `five`)", async () => {
    expect(figures(await check(VOTING, { overrides: { acceptors: 5 } }))).toEqual(["ok", 4_039, 24_805, 13]);
    const five = await check(VOTING, { model: "five" });
    expect(five.symmetry).toBe(true);
    expect(figures(five)).toEqual(["ok", 198, 1_327, 13]);
  });

  it("the interpreter reaches the same states as the generated model, with both sizes", async () => {
    const [three, five] = await subjects(VOTING);
    expect(exhaust(three, 1_000)).toBe(183);
    expect(exhaust(five, 10_000)).toBe(4_039);
  });

  it("a set of sets in a message and in a node's state: the interpreter and the generated code agree", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "subsets-message-")), "subsets-in-message.json");
    const pairs = { type: "array", uniqueItems: true, items: { type: "array", uniqueItems: true, items: { node: "peer" } } };
    const spec = {
      name: "subsets-in-message",
      title: "t",
      description: "d",
      roles: { peer: { count: 2, state: { heard: { type: pairs, initial: "{}" } } } },
      messages: { Offer: { from: "peer", to: "peer", fields: { sets: pairs } } },
      network: { kind: "set" },
      actions: {
        Send: { role: "peer", guard: "isEmpty(heard)", effects: [{ send: "Offer", to: "self", with: { sets: "{q in subsets(peer) | self in q}" } }] },
        Take: { role: "peer", on: "Offer", effects: [{ set: "heard", to: "heard union msg.sets" }] },
      },
      invariants: { OnlyOwn: { description: "x", expr: "forall i in peer: forall q in peer[i].heard: i in q" } },
      models: { ci: {} },
    };
    writeFileSync(file, JSON.stringify(spec));
    const [s] = await subjects(file);
    expect(exhaust(s, 100)).toBe(9);
  });

  it("quorums() is every majority of the acceptors, in the canonical set order", async () => {
    const [three] = await subjects(VOTING);
    const quorums = three.ir.definitions.find((d) => d.name === "quorums")!;
    const ctx = { ir: three.ir, params: three.params, global: null, next: null, ghosts: null, self: null, node: null, msg: null, locals: new Map() };
    expect(evaluate(quorums.body, ctx)).toEqual([[0, 1], [0, 1, 2], [0, 2], [1, 2]]);
  });

  it("half the acceptors counted a quorum: with 4, two disjoint halves choose both values in 10 steps", async () => {
    const o = await check(HALF_IS_QUORUM);
    expect(o.result.verdict).toBe("violation");
    expect(o.result.finding).toMatchObject({ kind: "invariant", name: "AtMostOneChosen" });
    expect(steps(o)).toBe(10);
    expect(labels(o).slice(-2)).toEqual(["Learn learner 0", "Learn learner 0"]);
    expect(o.trace!.steps[10].state.nodes.learner[0]).toMatchObject({ chosen: [0, 1] });
  });
});

describe("subsets(S): types and errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "subsets-"));
  function invariantErrors(name: string, expr: string): string[] {
    const file = join(dir, `${name}.json`);
    const spec = { name, title: name, description: name, roles: { node: { count: 3, state: { on: { type: { type: "boolean" }, initial: "false" } } } }, actions: { Idle: { role: "node", guard: "false", effects: [] } }, invariants: { I: { description: "x", expr } }, models: { ci: {} } };
    writeFileSync(file, JSON.stringify(spec));
    const r = compileSpec(file);
    return r.ok ? [] : r.errors.map((e) => `${e.pointer}: ${e.message} [${e.code}]`);
  }

  it("is a set of sets of S's element type: its elements are sets, and sets of sets compare, union and test membership", () => {
    expect(invariantErrors("subsets-ok", "size(subsets(node)) == 8 and {0, 2} in subsets(node) and forall q in subsets(node): q subset node")).toEqual([]);
    expect(invariantErrors("subsets-of-range", "subsets(1..2) == {{}, {1}, {1, 2}, {2}}")).toEqual([]);
  });

  it("needs a set, and its elements are sets, not numbers", () => {
    expect(invariantErrors("subsets-of-seq", "size(subsets([1, 2])) > 0")).toEqual(["/invariants/I/expr: subsets needs a set, found sequence of integer [PF012]"]);
    expect(invariantErrors("subsets-of-empty", "size(subsets({})) == 1")).toEqual(["/invariants/I/expr: subsets needs a set, found empty set [PF012]"]);
    expect(invariantErrors("subsets-elem", "exists q in subsets(node): q > 1")).toEqual(["/invariants/I/expr: '>' needs integers, found set of node id [PF012]"]);
  });

  it("len of a set says that size counts a set", () => {
    expect(invariantErrors("len-of-set", "len(node) > 1")).toEqual(["/invariants/I/expr: len needs a seq, found set of node id (size(c) counts the elements of a set) [PF012]"]);
  });
});
