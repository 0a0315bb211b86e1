/**
 * `protoforge check-history <spec> <history...>`: whether the client
 * operations of a run (`protoforge run` writes <data>/<role>-<id>.history.jsonl
 * per node) keep a consistency model: linearizability (traces/linearizability.ts),
 * the session guarantees or causal consistency (traces/causal.ts) of a
 * register, or one register per key. Events the nodes recorded name the
 * spec's client actions; --write and --read say which action is which and
 * where its value is. Events in Jepsen's form (with `f`: read or write) are
 * taken as they are. A line that is neither is refused with its file and
 * line (exit 2); a violation is reported with its witness (exit 1).
 */
import { readFileSync } from "node:fs";
import { EXIT, printErrors, say, UsageError } from "./report.js";
import { compileAll } from "./validate.js";
import { checkCausal, checkSessionGuarantees } from "../traces/causal.js";
import { canonical, HistoryError, operationsOf, type HistoryEvent, type Operation } from "../traces/history.js";
import { clientHistory, parsePath, type HistoryMapping, type HostEvent, type OperationMapping } from "../traces/host-history.js";
import { checkLinearizable } from "../traces/linearizability.js";
import type { ProtocolIR } from "../generator/ir.js";

export interface CheckHistoryFlags {
  readonly model: string;
  readonly write?: string;
  readonly read?: string;
  readonly key?: string;
  readonly initial: string;
}

const MODELS = ["linearizable", "session", "causal"] as const;

export function checkHistoryCommand(spec: string, files: readonly string[], flags: CheckHistoryFlags): number {
  if (!(MODELS as readonly string[]).includes(flags.model)) throw new UsageError(`--model must be one of ${MODELS.join(", ")}, not ${JSON.stringify(flags.model)}`);
  const { compiled, errors } = compileAll([spec]);
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  const { ir } = compiled[0];
  if (files.length === 0) throw new UsageError("name the history files of the run (each node's <role>-<id>.history.jsonl)");
  const initial = parseInitial(flags.initial);
  const lines = files.flatMap(readHistory);
  const hostEvents = lines.filter((l): l is HostEvent => "action" in l);
  const jepsen = lines.filter((l): l is HistoryEvent => !("action" in l));
  const mapping = hostEvents.length === 0 ? null : mappingOf(ir, flags);
  const operations: Operation[] = refusing(() => operationsOf(byTime([...(mapping === null ? [] : clientHistory(hostEvents, mapping)), ...jepsen])));
  const processes = new Set(operations.map((o) => o.process)).size;
  const what = `${operations.length} operations of ${processes} processes, a register${operations.some((o) => o.key !== "null") ? " per key" : ""} initially ${canonical(initial)}`;
  if (flags.model === "linearizable") {
    const verdict = checkLinearizable(operations, initial);
    if (verdict.ok) return ok(`the history is linearizable: ${what}`);
    return violation(`the history is not linearizable${verdict.key === "null" ? "" : ` (key ${verdict.key})`}: ${what}`, verdict.explanation);
  }
  const verdict = refusing(() => (flags.model === "causal" ? checkCausal(operations, initial) : checkSessionGuarantees(operations, initial)));
  if (verdict.ok) return ok(`the history keeps ${verdict.guarantees.join(" and ")}: ${what}`);
  return violation(`the history breaks ${verdict.guarantee}: ${what}`, verdict.explanation);
}

function ok(text: string): number {
  say(`ok: ${text}`);
  return EXIT.ok;
}

function violation(text: string, explanation: string): number {
  say(`violation: ${text}`);
  say(explanation);
  return EXIT.violation;
}

/** A malformed history is the user's to mend: one line, exit 2. */
function refusing<T>(check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof HistoryError) throw new UsageError(e.message);
    throw e;
  }
}

function parseInitial(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--initial: ${JSON.stringify(text)} is not JSON: give the register's value before any write, e.g. 0 or null`);
  }
}

/** Every event, stably by time: each process's in the order it wrote them. */
function byTime<T extends { readonly t: number }>(events: readonly T[]): T[] {
  return events.map((e, i) => ({ e, i })).sort((a, b) => a.e.t - b.e.t || a.i - b.i).map(({ e }) => e);
}

function mappingOf(ir: ProtocolIR, flags: CheckHistoryFlags): HistoryMapping {
  if (flags.write === undefined || flags.read === undefined) throw new UsageError("the history names the spec's client actions: say which is the write and which the read, and where the value is, e.g. --write StartWrite=args.value --read StartRead=message.value");
  const key = flags.key === undefined ? undefined : parsePath(flags.key);
  if (typeof key === "string") throw new UsageError(`--key ${key}`);
  return { write: operation(ir, "--write", flags.write), read: operation(ir, "--read", flags.read), ...(key === undefined ? {} : { key }) };
}

function operation(ir: ProtocolIR, flag: string, text: string): OperationMapping {
  const [action, path, ...rest] = text.split("=");
  if (path === undefined || rest.length > 0) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected <Action>=<path>, e.g. StartRead=message.value`);
  const clientActions = ir.actions.filter((a) => a.trigger?.kind === "client").map((a) => a.name);
  if (!clientActions.includes(action)) throw new UsageError(`${flag}: ${ir.name} has no client action ${action} (client actions: ${clientActions.join(", ") || "none"})`);
  const value = parsePath(path);
  if (typeof value === "string") throw new UsageError(`${flag} ${value}`);
  return { action, value };
}

function readHistory(file: string): (HostEvent | HistoryEvent)[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${file}: cannot read the history file`);
  }
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    const where = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${where}: not a JSON record: expected one event per line, as protoforge run records them`);
    }
    const problem = eventProblem(value);
    if (problem !== null) throw new UsageError(`${where}: ${problem}`);
    return [{ ...(value as HostEvent | HistoryEvent), process: String((value as { process: unknown }).process), where }];
  });
}

/** What is wrong with a history line, or null. */
function eventProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected an object with process, type and t";
  const e = value as Record<string, unknown>;
  if (typeof e.process !== "string" && typeof e.process !== "number") return "expected process: who ran the operation";
  if (typeof e.t !== "number") return "expected t: a time in milliseconds";
  if ("action" in e) {
    if (typeof e.action !== "string") return "expected action: the client action's name";
    return e.type === "invoke" || e.type === "ok" || e.type === "info" ? null : `type must be invoke, ok or info, not ${JSON.stringify(e.type)}`;
  }
  if (e.f !== "read" && e.f !== "write") return `expected action (as protoforge run records it) or f: read or write, not ${JSON.stringify(e.f)}`;
  return e.type === "invoke" || e.type === "ok" || e.type === "fail" || e.type === "info" ? null : `type must be invoke, ok, fail or info, not ${JSON.stringify(e.type)}`;
}
