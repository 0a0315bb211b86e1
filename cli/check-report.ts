/** What `check` prints: a readable report, or with --json one object; and trace files (ITF or Mermaid). */
import { writeFileSync } from "node:fs";
import type { GlobalState, Model } from "../checkers/model.js";
import type { Trace } from "../checkers/trace.js";
import { formatLabel, traceItf, traceMermaid, traceText, changes } from "../checkers/trace-format.js";
import type { CheckOutcome } from "./run-check.js";
import { plural, UsageError } from "./report.js";

export function verdictLine(o: CheckOutcome): string {
  const f = o.result.finding;
  const predicate = f !== null && (f.kind === "invariant" || f.kind === "property") ? [...o.request.ir.invariants, ...o.request.ir.properties].find((p) => p.name === f.name) : undefined;
  switch (f?.kind) {
    case undefined:
      return o.result.verdict === "stopped" ? `stopped before the end: no violation in the ${o.result.distinctStates.toLocaleString("en")} states explored` : `ok: every invariant holds in all ${o.result.distinctStates.toLocaleString("en")} reachable states`;
    case "invariant":
      return `invariant ${f.name} is violated: ${predicate?.description ?? ""}`;
    case "property":
      return `action property ${f.name} is violated: ${predicate?.description ?? ""}`;
    case "deadlock":
      return "deadlock: a reachable state has no enabled step";
    case "overflow":
      return `bound overflow: ${f.message}`;
    case "error":
      return `spec error while running the model: ${f.message}`;
  }
}

function rate(o: CheckOutcome): number {
  return o.result.seconds > 0 ? Math.round(o.result.distinctStates / o.result.seconds) : o.result.distinctStates;
}

export function reportText(o: CheckOutcome): string {
  const r = o.result;
  const params = Object.entries(o.request.parameters).map(([k, v]) => `${k} = ${v}`).join(", ");
  const lines = [`${o.request.ir.name}, model ${o.request.modelName} (${params || "no parameters"}), symmetry ${o.symmetry ? "on" : "off"}`, verdictLine(o)];
  if (o.trace !== null) {
    const steps = o.trace.steps.length - 1 + (o.trace.failure ? 1 : 0);
    lines.push(`shortest trace, ${plural(steps, "step")}:`, ...traceText(o.trace, o.request.model.messageRoles).map((l) => `  ${l}`));
  }
  const never = r.coverage.filter((c) => c.count === 0).map((c) => c.step);
  lines.push(
    `${r.distinctStates.toLocaleString("en")} distinct states, ${r.statesGenerated.toLocaleString("en")} generated, depth ${r.depth}, ${r.seconds.toFixed(2)} s (${rate(o).toLocaleString("en")} states/s)`,
    `coverage: ${r.coverage.map((c) => `${c.step} ${c.count.toLocaleString("en")}`).join(", ")}`,
  );
  if (never.length > 0 && r.verdict === "ok") lines.push(`never fired: ${never.join(", ")} (an action that never fires usually means a spec bug)`);
  lines.push(`fingerprint collision probability (optimistic, as TLC computes it): ${r.collisionProbability.toExponential(1)}`);
  return lines.join("\n") + "\n";
}

export function reportJson(o: CheckOutcome): object {
  const r = o.result;
  const f = r.finding;
  const roles = o.request.model.messageRoles;
  const trace = o.trace === null ? [] : o.trace.steps.map((s, i) => ({
    index: i,
    action: s.label === null ? "init" : formatLabel(s.label, roles),
    label: s.label,
    changes: i === 0 ? [] : changes(o.trace!.steps[i - 1].state, s.state, roles),
    state: s.state,
  }));
  return {
    spec: o.request.ir.name,
    file: o.request.ir.file,
    model: o.request.modelName,
    parameters: o.request.parameters,
    symmetry: o.symmetry,
    result: r.verdict,
    invariant: f?.kind === "invariant" ? f.name : null,
    property: f?.kind === "property" ? f.name : null,
    message: verdictLine(o),
    distinctStates: r.distinctStates,
    statesGenerated: r.statesGenerated,
    depth: r.depth,
    seconds: r.seconds,
    statesPerSecond: rate(o),
    coverage: Object.fromEntries(r.coverage.map((c) => [c.step, c.count])),
    neverFired: r.coverage.filter((c) => c.count === 0).map((c) => c.step),
    collisionProbability: r.collisionProbability,
    trace,
    failure: o.trace?.failure ?? null,
  };
}

/** Which format a trace file's name asks for; a usage error before any work when it asks for none. */
export function traceFormat(file: string): "itf" | "mermaid" {
  if (file.endsWith(".itf.json")) return "itf";
  if (file.endsWith(".mmd")) return "mermaid";
  throw new UsageError(`--trace-out ${file}: the name must end in .itf.json (ITF) or .mmd (Mermaid)`);
}

export function writeTraceFile<S extends GlobalState>(file: string, trace: Trace<S>, model: Model<S>, source: string, verdict: string): void {
  const roles = model.messageRoles;
  if (traceFormat(file) === "itf") writeFileSync(file, JSON.stringify(traceItf(trace, model, source, verdict, roles), null, 2) + "\n");
  else writeFileSync(file, traceMermaid(trace, roles, verdict));
}
