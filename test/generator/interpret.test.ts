/**
 * The IR interpreter (the oracle of the property tests) against hand-checked
 * outcomes: two-phase commit's state space (TLC's figures) and small inline
 * specs for each rule of docs/reference/semantics.md.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GlobalState, StepLabel } from "../../checkers/model.js";
import { compileSpec } from "../../generator/compile.js";
import {
  checkConstraint,
  checkInvariant,
  checkProperty,
  compareValues,
  domainOf,
  initialState,
  InterpreterError,
  runAction,
  transitions,
} from "../../generator/interpret.js";
import type { Expr, ProtocolIR, Type } from "../../generator/ir.js";

function compile(file: string): ProtocolIR {
  const r = compileSpec(file);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.value.ir;
}

const dir = mkdtempSync(join(tmpdir(), "interpret-"));

/** Writes an inline spec (name, title, description and the ci model filled in) and compiles it. */
function inline(name: string, spec: Record<string, unknown>): ProtocolIR {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, title: name, description: name, models: { ci: {} }, ...spec }));
  return compile(file);
}

const labels = (ts: readonly { label: StepLabel }[]) => ts.map((t) => t.label);
const int = (minimum: number, maximum: number) => ({ type: "integer", minimum, maximum });

describe("two-phase commit, 3 resource managers", () => {
  const ir = compile("specs/two-phase-commit.json");
  const params = { resourceManagers: 3 };
  const init = initialState(ir, params);
  const step = (s: GlobalState, action: string, node: number): GlobalState => {
    const t = transitions(ir, params, s).find((x) => x.label.kind === "action" && x.label.action === action && x.label.node === node);
    if (t === undefined) throw new Error(`${action} on node ${node} is not enabled`);
    return t.next;
  };

  it("has the initial state of the spec", () => {
    expect(init).toEqual({
      nodes: { tm: [{ tmState: "init", tmPrepared: [] }], rm: [{ rmState: "working" }, { rmState: "working" }, { rmState: "working" }] },
      network: [],
      ghosts: {},
    });
    expect(JSON.stringify(init)).toBe('{"nodes":{"tm":[{"tmState":"init","tmPrepared":[]}],"rm":[{"rmState":"working"},{"rmState":"working"},{"rmState":"working"}]},"network":[],"ghosts":{}}');
  });

  it("enumerates the initial steps in action order, then node order", () => {
    expect(labels(transitions(ir, params, init))).toEqual([
      { kind: "action", action: "TMAbort", role: "tm", node: 0 },
      { kind: "action", action: "RMPrepare", role: "rm", node: 0 },
      { kind: "action", action: "RMPrepare", role: "rm", node: 1 },
      { kind: "action", action: "RMPrepare", role: "rm", node: 2 },
      { kind: "action", action: "RMChooseToAbort", role: "rm", node: 0 },
      { kind: "action", action: "RMChooseToAbort", role: "rm", node: 1 },
      { kind: "action", action: "RMChooseToAbort", role: "rm", node: 2 },
    ]);
  });

  it("runs a few steps by hand", () => {
    const s1 = step(init, "RMPrepare", 1);
    expect(s1.nodes.rm).toEqual([{ rmState: "working" }, { rmState: "prepared" }, { rmState: "working" }]);
    expect(s1.network).toEqual([{ type: "Prepared", from: 1, to: 0 }]);
    expect(init.nodes.rm[1]).toEqual({ rmState: "working" }); // not mutated
    const s2 = step(s1, "RMPrepare", 0);
    expect(s2.network).toEqual([{ type: "Prepared", from: 0, to: 0 }, { type: "Prepared", from: 1, to: 0 }]);
    // the set network keeps a received message: the tm may receive it again
    const received = transitions(ir, params, s2).filter((t) => t.label.kind === "action" && t.label.action === "TMRcvPrepared");
    expect(labels(received)).toEqual([
      { kind: "action", action: "TMRcvPrepared", role: "tm", node: 0, message: { type: "Prepared", from: 0, to: 0 } },
      { kind: "action", action: "TMRcvPrepared", role: "tm", node: 0, message: { type: "Prepared", from: 1, to: 0 } },
    ]);
    const s3 = received[1].next;
    expect(s3.nodes.tm).toEqual([{ tmState: "init", tmPrepared: [1] }]);
    expect(s3.network).toEqual(s2.network);
    const s4 = step(step(s3, "TMRcvPrepared", 0), "TMAbort", 0);
    expect(s4.nodes.tm).toEqual([{ tmState: "aborted", tmPrepared: [0, 1] }]);
    expect(s4.network).toEqual([
      { type: "Prepared", from: 0, to: 0 },
      { type: "Prepared", from: 1, to: 0 },
      { type: "Abort", from: 0, to: 0 },
      { type: "Abort", from: 0, to: 1 },
      { type: "Abort", from: 0, to: 2 },
    ]);
    expect(checkInvariant(ir, params, "Consistent", s4)).toBe(true);
  });

  it("reaches TLC's 288 distinct states, 1,146 generated, in 11 levels; the invariants hold in all", () => {
    const seen = new Set([JSON.stringify(init)]);
    let frontier: GlobalState[] = [init];
    let generated = 1;
    let levels = 0;
    const invariants = ["TypeOK", "PreparedHeard", "Consistent"];
    const failures: string[] = [];
    while (frontier.length > 0) {
      levels++;
      const next: GlobalState[] = [];
      for (const s of frontier) {
        for (const name of invariants) if (!checkInvariant(ir, params, name, s)) failures.push(name);
        for (const t of transitions(ir, params, s)) {
          generated++;
          const key = JSON.stringify(t.next);
          if (!seen.has(key)) {
            seen.add(key);
            next.push(t.next);
          }
        }
      }
      frontier = next;
    }
    expect(seen.size).toBe(288);
    expect(generated).toBe(1146);
    expect(levels).toBe(11);
    expect(failures).toEqual([]);
  });

  it("finds a Consistent violation in a hand-made state", () => {
    const bad: GlobalState = { ...init, nodes: { ...init.nodes, rm: [{ rmState: "committed" }, { rmState: "aborted" }, { rmState: "working" }] } };
    expect(checkInvariant(ir, params, "Consistent", bad)).toBe(false);
    expect(checkInvariant(ir, params, "TypeOK", bad)).toBe(true);
    const unheard: GlobalState = { ...init, nodes: { ...init.nodes, tm: [{ tmState: "init", tmPrepared: [2] }] } };
    expect(checkInvariant(ir, params, "PreparedHeard", unheard)).toBe(false);
  });

  it("runs one handler as the runtime sees it", () => {
    expect(runAction(ir, params, "TMRcvPrepared", 0, { tmState: "init", tmPrepared: [2] }, { message: { type: "Prepared", from: 0, to: 0 } })).toEqual([
      { state: { tmState: "init", tmPrepared: [0, 2] }, send: [] },
    ]);
    expect(runAction(ir, params, "TMCommit", 0, { tmState: "init", tmPrepared: [0, 1, 2] }, {})).toEqual([
      { state: { tmState: "committed", tmPrepared: [0, 1, 2] }, send: [0, 1, 2].map((to) => ({ type: "Commit", from: 0, to })) },
    ]);
    expect(runAction(ir, params, "TMCommit", 0, { tmState: "init", tmPrepared: [0, 1] }, {})).toEqual([]);
  });

});

describe("values", () => {
  const ir = compile("specs/two-phase-commit.json");
  const params = { resourceManagers: 3 };
  const color: Type = { kind: "enum", values: ["red", "green", "blue"] };

  it("orders values as the semantics doc says", () => {
    expect(compareValues({ kind: "bool" }, false, true)).toBe(-1);
    expect(compareValues({ kind: "int", min: null, max: null }, 7, -2)).toBe(1);
    expect(compareValues(color, "blue", "green")).toBe(1);
    expect(compareValues(color, "red", "green")).toBe(-1);
    const seq: Type = { kind: "seq", elem: { kind: "int", min: null, max: null }, max: { const: 3 } };
    expect(compareValues(seq, [1, 2], [1, 2, 0])).toBe(-1);
    expect(compareValues(seq, [2], [1, 5])).toBe(1);
    expect(compareValues(seq, [1, 2], [1, 2])).toBe(0);
    expect(compareValues({ kind: "optional", inner: color }, null, "red")).toBe(-1);
    expect(compareValues({ kind: "optional", inner: color }, "red", null)).toBe(1);
    const rec: Type = { kind: "record", fields: [{ name: "b", type: { kind: "bool" } }, { name: "c", type: color }] };
    expect(compareValues(rec, { b: true, c: "red" }, { b: false, c: "blue" })).toBe(1);
    expect(compareValues(rec, { b: true, c: "red" }, { b: true, c: "blue" })).toBe(-1);
    const msg: Type = { kind: "message", name: "Prepared" };
    expect(compareValues(msg, { type: "Commit", from: 0, to: 0 }, { type: "Prepared", from: 2, to: 0 }, ir)).toBe(1);
    expect(compareValues(msg, { type: "Prepared", from: 1, to: 0 }, { type: "Prepared", from: 2, to: 0 }, ir)).toBe(-1);
  });

  it("reads maps by key ordinal: node id, enum index, integer minus its minimum, false then true", () => {
    const INT: Type = { kind: "int", min: null, max: null };
    const read = (key: Type, map: unknown[], k: string | number | boolean): unknown => {
      const mapType: Type = { kind: "map", key, value: INT };
      const expr: Expr = { kind: "index", type: INT, target: { kind: "ghost", type: mapType, name: "m" }, index: { kind: "lit", type: key, value: k } };
      // checkConstraint evaluates any expression; a comparison makes it a predicate
      return [0, 1, 2, 3, 4].find((v) => checkConstraint(ir, params, { kind: "binary", type: { kind: "bool" }, op: "==", left: expr, right: { kind: "lit", type: INT, value: v } }, { nodes: {}, network: [], ghosts: { m: map } }));
    };
    expect(read({ kind: "node", role: "rm" }, [4, 3, 2], 1)).toBe(3);
    expect(read(color, [0, 1, 2], "blue")).toBe(2);
    expect(read({ kind: "int", min: { const: 2 }, max: { const: 4 } }, [1, 2, 3], 2)).toBe(1);
    expect(read({ kind: "bool" }, [4, 0], true)).toBe(0);
    expect(() => read({ kind: "int", min: { const: 2 }, max: { const: 4 } }, [1, 2, 3], 5)).toThrow(InterpreterError);
  });

  it("enumerates finite domains in order", () => {
    expect(domainOf({ kind: "bool" }, params, ir)).toEqual([false, true]);
    expect(domainOf({ kind: "int", min: { const: -1 }, max: { param: "resourceManagers", scale: 1, offset: 0 } }, params, ir)).toEqual([-1, 0, 1, 2, 3]);
    expect(domainOf({ kind: "int", min: { const: 0 }, max: { param: "resourceManagers", scale: 1, offset: -1 } }, params, ir)).toEqual([0, 1, 2]);
    expect(domainOf({ kind: "int", min: { const: 6 }, max: { param: "resourceManagers", scale: 2, offset: 1 } }, params, ir)).toEqual([6, 7]);
    expect(domainOf(color, params, ir)).toEqual(["red", "green", "blue"]);
    expect(domainOf({ kind: "node", role: "rm" }, params, ir)).toEqual([0, 1, 2]);
    expect(domainOf({ kind: "optional", inner: { kind: "node", role: "tm" } }, params, ir)).toEqual([null, 0]);
    const rec: Type = { kind: "record", fields: [{ name: "b", type: { kind: "bool" } }, { name: "n", type: { kind: "node", role: "rm" } }] };
    expect(domainOf(rec, { resourceManagers: 2 }, ir)).toEqual([
      { b: false, n: 0 },
      { b: false, n: 1 },
      { b: true, n: 0 },
      { b: true, n: 1 },
    ]);
    // Every set of booleans, ascending in the value order of sets (as sequences).
    expect(domainOf({ kind: "set", elem: { kind: "bool" } }, params, ir)).toEqual([[], [false], [false, true], [true]]);
  });
});

describe("inline specs", () => {
  it("forks at choose, one outcome per candidate in domain order", () => {
    const ir = inline("choose-forks", {
      roles: { p: { count: 1, state: { x: { type: int(0, 9), initial: "0" } } } },
      actions: {
        Pick: { role: "p", guard: "x == 0", effects: [{ choose: "v", from: "{5, 3, 4}", where: "v != 4", do: [{ set: "x", to: "v" }] }, { set: "x", to: "x + 1" }] },
        Never: { role: "p", effects: [{ choose: "v", from: "1..3", where: "v > 3", do: [{ set: "x", to: "v" }] }] },
      },
    });
    const init = initialState(ir, {});
    const ts = transitions(ir, {}, init);
    expect(labels(ts)).toEqual([
      { kind: "action", action: "Pick", role: "p", node: 0 },
      { kind: "action", action: "Pick", role: "p", node: 0 },
    ]);
    expect(ts.map((t) => t.next.nodes.p[0])).toEqual([{ x: 4 }, { x: 6 }]);
    expect(runAction(ir, {}, "Pick", 0, { x: 0 }, {}).map((o) => o.state)).toEqual([{ x: 4 }, { x: 6 }]);
    expect(runAction(ir, {}, "Never", 0, { x: 0 }, {})).toEqual([]);
  });

  it("indexes sequences from 1 and throws outside them", () => {
    const ir = inline("seq-index", {
      roles: {
        p: {
          count: 1,
          state: {
            log: { type: { type: "array", items: int(0, 99), maxItems: 3 }, initial: "[10, 20, 30]" },
            got: { type: int(0, 99), initial: "0" },
          },
        },
      },
      actions: {
        Read: { role: "p", params: { i: int(0, 4) }, effects: [{ set: "got", to: "log[i]" }] },
        Write: { role: "p", params: { i: int(0, 4) }, effects: [{ set: "log[i]", to: "99" }] },
        Edges: { role: "p", effects: [{ set: "got", to: "last(log) + len(slice(log, 2, 9)) + head(log)" }] },
      },
    });
    const s = { log: [10, 20, 30], got: 0 };
    expect(runAction(ir, {}, "Read", 0, s, { args: { i: 1 } })[0].state).toEqual({ log: [10, 20, 30], got: 10 });
    expect(runAction(ir, {}, "Read", 0, s, { args: { i: 3 } })[0].state).toEqual({ log: [10, 20, 30], got: 30 });
    expect(() => runAction(ir, {}, "Read", 0, s, { args: { i: 0 } })).toThrow(InterpreterError);
    expect(() => runAction(ir, {}, "Read", 0, s, { args: { i: 4 } })).toThrow(InterpreterError);
    expect(runAction(ir, {}, "Write", 0, s, { args: { i: 2 } })[0].state).toEqual({ log: [10, 99, 30], got: 0 });
    expect(s.log).toEqual([10, 20, 30]);
    expect(() => runAction(ir, {}, "Write", 0, s, { args: { i: 4 } })).toThrow(InterpreterError);
    expect(runAction(ir, {}, "Edges", 0, s, {})[0].state).toEqual({ log: [10, 20, 30], got: 42 });
    expect(() => runAction(ir, {}, "Edges", 0, { log: [], got: 0 }, {})).toThrow(InterpreterError);
    // the transitions try every i in 0..4, so i = 0 throws there too
    expect(() => transitions(ir, {}, initialState(ir, {}))).toThrow(InterpreterError);
  });

  const pingSpec = (network: string, faults: Record<string, unknown> = {}) => ({
    roles: {
      a: { count: 1, state: { sent: { type: int(0, 2), initial: "0" } } },
      b: { count: 1, state: { got: { type: int(0, 2), initial: "0" } } },
    },
    messages: { Ping: { from: "a", to: "b", fields: { v: int(0, 3) } } },
    network: { kind: network },
    faults,
    actions: {
      Send: { role: "a", guard: "sent < 2", effects: [{ set: "sent", to: "sent + 1" }, { send: "Ping", with: { v: "1" } }] },
      Recv: { role: "b", on: "Ping", effects: [{ set: "got", to: "got + msg.v" }] },
    },
    invariants: {
      DistinctPings: { description: "messages(Ping) holds distinct messages", expr: "size(messages(Ping)) <= 1 and (forall m in messages(Ping): m.v == 1 and m.from == 0)" },
    },
  });

  it("delivers one copy of a repeated message from a multiset and consumes it", () => {
    const ir = inline("multiset-ping", pingSpec("multiset", { loss: true, duplication: true }));
    const s0 = initialState(ir, {});
    const s2 = transitions(ir, {}, transitions(ir, {}, s0)[0].next)[0].next;
    const ping = { type: "Ping", from: 0, to: 0, v: 1 };
    expect(s2.network).toEqual([ping, ping]);
    expect(checkInvariant(ir, {}, "DistinctPings", s2)).toBe(true);
    expect(checkInvariant(ir, {}, "DistinctPings", { ...s2, network: [ping, { ...ping, v: 2 }] })).toBe(false);
    const ts = transitions(ir, {}, s2);
    expect(labels(ts)).toEqual([
      { kind: "action", action: "Recv", role: "b", node: 0, message: ping },
      { kind: "lose", message: ping },
      { kind: "duplicate", message: ping },
    ]);
    expect(ts[0].next.nodes.b).toEqual([{ got: 1 }]);
    expect(ts[0].next.network).toEqual([ping]);
    expect(ts[1].next.network).toEqual([ping]);
    expect(ts[2].next.network).toEqual([ping, ping, ping]);
    expect(s2.network).toEqual([ping, ping]);
  });

  it("keeps a set network's message after delivery and never duplicates it", () => {
    const ir = inline("set-ping", pingSpec("set", { duplication: true }));
    const s0 = initialState(ir, {});
    const s2 = transitions(ir, {}, transitions(ir, {}, s0)[0].next)[0].next;
    expect(s2.network).toEqual([{ type: "Ping", from: 0, to: 0, v: 1 }]);
    const ts = transitions(ir, {}, s2);
    expect(ts.map((t) => t.label.kind)).toEqual(["action"]);
    expect(ts[0].next.network).toEqual(s2.network);
  });

  it("keeps fifo channels in send order and delivers only their heads", () => {
    const ir = inline("fifo-order", {
      roles: {
        a: { count: 2, state: { done: { type: { type: "boolean" }, initial: "false" } } },
        b: { count: 1, state: { last: { type: int(0, 3), initial: "0" } } },
      },
      messages: { M: { from: "a", to: "b", fields: { v: int(0, 3) } } },
      network: { kind: "fifo" },
      faults: { duplication: true },
      actions: {
        Go: { role: "a", guard: "not done", effects: [{ set: "done", to: "true" }, { send: "M", with: { v: "2" } }, { send: "M", with: { v: "1" } }] },
        Take: { role: "b", on: "M", effects: [{ set: "last", to: "msg.v" }] },
      },
    });
    const m = (from: number, v: number) => ({ type: "M", from, to: 0, v });
    const s0 = initialState(ir, {});
    const s1 = transitions(ir, {}, s0)[1].next; // a1 goes first
    expect(s1.network).toEqual([m(1, 2), m(1, 1)]);
    const s2 = transitions(ir, {}, s1)[0].next; // then a0: its channel comes first
    expect(s2.network).toEqual([m(0, 2), m(0, 1), m(1, 2), m(1, 1)]);
    const ts = transitions(ir, {}, s2);
    expect(labels(ts)).toEqual([
      { kind: "action", action: "Take", role: "b", node: 0, message: m(0, 2) },
      { kind: "action", action: "Take", role: "b", node: 0, message: m(1, 2) },
      ...[m(0, 2), m(0, 1), m(1, 2), m(1, 1)].map((message) => ({ kind: "duplicate", message })),
    ]);
    expect(ts[0].next.network).toEqual([m(0, 1), m(1, 2), m(1, 1)]);
    expect(ts[0].next.nodes.b).toEqual([{ last: 2 }]);
    expect(ts[3].next.network).toEqual([m(0, 2), m(0, 1), m(0, 1), m(1, 2), m(1, 1)]);
  });

  const workerSpec = {
    roles: {
      worker: {
        count: 2,
        state: {
          p: { type: int(0, 5), initial: "0", persistent: true },
          v: { type: int(0, 9), initial: "self + 1" },
        },
      },
    },
    faults: { restart: ["worker"] },
    ghosts: {
      bumps: { type: int(0, 9), initial: "0" },
      before: { type: int(0, 9), initial: "worker[1].v" },
      after: { type: int(0, 9), initial: "0" },
    },
    actions: {
      Bump: {
        role: "worker",
        guard: "p < 5",
        effects: [
          { set: "p", to: "p + 1" },
          { set: "v", to: "v + 1" },
          { ghost: "bumps", to: "bumps + 1" },
          { ghost: "before", to: "worker[self].v" },
          { ghost: "after", to: "v" },
        ],
      },
    },
    invariants: { AtMostOneBump: { description: "at most one bump", expr: "bumps <= 1" } },
    properties: { PNeverDecreases: { description: "p never decreases", expr: "forall i in worker: next(worker[i].p) >= worker[i].p" } },
  };

  it("restarts a node: volatile fields return to their initial value, persistent ones stay", () => {
    const ir = inline("restart-worker", workerSpec);
    const s0 = initialState(ir, {});
    expect(s0.nodes.worker).toEqual([{ p: 0, v: 1 }, { p: 0, v: 2 }]);
    const s1 = transitions(ir, {}, s0)[1].next; // worker 1 bumps
    expect(s1.nodes.worker).toEqual([{ p: 0, v: 1 }, { p: 1, v: 3 }]);
    const ts = transitions(ir, {}, s1);
    expect(labels(ts)).toEqual([
      { kind: "action", action: "Bump", role: "worker", node: 0 },
      { kind: "action", action: "Bump", role: "worker", node: 1 },
      { kind: "restart", role: "worker", node: 0 },
      { kind: "restart", role: "worker", node: 1 },
    ]);
    expect(ts[3].next.nodes.worker).toEqual([{ p: 0, v: 1 }, { p: 1, v: 2 }]);
    expect(ts[3].next.ghosts).toEqual(s1.ghosts);
    expect(checkProperty(ir, {}, "PNeverDecreases", s1, ts[3].next)).toBe(true);
    expect(checkProperty(ir, {}, "PNeverDecreases", s1, s0)).toBe(false);
  });

  it("updates ghosts in the model only, reading other nodes before the step", () => {
    const ir = inline("ghost-worker", workerSpec);
    const s0 = initialState(ir, {});
    expect(s0.ghosts).toEqual({ bumps: 0, before: 2, after: 0 });
    const s1 = transitions(ir, {}, s0)[1].next;
    expect(s1.ghosts).toEqual({ bumps: 1, before: 2, after: 3 });
    expect(checkInvariant(ir, {}, "AtMostOneBump", s1)).toBe(true);
    const s2 = transitions(ir, {}, s1)[0].next;
    expect(s2.ghosts).toEqual({ bumps: 2, before: 1, after: 2 });
    expect(checkInvariant(ir, {}, "AtMostOneBump", s2)).toBe(false);
    expect(runAction(ir, {}, "Bump", 1, { p: 0, v: 2 }, {})).toEqual([{ state: { p: 1, v: 3 }, send: [] }]);
  });

  it("evaluates sets, quantifiers, arithmetic, builtins and a model constraint", () => {
    const ir = inline("expressions", {
      parameters: { n: { default: 3, minimum: 1, maximum: 5 } },
      models: { ci: { constraint: "forall i in p: p[i].m == 7" } },
      types: { Color: { enum: ["red", "green", "blue"] } },
      roles: {
        p: {
          count: "$n",
          state: {
            colors: { type: { type: "array", uniqueItems: true, items: { $ref: "#/types/Color" } }, initial: "{'blue', 'red', 'blue'}" },
            peers: { type: { type: "array", uniqueItems: true, items: { node: "p" } }, initial: "{i in p | i != self}" },
            q: { type: int(-20, 20), initial: "-7 / 2 + (-7 % 2) * 10" },
            big: { type: { type: "boolean" }, initial: "quorum({i in p | i != self}) and majority(p) == 2 and count(i in p | i >= self) == n - self" },
            m: { type: int(0, 9), initial: "min({4, 2, 8}) + max(0..3) + size({x in 1..5 | x % 2 == 0})" },
            l: { type: int(0, 99), initial: "let x = self + 1: let y = x * 10: y + x" },
          },
        },
      },
      actions: {
        Div: { role: "p", params: { d: int(0, 1) }, effects: [{ set: "q", to: "5 / d" }] },
        Empty: { role: "p", effects: [{ set: "m", to: "min({x in 1..3 | x > 3})" }] },
      },
    });
    const s0 = initialState(ir, { n: 3 });
    expect(s0.nodes.p[1]).toEqual({ colors: ["red", "blue"], peers: [0, 2], q: -13, big: true, m: 7, l: 22 });
    expect(s0.nodes.p[2]).toMatchObject({ big: true });
    expect(() => runAction(ir, { n: 3 }, "Div", 0, s0.nodes.p[0], { args: { d: 0 } })).toThrow(InterpreterError);
    expect(runAction(ir, { n: 3 }, "Div", 0, s0.nodes.p[0], { args: { d: 1 } })[0].state).toMatchObject({ q: 5 });
    expect(() => runAction(ir, { n: 3 }, "Empty", 0, s0.nodes.p[0], {})).toThrow(InterpreterError);
    const constraint = ir.models[0].constraint!;
    expect(checkConstraint(ir, { n: 3 }, constraint, s0)).toBe(true);
    const changed = { ...s0, nodes: { p: [s0.nodes.p[0], s0.nodes.p[1], { ...s0.nodes.p[2], m: 9 }] } };
    expect(checkConstraint(ir, { n: 3 }, constraint, changed)).toBe(false);
  });
});
