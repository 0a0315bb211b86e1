/**
 * The sans-IO runtime of two-phase commit (generated/two-phase-commit/) as a
 * program uses it: it keeps each node's state, calls the pure handlers and
 * carries the messages they return. Then the message validators, and every
 * handler compared with the interpreter's runAction in every reachable state.
 */
import { describe, expect, it } from "vitest";
import type { AnyMessage, GlobalState } from "../../checkers/model.js";
import { compileSpec } from "../../generator/compile.js";
import { initialState, InterpreterError, runAction, transitions } from "../../generator/interpret.js";
import type { ProtocolIR } from "../../generator/ir.js";
import { initRm, initTm, restartRm, restartTm, stepRm, stepTm, type RmEvent, type TmEvent } from "../../generated/two-phase-commit/machine.js";
import type { Abort, Commit, Message, Outcome, Parameters, Prepared, RmState, TmState } from "../../generated/two-phase-commit/types.js";
import { validateMessage } from "../../generated/two-phase-commit/validators.js";
import { SpecRuntimeError } from "../../runtime/values.js";

const p: Parameters = { resourceManagers: 3 };
const RMS = [0, 1, 2];

/** The only outcome of a step that must be enabled and deterministic. */
function only<S>(outcomes: readonly Outcome<S>[]): Outcome<S> {
  expect(outcomes).toHaveLength(1);
  return outcomes[0];
}

const prepared = (from: number): Prepared => ({ type: "Prepared", from, to: 0 });
const commit = (to: number): Commit => ({ type: "Commit", from: 0, to });
const abort = (to: number): Abort => ({ type: "Abort", from: 0, to });

describe("driving two-phase commit by hand", () => {
  it("commits: every rm prepares, the tm collects the votes, commits, and every rm commits", () => {
    let tm: TmState = initTm(p, 0);
    let rms: RmState[] = RMS.map((id) => initRm(p, id));
    expect(tm).toEqual({ tmState: "init", tmPrepared: [] });
    expect(rms).toEqual([{ rmState: "working" }, { rmState: "working" }, { rmState: "working" }]);

    // every rm prepares and says so; the program collects what they send
    const inFlight: Message[] = [];
    for (const id of [2, 0, 1]) {
      const before = rms[id];
      const o = only(stepRm(p, id, rms[id], { action: "RMPrepare" }));
      expect(before).toEqual({ rmState: "working" }); // handlers do not mutate their input
      expect(o.state).toEqual({ rmState: "prepared" });
      expect(o.send).toEqual([prepared(id)]);
      rms = rms.map((s, i) => (i === id ? o.state : s));
      inFlight.push(...o.send);
    }
    expect(stepRm(p, 0, rms[0], { action: "RMPrepare" })).toEqual([]); // no longer working
    expect(stepTm(p, 0, tm, { action: "TMCommit" })).toEqual([]); // nobody heard yet

    // the program delivers the Prepared messages to the tm, in the order they were sent
    for (const message of inFlight) {
      expect(message.type).toBe("Prepared");
      const o = only(stepTm(p, 0, tm, { action: "TMRcvPrepared", message: message as Prepared }));
      expect(o.send).toEqual([]);
      tm = o.state;
      if (tm.tmPrepared.length < 3) expect(stepTm(p, 0, tm, { action: "TMCommit" })).toEqual([]);
    }
    expect(tm).toEqual({ tmState: "init", tmPrepared: [0, 1, 2] }); // a sorted set, whatever the arrival order
    // a repeated Prepared changes nothing
    expect(only(stepTm(p, 0, tm, { action: "TMRcvPrepared", message: prepared(1) })).state).toEqual(tm);

    const decided = only(stepTm(p, 0, tm, { action: "TMCommit" }));
    expect(decided.state).toEqual({ tmState: "committed", tmPrepared: [0, 1, 2] });
    expect(decided.send).toEqual([commit(0), commit(1), commit(2)]);
    tm = decided.state;
    expect(stepTm(p, 0, tm, { action: "TMCommit" })).toEqual([]);
    expect(stepTm(p, 0, tm, { action: "TMAbort" })).toEqual([]);
    expect(stepTm(p, 0, tm, { action: "TMRcvPrepared", message: prepared(0) })).toEqual([]);

    for (const message of decided.send) {
      const o = only(stepRm(p, message.to, rms[message.to], { action: "RMRcvCommitMsg", message: message as Commit }));
      expect(o.send).toEqual([]);
      rms = rms.map((s, i) => (i === message.to ? o.state : s));
    }
    expect(rms).toEqual([{ rmState: "committed" }, { rmState: "committed" }, { rmState: "committed" }]);

    // a crash loses nothing: every field of two-phase commit is persistent
    expect(restartTm(p, 0, tm)).toEqual(tm);
    expect(restartRm(p, 1, rms[1])).toEqual(rms[1]);
  });

  it("aborts: one rm gives up on its own, the tm aborts, and every rm aborts", () => {
    let tm: TmState = initTm(p, 0);
    let rms: RmState[] = RMS.map((id) => initRm(p, id));
    const rm0 = only(stepRm(p, 0, rms[0], { action: "RMPrepare" }));
    expect(rm0.send).toEqual([prepared(0)]);
    const rm1 = only(stepRm(p, 1, rms[1], { action: "RMChooseToAbort" }));
    expect(rm1).toEqual({ state: { rmState: "aborted" }, send: [] });
    rms = [rm0.state, rm1.state, rms[2]];
    expect(stepRm(p, 1, rms[1], { action: "RMPrepare" })).toEqual([]);
    expect(stepRm(p, 1, rms[1], { action: "RMChooseToAbort" })).toEqual([]);

    tm = only(stepTm(p, 0, tm, { action: "TMRcvPrepared", message: prepared(0) })).state;
    expect(tm).toEqual({ tmState: "init", tmPrepared: [0] });
    expect(stepTm(p, 0, tm, { action: "TMCommit" })).toEqual([]);

    const decided = only(stepTm(p, 0, tm, { action: "TMAbort" }));
    expect(decided.state).toEqual({ tmState: "aborted", tmPrepared: [0] });
    expect(decided.send).toEqual([abort(0), abort(1), abort(2)]);
    tm = decided.state;
    expect(stepTm(p, 0, tm, { action: "TMAbort" })).toEqual([]);
    expect(stepTm(p, 0, tm, { action: "TMCommit" })).toEqual([]);

    for (const message of decided.send) {
      const o = only(stepRm(p, message.to, rms[message.to], { action: "RMRcvAbortMsg", message: message as Abort }));
      expect(o.send).toEqual([]);
      rms = rms.map((s, i) => (i === message.to ? o.state : s));
    }
    expect(rms).toEqual([{ rmState: "aborted" }, { rmState: "aborted" }, { rmState: "aborted" }]);
  });

  it("an action the role does not have is a TypeError, not an undefined outcome list", () => {
    const untyped = (action: string) => ({ action }) as unknown as RmEvent;
    expect(() => stepRm(p, 0, initRm(p, 0), untyped("toString"))).toThrow(new TypeError('a rm node has no action "toString"'));
    expect(() => stepTm(p, 0, initTm(p, 0), untyped("RMPrepare") as unknown as TmEvent)).toThrow(TypeError);
  });

  it("sizes broadcasts by the parameters it is given", () => {
    const five: Parameters = { resourceManagers: 5 };
    const tm = { tmState: "init" as const, tmPrepared: [0, 1, 2, 3, 4] };
    const o = only(stepTm(five, 0, tm, { action: "TMCommit" }));
    expect(o.send).toEqual([0, 1, 2, 3, 4].map(commit));
    // with 3 resource managers the same tm state has not heard from exactly 3, so it may not commit
    expect(stepTm(p, 0, tm, { action: "TMCommit" })).toEqual([]);
  });
});

describe("validating received messages", () => {
  it("accepts a well-formed Prepared and returns it typed", () => {
    const value: unknown = JSON.parse('{"type":"Prepared","from":2,"to":0}');
    const v = validateMessage(value, p);
    expect(v).toEqual({ ok: true, message: { type: "Prepared", from: 2, to: 0 } });
    if (v.ok) expect(v.message.type).toBe("Prepared");
  });

  const rejects = (value: unknown, params: Parameters = p): string => {
    const v = validateMessage(value, params);
    if (v.ok) throw new Error(`accepted ${JSON.stringify(value)}`);
    return v.error;
  };

  it("rejects a message of an unknown type, naming /type", () => {
    expect(rejects({ type: "Prepare", from: 0, to: 0 })).toMatch(/^\/type: /);
    expect(rejects({ type: "Prepare", from: 0, to: 0 })).toContain("Prepared, Commit, Abort");
    expect(rejects({ from: 0, to: 0 })).toMatch(/^\/type: /);
    expect(rejects(null)).toMatch(/^\/type: /);
    expect(rejects("Prepared")).toMatch(/^\/type: /);
  });

  it("rejects a missing field, naming the object and the field", () => {
    const error = rejects({ type: "Prepared", to: 0 });
    expect(error).toMatch(/^\/: /);
    expect(error).toContain("'from'");
  });

  it("rejects a field of the wrong type, naming its pointer", () => {
    expect(rejects({ type: "Prepared", from: "1", to: 0 })).toMatch(/^\/from: must be integer/);
    expect(rejects({ type: "Prepared", from: 1.5, to: 0 })).toMatch(/^\/from: /);
    expect(rejects({ type: "Prepared", from: -1, to: 0 })).toMatch(/^\/from: /);
  });

  it("rejects an extra field, naming it", () => {
    const error = rejects({ type: "Prepared", from: 0, to: 0, vote: "yes" });
    expect(error).toMatch(/^\/(vote)?: /);
    // a program's operator needs to know which field was extra
    expect(error).toContain("vote");
  });

  it("rejects node ids outside the cluster's parameters, naming /from or /to", () => {
    expect(rejects({ type: "Prepared", from: 3, to: 0 })).toBe("/from: must be a rm id");
    expect(rejects({ type: "Prepared", from: 0, to: 1 })).toBe("/to: must be a tm id");
    expect(rejects({ type: "Commit", from: 0, to: 7 })).toBe("/to: must be a rm id");
    // the bound depends on the parameters: rm 3 exists in a cluster of 4
    expect(validateMessage({ type: "Prepared", from: 3, to: 0 }, { resourceManagers: 4 }).ok).toBe(true);
    expect(rejects({ type: "Prepared", from: 2, to: 0 }, { resourceManagers: 2 })).toBe("/from: must be a rm id");
  });
});

describe("the generated handlers agree with the interpreter's runAction", () => {
  function compile(): ProtocolIR {
    const r = compileSpec("specs/two-phase-commit.json");
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.value.ir;
  }

  it("for every action, node and input, in every reachable state", () => {
    const ir = compile();
    const params = { resourceManagers: p.resourceManagers };
    const seen = new Map<string, GlobalState>();
    let frontier = [initialState(ir, params)];
    seen.set(JSON.stringify(frontier[0]), frontier[0]);
    while (frontier.length > 0) {
      const next: GlobalState[] = [];
      for (const s of frontier) {
        for (const t of transitions(ir, params, s)) {
          const key = JSON.stringify(t.next);
          if (!seen.has(key)) {
            seen.set(key, t.next);
            next.push(t.next);
          }
        }
      }
      frontier = next;
    }
    expect(seen.size).toBe(288);

    /** Every message of a type addressed to node `to`: one per possible sender. */
    const inputs = (type: string, to: number): AnyMessage[] => {
      const m = ir.messages.find((x) => x.name === type)!;
      const senders = m.from === "tm" ? [0] : RMS;
      return senders.map((from) => ({ type, from, to }));
    };
    const run = <T>(f: () => T): { ok: true; value: T } | { ok: false; error: unknown } => {
      try {
        return { ok: true, value: f() };
      } catch (error) {
        return { ok: false, error };
      }
    };

    let compared = 0;
    for (const state of seen.values()) {
      for (const action of ir.actions) {
        const nodes = state.nodes[action.role];
        for (let id = 0; id < nodes.length; id++) {
          const node = nodes[id];
          const cases: { input: { message?: AnyMessage }; event: TmEvent | RmEvent }[] =
            action.on === null
              ? [{ input: {}, event: { action: action.name } as TmEvent | RmEvent }]
              : inputs(action.on, id).map((message) => ({ input: { message }, event: { action: action.name, message } as TmEvent | RmEvent }));
          for (const { input, event } of cases) {
            const oracle = run(() => runAction(ir, params, action.name, id, node, input));
            const generated = run(() => (action.role === "tm" ? stepTm(p, id, node as TmState, event as TmEvent) : stepRm(p, id, node as RmState, event as RmEvent)));
            const where = `${action.name} at ${action.role} ${id} with ${JSON.stringify(input)} in ${JSON.stringify(node)}`;
            expect(generated.ok, `${where}: both or neither throw`).toBe(oracle.ok);
            if (oracle.ok && generated.ok) expect(generated.value, where).toStrictEqual(oracle.value);
            else {
              expect(oracle.ok ? null : oracle.error, where).toBeInstanceOf(InterpreterError);
              expect(generated.ok ? null : generated.error, where).toBeInstanceOf(SpecRuntimeError);
            }
            compared++;
          }
        }
      }
    }
    // per state: tm takes 3 inputs for TMRcvPrepared + TMCommit + TMAbort; each of 3 rms takes 2 internal actions + 2 x 1 message
    expect(compared).toBe(288 * (3 + 1 + 1 + 3 * (2 + 1 + 1)));
  });
});
