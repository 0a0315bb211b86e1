/**
 * A counterexample as a step table, read from the text trace a certificate
 * records (checkers/trace-format.ts `traceText`): numbered step lines, each
 * followed by indented lines of what it changed.
 */
import { cell, code, table } from "./markdown.js";

export interface TraceStep {
  readonly index: number;
  /** `server 0`, or `network` for a loss or duplication, or empty for the initial state. */
  readonly node: string;
  readonly action: string;
  readonly received: string;
  readonly details: readonly string[];
}

const STEP = /^(\d+)\. (.*)$/;
const NODE_LABEL = /^(\S+ \d+): (.*)$/;
const RECEIVES = ", receives ";

/** A step's label split into who took it, what it did and what it received. */
export function parseLabel(label: string): Pick<TraceStep, "node" | "action" | "received"> {
  if (label === "initial state") return { node: "", action: "initial state", received: "" };
  const node = NODE_LABEL.exec(label);
  if (node === null) return { node: label.startsWith("network ") ? "network" : "", action: label, received: "" };
  const [, who, rest] = node;
  const at = rest.indexOf(RECEIVES);
  return at === -1 ? { node: who, action: rest, received: "" } : { node: who, action: rest.slice(0, at), received: rest.slice(at + RECEIVES.length) };
}

const step = (index: number, label: string, details: readonly string[]): TraceStep => ({ index, ...parseLabel(label), details });

export function parseTrace(lines: readonly string[]): TraceStep[] {
  const steps: TraceStep[] = [];
  let current: { index: number; label: string; details: string[] } | null = null;
  const flush = () => current !== null && steps.push(step(current.index, current.label, current.details));
  for (const line of lines) {
    const m = STEP.exec(line);
    if (m !== null) {
      flush();
      current = { index: Number(m[1]), label: m[2], details: [] };
    } else if (current !== null && line.trim() !== "") {
      current.details.push(line.trim());
    }
  }
  flush();
  return steps;
}

/** A received message with its sender; the node column already names the receiver. */
const withoutRoute = (message: string): string => message.replace(/ (\S+ \d+) → \S+ \d+$/, " from $1");

export function stepTable(steps: readonly TraceStep[]): string {
  const rows = steps.map((s) => [
    String(s.index),
    cell(s.node),
    s.action === "initial state" ? "initial state" : code(s.action),
    s.received === "" ? "" : code(withoutRoute(s.received)),
    s.details.map(code).join("<br>"),
  ]);
  return table(["step", "node", "action", "receives", "what changes"], rows);
}
