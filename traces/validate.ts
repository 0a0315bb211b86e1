/**
 * Trace validation: is a recorded run of real nodes a behaviour of the spec?
 * Each node's steps (host/node-main.ts records them) are merged into one run:
 * per node in the order taken, a receipt only once its message was sent, and
 * otherwise by time. The run is replayed on the IR interpreter (the oracle,
 * not the generated code the nodes ran): every recorded step must be one of
 * the transitions the spec allows from the replayed global state, ending in
 * the node state and the messages recorded, and every invariant and action
 * property must hold in every global state the run passes through.
 *
 * Payloads (any JSON value at run time) are replaced by small integers, the
 * n-th distinct payload by n: the spec only compares them for equality, so
 * the replay means the same. Check bounds are set past anything the run
 * reached (a payload bound to the number of distinct payloads, any other past
 * the largest integer and the longest array recorded), and actions' checkGuards
 * are not tested, so a run is never cut by a bound it was never given.
 */
import type { AnyMessage, GlobalState } from "../checkers/model.js";
import { checkInvariant, checkProperty, initialState, transitions, type Params } from "../generator/interpret.js";
import type { ProtocolIR, Type } from "../generator/ir.js";

export interface RecordedStep {
  readonly node: { readonly role: string; readonly self: number };
  readonly seq: number;
  readonly t: number;
  readonly kind: "start" | "restart" | "step";
  readonly action?: string;
  readonly message?: AnyMessage;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly before?: object;
  readonly after: object;
  readonly sent?: readonly AnyMessage[];
}

export type TraceVerdict =
  | { readonly ok: true; readonly steps: number; readonly states: number; readonly invariants: readonly string[] }
  | { readonly ok: false; readonly steps: number; readonly at: RecordedStep | null; readonly problem: string; readonly differences: readonly string[] };

export function validateRun(ir: ProtocolIR, runtime: Readonly<Record<string, number>>, records: readonly RecordedStep[]): TraceVerdict {
  const payloads = new Payloads(ir);
  const steps = records.map((r) => payloads.internStep(r));
  const params = replayParameters(ir, runtime, reachOf(steps), payloads.count);
  const queues = new Map<string, RecordedStep[]>();
  for (const s of steps) queues.set(nodeKey(s), [...(queues.get(nodeKey(s)) ?? []), s]);
  for (const q of queues.values()) q.sort((a, b) => a.seq - b.seq);
  let state = initialState(ir, params);
  let taken = 0;
  for (const start of [...queues.values()].map((q) => q[0])) {
    if (start.kind === "start") {
      const expected = state.nodes[start.node.role]?.[start.node.self];
      if (expected === undefined) return failed(taken, start, `${start.node.role} ${start.node.self} is no node of the spec's cluster`, []);
      const differences = diff(expected, start.after, "");
      if (differences.length > 0) return failed(taken, start, `${name(start)} did not start in the spec's initial state`, differences);
      queues.get(nodeKey(start))!.shift();
    }
  }
  const invariants = ir.invariants.map((i) => i.name);
  for (;;) {
    const next = nextStep(queues, state);
    if (next === "done") break;
    if (typeof next === "string") return failed(taken, null, next, []);
    const replayed = replay(ir, params, state, next);
    if ("problem" in replayed) return failed(taken, next, replayed.problem, replayed.differences);
    for (const inv of invariants) if (!checkInvariant(ir, params, inv, replayed)) return failed(taken + 1, next, `invariant ${inv} is violated after this step`, []);
    for (const prop of ir.properties) if (!checkProperty(ir, params, prop.name, state, replayed)) return failed(taken + 1, next, `action property ${prop.name} is violated by this step`, []);
    state = replayed;
    taken++;
    queues.get(nodeKey(next))!.shift();
  }
  return { ok: true, steps: taken, states: taken + 1, invariants };
}

function failed(steps: number, at: RecordedStep | null, problem: string, differences: readonly string[]): TraceVerdict {
  return { ok: false, steps, at, problem, differences };
}

const nodeKey = (s: RecordedStep): string => `${s.node.role}:${s.node.self}`;
const name = (s: RecordedStep): string => `${s.node.role} ${s.node.self}`;

/** The earliest head of a node's queue that can happen now: a receipt only once its message is in flight. */
function nextStep(queues: ReadonlyMap<string, RecordedStep[]>, state: GlobalState): RecordedStep | "done" | string {
  const heads = [...queues.values()].filter((q) => q.length > 0).map((q) => q[0]);
  if (heads.length === 0) return "done";
  const inFlight = new Set(state.network.map(canonical));
  const ready = heads.filter((s) => s.message === undefined || inFlight.has(canonical(s.message)));
  if (ready.length === 0) {
    const first = heads.sort((a, b) => a.t - b.t)[0];
    return `${name(first)} received ${canonical(first.message)} (its step ${first.seq}), which no recorded step sent or which was already received`;
  }
  return ready.sort((a, b) => a.t - b.t || a.seq - b.seq)[0];
}

/** The global state after the recorded step, or why the spec does not allow it. */
interface Refusal {
  readonly problem: string;
  readonly differences: readonly string[];
}

const refusal = (problem: string, differences: readonly string[] = []): Refusal => ({ problem, differences });

function replay(ir: ProtocolIR, params: Params, state: GlobalState, step: RecordedStep): GlobalState | Refusal {
  const { role, self } = step.node;
  const current = state.nodes[role]?.[self];
  if (current === undefined) return refusal(`${name(step)} is no node of the spec's cluster`);
  if (step.before !== undefined) {
    const differences = diff(current, step.before, "");
    if (differences.length > 0) return refusal(`${name(step)}'s state before its step ${step.seq} is not the state its previous step left`, differences);
  }
  // Only the recorded action (or the restart) is run: the replay needs no other successor. Its checkGuard is a check bound, which a run does not have.
  const only: ProtocolIR =
    step.kind === "restart"
      ? { ...ir, actions: [], faults: { loss: false, duplication: false, restart: ir.faults.restart.filter((r) => r === role) } }
      : { ...ir, actions: ir.actions.filter((a) => a.name === step.action).map((a) => ({ ...a, checkGuard: null })), faults: { loss: false, duplication: false, restart: [] } };
  const candidates = transitions(only, params, state).filter(({ label }) =>
    step.kind === "restart"
      ? label.kind === "restart" && label.role === role && label.node === self
      : label.kind === "action" && label.action === step.action && label.role === role && label.node === self && canonical(label.message ?? null) === canonical(step.message ?? null) && canonical(label.args ?? null) === canonical(step.args ?? null),
  );
  if (candidates.length === 0) return refusal(step.kind === "restart" ? `${name(step)} restarted, and the spec has no restart of ${role} nodes` : `${step.action} is not enabled at ${name(step)} in the replayed state (or takes other arguments)`);
  const sent = step.kind === "restart" ? [] : (step.sent ?? []);
  // A set network keeps a message after its delivery.
  const expected = networkAfter(state.network, ir.network === "set" ? undefined : step.message, sent);
  const match = candidates.find((c) => diff(c.next.nodes[role][self], step.after, "").length === 0 && sameMultiset(c.next.network, expected, ir.network === "set"));
  if (match !== undefined) return match.next;
  const closest = candidates[0].next;
  const differences = diff(closest.nodes[role][self], step.after, "").map((d) => `${name(step)}: ${d}`);
  if (!sameMultiset(closest.network, expected, ir.network === "set")) differences.push(`sent: the spec sends ${JSON.stringify(sentBy(state.network, ir.network === "set" ? undefined : step.message, closest.network))}, the node sent ${JSON.stringify(sent)}`);
  return refusal(`the spec does not allow ${name(step)}'s ${step.kind === "restart" ? "restart" : step.action} as recorded (its step ${step.seq})`, differences);
}

function networkAfter(network: readonly AnyMessage[], received: AnyMessage | undefined, sent: readonly AnyMessage[]): string[] {
  const out = network.map(canonical);
  if (received !== undefined) out.splice(out.indexOf(canonical(received)), 1);
  return [...out, ...sent.map(canonical)];
}

function sentBy(before: readonly AnyMessage[], received: AnyMessage | undefined, after: readonly AnyMessage[]): unknown[] {
  const remaining = networkAfter(before, received, []);
  const out: unknown[] = [];
  for (const m of after) {
    const i = remaining.indexOf(canonical(m));
    if (i >= 0) remaining.splice(i, 1);
    else out.push(m);
  }
  return out;
}

/** Whether the network holds exactly the expected messages (as a set, for a set network that never forgets). */
function sameMultiset(network: readonly AnyMessage[], expected: readonly string[], asSet: boolean): boolean {
  const have = network.map(canonical).sort();
  const want = [...expected].sort();
  if (asSet) return JSON.stringify([...new Set(have)]) === JSON.stringify([...new Set(want)]);
  return JSON.stringify(have) === JSON.stringify(want);
}

/** JSON with sorted keys: the same value whatever order its fields were built in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
}

/** The fields where two node states differ, as `field: expected X, recorded Y`. */
function diff(expected: unknown, recorded: unknown, path: string): string[] {
  if (canonical(expected) === canonical(recorded)) return [];
  if (typeof expected === "object" && expected !== null && !Array.isArray(expected) && typeof recorded === "object" && recorded !== null && !Array.isArray(recorded)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(recorded)])];
    return keys.flatMap((k) => diff((expected as Record<string, unknown>)[k], (recorded as Record<string, unknown>)[k], path === "" ? k : `${path}.${k}`));
  }
  return [`${path || "state"}: the spec gives ${JSON.stringify(expected)}, the node recorded ${JSON.stringify(recorded)}`];
}

/** The interpreter's parameters for a replay: the run's own, and every check bound past what the run can reach. */
function replayParameters(ir: ProtocolIR, runtime: Readonly<Record<string, number>>, reach: number, payloads: number): Params {
  const payloadBounds = new Set(ir.types.flatMap((t) => payloadBoundsOf(t.type)));
  for (const r of ir.roles) for (const f of r.fields) for (const b of payloadBoundsOf(f.type)) payloadBounds.add(b);
  return Object.fromEntries(ir.parameters.map((p) => [p.name, p.checkOnly ? Math.max(p.default, payloadBounds.has(p.name) ? Math.max(payloads, 1) : reach) : (runtime[p.name] ?? p.default)]));
}

/** One past the largest integer and the longest array the records hold: past every term, index and length the run reached. */
function reachOf(records: readonly RecordedStep[]): number {
  let reach = 1;
  const walk = (v: unknown): void => {
    if (typeof v === "number") reach = Math.max(reach, v + 1);
    else if (Array.isArray(v)) {
      reach = Math.max(reach, v.length + 1);
      v.forEach(walk);
    } else if (typeof v === "object" && v !== null) Object.values(v).forEach(walk);
  };
  for (const r of records) [r.after, r.before, r.message, r.args, r.sent].forEach(walk);
  return reach;
}

function payloadBoundsOf(t: Type): string[] {
  switch (t.kind) {
    case "int":
      return t.payload && t.max !== null && "param" in t.max ? [t.max.param] : [];
    case "record":
      return t.fields.flatMap((f) => payloadBoundsOf(f.type));
    case "seq":
    case "set":
      return payloadBoundsOf(t.elem);
    case "map":
      return payloadBoundsOf(t.value);
    case "optional":
      return payloadBoundsOf(t.inner);
    default:
      return [];
  }
}

/** Each distinct payload as the integer the replay uses for it, found through the spec's types. */
class Payloads {
  private readonly ids = new Map<string, number>();
  constructor(private readonly ir: ProtocolIR) {}

  get count(): number {
    return this.ids.size;
  }

  internStep(r: RecordedStep): RecordedStep {
    const fields = this.ir.roles.find((x) => x.name === r.node.role)?.fields ?? [];
    const node = (state: object | undefined) => (state === undefined ? undefined : (Object.fromEntries(Object.entries(state).map(([k, v]) => [k, this.value(fields.find((f) => f.name === k)?.type, v)])) as object));
    const action = this.ir.actions.find((a) => a.name === r.action);
    const args = r.args === undefined ? undefined : Object.fromEntries(Object.entries(r.args).map(([k, v]) => [k, this.value(action?.params.find((q) => q.name === k)?.type, v)]));
    return { ...r, before: node(r.before), after: node(r.after)!, ...(args === undefined ? {} : { args }), ...(r.message === undefined ? {} : { message: this.message(r.message) }), ...(r.sent === undefined ? {} : { sent: r.sent.map((m) => this.message(m)) }) };
  }

  private message(m: AnyMessage): AnyMessage {
    const declared = this.ir.messages.find((x) => x.name === m.type);
    return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, this.value(declared?.fields.find((f) => f.name === k)?.type, v)])) as unknown as AnyMessage;
  }

  private value(t: Type | undefined, v: unknown): unknown {
    if (t === undefined || v === null || v === undefined) return v;
    switch (t.kind) {
      case "int":
        return t.payload ? this.id(v) : v;
      case "record":
        return typeof v === "object" ? Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, this.value(t.fields.find((f) => f.name === k)?.type, x)])) : v;
      case "seq":
      case "set":
        return Array.isArray(v) ? v.map((x) => this.value(t.elem, x)) : v;
      case "map":
        return Array.isArray(v) ? v.map((x) => this.value(t.value, x)) : v;
      case "optional":
        return this.value(t.inner, v);
      default:
        return v;
    }
  }

  private id(payload: unknown): number {
    const key = canonical(payload);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(key, id);
    }
    return id;
  }
}
