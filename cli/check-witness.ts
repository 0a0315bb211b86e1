/**
 * Why a violated invariant (or action property) is false in the last state of
 * its trace: the binding of each `forall` that made it false (`i = server 0,
 * j = server 1`), which conjunct of an `and` was false, the premise of an
 * `implies` that held (and then why its conclusion is false), through `not`
 * the binding of an `exists` that held; for a false `exists`, that no binding
 * satisfies it. The IR interpreter evaluates the predicate again, piece by
 * piece, once the search has ended: nothing of this runs while it searches.
 */
import type { GlobalState, Model } from "../checkers/model.js";
import { formatMessage, formatValue } from "../checkers/trace-format.js";
import type { Expr, ProtocolIR } from "../generator/ir.js";
import { evaluate, type EvalContext } from "../generator/interpret/eval.js";
import { exprText } from "./check-expr-text.js";
import type { CheckOutcome } from "./run-check.js";

export interface Binding {
  readonly name: string;
  readonly value: unknown;
  /** As the trace names it: `server 0` for a node id, a message as the trace prints it. */
  readonly shown: string;
}

export interface Witness {
  /** The bound names, outermost first, with the values that made the predicate false. */
  readonly bindings: readonly Binding[];
  /** Each `and` descended through, outermost first: which conjunct (from 1) of how many was false. */
  readonly conjuncts: readonly { readonly index: number; readonly of: number }[];
  /** The innermost part the descent stopped at, and what it is there: `i == j is false (0 == 1)`. */
  readonly because: string;
  /** All of it in one line, in the order of the descent: `false for i = server 0, j = server 1: i == j is false`. */
  readonly text: string;
}

interface Descent {
  readonly bindings: Binding[];
  readonly conjuncts: { index: number; of: number }[];
  /** Both, and the premises of `implies` that held, in the order the descent met them, for the sentence. */
  readonly path: (Binding | { index: number; of: number } | { premise: string })[];
}

type Roles = Model["messageRoles"];

/** How a value bound by a quantifier over `domain` is shown. */
function shown(domain: Expr, value: unknown, roles: Roles): string {
  const t = domain.type;
  const elem = t.kind === "set" || t.kind === "seq" ? t.elem : null;
  if (elem?.kind === "node") return `${elem.role} ${String(value)}`;
  if (elem?.kind === "message") return formatMessage(value as Parameters<typeof formatMessage>[0], roles);
  return formatValue(value);
}

const withLocal = (ctx: EvalContext, name: string, value: unknown): EvalContext => ({ ...ctx, locals: new Map([...localsOf(ctx), [name, value]]) });
const localsOf = (ctx: EvalContext): [string, unknown][] => [...(ctx.locals as ReadonlyMap<string, unknown>).entries()];

const COMPARISONS: ReadonlySet<string> = new Set(["==", "!=", "<", "<=", ">", ">="]);
const scalar = (v: unknown): boolean => v === null || ["number", "string", "boolean"].includes(typeof v);

/** For a comparison of two scalars, their values: ` (2 <= 1)`; else nothing. */
function comparedValues(e: Expr, ctx: EvalContext): string {
  if (e.kind !== "binary" || !COMPARISONS.has(e.op)) return "";
  const [l, r] = [evaluate(e.left, ctx), evaluate(e.right, ctx)];
  if (!scalar(l) || !scalar(r) || (e.left.kind === "lit" && e.right.kind === "lit")) return "";
  return ` (${formatValue(l)} ${e.op} ${formatValue(r)})`;
}

/** `a and b and c` as [a, b, c]. */
function conjunctsOf(e: Expr): Expr[] {
  return e.kind === "binary" && e.op === "and" ? [...conjunctsOf(e.left), ...conjunctsOf(e.right)] : [e];
}

function disjunctsOf(e: Expr): Expr[] {
  return e.kind === "binary" && e.op === "or" ? [...disjunctsOf(e.left), ...disjunctsOf(e.right)] : [e];
}

/**
 * Descends into `e`, which evaluates to `value` in `ctx`, towards the smallest
 * part that decides it; records bindings and conjuncts in `d`, and returns
 * what the part it stopped at is.
 */
function explain(e: Expr, value: boolean, ctx: EvalContext, d: Descent, roles: Roles): string {
  const truth = (x: Expr, c: EvalContext) => evaluate(x, c) === true;
  const stop = () => `${exprText(e)} ${value ? "holds" : "is false"}${comparedValues(e, ctx)}`;
  if (e.kind === "quantifier") {
    const domain = evaluate(e.domain, ctx) as readonly unknown[];
    // forall false and exists true have a binding to show; the other two hold for every binding or none.
    if ((e.q === "forall") === value) return e.q === "forall" ? `${exprText(e)} holds` : `no ${e.name} in ${exprText(e.domain)} satisfies ${exprText(e.body)}`;
    for (const x of domain) {
      const inner = withLocal(ctx, e.name, x);
      if (truth(e.body, inner) === value) {
        const binding = { name: e.name, value: x, shown: shown(e.domain, x, roles) };
        d.bindings.push(binding);
        d.path.push(binding);
        return explain(e.body, value, inner, d, roles);
      }
    }
    return stop();
  }
  if (e.kind === "binary" && (e.op === "and" || e.op === "or") && (e.op === "and") !== value) {
    const parts = e.op === "and" ? conjunctsOf(e) : disjunctsOf(e);
    const k = parts.findIndex((p) => truth(p, ctx) === value);
    if (e.op === "and") {
      const conjunct = { index: k + 1, of: parts.length };
      d.conjuncts.push(conjunct);
      d.path.push(conjunct);
    }
    return explain(parts[k], value, ctx, d, roles);
  }
  if (e.kind === "binary" && e.op === "implies" && !value) {
    d.path.push({ premise: exprText(e.left) });
    return explain(e.right, false, ctx, d, roles);
  }
  if (e.kind === "unary" && e.op === "not") return explain(e.operand, !value, ctx, d, roles);
  if (e.kind === "letIn") return explain(e.body, value, withLocal(ctx, e.name, evaluate(e.value, ctx)), d, roles);
  if (e.kind === "if") return explain(truth(e.cond, ctx) ? e.then : e.else, value, ctx, d, roles);
  return stop();
}

function contextOf(ir: ProtocolIR, params: Readonly<Record<string, number>>, state: GlobalState, next: GlobalState | null): EvalContext {
  return { ir, params, global: state, next, ghosts: state.ghosts, self: null, node: null, msg: null, locals: new Map() };
}

/** `false for k = 1, i = server 1, where P holds, in conjunct 2 of 2: ...`: the path in the order the descent took it, then what it stopped at. */
function sentence(path: Descent["path"], because: string): string {
  const parts: string[] = [];
  let bound: string[] = [];
  const flush = () => {
    if (bound.length > 0) parts.push(`for ${bound.join(", ")}`);
    bound = [];
  };
  for (const step of path) {
    if ("name" in step) bound.push(`${step.name} = ${step.shown}`);
    else {
      flush();
      parts.push("premise" in step ? `where ${step.premise} holds` : `in conjunct ${step.index} of ${step.of}`);
    }
  }
  flush();
  return `false${parts.length === 0 ? "" : ` ${parts.join(", ")}`}: ${because}`;
}

/** Where a witness is looked for: the spec, the model's parameters and message roles, what was violated, and the trace to it. */
export interface Violation {
  readonly ir: ProtocolIR;
  readonly parameters: Readonly<Record<string, number>>;
  readonly roles: Roles;
  readonly kind: "invariant" | "property";
  readonly name: string;
  readonly steps: readonly { readonly state: GlobalState }[];
}

/** The witness of a violation, or null when there is none or it says nothing the verdict does not. */
export function witnessIn(v: Violation): Witness | null {
  const { ir, parameters, steps } = v;
  const predicate = (v.kind === "invariant" ? ir.invariants : ir.properties).find((p) => p.name === v.name);
  if (predicate === undefined || (v.kind === "property" && steps.length < 2)) return null;
  const last = steps[steps.length - 1].state;
  const ctx = v.kind === "invariant" ? contextOf(ir, parameters, last, null) : contextOf(ir, parameters, steps[steps.length - 2].state, last);
  const d: Descent = { bindings: [], conjuncts: [], path: [] };
  let because: string;
  try {
    if (evaluate(predicate.expr, ctx) !== false) return null;
    because = explain(predicate.expr, false, ctx, d, v.roles);
  } catch {
    // The interpreter is the oracle, not the checker: where it cannot evaluate what the generated code did, the verdict stands without a witness.
    return null;
  }
  // Nothing to add when the descent stopped at the whole predicate, with no values to show: the verdict says it is false.
  if (d.path.length === 0 && because === `${exprText(predicate.expr)} is false`) return null;
  return { bindings: d.bindings, conjuncts: d.conjuncts, because, text: sentence(d.path, because) };
}

/** The witness of the violated invariant or property of a check. */
export function witnessOf(o: CheckOutcome): Witness | null {
  const f = o.result.finding;
  if (o.trace === null || f === null || (f.kind !== "invariant" && f.kind !== "property")) return null;
  return witnessIn({ ir: o.request.ir, parameters: o.request.parameters, roles: o.request.model.messageRoles, kind: f.kind, name: f.name, steps: o.trace.steps });
}

/** The witness of the violation a walk found (simulate, swarm), whose result names an invariant or a property. */
export function walkWitness(ir: ProtocolIR, parameters: Readonly<Record<string, number>>, roles: Roles, r: { readonly verdict: string; readonly name: string | null; readonly trace: { readonly steps: readonly { readonly state: GlobalState }[] } | null }): Witness | null {
  if (r.verdict !== "violation" || r.name === null || r.trace === null) return null;
  const kind = ir.invariants.some((i) => i.name === r.name) ? "invariant" : "property";
  return witnessIn({ ir, parameters, roles, kind, name: r.name, steps: r.trace.steps });
}
