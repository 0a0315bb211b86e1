/**
 * The oracle property test (test/support/oracle.ts says what it checks) for
 * every spec and fixture outside the other oracle files' groups
 * (ORACLE_GROUPS), the scripted fixture walks and the minimal cases.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AnyMessage, GlobalState, StepLabel } from "../../checkers/model.js";
import { initialState, InterpreterError, transitions } from "../../generator/interpret.js";
import { SpecRuntimeError } from "../../runtime/values.js";
import { checkStep, describeWalks, exhaust, newStats, stable, subjects, type Subject } from "../support/oracle.js";

describeWalks("rest");

/** A scripted walk's step: both sides must agree on every successor of `state`; then the one `pick` chooses. */
function scripted(s: Subject, stats: ReturnType<typeof newStats>): (state: GlobalState, pick: (l: StepLabel) => boolean) => GlobalState {
  return (state, pick) => {
    const ts = checkStep(s, "scripted", state, stats);
    const t = ts?.find((x) => pick(x.label));
    if (t === undefined) throw new Error(`no such step from ${stable(state)}`);
    return t.next;
  };
}

describe("fixtures: deterministic walks to their corner cases", () => {
  it("fifo ping-pong: both sides raise the runtime error of `last` of an empty sequence", async () => {
    const [s] = await subjects("test/fixtures/specs/fifo-ping-pong.json");
    const stats = newStats();
    const take = scripted(s, stats);
    const ping = (target: number) => (l: StepLabel) => l.kind === "action" && l.action === "Ping" && l.args?.target === target;
    const pong = (node: number) => (l: StepLabel) => l.kind === "action" && l.action === "Pong" && l.node === node;
    let st = initialState(s.ir, s.params);
    st = take(st, ping(0));
    st = take(st, ping(0));
    st = take(st, ping(1)); // ponger 1 gets only ping 2
    st = take(st, pong(1));
    expect(st.nodes.ponger[1]).toEqual({ seen: [2], newest: 2, peek: 0 });
    expect(() => transitions(s.ir, s.params, st)).toThrow(InterpreterError);
    expect(() => s.model.transitions(st)).toThrow(SpecRuntimeError);
    expect(checkStep(s, "at the error", st, stats)).toBeNull();
  });

  it("fifo ping-pong: equal messages apart in one channel (Nack, Pong, Nack) are lost and duplicated alike", async () => {
    const [s] = await subjects("test/fixtures/specs/fifo-ping-pong.json");
    const stats = newStats();
    const take = scripted(s, stats);
    const is = (kind: string, action?: string, extra: (l: StepLabel) => boolean = () => true) => (l: StepLabel) =>
      l.kind === kind && (action === undefined || (l.kind === "action" && l.action === action)) && extra(l);
    const msgN = (n: number) => (l: StepLabel) => "message" in l && (l.message as AnyMessage & { n?: number }).n === n;
    let st = initialState(s.ir, s.params);
    st = take(st, is("action", "Ping"));
    st = take(st, is("action", "Ping"));
    st = take(st, is("duplicate", undefined, msgN(0)));
    st = take(st, is("action", "Pong")); // ping 0: Pong
    st = take(st, is("action", "Pong")); // its copy: Nack
    st = take(st, is("duplicate", undefined, msgN(1)));
    st = take(st, is("action", "Pong")); // ping 1: Pong
    st = take(st, is("action", "Pong")); // its copy: Nack
    const nack = { type: "Nack", from: 0, to: 0 };
    expect(st.network.filter((m) => m.type !== "Ping")).toEqual([
      { type: "Pong", from: 0, to: 0, n: 0, echo: 1 },
      nack,
      { type: "Pong", from: 0, to: 0, n: 1, echo: 2 },
      nack,
    ]);
    // checkStep compares every successor, the lose and duplicate steps of both Nack copies included
    expect(checkStep(s, "with two Nacks apart", st, stats)).not.toBeNull();
  });
});

/**
 * The smallest specs that show each disagreement the walks found. Each one is
 * explored exhaustively (a handful of states) and must agree with the
 * interpreter, which follows docs/reference/semantics.md in every case here.
 */
describe("minimal cases", () => {
  const dir = mkdtempSync(join(tmpdir(), "oracle-min-"));
  const int = (minimum: number, maximum: number) => ({ type: "integer", minimum, maximum });
  async function inline(name: string, spec: Record<string, unknown>): Promise<Subject> {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify({ name, title: name, description: name, models: { ci: {} }, ...spec }));
    const [subject] = await subjects(file);
    return subject;
  }
  const one = (state: Record<string, unknown>) => ({ peer: { count: 1, state } });

  it("a role named `p` (the generated code's name for the parameters)", async () => {
    const s = await inline("oracle-min-role-named-p", {
      roles: { p: { count: 1, state: { n: { type: int(0, 3), initial: "0" } } } },
      actions: { Inc: { role: "p", guard: "n < 1", effects: [{ set: "n", to: "n + 1" }] } },
    });
    expect(exhaust(s, 10)).toBe(2);
  });

  it("messages(T) in an invariant", async () => {
    const s = await inline("oracle-min-messages-of", {
      roles: one({ sent: { type: { type: "boolean" }, initial: "false" } }),
      messages: { M: { from: "peer", to: "peer", fields: {} } },
      actions: {
        Send: { role: "peer", guard: "not sent", effects: [{ set: "sent", to: "true" }, { send: "M" }] },
        Take: { role: "peer", on: "M", effects: [] },
      },
      invariants: { AtMostOne: { description: "one M at most", expr: "size(messages(M)) <= 1" } },
    });
    expect(exhaust(s, 10)).toBe(3);
  });

  it("a record inside a sequence (decoding it)", async () => {
    const s = await inline("oracle-min-record-in-seq", {
      roles: one({ log: { type: { type: "array", items: { type: "object", properties: { b: { type: "boolean" } } }, maxItems: 1 }, initial: "[]" } }),
      actions: { Add: { role: "peer", guard: "len(log) < 1", effects: [{ set: "log", to: "append(log, {b: true})" }] } },
    });
    expect(exhaust(s, 10)).toBe(2);
  });

  it("an `if` effect yields one outcome, after the effects that follow it", async () => {
    const s = await inline("oracle-min-if-effect", {
      roles: one({ n: { type: int(0, 3), initial: "0" } }),
      actions: {
        Step: { role: "peer", guard: "n == 0", effects: [{ if: "n == 0", then: [{ set: "n", to: "1" }] }, { set: "n", to: "n + 1" }] },
      },
    });
    const init = initialState(s.ir, s.params);
    expect(transitions(s.ir, s.params, init).map((t) => t.next.nodes.peer)).toEqual([[{ n: 2 }]]);
    expect(exhaust(s, 10)).toBe(2);
  });

  it("a message field that is a map keyed by a parameter-sized role (decoding it)", async () => {
    const s = await inline("oracle-min-map-in-message", {
      parameters: { k: { default: 2, minimum: 1, maximum: 3 } },
      roles: { peer: { count: "$k", state: { sent: { type: { type: "boolean" }, initial: "false" } } } },
      messages: { M: { from: "peer", to: "peer", fields: { m: { type: "array", items: { type: "boolean" }, indexedBy: { node: "peer" } } } } },
      actions: {
        Send: { role: "peer", guard: "not sent", effects: [{ set: "sent", to: "true" }, { send: "M", to: "self", with: { m: "[i == self for i in peer]" } }] },
      },
    });
    expect(exhaust(s, 10)).toBe(4);
  });

  it("a choose whose `where` reads the node's state", async () => {
    const s = await inline("oracle-min-choose-where", {
      roles: one({ n: { type: int(0, 3), initial: "0" } }),
      actions: { Pick: { role: "peer", guard: "n < 2", effects: [{ choose: "v", from: "1..2", where: "v > n", do: [{ set: "n", to: "v" }] }] } },
    });
    expect(exhaust(s, 10)).toBe(3);
  });

  it("fifo: loss acts once per distinct message, even when copies sit apart in a channel", async () => {
    const s = await inline("oracle-min-fifo-apart", {
      roles: { a: { count: 1, state: { sent: { type: { type: "boolean" }, initial: "false" } } }, b: { count: 1, state: { got: { type: int(0, 3), initial: "0" } } } },
      messages: { X: { from: "a", to: "b", fields: {} }, Y: { from: "a", to: "b", fields: {} } },
      network: { kind: "fifo" },
      faults: { loss: true },
      actions: { Send: { role: "a", guard: "not sent", effects: [{ set: "sent", to: "true" }, { send: "X" }, { send: "Y" }, { send: "X" }] } },
    });
    const init = initialState(s.ir, s.params);
    const [sent] = transitions(s.ir, s.params, init);
    expect(sent.next.network.map((m) => m.type)).toEqual(["X", "Y", "X"]);
    // the interpreter: one successor per distinct message (X, Y), losing the first copy
    expect(transitions(s.ir, s.params, sent.next).map((t) => t.next.network.map((m) => m.type))).toEqual([["Y", "X"], ["X", "X"]]);
    expect(exhaust(s, 20)).toBe(7);
  });
});
