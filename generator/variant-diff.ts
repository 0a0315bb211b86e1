/**
 * How a variant differs from its base, read off the two IRs: whether it changes
 * behaviour at all (a variant that does not is an error), which steps it
 * changes (named by the vacuity check), and whether both share one state
 * shape (so that both generated models can run on the same states).
 * Descriptions, titles and source positions never count as a change.
 */
import type { ProtocolIR } from "./ir.js";
import { namesOf } from "./ir-nodes.js";
import { stepsOf } from "./steps.js";

const PROSE = new Set(["description", "title", "text"]);

/** The IR as text without prose or source pointers, so that equal behaviour gives equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (PROSE.has(key) && typeof v === "string") return undefined;
    if (key === "source" && typeof v === "object" && v !== null && "pointer" in v) return undefined;
    return v;
  });
}

/** Everything that decides what the spec does and checks: not its name, prose, file or expectation. */
export function behaviourOf(ir: ProtocolIR): string {
  const { name: _name, title: _title, description: _description, file: _file, base: _base, references: _references, expect: _expect, ...rest } = ir;
  return canonical(rest);
}

/** The parts that give a state its shape: every field and message with its type, the ghosts, the network. */
function shapeOf(ir: ProtocolIR): string {
  return canonical({
    parameters: ir.parameters.map((p) => [p.name, p.min, p.max]),
    roles: ir.roles.map((r) => [r.name, r.count, r.symmetric, r.fields.map((f) => [f.name, f.type])]),
    messages: ir.messages,
    ghosts: ir.ghosts.map((g) => [g.name, g.type]),
    network: ir.network,
  });
}

export const sameShape = (variant: ProtocolIR, base: ProtocolIR): boolean => shapeOf(variant) === shapeOf(base);

/** Definitions whose body differs from the base's, or that call one that does. */
function changedDefinitions(variant: ProtocolIR, base: ProtocolIR): Set<string> {
  const changed = new Set(variant.definitions.filter((d) => canonical(d) !== canonical(base.definitions.find((b) => b.name === d.name))).map((d) => d.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of variant.definitions) {
      if (changed.has(d.name)) continue;
      if ([...namesOf(d.body, "callDef")].some((n) => changed.has(n))) {
        changed.add(d.name);
        grew = true;
      }
    }
  }
  return changed;
}

/** An action without its fairness: what decides its successors (fairness only decides which runs liveness judges). */
function successorsPart(action: ProtocolIR["actions"][number]): object {
  const { fairness: _fairness, ...rest } = action;
  return rest;
}

/** Step names (as the model's coverage names them) of the actions and faults whose successors the variant adds, removes or changes. */
export function changedSteps(variant: ProtocolIR, base: ProtocolIR): string[] {
  const definitions = changedDefinitions(variant, base);
  const names = new Set([...variant.actions, ...base.actions].map((a) => a.name));
  const actions = [...names].filter((name) => {
    const mine = variant.actions.find((a) => a.name === name);
    const theirs = base.actions.find((a) => a.name === name);
    if (mine === undefined || theirs === undefined || canonical(successorsPart(mine)) !== canonical(successorsPart(theirs))) return true;
    return [...namesOf(mine, "callDef")].some((n) => definitions.has(n));
  });
  // A fault step is changed when one spec has it and the other not, or when a restart keeps other fields.
  const faultSteps = (ir: ProtocolIR) => stepsOf(ir).filter((s) => !ir.actions.some((a) => a.name === s.name));
  const mine = faultSteps(variant);
  const theirs = faultSteps(base);
  const persistence = (ir: ProtocolIR, role: string) => canonical(ir.roles.find((r) => r.name === role)?.fields.map((f) => [f.name, f.persistent, f.initial]));
  const faults = [...new Set([...mine, ...theirs].map((s) => s.name))].filter((name) => {
    const a = mine.find((s) => s.name === name);
    const b = theirs.find((s) => s.name === name);
    return a === undefined || b === undefined || (a.role !== "" && persistence(variant, a.role) !== persistence(base, a.role));
  });
  return [...actions, ...faults];
}

/** The actions whose fairness in check model `model` (the base's of the same name, else its ci) differs from the base's. */
export function changedFairness(variant: ProtocolIR, base: ProtocolIR, model: string): string[] {
  const mine = variant.models.find((m) => m.name === model)?.fairness ?? {};
  const theirs = (base.models.find((m) => m.name === model) ?? base.models.find((m) => m.name === "ci"))?.fairness ?? {};
  return [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].filter((a) => canonical(mine[a]) !== canonical(theirs[a]));
}
