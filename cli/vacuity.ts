/**
 * The vacuity check of a variant that holds: the variant's model is searched
 * again, and in every state it reaches both generated models, the variant's
 * and its base's (under the same parameters), enumerate their successors. A
 * change that never makes them differ was never exercised by the model.
 */
import { search, type CheckOptions } from "../checkers/bfs.js";
import { SuccessorComparison } from "../checkers/vacuity.js";
import type { ProtocolIR } from "../generator/ir.js";
import { namesOf } from "../generator/ir-nodes.js";
import { changedFairness, changedSteps, sameShape } from "../generator/variant-diff.js";
import { count } from "./report.js";
import { importModel, modelFiles } from "./load-model.js";
import type { CheckOutcome } from "./run-check.js";

export type Vacuity =
  | {
      readonly compared: false;
      readonly reason: string;
      /** The steps the variant changes, read off the two specs. */
      readonly changed: readonly string[];
      /** Those of them that never fired: never exercised, even without a comparison. */
      readonly changedNeverFired: readonly string[];
    }
  | {
      readonly compared: true;
      readonly changed: readonly string[];
      /** The steps whose successors differed from the base's in some reached state. */
      readonly exercised: readonly string[];
      readonly statesCompared: number;
      readonly neverExercised: boolean;
    };

/** The comparison of a variant with its base on the states of one model, or why it cannot be made. */
export async function vacuityOf(o: CheckOutcome, baseIr: ProtocolIR | null): Promise<Vacuity> {
  const ir = o.request.ir;
  const changed = baseIr === null ? [] : changedSteps(ir, baseIr);
  const notCompared = (reason: string, steps: readonly string[] = changed): Vacuity => ({ compared: false, reason, changed: steps, changedNeverFired: steps.filter((s) => o.result.coverage.find((c) => c.step === s)?.count === 0) });
  if (baseIr === null) return notCompared("the base spec does not compile on its own");
  if (changed.length === 0) {
    // Fairness changes no successor, so the comparison cannot see it: it is exercised where its actions fire, as liveness judges them.
    const fairness = changedFairness(ir, baseIr, o.request.modelName);
    if (fairness.length > 0) return notCompared("the variant changes only fairness, which decides the runs its liveness properties judge, not the successors", fairness);
    return notCompared("the variant changes no action or fault, only what is checked");
  }
  if (!sameShape(ir, baseIr)) return notCompared("the variant changes the shape of the state (types, fields, messages, ghosts or parameters), so the two models cannot run on the same states");
  const files = await modelFiles(baseIr);
  try {
    const baseModelName = baseIr.models.some((m) => m.name === o.request.modelName) ? o.request.modelName : "ci";
    const { model: base } = await importModel(files, baseIr, baseModelName, o.request.parameters);
    const comparison = new SuccessorComparison(o.request.model, base);
    // Once every changed step has been seen to differ there is nothing left to learn.
    const open = () => changed.some((step) => !comparison.differing.has(step));
    const options: CheckOptions = { invariants: [], properties: [], symmetry: o.symmetry, deadlock: false, onExpand: (s) => open() && comparison.compare(s) };
    search(o.request.model, options);
    const exercised = [...comparison.differing.keys()];
    return { compared: true, changed, exercised, statesCompared: comparison.statesCompared, neverExercised: exercised.length === 0 };
  } finally {
    files.dispose();
  }
}

/** What to raise so that the model reaches further: the parameters a constraint that cut the search names, or all of them. */
function boundAdvice(o: CheckOutcome): string {
  const model = o.request.ir.models.find((m) => m.name === o.request.modelName)!;
  const bounded = [...namesOf(model.constraint, "param")];
  const cut = o.result.outsideConstraint;
  if (cut > 0 && bounded.length > 0) return `the constraint kept ${count(cut, "state")} from being explored: raise ${bounded.join(" or ")} (-p ${bounded[0]}=${o.request.parameters[bounded[0]] + 1}), or add a published model that reaches the change`;
  return `raise a bound of the model (${Object.entries(o.request.parameters).map(([k, x]) => `${k} = ${x}`).join(", ") || "it has no parameters"}), or add a published model that reaches the change`;
}

/** The warning for a change never exercised, with the bound to raise; null when there is none to give. */
export function vacuityWarning(o: CheckOutcome, v: Vacuity): string | null {
  if (v.compared && v.neverExercised) {
    return `warning: the variant's change (${v.changed.join(", ")}) was never exercised: in each of the ${count(v.statesCompared, "state")} the search explored, it produces exactly the successors of ${o.request.ir.base}, so this verdict says nothing about the change; ${boundAdvice(o)}`;
  }
  if (!v.compared && v.changedNeverFired.length > 0) {
    const all = v.changedNeverFired.length === v.changed.length;
    return `warning: ${all ? "the variant's change" : "part of the variant's change"} (${v.changedNeverFired.join(", ")}) never fired in this model, so this verdict says nothing about it; ${boundAdvice(o)}`;
  }
  return null;
}
