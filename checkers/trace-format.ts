/**
 * A trace three ways: text a person reads at a glance (each step's action, node
 * and message, then only what changed), a Mermaid sequence diagram (a lifeline
 * per node, an arrow per delivered message), and ITF JSON for Quint and Apalache.
 * A lasso (a liveness counterexample) marks where its loop starts: a line in the
 * text, a `loop` block in the diagram, `loop` in the ITF `#meta` (the state the
 * last one goes back to, as Apalache writes it).
 */
import type { AnyMessage, GlobalState, Model, StepLabel } from "./model.js";
import type { Trace } from "./trace.js";

type Roles = Model["messageRoles"];

export function formatValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  if (typeof v === "object" && v !== null) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x)}`).join(", ")} }`;
  return String(v);
}

export function formatMessage(m: AnyMessage, roles: Roles): string {
  const [from, to] = roles[m.type] ?? ["?", "?"];
  const fields = Object.entries(m).filter(([k]) => k !== "type" && k !== "from" && k !== "to");
  const body = fields.length === 0 ? "" : ` { ${fields.map(([k, x]) => `${k}: ${formatValue(x)}`).join(", ")} }`;
  return `${m.type}${body} ${from} ${m.from} → ${to} ${m.to}`;
}

export function formatLabel(label: StepLabel, roles: Roles): string {
  switch (label.kind) {
    case "action": {
      const args = label.args === undefined ? "" : ` (${Object.entries(label.args).map(([k, v]) => `${k} = ${formatValue(v)}`).join(", ")})`;
      const received = label.message === undefined ? "" : `, receives ${formatMessage(label.message, roles)}`;
      return `${label.role} ${label.node}: ${label.action}${args}${received}`;
    }
    case "restart":
      return `${label.role} ${label.node}: crashes and restarts`;
    case "lose":
      return `network loses ${formatMessage(label.message, roles)}`;
    case "duplicate":
      return `network duplicates ${formatMessage(label.message, roles)}`;
  }
}

/** The lines saying what differs from `before` to `after`: node fields, messages sent or consumed, ghosts. */
export function changes(before: GlobalState, after: GlobalState, roles: Roles): string[] {
  const lines: string[] = [];
  for (const [role, nodes] of Object.entries(after.nodes)) {
    nodes.forEach((node, i) => {
      const old = before.nodes[role][i] as Record<string, unknown>;
      for (const [field, value] of Object.entries(node)) {
        if (JSON.stringify(old[field]) !== JSON.stringify(value)) lines.push(`${role}[${i}].${field}: ${formatValue(old[field])} → ${formatValue(value)}`);
      }
    });
  }
  const count = (net: readonly AnyMessage[]) => {
    const counts = new Map<string, { m: AnyMessage; n: number }>();
    for (const m of net) {
      const key = JSON.stringify(m);
      counts.set(key, { m, n: (counts.get(key)?.n ?? 0) + 1 });
    }
    return counts;
  };
  const was = count(before.network);
  const now = count(after.network);
  for (const [key, { m, n }] of now) for (let k = was.get(key)?.n ?? 0; k < n; k++) lines.push(`+ ${formatMessage(m, roles)}`);
  for (const [key, { m, n }] of was) for (let k = now.get(key)?.n ?? 0; k < n; k++) lines.push(`- ${formatMessage(m, roles)}`);
  for (const [ghost, value] of Object.entries(after.ghosts)) {
    if (JSON.stringify(before.ghosts[ghost]) !== JSON.stringify(value)) lines.push(`ghost ${ghost}: ${formatValue(before.ghosts[ghost])} → ${formatValue(value)}`);
  }
  return lines;
}

export function traceText<S extends GlobalState>(trace: Trace<S>, roles: Roles): string[] {
  const lines: string[] = [];
  trace.steps.forEach((step, i) => {
    if (step.label === null) {
      lines.push(`${i}. initial state`);
      for (const [role, nodes] of Object.entries(step.state.nodes)) nodes.forEach((n, id) => lines.push(`     ${role}[${id}] = ${formatValue(n)}`));
      for (const [ghost, value] of Object.entries(step.state.ghosts)) lines.push(`     ghost ${ghost} = ${formatValue(value)}`);
      return;
    }
    lines.push(`${i}. ${formatLabel(step.label, roles)}`);
    const changed = changes(trace.steps[i - 1].state, step.state, roles);
    lines.push(...(changed.length === 0 ? ["     (nothing changes)"] : changed.map((c) => `     ${c}`)));
  });
  if (trace.loop?.back) lines.splice(loopMarkAt(lines, trace.loop.start), 0, `     ↻ the loop starts here, at state ${trace.loop.start}`);
  if (trace.loop !== undefined) lines.push(...loopEnd(trace as Trace<S> & { loop: NonNullable<Trace<S>["loop"]> }, roles));
  if (trace.failure) lines.push(`${trace.steps.length}. ${trace.failure.label ? `${formatLabel(trace.failure.label, roles)}: ` : ""}${trace.failure.message}`);
  return lines;
}

/** The line after state `start`'s block: before the next numbered step, or at the end. */
function loopMarkAt(lines: readonly string[], start: number): number {
  const next = lines.findIndex((l) => l.startsWith(`${start + 1}. `));
  return next < 0 ? lines.length : next;
}

/** How a lasso closes: the step back to where its loop starts, or the run staying in its last state. */
function loopEnd<S extends GlobalState>(trace: Trace<S> & { loop: NonNullable<Trace<S>["loop"]> }, roles: Roles): string[] {
  const { start, back } = trace.loop;
  if (back === null) return [`     ↻ the run stays in state ${trace.steps.length - 1} forever: no fair step is enabled there`];
  const changed = changes(trace.steps[trace.steps.length - 1].state, trace.steps[start].state, roles);
  return [`${trace.steps.length}. ${formatLabel(back, roles)}`, ...(changed.length === 0 ? ["     (nothing changes)"] : changed.map((c) => `     ${c}`)), `     ↻ back to state ${start}: the loop repeats forever`];
}

const participant = (role: string, id: number): string => `${role}${id}`;
const mermaidText = (text: string): string => text.replace(/[;#]/g, " ").replace(/\s+/g, " ").trim();

export function traceMermaid<S extends GlobalState>(trace: Trace<S>, roles: Roles, verdict: string): string {
  const lines = ["sequenceDiagram"];
  const first = trace.steps[0]?.state;
  const everyone: string[] = [];
  if (first) for (const [role, nodes] of Object.entries(first.nodes)) nodes.forEach((_, id) => everyone.push(participant(role, id)));
  for (const p of everyone) lines.push(`  participant ${p} as ${p.replace(/(\d+)$/, " $1")}`);
  const steps = trace.loop?.back ? [...trace.steps, { label: trace.loop.back }] : trace.steps;
  steps.forEach((step, i) => {
    if (trace.loop !== undefined && i === trace.loop.start + 1) lines.push("  loop forever");
    const label = step.label;
    if (label === null) return;
    if (label.kind === "action" && label.message !== undefined) {
      const [from] = roles[label.message.type];
      const fields = formatMessage(label.message, roles).replace(/ \S+ \d+ → \S+ \d+$/, "");
      lines.push(`  ${participant(from, label.message.from)}->>${participant(label.role, label.node)}: ${mermaidText(fields)}`);
      lines.push(`  Note right of ${participant(label.role, label.node)}: ${mermaidText(label.action)}`);
    } else if (label.kind === "action") {
      lines.push(`  Note over ${participant(label.role, label.node)}: ${mermaidText(formatLabel(label, roles).replace(/^\S+ \d+: /, ""))}`);
    } else if (label.kind === "restart") {
      lines.push(`  Note over ${participant(label.role, label.node)}: crash and restart`);
    } else {
      const [from, to] = roles[label.message.type];
      lines.push(`  Note over ${participant(from, label.message.from)},${participant(to, label.message.to)}: network ${label.kind === "lose" ? "loses" : "duplicates"} ${mermaidText(label.message.type)}`);
    }
  });
  if (trace.loop?.back) lines.push("  end");
  else if (trace.loop !== undefined && everyone.length > 0) lines.push(`  Note over ${everyone[0]},${everyone[everyone.length - 1]}: the run stays here forever: no fair step is enabled`);
  if (everyone.length > 0) lines.push(`  Note over ${everyone[0]},${everyone[everyone.length - 1]}: ${mermaidText(verdict)}`);
  return lines.join("\n") + "\n";
}

/** ITF JSON; `witness`, when given, says in the top `#meta` why the last state violates the invariant (`false for i = server 0, ...`). */
export function traceItf<S extends GlobalState>(trace: Trace<S>, model: Model<S>, source: string, verdict: string, roles: Roles, witness: string | null = null): object {
  const description = `protoforge counterexample: ${verdict}`;
  return {
    "#meta": { format: "ITF", "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html", source, description, ...(witness === null ? {} : { witness }), ...(trace.loop === undefined ? {} : { loop: trace.loop.start }) },
    vars: model.itfVariables,
    states: trace.steps.map((step, index) => ({ "#meta": { index, action: step.label === null ? "init" : formatLabel(step.label, roles) }, ...model.toItf(step.state) })),
  };
}
