/**
 * Liveness in `check` and `publish`: after every invariant holds, the liveness
 * properties the model selects are checked on its reachable graph under the
 * model's fairness (checkers/liveness/), and reported next to the safety
 * verdict: what each property says, its fairness, its verdict, and for a
 * refuted one its lasso.
 */
import { checkLiveness, type LivenessResult } from "../checkers/liveness/check.js";
import type { GlobalState, Model } from "../checkers/model.js";
import { traceText } from "../checkers/trace-format.js";
import type { Fairness, ProtocolIR } from "../generator/ir.js";
import { count, plural, roundedSeconds } from "./report.js";

export interface LivenessOutcome {
  readonly result: LivenessResult<GlobalState>;
  /** The fair actions of the model and how: the others a run may ignore forever. */
  readonly fairness: Readonly<Record<string, Exclude<Fairness, null>>>;
  readonly faultsStop: boolean;
}

/** A check's verdict, safety then liveness: a refuted liveness property is a violation like a broken invariant. */
export function overallVerdict(o: { readonly result: { readonly verdict: string }; readonly liveness: LivenessOutcome | null }): string {
  return o.result.verdict === "ok" && o.liveness !== null ? o.liveness.result.verdict : o.result.verdict;
}

/** A model's selected liveness properties (only those named in `only`, when given); empty when it selects none. */
export function selectedLiveness(ir: ProtocolIR, modelName: string, only: readonly string[] | undefined): readonly string[] {
  const spec = ir.models.find((m) => m.name === modelName)!;
  return only === undefined ? spec.liveness : spec.liveness.filter((n) => only.includes(n));
}

/** Checks them; null when the model selects none. */
export function runLiveness(ir: ProtocolIR, model: Model, modelName: string, only: readonly string[] | undefined, maxStates?: number): LivenessOutcome | null {
  const properties = selectedLiveness(ir, modelName, only);
  if (properties.length === 0 || model.liveness === undefined) return null;
  const spec = ir.models.find((m) => m.name === modelName)!;
  const stepFairness = model.liveness.stepFairness[modelName] ?? model.stepNames.map(() => 0);
  const result = checkLiveness(model, { properties, stepFairness, faultsStop: spec.faultsStop, maxStates });
  const fairness = Object.fromEntries(Object.entries(spec.fairness).filter((e): e is [string, "weak" | "strong"] => e[1] !== null));
  return { result, fairness, faultsStop: spec.faultsStop };
}

function fairnessText(o: LivenessOutcome): string {
  const fair = Object.entries(o.fairness).map(([action, f]) => `${action} ${f}`);
  return `${fair.length === 0 ? "no action is fair" : `fair: ${fair.join(", ")}`}${o.faultsStop ? "; faults stop" : ""}`;
}

/** The verdict line of a check whose invariants held: the liveness part. */
export function livenessVerdictLine(ir: ProtocolIR, o: LivenessOutcome): string | null {
  const r = o.result;
  if (r.verdict === "violation") {
    const property = ir.liveness.find((p) => p.name === r.violated);
    return `liveness property ${r.violated} is violated: ${property?.description ?? ""}`;
  }
  if (r.verdict === "error") return `spec error while checking liveness: ${r.message}`;
  if (r.verdict === "stopped") return `liveness not checked: ${r.message}`;
  return null;
}

/** What `check` prints about liveness: each property's verdict, then the lasso of the first one refuted. */
export function livenessLines(ir: ProtocolIR, o: LivenessOutcome, roles: Parameters<typeof traceText>[1]): string[] {
  const r = o.result;
  const lines = [`liveness (${fairnessText(o)}), on ${count(r.states, "state")} and ${count(r.edges, "step")} explored without symmetry, ${r.seconds.toFixed(2)} s (${Math.round(r.states / Math.max(r.seconds, 1e-3)).toLocaleString("en")} states/s):`];
  for (const p of r.outcomes) {
    const text = ir.liveness.find((l) => l.name === p.name)!.texts.join(" ~> ");
    lines.push(`  ${p.name} (${p.kind} ${text}): ${p.verdict === "holds" ? "holds" : `violated: a lasso of ${plural(p.prefix!, "step")} to its loop, then ${p.cycle === 0 ? "it stays there forever" : `a loop of ${plural(p.cycle!, "step")}`}`}`);
  }
  if (r.trace !== null) lines.push(`lasso refuting ${r.violated}:`, ...traceText(r.trace, roles).map((l) => `  ${l}`));
  return lines;
}

/** What a certificate records of one model's liveness. */
export interface LivenessRecord {
  readonly fairness: Readonly<Record<string, string>>;
  readonly faultsStop: boolean;
  readonly verdict: string;
  readonly states: number;
  readonly properties: readonly { readonly name: string; readonly kind: string; readonly verdict: string; readonly prefix: number | null; readonly cycle: number | null }[];
  readonly seconds: number;
}

export function livenessRecord(o: LivenessOutcome): LivenessRecord {
  const r = o.result;
  return { fairness: o.fairness, faultsStop: o.faultsStop, verdict: r.verdict, states: r.states, properties: r.outcomes.map((p) => ({ name: p.name, kind: p.kind, verdict: p.verdict, prefix: p.prefix, cycle: p.cycle })), seconds: roundedSeconds(r.seconds) };
}

export function livenessJson(o: LivenessOutcome): object {
  return { ...livenessRecord(o), violated: o.result.violated, message: o.result.message, edges: o.result.edges, lasso: o.result.trace === null ? null : { loop: o.result.trace.loop!.start, back: o.result.trace.loop!.back, steps: o.result.trace.steps.map((s) => ({ label: s.label, state: s.state })) } };
}
