/**
 * The modelled network, shared by every generated model: messages in flight
 * kept in canonical order (docs/reference/semantics.md), delivery, and sends.
 */
import type { Lanes } from "./hash.js";
import { equal, type Compare } from "./values.js";

export type NetworkKind = "multiset" | "set" | "fifo";

export interface NetworkOrder<M> {
  readonly kind: NetworkKind;
  /** The message order: sorts a multiset or set network. */
  readonly compare: Compare<M>;
  /** The channel order (sender role, sender, receiver role, receiver): groups a fifo network. */
  readonly channel: Compare<M>;
}

/** Whether the message at k may be delivered, skipping copies equal to the one before it. */
export function deliverable<M>(net: readonly M[], k: number, order: NetworkOrder<M>): boolean {
  if (k === 0 || order.kind === "set") return true;
  if (order.kind === "fifo") return order.channel(net[k - 1], net[k]) !== 0;
  return order.compare(net[k - 1], net[k]) !== 0;
}

/**
 * Whether the message at k is the first copy of its value in the network: fault
 * steps act once per distinct message. Sorted networks keep copies together; a
 * fifo channel may hold equal messages apart.
 */
export function distinctAt<M>(net: readonly M[], k: number, order: NetworkOrder<M>): boolean {
  if (order.kind !== "fifo") return k === 0 || !equal(net[k - 1], net[k]);
  for (let j = 0; j < k; j++) if (equal(net[j], net[k])) return false;
  return true;
}

/** The network after the message at k was received: consumed, except from a set. */
export function received<M>(net: readonly M[], k: number, order: NetworkOrder<M>): readonly M[] {
  return order.kind === "set" ? net : removeAt(net, k);
}

export function removeAt<M>(net: readonly M[], k: number): M[] {
  return [...net.slice(0, k), ...net.slice(k + 1)];
}

/** The network with one more copy of the message at k, next to it. */
export function duplicatedAt<M>(net: readonly M[], k: number): M[] {
  return [...net.slice(0, k + 1), net[k], ...net.slice(k + 1)];
}

/** The network with the sends added in order: after equal ones (multiset), at the channel's end (fifo), once (set). */
export function withSends<M>(net: readonly M[], sends: readonly M[], order: NetworkOrder<M>): readonly M[] {
  if (sends.length === 0) return net;
  const result = [...net];
  const compare = order.kind === "fifo" ? order.channel : order.compare;
  for (const m of sends) {
    let lo = 0;
    let hi = result.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(result[mid], m) <= 0) lo = mid + 1;
      else hi = mid;
    }
    if (order.kind === "set" && lo > 0 && compare(result[lo - 1], m) === 0) continue;
    result.splice(lo, 0, m);
  }
  return result;
}

/** The distinct in-flight messages of one type, for `messages(T)`. */
export function messagesOf<M extends { readonly type: string }, T extends M["type"]>(net: readonly M[], type: T, compare: Compare<M>): Extract<M, { readonly type: T }>[] {
  const of = net.filter((m): m is Extract<M, { readonly type: T }> => m.type === type).sort(compare);
  return of.filter((m, i) => i === 0 || compare(of[i - 1], m) !== 0);
}

/**
 * `messagesOf` for a network kept in canonical order (set and multiset): the
 * messages of one type are already adjacent and sorted, so no sort is needed.
 */
export function messagesOfSorted<M extends { readonly type: string }, T extends M["type"]>(net: readonly M[], type: T, compare: Compare<M>): Extract<M, { readonly type: T }>[] {
  const of: Extract<M, { readonly type: T }>[] = [];
  for (const m of net) {
    if (m.type !== type) {
      if (of.length > 0) break;
      continue;
    }
    if (of.length === 0 || compare(of[of.length - 1], m) !== 0) of.push(m as Extract<M, { readonly type: T }>);
  }
  return of;
}

/** `messagesOf` for a set network: canonical order and no copies, so the messages of the type are a run to take as it is. */
export function messagesOfSet<M extends { readonly type: string }, T extends M["type"]>(net: readonly M[], type: T): Extract<M, { readonly type: T }>[] {
  const of: Extract<M, { readonly type: T }>[] = [];
  for (const m of net) {
    if (m.type === type) of.push(m as Extract<M, { readonly type: T }>);
    else if (of.length > 0) break;
  }
  return of;
}

/** How many messages of one type are in flight, copies counted, for `inFlight(T)`. */
export function countOfType<M extends { readonly type: string }>(net: readonly M[], type: M["type"]): number {
  let n = 0;
  for (const m of net) if (m.type === type) n++;
  return n;
}

/**
 * Adds to `acc` how the network's part of the fingerprint changes from `net` to
 * `next` (the message at k received, when k >= 0, then `sends` added). Sorted
 * networks hash as a sum over messages, so only the messages that come and go
 * are hashed; a fifo network's order matters, so it is hashed whole.
 */
export function addNetworkChange<M>(net: readonly M[], next: readonly M[], k: number, sends: readonly M[], order: NetworkOrder<M>, hash: NetworkHash<M>, acc: Lanes): void {
  const part = hash.part;
  if (order.kind === "fifo") {
    hash.network(net, part);
    acc.hi = (acc.hi - part.hi) | 0;
    acc.lo = (acc.lo - part.lo) | 0;
    hash.network(next, part);
    acc.hi = (acc.hi + part.hi) | 0;
    acc.lo = (acc.lo + part.lo) | 0;
    return;
  }
  if (k >= 0 && order.kind === "multiset") {
    hash.message(net[k], part);
    acc.hi = (acc.hi - part.hi) | 0;
    acc.lo = (acc.lo - part.lo) | 0;
  }
  for (let j = 0; j < sends.length; j++) {
    const m = sends[j];
    if (order.kind === "set" && (setHasMessage(net, m, order.compare) || sends.slice(0, j).some((earlier) => order.compare(earlier, m) === 0))) continue;
    hash.message(m, part);
    acc.hi = (acc.hi + part.hi) | 0;
    acc.lo = (acc.lo + part.lo) | 0;
  }
}

/** How a model hashes messages and whole networks, with a scratch pair of lanes. */
export interface NetworkHash<M> {
  readonly message: (m: M, out: Lanes) => void;
  readonly network: (net: readonly M[], out: Lanes) => void;
  readonly part: Lanes;
}

function setHasMessage<M>(net: readonly M[], m: M, compare: Compare<M>): boolean {
  let lo = 0;
  let hi = net.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compare(net[mid], m);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}
