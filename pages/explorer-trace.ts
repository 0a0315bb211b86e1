/**
 * The data the docs site's trace explorer steps through, read from the ITF
 * counterexample publish wrote (generated/<spec>/counterexample.itf.json) and
 * the spec's IR: every node's state at each step with the fields that changed,
 * each message from the step that sent it to the one that delivered (or lost)
 * it, the log-shaped fields to draw side by side, and the violated invariant.
 * It reads any ITF trace of a spec, so it knows no protocol by name.
 */
import type { ProtocolIR, Type } from "../generator/ir.js";
import { parseLabel } from "./counterexample.js";

/** A JSON value as the explorer shows it: ITF's integers, sets, maps and options made plain. */
export type Plain = null | boolean | number | string | readonly Plain[] | { readonly [key: string]: Plain };

export interface ExplorerNode {
  /** `server 0`: the role and the node's index, as traces name it. */
  readonly id: string;
  readonly role: string;
}

export interface ExplorerMessage {
  readonly id: number;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly fields: Readonly<Record<string, Plain>>;
  readonly sentAt: number;
  /** The steps that received it: one in a multiset or fifo network; any number in a set network that never forgets. */
  readonly deliveredAt: readonly number[];
  /** The step the network lost it at, or took it away otherwise (a restart), or null while it stays in flight. */
  readonly goneAt: number | null;
}

export interface ExplorerStep {
  readonly index: number;
  /** The node that took the step; empty for the initial state, `network` for a loss or duplication. */
  readonly node: string;
  readonly action: string;
  /** The id of the message this step received, if any. */
  readonly received: number | null;
  readonly states: Readonly<Record<string, Readonly<Record<string, Plain>>>>;
  /** Per node, the fields whose value differs from the step before. */
  readonly changed: Readonly<Record<string, readonly string[]>>;
  readonly ghosts: Readonly<Record<string, Plain>>;
  readonly changedGhosts: readonly string[];
}

/** A role field that is a sequence of records with a term-like field: drawn as logs side by side, coloured by that field. */
export interface LogField {
  readonly role: string;
  readonly field: string;
  readonly term: string;
}

export interface ExplorerTrace {
  readonly spec: string;
  readonly nodes: readonly ExplorerNode[];
  readonly steps: readonly ExplorerStep[];
  readonly messages: readonly ExplorerMessage[];
  readonly logs: readonly LogField[];
  readonly violation: { readonly name: string; readonly description: string; readonly text: string; readonly witness: string | null } | null;
}

interface ItfTrace {
  readonly "#meta"?: { readonly witness?: string };
  readonly states: readonly ({ readonly "#meta": { readonly action: string } } & Record<string, unknown>)[];
}

/** An ITF value made plain: bigints as numbers, sets and maps as arrays (a map's values in key order), options as the value or null. */
export function plainValue(v: unknown): Plain {
  if (Array.isArray(v)) return v.map(plainValue);
  if (typeof v !== "object" || v === null) return v as Plain;
  const o = v as Record<string, unknown>;
  if ("#bigint" in o) return Number(o["#bigint"]);
  if ("#set" in o) return (o["#set"] as unknown[]).map(plainValue);
  if ("#tup" in o) return (o["#tup"] as unknown[]).map(plainValue);
  // A map's values in key order, as the state holds them and the text trace prints them.
  if ("#map" in o) return (o["#map"] as [unknown, unknown][]).map(([, x]) => plainValue(x));
  if ("tag" in o && "value" in o && Object.keys(o).length === 2 && (o.tag === "None" || o.tag === "Some")) return o.tag === "None" ? null : plainValue(o.value);
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plainValue(x)]));
}

/** As checkers/trace-format.ts prints a value, so a message here reads as the trace's label names it. */
function valueText(v: Plain): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueText).join(", ")}]`;
  if (typeof v === "object" && v !== null) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${valueText(x)}`).join(", ")} }`;
  return String(v);
}

const TERM_NAMES = ["term", "ballot", "bal", "epoch", "round", "view"];

/** The element type of a sequence, or of a map indexed by integers (a log by slot). */
function entries(t: Type): Type | null {
  if (t.kind === "seq") return t.elem;
  if (t.kind === "map" && t.key.kind === "int") return t.value;
  return null;
}

/** Role fields shaped like a replicated log: a sequence of records with an integer term (or ballot, epoch...) field. */
export function logFields(ir: ProtocolIR): LogField[] {
  return ir.roles.flatMap((role) =>
    role.fields.flatMap((f) => {
      const elem = entries(f.type);
      if (elem === null || elem.kind !== "record") return [];
      const term = TERM_NAMES.map((n) => elem.fields.find((x) => x.name === n && x.type.kind === "int")).find((x) => x !== undefined);
      return term === undefined ? [] : [{ role: role.name, field: f.name, term: term.name }];
    }),
  );
}

interface Live {
  readonly key: string;
  readonly message: ExplorerMessage & { deliveredAt: number[]; goneAt: number | null };
}

function messageOf(m: Record<string, Plain>, ir: ProtocolIR, id: number, sentAt: number): Live["message"] {
  const declared = ir.messages.find((x) => x.name === m.type);
  const [fromRole, toRole] = declared === undefined ? ["?", "?"] : [declared.from, declared.to];
  const fields = Object.fromEntries(Object.entries(m).filter(([k]) => k !== "type" && k !== "from" && k !== "to"));
  return { id, type: String(m.type), from: `${fromRole} ${m.from}`, to: `${toRole} ${m.to}`, fields, sentAt, deliveredAt: [], goneAt: null };
}

/** A message as the trace's labels write it: `RequestVote { term: 1 } server 0 → server 1`. */
export function messageText(m: Pick<ExplorerMessage, "type" | "fields" | "from" | "to">): string {
  const fields = Object.entries(m.fields);
  return `${m.type}${fields.length === 0 ? "" : ` { ${fields.map(([k, x]) => `${k}: ${valueText(x)}`).join(", ")} }`} ${m.from} → ${m.to}`;
}

function counted(network: readonly Plain[]): Map<string, { message: Record<string, Plain>; n: number }> {
  const counts = new Map<string, { message: Record<string, Plain>; n: number }>();
  for (const m of network) {
    const key = JSON.stringify(m);
    counts.set(key, { message: m as Record<string, Plain>, n: (counts.get(key)?.n ?? 0) + 1 });
  }
  return counts;
}

function nodeStates(state: Record<string, unknown>, ir: ProtocolIR): Record<string, Record<string, Plain>> {
  const states: Record<string, Record<string, Plain>> = {};
  for (const role of ir.roles) {
    const nodes = plainValue(state[role.name]);
    const list = Array.isArray(nodes) ? nodes : Object.values(nodes ?? {});
    list.forEach((n, i) => (states[`${role.name} ${i}`] = n as Record<string, Plain>));
  }
  return states;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The explorer's view of an ITF counterexample of the spec `ir`; `violated` names the invariant the last state breaks. */
export function explorerTrace(itf: ItfTrace, ir: ProtocolIR, violated: string | null): ExplorerTrace {
  const messages: Live["message"][] = [];
  let live: Live[] = [];
  const steps: ExplorerStep[] = [];
  let previous: { states: Record<string, Record<string, Plain>>; ghosts: Record<string, Plain>; network: Plain[] } | null = null;
  itf.states.forEach((state, index) => {
    const raw = state["#meta"].action;
    const label = index === 0 || raw === "init" ? { node: "", action: "initial state", received: "" } : parseLabel(raw);
    const states = nodeStates(state, ir);
    const ghosts = Object.fromEntries(ir.ghosts.map((g) => [g.name, plainValue(state[g.name])]));
    const network = plainValue(state.network ?? []) as Plain[];
    const before = counted(previous?.network ?? []);
    const after = counted(network);
    let received: number | null = null;
    if (label.received !== "") {
      const match = live.find((l) => messageText(l.message) === label.received);
      if (match !== undefined) {
        match.message.deliveredAt.push(index);
        received = match.message.id;
      }
    }
    for (const [key, { n }] of before) {
      for (let k = after.get(key)?.n ?? 0; k < n; k++) {
        // A delivery consumes the copy it received; any other removal (a loss) the oldest copy.
        const gone = live.find((l) => l.key === key && l.message.id === received) ?? live.find((l) => l.key === key);
        if (gone === undefined) continue;
        if (gone.message.id !== received) gone.message.goneAt = index;
        live = live.filter((l) => l !== gone);
      }
    }
    for (const [key, { message, n }] of after) {
      for (let k = before.get(key)?.n ?? 0; k < n; k++) {
        const m = messageOf(message, ir, messages.length, index);
        messages.push(m);
        live.push({ key, message: m });
      }
    }
    const changed = Object.fromEntries(Object.entries(states).map(([node, s]) => [node, previous === null ? [] : Object.keys(s).filter((f) => !same(s[f], previous!.states[node]?.[f]))]));
    const changedGhosts = previous === null ? [] : Object.keys(ghosts).filter((g) => !same(ghosts[g], previous!.ghosts[g]));
    steps.push({ index, node: label.node, action: label.action, received, states, changed, ghosts, changedGhosts });
    previous = { states, ghosts, network };
  });
  const nodes = ir.roles.flatMap((role) => Object.keys(steps[0]?.states ?? {}).filter((id) => id.startsWith(`${role.name} `)).map((id) => ({ id, role: role.name })));
  const predicate = [...ir.invariants, ...ir.properties].find((p) => p.name === violated);
  const violation = violated === null ? null : { name: violated, description: predicate?.description ?? "", text: predicate?.text ?? "", witness: itf["#meta"]?.witness ?? null };
  return { spec: ir.name, nodes, steps, messages, logs: logFields(ir), violation };
}
