/**
 * Client histories, as Jepsen keeps them: each client operation is an
 * `invoke` event when the client asks and a return event when it hears back
 * (`ok`: it happened, with its result; `fail`: it certainly did not happen;
 * `info`: the client cannot tell, so it may or may not have happened, at any
 * time after its invocation). Each process runs one operation at a time.
 * Operations are reads and writes of a register, optionally one register per
 * key (a key-value store). Values are any JSON values, compared structurally.
 */

export type OperationKind = "read" | "write";

export interface HistoryEvent {
  readonly process: string | number;
  readonly type: "invoke" | "ok" | "fail" | "info";
  readonly f: OperationKind;
  /** The register read or written; absent for a single register. */
  readonly key?: unknown;
  /** A write's value (at invoke), a read's result (at ok). */
  readonly value?: unknown;
  /** Wall-clock time in milliseconds. */
  readonly t: number;
  /** Where the event was read from (file:line), for errors. */
  readonly where?: string;
}

/** One operation from its invocation to its return; `ret` is Infinity when it never returned (or returned `info`). */
export interface Operation {
  readonly id: number;
  readonly process: string;
  readonly f: OperationKind;
  readonly key: string;
  /** The written value, or the value the read returned (undefined for a read that never returned). */
  readonly value: unknown;
  readonly invoke: number;
  readonly ret: number;
}

export const pending = (op: Operation): boolean => op.ret === Infinity;

/** Operation a precedes operation b in real time: a returned before b was invoked. */
export const precedes = (a: Operation, b: Operation): boolean => a.ret < b.invoke;

/** A canonical text of a JSON value (object keys sorted), so that equal values have equal texts. */
export function canonical(value: unknown): string {
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

export class HistoryError extends Error {}

/**
 * Pairs each process's invocations with their returns, in the order given.
 * Failed operations are left out (they did not happen); an operation with no
 * return, or with `info`, is pending. A return with no invocation before it,
 * or a second invocation while one is open, is a malformed history.
 */
export function operationsOf(events: readonly HistoryEvent[]): Operation[] {
  const open = new Map<string, { readonly event: HistoryEvent; readonly index: number; readonly at: string }>();
  const done: (Operation | null)[] = [];
  const finish = (index: number, event: HistoryEvent, ret: number, value: unknown): void => {
    done[index] = { id: 0, process: String(event.process), f: event.f, key: canonical(event.key ?? null), value, invoke: event.t, ret };
  };
  events.forEach((e, i) => {
    const at = e.where ?? `event ${i + 1}`;
    const process = String(e.process);
    const current = open.get(process);
    if (e.type === "invoke") {
      if (current !== undefined) throw new HistoryError(`${at}: process ${process} invokes again before its operation of ${current.at} returned`);
      open.set(process, { event: e, index: done.length, at });
      done.push(null);
      return;
    }
    if (current === undefined) throw new HistoryError(`${at}: process ${process} returns (${e.type}) with no operation open`);
    if (current.event.f !== e.f) throw new HistoryError(`${at}: process ${process} returns a ${e.f} but invoked a ${current.event.f}`);
    if (e.t < current.event.t) throw new HistoryError(`${at}: process ${process}'s operation returns at ${e.t}, before its invocation at ${current.event.t}`);
    open.delete(process);
    if (e.type === "fail") return;
    const value = e.f === "write" ? current.event.value : e.type === "ok" ? e.value : undefined;
    finish(current.index, current.event, e.type === "ok" ? e.t : Infinity, value);
  });
  for (const { event, index } of open.values()) finish(index, event, Infinity, event.f === "write" ? event.value : undefined);
  return done.filter((op): op is Operation => op !== null).map((op, id) => ({ ...op, id }));
}

/** How an operation reads in a report: `client 0 write 3 [10, 14]`. */
export function describe(op: Operation): string {
  const key = op.key === "null" ? "" : ` key ${op.key}`;
  const value = op.value === undefined ? "(no result)" : canonical(op.value);
  return `${op.process} ${op.f}${key} ${value} [${op.invoke}, ${pending(op) ? "open" : op.ret}]`;
}
