/**
 * Lowering of liveness: the spec's temporal properties, and what each check
 * model selects of them with the fairness it gives each action
 * (docs/reference/semantics.md, Liveness).
 */
import { ErrorCode, pointer } from "./errors.js";
import type { ExprScope } from "./expr/typecheck.js";
import type { Bound, Expr, Fairness, LivenessProperty, Parameter, TemporalKind, Type } from "./ir.js";
import type { Lowering } from "./lower.js";
import type { ModelSpec } from "./spec.js";
import { BOOL } from "./types.js";

const KINDS: readonly TemporalKind[] = ["eventually", "alwaysEventually", "leadsTo"];

export function lowerLiveness(l: Lowering, scope: ExprScope, parameters: readonly Parameter[]): LivenessProperty[] {
  return Object.entries(l.spec.liveness ?? {}).flatMap(([name, spec]): LivenessProperty[] => {
    const at = pointer("liveness", name);
    const given = KINDS.filter((k) => spec[k] !== undefined);
    if (given.length !== 1) {
      l.error(at, ErrorCode.missingKey, given.length === 0 ? "a liveness property needs one of 'eventually', 'alwaysEventually' or 'leadsTo'" : `a liveness property has one form, not ${given.join(" and ")}`);
      return [];
    }
    const kind = given[0];
    const texts = kind === "leadsTo" ? spec.leadsTo! : [spec[kind]!];
    const predicates = texts.map((text, i) => l.expr(text, kind === "leadsTo" ? `${at}/leadsTo/${i}` : `${at}/${kind}`, scope, BOOL));
    if (predicates.some((p) => p === null)) return [];
    const exprs = predicates as Expr[];
    exprs.forEach((e, i) => checkGhosts(l, e, kind === "leadsTo" ? `${at}/leadsTo/${i}` : `${at}/${kind}`, parameters));
    return [{ name, description: spec.description, kind, predicates: exprs, texts }];
  });
}

/**
 * A liveness property may read only ghosts whose every bound is a constant or a
 * runtime parameter: a ghost bounded by a check bound (`checkOnly`) grows until
 * the check cuts it off, so no run of it repeats and the graph is not the protocol's.
 */
function checkGhosts(l: Lowering, e: Expr, at: string, parameters: readonly Parameter[]): void {
  const checkBounds = new Set(parameters.filter((p) => p.checkOnly).map((p) => p.name));
  for (const ghost of ghostsRead(e, new Set())) {
    const type = l.names.ghosts.get(ghost)!;
    const bound = checkBoundOf(type, checkBounds);
    if (bound !== null) l.error(at, ErrorCode.growingGhost, `a liveness property may not read ghost '${ghost}': its type is bounded only by the check bound '${bound}', so it grows without bound in the protocol`);
  }
}

function ghostsRead(e: unknown, out: Set<string>): Set<string> {
  if (typeof e !== "object" || e === null) return out;
  const node = e as { kind?: string; name?: string };
  if (node.kind === "ghost") out.add(node.name!);
  for (const [key, value] of Object.entries(node)) if (key !== "type") ghostsRead(value, out);
  return out;
}

/** The first check-only parameter a bound of the type names, or null. */
function checkBoundOf(t: Type, checkBounds: ReadonlySet<string>): string | null {
  const named = (b: Bound | null | undefined) => (b !== null && b !== undefined && "param" in b && checkBounds.has(b.param) ? b.param : null);
  switch (t.kind) {
    case "int":
      return named(t.min) ?? named(t.max);
    case "seq":
      return named(t.max) ?? checkBoundOf(t.elem, checkBounds);
    case "set":
      return named(t.max) ?? checkBoundOf(t.elem, checkBounds);
    case "map":
      return checkBoundOf(t.key, checkBounds) ?? checkBoundOf(t.value, checkBounds);
    case "record":
      return t.fields.map((f) => checkBoundOf(f.type, checkBounds)).find((b) => b !== null) ?? null;
    case "optional":
      return checkBoundOf(t.inner, checkBounds);
    default:
      return null;
  }
}

/** What names a check model's lists may hold: a name of the wrong kind is PF027, an unknown one PF023. */
export interface CheckableNames {
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly liveness: readonly string[];
}

const KIND_TEXT = { invariants: "an invariant", properties: "an action property", liveness: "a liveness property" } as const;

export function pickNames(l: Lowering, at: string, list: readonly string[] | undefined, key: keyof CheckableNames, names: CheckableNames): readonly string[] {
  (list ?? []).forEach((n, i) => {
    if (names[key].includes(n)) return;
    const other = (Object.keys(KIND_TEXT) as (keyof CheckableNames)[]).find((k) => names[k].includes(n));
    if (other !== undefined) l.error(`${at}/${key}/${i}`, ErrorCode.wrongKind, `'${n}' is ${KIND_TEXT[other]}, not ${KIND_TEXT[key]}: list it under '${other}'`);
    else l.error(`${at}/${key}/${i}`, ErrorCode.unknownName, `no ${KIND_TEXT[key].replace(/^an? /, "")} '${n}'`);
  });
  return list ?? names[key];
}

/** Each action's fairness in a model: the model's override where it gives one, else the action's own. */
export function modelFairness(l: Lowering, at: string, m: ModelSpec): Record<string, Fairness> {
  const actions = l.spec.actions ?? {};
  const fairness: Record<string, Fairness> = {};
  for (const [name, a] of Object.entries(actions)) fairness[name] = a.fairness ?? null;
  for (const [name, f] of Object.entries(m.fairness ?? {})) {
    if (!(name in actions) || !Object.hasOwn(actions, name)) l.error(`${at}/fairness/${name}`, ErrorCode.unknownName, `no action '${name}' (faults are never fair; actions: ${Object.keys(actions).join(", ")})`);
    else fairness[name] = f === "none" ? null : f;
  }
  return fairness;
}
