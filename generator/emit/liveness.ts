/**
 * What model.ts gives the liveness checker (checkers/liveness/): each liveness
 * property's kind and state predicates, and each check model's fairness per
 * step. Emitted only for a spec that declares liveness, so other models stay
 * as they were.
 */
import type { Fairness, ProtocolIR } from "../ir.js";
import { stepsOf } from "../steps.js";
import { emitExpr, type ExprEnv } from "./expr.js";
import type { ModuleHelpers } from "./module.js";
import { pascal } from "./module.js";
import { docComment } from "./text.js";

const fairnessCode = (f: Fairness | undefined): number => (f === "weak" ? 1 : f === "strong" ? 2 : 0);

export const hasLiveness = (ir: ProtocolIR): boolean => ir.liveness.length > 0;

const env = (h: ModuleHelpers): ExprEnv => ({ h, state: "st", global: "st", ghosts: "st.ghosts", lift: { context: ["p: Parameters", "st: State"], locals: [] } });

/** Per check model, per step index: 0 unfair, 1 weak, 2 strong; fault steps are never fair. */
function stepFairness(ir: ProtocolIR): Record<string, number[]> {
  const steps = stepsOf(ir);
  return Object.fromEntries(ir.models.map((m) => [m.name, steps.map((s, i) => (i < ir.actions.length ? fairnessCode(m.fairness[s.name]) : 0))]));
}

/** The predicate functions and the table the model's `liveness` member reads. */
export function livenessFunctions(ir: ProtocolIR, h: ModuleHelpers): string[] {
  if (!hasLiveness(ir)) return [];
  const lines: string[] = [];
  const names = ir.liveness.map((prop) => prop.predicates.map((e, i) => {
    const name = `liveness${pascal(prop.name)}${prop.predicates.length === 1 ? "" : i === 0 ? "From" : "To"}`;
    lines.push(docComment(`${prop.name} (${prop.kind}): ${prop.texts[i]}`), `function ${name}(p: Parameters, st: State): boolean {`, `return ${emitExpr(e, env(h))};`, "}", "");
    return name;
  }));
  lines.push(
    "/** The liveness properties: kinds, predicates ([P] or [P, Q] for P leadsTo Q), and each check model's fairness per step (0 unfair, 1 weak, 2 strong). */",
    "const LIVENESS = {",
    `names: ${JSON.stringify(ir.liveness.map((l) => l.name))},`,
    `kinds: ${JSON.stringify(ir.liveness.map((l) => l.kind))},`,
    `predicates: [${names.map((n) => `[${n.join(", ")}]`).join(", ")}] as readonly (readonly ((p: Parameters, st: State) => boolean)[])[],`,
    `stepFairness: ${JSON.stringify(stepFairness(ir))},`,
    "} as const;",
    "",
  );
  return lines;
}

/** The class member: predicates read the model's own parameters. */
export function livenessMember(ir: ProtocolIR): string[] {
  if (!hasLiveness(ir)) return [];
  return [
    "readonly liveness: LivenessModel<State> = {",
    "names: LIVENESS.names,",
    "kinds: LIVENESS.kinds,",
    "stepFairness: LIVENESS.stepFairness,",
    "predicate: (index, which, st) => LIVENESS.predicates[index][which](this.parameters, st),",
    "};",
  ];
}

/** Each check model's liveness selection, for `checkModels`. */
export function livenessSelection(ir: ProtocolIR, model: ProtocolIR["models"][number]): Record<string, unknown> {
  return hasLiveness(ir) ? { liveness: model.liveness, faultsStop: model.faultsStop } : {};
}
