/**
 * Linearizability of a register (or of a key-value store, one register per
 * key: linearizability is local, so each key is checked on its own) by Wing
 * and Gong's search with Lowe's memoisation. The history's invocations and
 * returns, in time order, form a list; the search linearizes an operation
 * whose invocation comes before every remaining return (it may take effect
 * now) if the register allows it, takes it out of the list and goes on; it
 * backtracks when it meets the return of an operation it has not linearized.
 * A cache of (set of linearized operations, register value) cuts every
 * configuration reached before: the same operations done leaving the same
 * value have the same futures.
 *
 * A history that is not linearizable is reported with a minimal witness: the
 * shortest time prefix that is not linearizable (a write still running at
 * its end is open in it), cut down to operations of which no single one can
 * be left out (without it, and the reads of its value if it is their only
 * write, the rest is linearizable).
 */
import { canonical, describe, pending, type Operation } from "./history.js";

export type LinearizabilityVerdict =
  | { readonly ok: true; readonly operations: number; readonly order: readonly Operation[] }
  | { readonly ok: false; readonly operations: number; readonly key: string; readonly witness: readonly Operation[]; readonly explanation: string };

/** Checks a history of reads and writes; `initial` is every register's value before any write. */
export function checkLinearizable(operations: readonly Operation[], initial: unknown = null): LinearizabilityVerdict {
  const order: Operation[] = [];
  for (const [key, ops] of byKey(operations)) {
    const found = linearization(ops, initial);
    if (found === null) {
      const witness = minimalWitness(ops, initial);
      return { ok: false, operations: operations.length, key, witness, explanation: explain(witness, initial) };
    }
    order.push(...found);
  }
  return { ok: true, operations: operations.length, order };
}

/** A read that never returned has no result and changes nothing: it is left out. */
function byKey(operations: readonly Operation[]): Map<string, Operation[]> {
  const keys = new Map<string, Operation[]>();
  for (const op of operations) {
    if (op.f === "read" && pending(op)) continue;
    keys.set(op.key, [...(keys.get(op.key) ?? []), op]);
  }
  return keys;
}

interface Entry {
  readonly op: number;
  readonly call: boolean;
  readonly t: number;
  prev: Entry | null;
  next: Entry | null;
  match: Entry | null;
}

/** A sequential order of the operations that the register allows and real time respects, or null. */
export function linearization(ops: readonly Operation[], initial: unknown): Operation[] | null {
  const completed = ops.filter((op) => !pending(op)).length;
  const head = entryList(ops);
  const values = ops.map((op) => canonical(op.value));
  const marks = fingerprintMarks(ops.length);
  let linearized = 0n;
  const cache = new Set<string>();
  const stack: { readonly entry: Entry; readonly value: string }[] = [];
  let value = canonical(initial);
  let done = 0;
  let entry = head.next;
  while (done < completed) {
    if (entry === null) return null;
    if (entry.call) {
      const op = ops[entry.op];
      const after = op.f === "write" ? values[entry.op] : value;
      if (op.f === "write" || values[entry.op] === value) {
        const seen = `${linearized ^ marks[entry.op]}|${after}`;
        if (!cache.has(seen)) {
          cache.add(seen);
          linearized ^= marks[entry.op];
          stack.push({ entry, value });
          value = after;
          if (!pending(op)) done++;
          lift(entry);
          entry = head.next;
          continue;
        }
      }
      entry = entry.next;
      continue;
    }
    // The return of an operation not linearized: whatever took effect so far, it cannot; undo the last choice.
    const last = stack.pop();
    if (last === undefined) return null;
    linearized ^= marks[last.entry.op];
    if (!pending(ops[last.entry.op])) done--;
    value = last.value;
    unlift(last.entry);
    entry = last.entry.next;
  }
  return stack.map((s) => ops[s.entry.op]);
}

/**
 * A 64-bit mark per operation; the set of linearized operations is the XOR of
 * their marks (Zobrist hashing), so the cache key costs nothing to update.
 * Two sets share a fingerprint with a chance of about 2^-64 per pair, the
 * same trade as the model checker's fingerprints; the marks are fixed, so a
 * verdict is the same on every run.
 */
function fingerprintMarks(n: number): bigint[] {
  let s = 0x9e3779b97f4a7c15n;
  const next = (): bigint => {
    s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return s ^ (s >> 29n);
  };
  return Array.from({ length: n }, next);
}

/** The invocations and returns in time order behind a sentinel head; at equal times an invocation comes first (the two overlap). */
function entryList(ops: readonly Operation[]): Entry {
  const entries: Entry[] = [];
  ops.forEach((op, i) => {
    const call: Entry = { op: i, call: true, t: op.invoke, prev: null, next: null, match: null };
    const ret: Entry = { op: i, call: false, t: op.ret, prev: null, next: null, match: call };
    call.match = ret;
    entries.push(call, ret);
  });
  entries.sort((a, b) => a.t - b.t || Number(b.call) - Number(a.call) || a.op - b.op);
  const head: Entry = { op: -1, call: false, t: -Infinity, prev: null, next: null, match: null };
  let last = head;
  for (const e of entries) {
    e.prev = last;
    last.next = e;
    last = e;
  }
  return head;
}

function lift(call: Entry): void {
  for (const e of [call, call.match!]) {
    e.prev!.next = e.next;
    if (e.next !== null) e.next.prev = e.prev;
  }
}

function unlift(call: Entry): void {
  for (const e of [call.match!, call]) {
    e.prev!.next = e;
    if (e.next !== null) e.next.prev = e;
  }
}

/** The shortest non-linearizable time prefix (operations returning later are pending in it), then one-by-one removal. */
function minimalWitness(ops: readonly Operation[], initial: unknown): Operation[] {
  const times = [...new Set(ops.flatMap((op) => [op.invoke, op.ret]).filter((t) => t !== Infinity))].sort((a, b) => a - b);
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (linearization(prefix(ops, times[mid]), initial) === null) high = mid;
    else low = mid + 1;
  }
  let witness = prefix(ops, times[low]);
  for (let i = 0; i < witness.length; ) {
    const without = leaveOut(witness, witness[i]);
    if (linearization(without, initial) === null) witness = without;
    else i++;
  }
  return witness;
}

/**
 * The operations without `left`, and, when it is the last write of its value,
 * without the reads of that value too: a read of a value nobody wrote is a
 * violation of its own, not a witness of the one being cut down.
 */
export function leaveOut(ops: readonly Operation[], left: Operation): Operation[] {
  const rest = ops.filter((op) => op !== left);
  if (left.f === "read") return rest;
  const value = canonical(left.value);
  if (rest.some((op) => op.f === "write" && canonical(op.value) === value)) return rest;
  return rest.filter((op) => op.f === "write" || canonical(op.value) !== value);
}

/** What had happened by time t: operations invoked by then, those returning later as pending (a read among them left out). */
function prefix(ops: readonly Operation[], t: number): Operation[] {
  return ops.filter((op) => op.invoke <= t && (op.ret <= t || op.f === "write")).map((op) => (op.ret <= t ? op : { ...op, ret: Infinity }));
}

function explain(witness: readonly Operation[], initial: unknown): string {
  const lines = witness.map((op) => `  ${describe(op)}`);
  return [`these ${witness.length} operations cannot be put in one order that real time and a register (initially ${canonical(initial)}) allow, and without any one of them (and the reads of its value, for a write) the rest can:`, ...lines].join("\n");
}
