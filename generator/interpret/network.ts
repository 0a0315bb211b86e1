/**
 * The network of the IR interpreter, kept in the canonical order of
 * docs/reference/semantics.md ("Global state"): sorted for `multiset` and
 * `set`, grouped by channel in send order for `fifo`. Every operation returns
 * a new array.
 */
import type { AnyMessage } from "../../checkers/model.js";
import type { NetworkKind, ProtocolIR } from "../ir.js";
import { compareMessages, messageDecl, roleIndex, valuesEqual } from "./values.js";

type Net = readonly AnyMessage[];

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** Channel order: sender role index, sender id, receiver role index, receiver id. */
export function compareChannels(ir: ProtocolIR, a: AnyMessage, b: AnyMessage): number {
  const da = messageDecl(ir, a.type);
  const db = messageDecl(ir, b.type);
  return (
    sign(roleIndex(ir, da.from) - roleIndex(ir, db.from)) ||
    sign(a.from - b.from) ||
    sign(roleIndex(ir, da.to) - roleIndex(ir, db.to)) ||
    sign(a.to - b.to)
  );
}

/** The messages in flight without repeats, each at its first position, in network order. */
export function distinctMessages(network: Net): AnyMessage[] {
  const out: AnyMessage[] = [];
  for (const m of network) if (!out.some((x) => valuesEqual(x, m))) out.push(m);
  return out;
}

/** The distinct messages of `type` to node `to` that can be delivered now, in network order. */
export function deliverable(ir: ProtocolIR, network: Net, type: string, to: number): AnyMessage[] {
  const heads = network.filter((m, i) => {
    if (m.type !== type || m.to !== to) return false;
    return ir.network !== "fifo" || i === 0 || compareChannels(ir, network[i - 1], m) !== 0;
  });
  return distinctMessages(heads);
}

/** Removes the first copy of `m`. */
export function removeOne(network: Net, m: AnyMessage): AnyMessage[] {
  const i = network.findIndex((x) => valuesEqual(x, m));
  if (i < 0) throw new Error(`message ${JSON.stringify(m)} is not in flight`);
  return [...network.slice(0, i), ...network.slice(i + 1)];
}

/** Adds a sent message: sorted (a set skips one already there), or at the end of its channel for fifo. */
export function addMessage(ir: ProtocolIR, kind: NetworkKind, network: Net, m: AnyMessage): AnyMessage[] {
  if (kind === "set" && network.some((x) => valuesEqual(x, m))) return [...network];
  const after = kind === "fifo" ? (x: AnyMessage) => compareChannels(ir, x, m) > 0 : (x: AnyMessage) => compareMessages(ir.messages, x, m) > 0;
  const i = network.findIndex(after);
  const at = i < 0 ? network.length : i;
  return [...network.slice(0, at), m, ...network.slice(at)];
}

/** One more copy of `m`: right after its first copy (for a multiset, that is its sorted place too). */
export function duplicateOne(network: Net, m: AnyMessage): AnyMessage[] {
  const i = network.findIndex((x) => valuesEqual(x, m));
  if (i < 0) throw new Error(`message ${JSON.stringify(m)} is not in flight`);
  return [...network.slice(0, i + 1), m, ...network.slice(i + 1)];
}
