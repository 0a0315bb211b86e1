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

/** An expression made ready to run: what `evaluate` computes for it, in any context. */
type Compiled = (ctx: EvalContext) => unknown;

/**
 * Each expression compiled once into closures over its compiled operands, so
 * that evaluating it again does not walk and dispatch on its tree: the oracle
 * tests evaluate the same invariants and guards in every state they visit.
 * The closures read everything that varies (the IR, params, state, locals)
 * from the context, and only the expression itself at compile time.
 */
const compiledExprs = new WeakMap<Expr, Compiled>();

function compiled(expr: Expr): Compiled {
  let f = compiledExprs.get(expr);
  if (f === undefined) {
    f = compile(expr);
    compiledExprs.set(expr, f);
  }
  return f;
}

export function evaluate(expr: Expr, ctx: EvalContext): unknown {
  return compiled(expr)(ctx);
}

/** A binder's closure (quantifier, count, filter, image): the domain, then `each` for each element with the name bound to it. */
function overDomain(expr: { readonly name: string; readonly domain: Expr }, each: (domain: readonly unknown[], scope: ReturnType<typeof binderScope>, ctx: EvalContext) => unknown): Compiled {
  const domain = compiled(expr.domain);
  return (ctx) => each(asArray(domain(ctx)), binderScope(ctx, expr.name), ctx);
}

function compile(expr: Expr): Compiled {
  switch (expr.kind) {
    case "local": {
      const name = expr.name;
      return (ctx) => {
        const v = lookup(ctx.locals, name);
        if (v === ABSENT) throw new Error(`no local '${name}'`);
        return v;
      };
    }
    case "get": {
      const target = compiled(expr.target);
      const name = expr.name;
      return (ctx) => (target(ctx) as Record<string, unknown>)[name];
    }
    case "lit": {
      const value = expr.value;
      return () => value;
    }
    case "index": {
      const target = compiled(expr.target);
      const index = compiled(expr.index);
      const t = expr.target.type;
      if (t.kind === "map") {
        const key = t.key;
        return (ctx) => {
          const arr = asArray(target(ctx));
          return arr[mapSlot(key, index(ctx), ctx.params, arr.length)];
        };
      }
      return (ctx) => {
        const arr = asArray(target(ctx));
        return arr[seqSlot(index(ctx), arr.length)];
      };
    }
    case "binary":
      return compileBinary(expr);
    case "nodeState": {
      const id = compiled(expr.id);
      const role = expr.role;
      return (ctx) => {
        const global = need(ctx.global, `${role}[...]`);
        const n = id(ctx) as number;
        const nodes = global.nodes[role];
        if (!Number.isInteger(n) || n < 0 || n >= nodes.length) throw new InterpreterError(`no node ${String(n)} in role '${role}'`);
        return nodes[n];
      };
    }
    case "callDef": {
      const args = expr.args.map(compiled);
      const name = expr.name;
      return (ctx) => {
        const definition = definitionOf(ctx.ir, name);
        const locals = new Map<string, unknown>();
        for (let i = 0; i < definition.params.length; i++) locals.set(definition.params[i].name, args[i](ctx));
        return compiled(definition.body)({ ir: ctx.ir, params: ctx.params, global: null, next: null, ghosts: null, self: null, node: null, msg: null, locals });
      };
    }
    case "if": {
      const cond = compiled(expr.cond);
      const then = compiled(expr.then);
      const otherwise = compiled(expr.else);
      return (ctx) => (cond(ctx) ? then(ctx) : otherwise(ctx));
    }
    case "quantifier": {
      const body = compiled(expr.body);
      const forall = expr.q === "forall";
      return overDomain(expr, (domain, scope) => {
        for (let i = 0; i < domain.length; i++) {
          scope.locals.rebind(domain[i]);
          if ((body(scope.ctx) === true) !== forall) return !forall;
        }
        return forall;
      });
    }
    case "param": {
      const name = expr.name;
      return (ctx) => {
        const v = ctx.params[name];
        if (v === undefined) throw new Error(`no value for parameter '${name}'`);
        return v;
      };
    }
    case "roleIds": {
      const role = expr.role;
      return (ctx) => Array.from({ length: roleCount(ctx.ir, role, ctx.params) }, (_, i) => i);
    }
    case "call":
      return compileCall(expr.fn, expr.args, expr.type);
    case "field": {
      const name = expr.name;
      return (ctx) => {
        const node = need(ctx.node, `field '${name}'`);
        if (!Object.prototype.hasOwnProperty.call(node, name)) throw new Error(`field '${name}' is read before it has a value`);
        return node[name];
      };
    }
    case "ghost": {
      const name = expr.name;
      return (ctx) => {
        const ghosts = need(ctx.ghosts, `ghost '${name}'`);
        if (!Object.prototype.hasOwnProperty.call(ghosts, name)) throw new Error(`ghost '${name}' is read before it has a value`);
        return ghosts[name];
      };
    }
    case "image": {
      const element = compiled(expr.element);
      const type = expr.type;
      return overDomain(expr, (domain, scope, ctx) => {
        const images: unknown[] = [];
        for (let i = 0; i < domain.length; i++) {
          scope.locals.rebind(domain[i]);
          images.push(element(scope.ctx));
        }
        return type.kind === "seq" ? images : makeSet(type, images, ctx.ir.messages);
      });
    }
    case "messages": {
      const message = expr.message;
      return (ctx) => {
        const global = need(ctx.global, `messages(${message})`);
        const ofType = global.network.filter((m) => m.type === message);
        const sorted = [...ofType].sort((a, b) => compareMessages(ctx.ir.messages, a, b));
        return sorted.filter((m, i) => i === 0 || !valuesEqual(sorted[i - 1], m));
      };
    }
    case "range": {
      const from = compiled(expr.from);
      const to = compiled(expr.to);
      return (ctx) => {
        const lo = asNumber(from(ctx));
        const hi = asNumber(to(ctx));
        const out: number[] = [];
        for (let i = lo; i <= hi; i++) out.push(i);
        return out;
      };
    }
    case "self":
      return (ctx) => need(ctx.self, "self");
    case "msg":
      return (ctx) => need(ctx.msg, "msg");
    case "inFlight": {
      const message = expr.message;
      return (ctx) => {
        const global = need(ctx.global, "inFlight()");
        return message === null ? global.network.length : global.network.filter((m) => m.type === message).length;
      };
    }
    case "unary": {
      const operand = compiled(expr.operand);
      return expr.op === "not" ? (ctx) => !operand(ctx) : (ctx) => int(0 - asNumber(operand(ctx)));
    }
    case "letIn": {
      const value = compiled(expr.value);
      const body = compiled(expr.body);
      const name = expr.name;
      return (ctx) => body(withLocal(ctx, name, value(ctx)));
    }
    case "count": {
      const where = compiled(expr.where);
      return overDomain(expr, (domain, scope) => {
        let n = 0;
        for (let i = 0; i < domain.length; i++) {
          scope.locals.rebind(domain[i]);
          if (where(scope.ctx) === true) n++;
        }
        return n;
      });
    }
    case "filter": {
      const where = compiled(expr.where);
      const type = expr.type;
      return overDomain(expr, (domain, scope, ctx) => {
        const kept: unknown[] = [];
        for (let i = 0; i < domain.length; i++) {
          scope.locals.rebind(domain[i]);
          if (where(scope.ctx) === true) kept.push(domain[i]);
        }
        return makeSet(type, kept, ctx.ir.messages);
      });
    }
    case "setLit": {
      const items = expr.items.map(compiled);
      const type = expr.type;
      return (ctx) => makeSet(type, items.map((item) => item(ctx)), ctx.ir.messages);
    }
    case "seqLit": {
      const items = expr.items.map(compiled);
      return (ctx) => items.map((item) => item(ctx));
    }
    case "recordLit": {
      const fields = expr.fields.map((f) => [f.name, compiled(f.value)] as const);
      const order = expr.type.kind === "record" ? expr.type.fields.map((f) => f.name) : expr.fields.map((f) => f.name);
      return (ctx) => {
        const values = new Map(fields.map(([name, value]) => [name, value(ctx)] as const));
        const out: Record<string, unknown> = {};
        for (const name of order) out[name] = values.get(name);
        return out;
      };
    }
    case "next": {
      const inner = compiled(expr.inner);
      return (ctx) => inner(nextContext(ctx));
    }
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

function compileBinary(expr: Extract<Expr, { kind: "binary" }>): Compiled {
  const left = compiled(expr.left);
  const right = compiled(expr.right);
  // the left operand first, then the right one (not at all when `and`, `or`, `implies` are decided by the left)
  switch (expr.op) {
    case "and":
      return (ctx) => left(ctx) === true && right(ctx) === true;
    case "or":
      return (ctx) => left(ctx) === true || right(ctx) === true;
    case "implies":
      return (ctx) => left(ctx) !== true || right(ctx) === true;
    case "==":
      return (ctx) => {
        const a = left(ctx);
        return valuesEqual(a, right(ctx));
      };
    case "!=":
      return (ctx) => {
        const a = left(ctx);
        return !valuesEqual(a, right(ctx));
      };
    case "in":
      return (ctx) => {
        const x = left(ctx);
        return includesValue(asArray(right(ctx)), x);
      };
    case "notin":
      return (ctx) => {
        const x = left(ctx);
        return !includesValue(asArray(right(ctx)), x);
      };
    case "subset":
      return (ctx) => {
        const a = asArray(left(ctx));
        const b = asArray(right(ctx));
        return a.every((x) => includesValue(b, x));
      };
    case "union":
    case "intersect":
    case "minus": {
      const op = expr.op;
      const type = expr.type;
      return (ctx) => {
        const a = asArray(left(ctx));
        return setOp(op, type, a, asArray(right(ctx)), ctx);
      };
    }
    default: {
      const op = expr.op;
      return (ctx) => {
        const a = asNumber(left(ctx));
        return arithmetic(op, a, asNumber(right(ctx)));
      };
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

/** A builtin call: every argument in order, then the builtin on their values. */
function compileCall(fn: Builtin, argExprs: readonly Expr[], type: ExprType): Compiled {
  const args = argExprs.map(compiled);
  return (ctx) => builtin(fn, args.map((arg) => arg(ctx)), argExprs, type, ctx);
}

function builtin(fn: Builtin, args: readonly unknown[], argExprs: readonly Expr[], type: ExprType, ctx: EvalContext): unknown {
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
