/**
 * What a spec expects of its checks, and whether checks came out that way. A
 * base spec expects every invariant to hold; a variant says `holds`,
 * `equivalent` or names the invariants it must break. `check` judges the one
 * model it ran; publish judges a spec over all its published models: a base or
 * a `holds` variant must hold in each (and a variant's change be exercised in
 * one), an `equivalent` variant must match its base's successors in each, and
 * for a refuted variant the first published model (in publish's order) that
 * finds a problem must find a violation of an invariant it names.
 */
import type { SearchResult } from "../checkers/bfs.js";
import type { Expectation } from "../generator/ir.js";
import type { LivenessOutcome } from "./check-liveness.js";
import type { Vacuity } from "./vacuity.js";

/** One published model's outcome, as the expectation needs it. */
export interface ModelVerdict {
  readonly result: SearchResult;
  /** For a variant that held: the comparison with its base; null when none was made. */
  readonly vacuity: Vacuity | null;
  /** The liveness check after the invariants held; null or absent when there was none. */
  readonly liveness?: LivenessOutcome | null;
}

/** Whether the model found no problem: every invariant held, and every liveness property it checked. */
export const foundNothing = (m: ModelVerdict): boolean => m.result.verdict === "ok" && (m.liveness == null || m.liveness.result.verdict === "ok");

/** The invariant, property or liveness property a model found violated, or null. */
export const violatedIn = (m: ModelVerdict): string | null => violatedName(m.result) ?? m.liveness?.result.violated ?? null;

/** The invariant or property a result found violated, or null. */
export function violatedName(r: SearchResult): string | null {
  const f = r.finding;
  return f !== null && (f.kind === "invariant" || f.kind === "property") ? f.name : null;
}

export const expectationOf = (expect: Expectation | null): Expectation => expect ?? { holds: true };

/** The expectation as the spec, a certificate and `--json` write it. */
export function expectationJson(expect: Expectation | null): "holds" | "equivalent" | { readonly violates: readonly string[]; readonly model?: string } {
  const e = expectationOf(expect);
  if ("holds" in e) return "holds";
  if ("equivalent" in e) return "equivalent";
  return e.model === undefined ? { violates: e.violates } : { violates: e.violates, model: e.model };
}

export function wantedText(expect: Expectation): string {
  if ("holds" in expect) return "every invariant to hold";
  if ("equivalent" in expect) return "every invariant to hold with exactly the base's successors in every state";
  return `a violation of ${expect.violates.join(" or ")}`;
}

/** Whether the change was seen to make a difference (true), seen not to (false), or could not be judged (null). */
function exercised(v: Vacuity | null): boolean | null {
  if (v === null) return null;
  if (v.compared) return !v.neverExercised;
  return v.changedNeverFired.length === v.changed.length && v.changed.length > 0 ? false : null;
}

const expectsViolation = (expect: Expectation, m: ModelVerdict): boolean => {
  const name = violatedIn(m);
  return "violates" in expect && name !== null && expect.violates.includes(name);
};

/** One model's verdict against the expectation (the vacuity part only where it was compared). */
export function meetsOnOneModel(expect: Expectation, m: ModelVerdict): boolean {
  if ("violates" in expect) return expectsViolation(expect, m);
  if (!foundNothing(m)) return false;
  if ("equivalent" in expect) return m.vacuity !== null && m.vacuity.compared && m.vacuity.neverExercised;
  return exercised(m.vacuity) !== false;
}

/** Why all published models together do not meet the expectation, or null when they do. */
export function shortfall(expect: Expectation, models: readonly ModelVerdict[], isVariant: boolean): string | null {
  if ("violates" in expect) {
    const first = models.find((m) => !foundNothing(m));
    if (first === undefined) return "no published model found it";
    return expectsViolation(expect, first) ? null : "the first model that found a problem found another one";
  }
  if (models.some((m) => !foundNothing(m))) return "a model found a problem";
  if ("equivalent" in expect) {
    if (models.some((m) => m.vacuity === null || !m.vacuity.compared)) return "the variant cannot be compared with its base";
    return models.every((m) => m.vacuity!.compared && m.vacuity!.neverExercised) ? null : "its successors differ from the base's";
  }
  if (!isVariant) return null;
  const seen = models.map((m) => exercised(m.vacuity));
  return seen.length > 0 && seen.every((s) => s === false) ? "its change was never exercised by any published model: the verdict says nothing about it" : null;
}
