/**
 * How a variant differs from its base, read off the two IRs: whether it changes
 * behaviour at all (a variant that does not is an error), which steps it
 * changes (named by the vacuity check), and whether both share one state
 * shape (so that both generated models can run on the same states).
 * Descriptions, titles and source positions never count as a change.
 */
import type { Expr, ProtocolIR } from "./ir.js";

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

function definitionsCalled(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) definitionsCalled(v, into);
  else if (typeof value === "object" && value !== null) {
    const e = value as Expr;
    if (e.kind === "callDef") into.add(e.name);
    for (const v of Object.values(value)) definitionsCalled(v, into);
  }
  return into;
}

/** Definitions whose body differs from the base's, or that call one that does. */
function changedDefinitions(variant: ProtocolIR, base: ProtocolIR): Set<string> {
  const changed = new Set(variant.definitions.filter((d) => canonical(d) !== canonical(base.definitions.find((b) => b.name === d.name))).map((d) => d.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of variant.definitions) {
      if (changed.has(d.name)) continue;
      if ([...definitionsCalled(d.body, new Set())].some((n) => changed.has(n))) {
        changed.add(d.name);
        grew = true;
      }
    }
  }
  return changed;
}

/** Step names (as the model's coverage names them) of the actions and faults the variant adds, removes or changes. */
export function changedSteps(variant: ProtocolIR, base: ProtocolIR): string[] {
  const definitions = changedDefinitions(variant, base);
  const names = new Set([...variant.actions, ...base.actions].map((a) => a.name));
  const actions = [...names].filter((name) => {
    const mine = variant.actions.find((a) => a.name === name);
    const theirs = base.actions.find((a) => a.name === name);
    if (mine === undefined || theirs === undefined || canonical(mine) !== canonical(theirs)) return true;
    return [...definitionsCalled(mine, new Set())].some((n) => definitions.has(n));
  });
  const faults: string[] = [];
  if (variant.faults.loss !== base.faults.loss) faults.push("lose");
  if (variant.faults.duplication !== base.faults.duplication) faults.push("duplicate");
  const restarts = new Set([...variant.faults.restart, ...base.faults.restart]);
  const persistence = (ir: ProtocolIR, role: string) => canonical(ir.roles.find((r) => r.name === role)?.fields.map((f) => [f.name, f.persistent, f.initial]));
  for (const role of restarts) {
    if (variant.faults.restart.includes(role) !== base.faults.restart.includes(role) || persistence(variant, role) !== persistence(base, role)) faults.push(`restart ${role}`);
  }
  return [...actions, ...faults];
}
