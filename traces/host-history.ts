/**
 * From what the nodes of a run recorded to a history of reads and writes.
 * A node records its client operations as the protocol sees them: the client
 * action and its arguments when invoked, its state and the message that
 * ended it when it returned (host/node.ts). Which action is a write and which
 * a read, and where a write's value, a read's result and the key are, is the
 * user's to say, by a path into those records:
 *   args.<name>        an argument of the invocation (a write's value, a key)
 *   state.<field>      the node's state when the operation returned
 *   message.<field>    the message whose receipt ended the operation
 * Operations of other actions are left out.
 */
import { HistoryError, type HistoryEvent, type OperationKind } from "./history.js";

/** An operation event as host/node-main.ts writes it; `where` says where it was read from. */
export interface HostEvent {
  readonly process: string;
  readonly type: "invoke" | "ok" | "info";
  readonly action: string;
  readonly t: number;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly state?: object;
  readonly message?: object;
  readonly where?: string;
}

export interface OperationMapping {
  readonly action: string;
  readonly value: Path;
}

export interface HistoryMapping {
  readonly write: OperationMapping;
  readonly read: OperationMapping;
  readonly key?: Path;
}

export interface Path {
  readonly root: "args" | "state" | "message";
  readonly fields: readonly string[];
}

/** `state.putValue` as a Path, or what is wrong with it. */
export function parsePath(text: string): Path | string {
  const [root, ...fields] = text.split(".");
  if (root !== "args" && root !== "state" && root !== "message") return `${JSON.stringify(text)}: a path starts with args. (the invocation's arguments), state. (the node's state at the return) or message. (the message that ended the operation)`;
  if (fields.length === 0 || fields.some((f) => f === "")) return `${JSON.stringify(text)}: name a field after ${root}.`;
  return { root, fields };
}

/** The reads and writes of the recorded operations, in the order given (each process's events in the order it wrote them). */
export function clientHistory(events: readonly HostEvent[], mapping: HistoryMapping): HistoryEvent[] {
  const kinds = new Map<string, OperationKind>([
    [mapping.write.action, "write"],
    [mapping.read.action, "read"],
  ]);
  const open = new Map<string, { readonly invoke: HostEvent; readonly entry: { -readonly [K in keyof HistoryEvent]: HistoryEvent[K] } }>();
  const history: HistoryEvent[] = [];
  for (const e of events) {
    const f = kinds.get(e.action);
    const current = open.get(e.process);
    if (e.type === "invoke") {
      if (current !== undefined) throw new HistoryError(`${e.where ?? e.process}: ${e.process} invokes ${e.action} while its ${current.invoke.action} has not returned`);
      if (f === undefined) continue;
      const entry = { process: e.process, type: "invoke" as const, f, t: e.t, ...(e.where === undefined ? {} : { where: e.where }) };
      open.set(e.process, { invoke: e, entry });
      history.push(entry);
      continue;
    }
    if (current === undefined) {
      if (f === undefined) continue;
      throw new HistoryError(`${e.where ?? e.process}: ${e.process} returns from ${e.action} with no invocation before it`);
    }
    if (e.action !== current.invoke.action) throw new HistoryError(`${e.where ?? e.process}: ${e.process} returns from ${e.action} but invoked ${current.invoke.action}`);
    open.delete(e.process);
    const kind = current.entry.f;
    const mapped = kind === "write" ? mapping.write : mapping.read;
    const value = resolve(mapped.value, current.invoke, e);
    const key = mapping.key === undefined ? undefined : resolve(mapping.key, current.invoke, e);
    if (key !== undefined) current.entry.key = key;
    if (kind === "write") current.entry.value = value;
    history.push({ process: e.process, type: e.type, f: kind, t: e.t, ...(key === undefined ? {} : { key }), ...(kind === "read" && e.type === "ok" ? { value } : {}), ...(e.where === undefined ? {} : { where: e.where }) });
  }
  return history;
}

function resolve(path: Path, invoke: HostEvent, ret: HostEvent): unknown {
  let value: unknown = path.root === "args" ? invoke.args : path.root === "state" ? ret.state : ret.message;
  for (const field of path.fields) value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  return value;
}
