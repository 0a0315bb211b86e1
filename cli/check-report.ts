/** What `check` prints: a readable report, or with --json one object; and trace files (ITF or Mermaid). */
import { writeFileSync } from "node:fs";
import type { GlobalState, Model } from "../checkers/model.js";
import type { Trace } from "../checkers/trace.js";
import { formatLabel, traceItf, traceMermaid, traceText, changes } from "../checkers/trace-format.js";
import { optionsOf, type CheckOutcome, type CheckRequest } from "./run-check.js";
import { expectationJson, expectationOf, meetsOnOneModel, wantedText } from "./expectation.js";
import { count, plural, roundedSeconds, UsageError } from "./report.js";
import { vacuityWarning, type Vacuity } from "./vacuity.js";
import { witnessOf } from "./check-witness.js";
import { livenessJson, livenessLines, livenessVerdictLine, overallVerdict, selectedLiveness } from "./check-liveness.js";

export function verdictLine(o: CheckOutcome): string {
  const f = o.result.finding;
  const predicate = f !== null && (f.kind === "invariant" || f.kind === "property") ? [...o.request.ir.invariants, ...o.request.ir.properties].find((p) => p.name === f.name) : undefined;
  switch (f?.kind) {
    case undefined:
      if (o.result.verdict === "stopped") return `stopped after ${plural(o.result.distinctStates, "state")}${stopText(o)}: NOT exhaustive, so this proves nothing (no violation among the states explored)`;
      if (o.liveness !== null && livenessVerdictLine(o.request.ir, o.liveness) !== null) return livenessVerdictLine(o.request.ir, o.liveness)!;
      if (o.request.only !== undefined) return `ok: ${o.request.only.join(", ")} ${o.request.only.length === 1 ? "holds" : "hold"} in all ${o.result.distinctStates.toLocaleString("en")} reachable states (only ${o.request.only.length === 1 ? "it was" : "they were"} checked: --invariant)`;
      return `ok: every invariant holds in all ${o.result.distinctStates.toLocaleString("en")} reachable states`;
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

/** Why the search stopped, when it was not --max-states or Ctrl-C (which the user asked for). */
function stopText(o: CheckOutcome): string {
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString("en")} MiB`;
  if (o.result.stoppedBy === "max-memory") return ` at the memory limit (${o.request.maxMemory === undefined ? "allocation failed" : `--max-memory ${mib(o.request.maxMemory)}`}; the search held ${mib(o.result.peakBytes)})`;
  if (o.result.stoppedBy === "heap") return " with the JavaScript heap nearly full (raise it with NODE_OPTIONS=--max-old-space-size=MiB)";
  return "";
}

function rate(o: CheckOutcome): number {
  return o.result.seconds > 0 ? Math.round(o.result.distinctStates / o.result.seconds) : o.result.distinctStates;
}

/** A variant's expectation and whether this one model's result meets it; null for a base spec. */
function expectationLine(o: CheckOutcome, vacuity: Vacuity | null): string | null {
  if (o.request.ir.expect === null) return null;
  const expect = expectationOf(o.request.ir.expect);
  if (o.result.verdict === "stopped") return `expected ${wantedText(expect)}: not judged, the search stopped before the end`;
  const published = o.request.ir.models.filter((m) => m.publish).map((m) => m.name);
  const elsewhere = published.length > 1 ? ` (publish judges the published models together: ${published.join(", ")})` : "";
  const met = meetsOnOneModel(expect, { result: o.result, vacuity, liveness: o.liveness });
  const why = "equivalent" in expect && vacuity !== null ? (vacuity.compared ? (vacuity.neverExercised ? "" : `: ${vacuity.exercised.join(", ")} differ from the base's`) : `: ${vacuity.reason}`) : "";
  return `expected ${wantedText(expect)}: ${met ? "as expected" : "NOT as expected"} in this model${why}${elsewhere}`;
}

function constraintLine(o: CheckOutcome): string | null {
  const cut = o.result.outsideConstraint;
  if (cut === 0 || o.result.verdict !== "ok") return null;
  return `${count(cut, "state")} outside the model's constraint ${cut === 1 ? "was" : "were"} checked but not explored: the constraint is a bound you chose`;
}

/** `two-phase-commit, model ci (resourceManagers = 3), symmetry off`: what was checked, in one line. */
function modelLine(request: CheckRequest, symmetry: boolean): string {
  const params = Object.entries(request.parameters).map(([k, v]) => `${k} = ${v}`).join(", ");
  return `${request.ir.name}, model ${request.modelName} (${params || "no parameters"}), symmetry ${symmetry ? "on" : "off"}`;
}

/** What `check` prints before the search starts: the spec and model, then what it checks and on how many threads. */
export function checkHeader(request: CheckRequest, threads: number): string {
  const plan = optionsOf(request);
  const checks = [`invariants ${plan.invariants.join(", ") || "(none)"}`];
  if (plan.properties.length > 0) checks.push(`action properties ${plan.properties.join(", ")}`);
  if (plan.deadlock) checks.push("deadlock");
  const liveness = selectedLiveness(request.ir, request.modelName, request.only);
  if (liveness.length > 0) checks.push(`then liveness ${liveness.join(", ")}`);
  const only = request.only === undefined ? "" : " (--invariant)";
  const workers = threads > 1 ? `up to ${threads} worker threads` : "one thread";
  return `checking ${request.ir.file}: ${modelLine(request, plan.symmetry)}\nchecks ${checks.join("; ")}${only}, on ${workers}\n`;
}

/**
 * The report at the end. `check` has printed checkHeader before the search,
 * so it leaves the model line out and starts with the verdict; publish prints
 * no header, so its reports start with the model line, but for a stopped
 * search, whose first line says so.
 */
export function reportText(o: CheckOutcome, vacuity: Vacuity | null = null, withModelLine = true): string {
  const r = o.result;
  const model = withModelLine ? [modelLine(o.request, o.symmetry)] : [];
  const witness = witnessOf(o);
  const verdict = witness === null ? [verdictLine(o)] : [verdictLine(o), witness.text];
  const lines = r.verdict === "stopped" ? [...verdict, ...model] : [...model, ...verdict];
  const expected = expectationLine(o, vacuity);
  if (expected !== null) lines.push(expected);
  const warning = vacuity === null || (o.request.ir.expect !== null && "equivalent" in o.request.ir.expect) ? null : vacuityWarning(o, vacuity);
  if (warning !== null) lines.push(warning);
  if (o.trace !== null) {
    const steps = o.trace.steps.length - 1 + (o.trace.failure ? 1 : 0);
    lines.push(`shortest trace, ${plural(steps, "step")}:`, ...traceText(o.trace, o.request.model.messageRoles).map((l) => `  ${l}`));
  }
  if (o.liveness !== null) lines.push(...livenessLines(o.request.ir, o.liveness, o.request.model.messageRoles));
  const never = r.coverage.filter((c) => c.count === 0).map((c) => c.step);
  lines.push(
    `${r.distinctStates.toLocaleString("en")} distinct states, ${r.statesGenerated.toLocaleString("en")} generated, depth ${r.depth}, ${r.seconds.toFixed(2)} s (${rate(o).toLocaleString("en")} states/s)`,
  );
  const constraint = constraintLine(o);
  if (constraint !== null) lines.push(constraint);
  lines.push(`coverage: ${r.coverage.map((c) => `${c.step} ${c.count.toLocaleString("en")}`).join(", ")}`);
  if (never.length > 0 && r.verdict === "ok") lines.push(`never fired: ${never.join(", ")} (an action that never fires usually means a spec bug)`);
  lines.push(`fingerprint collision probability (optimistic, as TLC computes it): ${r.collisionProbability.toExponential(1)}`);
  return lines.join("\n") + "\n";
}

export function reportJson(o: CheckOutcome, vacuity: Vacuity | null = null): object {
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
  const expect = o.request.ir.expect;
  return {
    spec: o.request.ir.name,
    file: o.request.ir.file,
    model: o.request.modelName,
    parameters: o.request.parameters,
    symmetry: o.symmetry,
    result: overallVerdict(o),
    exhaustive: r.verdict !== "stopped",
    stoppedBy: r.stoppedBy,
    invariant: f?.kind === "invariant" ? f.name : null,
    property: f?.kind === "property" ? f.name : null,
    message: verdictLine(o),
    witness: witnessOf(o),
    expected: expect === null ? null : expectationJson(expect),
    asExpected: expect === null || r.verdict === "stopped" ? null : meetsOnOneModel(expect, { result: r, vacuity, liveness: o.liveness }),
    vacuity: vacuity === null ? null : { ...vacuity, warning: "equivalent" in expectationOf(expect) ? null : vacuityWarning(o, vacuity) },
    distinctStates: r.distinctStates,
    statesGenerated: r.statesGenerated,
    outsideConstraint: r.outsideConstraint,
    depth: r.depth,
    seconds: roundedSeconds(r.seconds),
    statesPerSecond: rate(o),
    coverage: Object.fromEntries(r.coverage.map((c) => [c.step, c.count])),
    neverFired: r.coverage.filter((c) => c.count === 0).map((c) => c.step),
    collisionProbability: r.collisionProbability,
    trace,
    failure: o.trace?.failure ?? null,
    liveness: o.liveness === null ? null : livenessJson(o.liveness),
  };
}

/** Which format a trace file's name asks for; a usage error before any work when it asks for none. */
export function traceFormat(file: string): "itf" | "mermaid" {
  if (file.endsWith(".itf.json")) return "itf";
  if (file.endsWith(".mmd")) return "mermaid";
  throw new UsageError(`--trace-out ${file}: the name must end in .itf.json (ITF) or .mmd (Mermaid)`);
}

/** --trace-out: writes the trace to `file` and says so on stderr, or says there was nothing to write (no problem found, or the search stopped). */
export function writeTraceFile<S extends GlobalState>(file: string, trace: Trace<S> | null, model: Model<S>, source: string, verdict: string, witness: string | null = null): void {
  if (trace === null) {
    process.stderr.write(`protoforge: --trace-out ${file}: no counterexample (no problem was found), so nothing was written\n`);
    return;
  }
  const roles = model.messageRoles;
  const itf = traceFormat(file) === "itf";
  if (itf) writeFileSync(file, JSON.stringify(traceItf(trace, model, source, verdict, roles, witness), null, 2) + "\n");
  else writeFileSync(file, traceMermaid(trace, roles, verdict));
  process.stderr.write(`protoforge: wrote the counterexample (${plural(trace.steps.length - 1, "step")}) to ${file} as ${itf ? "ITF" : "a Mermaid diagram"}\n`);
}
