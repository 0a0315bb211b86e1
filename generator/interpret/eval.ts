/**
 * Expression evaluation for the IR interpreter: what each IR expression and
 * builtin computes (docs/reference/semantics.md, "Functions"), in a context
 * that says which node runs, which state is "now" and which is "next".
 */
import type { AnyMessage, GlobalState } from "../../checkers/model.js";
import type { Builtin, Expr, ExprType, ProtocolIR } from "../ir.js";
import {
  compareMessages,
  includesValue,
  InterpreterError,
  makeSet,
  mapSlot,
  roleCount,
  seqSlot,
  valuesEqual,
  type Params,
} from "./values.js";

export interface EvalContext {
  readonly ir: ProtocolIR;
  readonly params: Params;
  /** The global state other nodes and the network are read from (the pre-step state); null in runtime code. */
  readonly global: GlobalState | null;
  /** The state after the step, for `next(e)` in action properties. */
  readonly next: GlobalState | null;
  /** The ghosts as they stand (the working copy during a step). */
  readonly ghosts: { readonly [name: string]: unknown } | null;
  /** The running node's id and its working state, in a node's code. */
  readonly self: number | null;
  readonly node: { readonly [field: string]: unknown } | null;
  readonly msg: AnyMessage | null;
  readonly locals: Locals;
}

const int = (n: number): number => (n === 0 ? 0 : n); // no -0

function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`${what} is not available here`);
  return value;
}

/** What evaluation asks of locals: a Map, or a binder's Scope over one. */
export type Locals = Pick<ReadonlyMap<string, unknown>, "has" | "get">;

/**
 * The locals of a binder's body: its one name over the enclosing locals,
 * without copying them. `rebind` sets the name's value before the body is
 * evaluated for the next element.
 */
class Scope implements Locals {
  constructor(
    readonly outer: Locals,
    readonly name: string,
    public value: unknown,
  ) {}

  rebind(value: unknown): void {
    this.value = value;
  }

  has(name: string): boolean {
    return name === this.name || this.outer.has(name);
  }

  get(name: string): unknown {
    return name === this.name ? this.value : this.outer.get(name);
  }
}

/** `{ ...ctx, locals }`, spelled out (the spread is slow on the hot path). */
function withLocals(ctx: EvalContext, locals: Locals): EvalContext {
  return { ir: ctx.ir, params: ctx.params, global: ctx.global, next: ctx.next, ghosts: ctx.ghosts, self: ctx.self, node: ctx.node, msg: ctx.msg, locals };
}

function withLocal(ctx: EvalContext, name: string, value: unknown): EvalContext {
  return withLocals(ctx, new Scope(ctx.locals, name, value));
}

/**
 * The context of a binder's body (quantifier, count, filter, image), bound to
 * each element in turn: one context for the whole domain, rebound in place.
 * Equivalent to withLocal per element, since an evaluation keeps no reference
 * to its context once it has returned.
 */
function binderScope(ctx: EvalContext, name: string): { readonly ctx: EvalContext; readonly locals: Scope } {
  const locals = new Scope(ctx.locals, name, undefined);
  return { ctx: withLocals(ctx, locals), locals };
}

/** The definitions of an IR by name (the first of a name, as `find` gives). */
const definitionsByIr = new WeakMap<ProtocolIR, Map<string, ProtocolIR["definitions"][number]>>();

function definitionOf(ir: ProtocolIR, name: string): ProtocolIR["definitions"][number] {
  let byName = definitionsByIr.get(ir);
  if (byName === undefined) {
    byName = new Map();
    for (const d of ir.definitions) if (!byName.has(d.name)) byName.set(d.name, d);
    definitionsByIr.set(ir, byName);
  }
  return byName.get(name)!;
}

const asArray = (v: unknown): readonly unknown[] => v as readonly unknown[];
const asNumber = (v: unknown): number => v as number;

/** The state after the step as the "now" of an expression inside `next(...)`. */
function nextContext(ctx: EvalContext): EvalContext {
  const next = need(ctx.next, "next(e)");
  return { ...ctx, global: next, ghosts: next.ghosts, next: null };
}

/** What `lookup` gives for a name that is not bound. */
const ABSENT: unique symbol = Symbol("absent");

/** The value of local `name`, or ABSENT: `has` then `get`, walking binder scopes directly. */
function lookup(locals: Locals, name: string): unknown {
  let l: Locals = locals;
  while (l instanceof Scope) {
    if (l.name === name) return l.value;
    l = l.outer;
  }
  return l.has(name) ? l.get(name) : ABSENT;
}

export function evaluate(expr: Expr, ctx: EvalContext): unknown {
  switch (expr.kind) {
    case "local": {
      const v = lookup(ctx.locals, expr.name);
      if (v === ABSENT) throw new Error(`no local '${expr.name}'`);
      return v;
    }
    case "get":
      return (evaluate(expr.target, ctx) as Record<string, unknown>)[expr.name];
    case "lit":
      return expr.value;
    case "index": {
      const target = asArray(evaluate(expr.target, ctx));
      const index = evaluate(expr.index, ctx);
      const t = expr.target.type;
      if (t.kind === "map") return target[mapSlot(t.key, index, ctx.params, target.length)];
      return target[seqSlot(index, target.length)];
    }
    case "binary":
      return binary(expr, ctx);
    case "nodeState": {
      const global = need(ctx.global, `${expr.role}[...]`);
      const id = evaluate(expr.id, ctx) as number;
      const nodes = global.nodes[expr.role];
      if (!Number.isInteger(id) || id < 0 || id >= nodes.length) throw new InterpreterError(`no node ${String(id)} in role '${expr.role}'`);
      return nodes[id];
    }
    case "callDef": {
      const definition = definitionOf(ctx.ir, expr.name);
      const locals = new Map<string, unknown>();
      for (let i = 0; i < definition.params.length; i++) locals.set(definition.params[i].name, evaluate(expr.args[i], ctx));
      return evaluate(definition.body, { ir: ctx.ir, params: ctx.params, global: null, next: null, ghosts: null, self: null, node: null, msg: null, locals });
    }
    case "if":
      return evaluate(expr.cond, ctx) ? evaluate(expr.then, ctx) : evaluate(expr.else, ctx);
    case "quantifier": {
      const domain = asArray(evaluate(expr.domain, ctx));
      const scope = binderScope(ctx, expr.name);
      const forall = expr.q === "forall";
      for (let i = 0; i < domain.length; i++) {
        scope.locals.rebind(domain[i]);
        if ((evaluate(expr.body, scope.ctx) === true) !== forall) return !forall;
      }
      return forall;
    }
    case "param": {
      const v = ctx.params[expr.name];
      if (v === undefined) throw new Error(`no value for parameter '${expr.name}'`);
      return v;
    }
    case "roleIds":
      return Array.from({ length: roleCount(ctx.ir, expr.role, ctx.params) }, (_, i) => i);
    case "call":
      return call(expr.fn, expr.args, expr.type, ctx);
    case "field": {
      const node = need(ctx.node, `field '${expr.name}'`);
      if (!Object.prototype.hasOwnProperty.call(node, expr.name)) throw new Error(`field '${expr.name}' is read before it has a value`);
      return node[expr.name];
    }
    case "ghost": {
      const ghosts = need(ctx.ghosts, `ghost '${expr.name}'`);
      if (!Object.prototype.hasOwnProperty.call(ghosts, expr.name)) throw new Error(`ghost '${expr.name}' is read before it has a value`);
      return ghosts[expr.name];
    }
    case "image": {
      const domain = asArray(evaluate(expr.domain, ctx));
      const scope = binderScope(ctx, expr.name);
      const images: unknown[] = [];
      for (let i = 0; i < domain.length; i++) {
        scope.locals.rebind(domain[i]);
        images.push(evaluate(expr.element, scope.ctx));
      }
      return expr.type.kind === "seq" ? images : makeSet(expr.type, images, ctx.ir.messages);
    }
    case "messages": {
      const global = need(ctx.global, `messages(${expr.message})`);
      const ofType = global.network.filter((m) => m.type === expr.message);
      const sorted = [...ofType].sort((a, b) => compareMessages(ctx.ir.messages, a, b));
      return sorted.filter((m, i) => i === 0 || !valuesEqual(sorted[i - 1], m));
    }
    case "range": {
      const from = asNumber(evaluate(expr.from, ctx));
      const to = asNumber(evaluate(expr.to, ctx));
      const out: number[] = [];
      for (let i = from; i <= to; i++) out.push(i);
      return out;
    }
    case "self":
      return need(ctx.self, "self");
    case "msg":
      return need(ctx.msg, "msg");
    case "inFlight": {
      const global = need(ctx.global, "inFlight()");
      return expr.message === null ? global.network.length : global.network.filter((m) => m.type === expr.message).length;
    }
    case "unary": {
      const v = evaluate(expr.operand, ctx);
      return expr.op === "not" ? !v : int(0 - asNumber(v));
    }
    case "letIn":
      return evaluate(expr.body, withLocal(ctx, expr.name, evaluate(expr.value, ctx)));
    case "count": {
      const domain = asArray(evaluate(expr.domain, ctx));
      const scope = binderScope(ctx, expr.name);
      let n = 0;
      for (let i = 0; i < domain.length; i++) {
        scope.locals.rebind(domain[i]);
        if (evaluate(expr.where, scope.ctx) === true) n++;
      }
      return n;
    }
    case "filter": {
      const domain = asArray(evaluate(expr.domain, ctx));
      const scope = binderScope(ctx, expr.name);
      const kept: unknown[] = [];
      for (let i = 0; i < domain.length; i++) {
        scope.locals.rebind(domain[i]);
        if (evaluate(expr.where, scope.ctx) === true) kept.push(domain[i]);
      }
      return makeSet(expr.type, kept, ctx.ir.messages);
    }
    case "setLit":
      return makeSet(expr.type, expr.items.map((i) => evaluate(i, ctx)), ctx.ir.messages);
    case "seqLit":
      return expr.items.map((i) => evaluate(i, ctx));
    case "recordLit": {
      const values = new Map(expr.fields.map((f) => [f.name, evaluate(f.value, ctx)] as const));
      const order = expr.type.kind === "record" ? expr.type.fields.map((f) => f.name) : expr.fields.map((f) => f.name);
      const out: Record<string, unknown> = {};
      for (const name of order) out[name] = values.get(name);
      return out;
    }
    case "next":
      return evaluate(expr.inner, nextContext(ctx));
  }
}

function setOp(op: "union" | "intersect" | "minus", type: ExprType, a: readonly unknown[], b: readonly unknown[], ctx: EvalContext): unknown[] {
  switch (op) {
    case "union":
      return makeSet(type, [...a, ...b], ctx.ir.messages);
    case "intersect":
      return makeSet(type, a.filter((x) => includesValue(b, x)), ctx.ir.messages);
    case "minus":
      return makeSet(type, a.filter((x) => !includesValue(b, x)), ctx.ir.messages);
  }
}

function binary(expr: Extract<Expr, { kind: "binary" }>, ctx: EvalContext): unknown {
  // the left operand first, then the right one (not at all when `and`, `or`, `implies` are decided by the left)
  switch (expr.op) {
    case "and":
      return evaluate(expr.left, ctx) === true && evaluate(expr.right, ctx) === true;
    case "or":
      return evaluate(expr.left, ctx) === true || evaluate(expr.right, ctx) === true;
    case "implies":
      return evaluate(expr.left, ctx) !== true || evaluate(expr.right, ctx) === true;
    case "==": {
      const a = evaluate(expr.left, ctx);
      return valuesEqual(a, evaluate(expr.right, ctx));
    }
    case "!=": {
      const a = evaluate(expr.left, ctx);
      return !valuesEqual(a, evaluate(expr.right, ctx));
    }
    case "in": {
      const x = evaluate(expr.left, ctx);
      return includesValue(asArray(evaluate(expr.right, ctx)), x);
    }
    case "notin": {
      const x = evaluate(expr.left, ctx);
      return !includesValue(asArray(evaluate(expr.right, ctx)), x);
    }
    case "subset": {
      const a = asArray(evaluate(expr.left, ctx));
      const b = asArray(evaluate(expr.right, ctx));
      return a.every((x) => includesValue(b, x));
    }
    case "union":
    case "intersect":
    case "minus": {
      const a = asArray(evaluate(expr.left, ctx));
      return setOp(expr.op, expr.type, a, asArray(evaluate(expr.right, ctx)), ctx);
    }
    default: {
      const a = asNumber(evaluate(expr.left, ctx));
      return arithmetic(expr.op, a, asNumber(evaluate(expr.right, ctx)));
    }
  }
}

function arithmetic(op: "<" | "<=" | ">" | ">=" | "+" | "-" | "*" | "/" | "%", a: number, b: number): number | boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "+":
      return int(a + b);
    case "-":
      return int(a - b);
    case "*":
      return int(a * b);
    case "/":
      if (b === 0) throw new InterpreterError(`division by zero (${a} / 0)`);
      return int(Math.trunc(a / b));
    case "%":
      if (b === 0) throw new InterpreterError(`remainder by zero (${a} % 0)`);
      return int(a % b);
  }
}

function extreme(fn: "min" | "max", items: readonly unknown[]): number {
  if (items.length === 0) throw new InterpreterError(`${fn} of an empty collection`);
  const nums = items as readonly number[];
  return fn === "min" ? Math.min(...nums) : Math.max(...nums);
}

function call(fn: Builtin, argExprs: readonly Expr[], type: ExprType, ctx: EvalContext): unknown {
  const args = argExprs.map((a) => evaluate(a, ctx));
  switch (fn) {
    case "len":
    case "size":
      return asArray(args[0]).length;
    case "isEmpty":
      return asArray(args[0]).length === 0;
    case "unwrap":
      if (args[0] === null) throw new InterpreterError("unwrap of null");
      return args[0];
    case "last": {
      const s = asArray(args[0]);
      if (s.length === 0) throw new InterpreterError("last of an empty sequence");
      return s[s.length - 1];
    }
    case "head": {
      const s = asArray(args[0]);
      if (s.length === 0) throw new InterpreterError("head of an empty sequence");
      return s[0];
    }
    case "tail":
      return asArray(args[0]).slice(1);
    case "append":
      return [...asArray(args[0]), args[1]];
    case "slice": {
      const s = asArray(args[0]);
      const from = Math.max(asNumber(args[1]), 1);
      const to = Math.min(asNumber(args[2]), s.length);
      return to < from ? [] : s.slice(from - 1, to);
    }
    case "contains":
      return includesValue(asArray(args[0]), args[1]);
    case "isPrefix": {
      const a = asArray(args[0]);
      const b = asArray(args[1]);
      return a.length <= b.length && a.every((x, i) => valuesEqual(x, b[i]));
    }
    case "min":
      return Math.min(asNumber(args[0]), asNumber(args[1]));
    case "max":
      return Math.max(asNumber(args[0]), asNumber(args[1]));
    case "sum":
      return asArray(args[0]).reduce((total: number, v) => total + asNumber(v), 0);
    case "reverse":
      return [...asArray(args[0])].reverse();
    case "minOf":
      return extreme("min", asArray(args[0]));
    case "maxOf":
      return extreme("max", asArray(args[0]));
    case "union":
    case "intersect":
    case "minus":
      return setOp(fn, type, asArray(args[0]), asArray(args[1]), ctx);
    case "subsets": {
      let all: unknown[][] = [[]];
      for (const x of asArray(args[0])) all = [...all, ...all.map((s) => [...s, x])];
      return makeSet(type, all, ctx.ir.messages);
    }
    case "quorum": {
      const t = argExprs[0].type;
      if (t.kind !== "set" || t.elem.kind !== "node") throw new Error("quorum needs a set of node ids");
      return 2 * asArray(args[0]).length > roleCount(ctx.ir, t.elem.role, ctx.params);
    }
    case "majority": {
      const n = Array.isArray(args[0]) ? args[0].length : asNumber(args[0]);
      return Math.floor(n / 2) + 1;
    }
  }
}
