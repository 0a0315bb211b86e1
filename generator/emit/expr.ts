/** Typed IR expressions -> TypeScript expressions over the generated value representation. */
import type { Bound, Expr, ExprType, Type } from "../ir.js";
import type { ModuleHelpers } from "./module.js";
import { tsType } from "./tstype.js";

export interface ExprEnv {
  readonly h: ModuleHelpers;
  /** The running node's state. */
  readonly state: string;
  /** The global state (verification code only). */
  readonly global: string;
  /** The ghost variables being read. */
  readonly ghosts: string;
  /** The global state after the step, for next(e) in action properties. */
  readonly next?: string;
  /**
   * In predicates (invariants, properties, constraints), quantifiers become
   * module-level functions of the names in scope instead of closures.
   */
  readonly lift?: { readonly context: readonly string[]; readonly locals: readonly { readonly name: string; readonly type: Type }[] };
  /** Locals bound by a quantifier over a role's ids, so indexing that role by them needs no range check. */
  readonly ids?: ReadonlyMap<string, string>;
  /** The code of the conditions that must have held (or failed) for this code to run: the left of `&&` or `||`, the condition of `?:`. */
  readonly after?: string;
}

/**
 * Whether every value of type `index` is a key of a map keyed by `key`: nodes,
 * enums and booleans are, by typing; an integer is when its bounds lie within
 * the key's. Elsewhere (an integer key, then) a read goes through entryAt, which
 * raises a spec runtime error for a key outside the map, as the interpreter does.
 */
function withinKeys(index: ExprType, key: ExprType): boolean {
  if (key.kind !== "int" || index.kind !== "int") return key.kind !== "int";
  return boundWithin(index.min, key.min, 1) && boundWithin(index.max, key.max, -1);
}

/** Whether `inner` is a bound no further out than `outer` (`side` 1 for a minimum, -1 for a maximum). */
function boundWithin(inner: Bound | null, outer: Bound | null, side: 1 | -1): boolean {
  if (outer === null || inner === null) return false;
  if ("const" in inner && "const" in outer) return side * (inner.const - outer.const) >= 0;
  if ("param" in inner && "param" in outer) return inner.param === outer.param && inner.scale === outer.scale && side * (inner.offset - outer.offset) >= 0;
  return false;
}

/** Whether the expression reads the local `name` (a body that does not needs no loop variable). */
function usesLocal(e: unknown, name: string): boolean {
  if (typeof e !== "object" || e === null) return false;
  const node = e as { kind?: string; name?: string; type?: unknown };
  if (node.kind === "local" && node.name === name) return true;
  return Object.entries(node).some(([key, value]) => key !== "type" && usesLocal(value, name));
}

/** The environment inside a binder of `name` over `domain`. */
function binding(env: ExprEnv, name: string, domain: Expr): ExprEnv {
  const ids = new Map(env.ids);
  if (domain.kind === "roleIds") ids.set(name, domain.role);
  else ids.delete(name);
  return { ...env, ids };
}

export const local = (name: string): string => `v_${name}`;

const PRIMITIVE = new Set(["bool", "int", "node", "enum", "stringLit", "null"]);

/**
 * Whether tsc may have narrowed `value` (a boolean or an enum the code before
 * it compared: `x or x != true` runs `x != true` only when x is false) and so
 * refuse its comparison with a literal it can no longer equal.
 */
function narrowed(value: Expr, code: string, literal: Expr, env: ExprEnv): boolean {
  const kind = value.type.kind;
  return (kind === "bool" || kind === "enum") && literalTyped(literal) && !literalTyped(value) && (env.after?.includes(code) ?? false);
}

/** Whether `===` compares values of type t: a payload may be any JSON value at run time, so it takes `equal`. */
function isPrimitive(t: ExprType): boolean {
  const scalar = t.kind === "optional" ? t.inner : t;
  return PRIMITIVE.has(scalar.kind) && !(scalar.kind === "int" && scalar.payload);
}

export function emitExpr(e: Expr, env: ExprEnv): string {
  const h = env.h;
  const sub = (x: Expr) => emitExpr(x, env);
  switch (e.kind) {
    case "lit":
      return JSON.stringify(e.value);
    case "param":
      return `p.${e.name}`;
    case "self":
      return "self";
    case "field":
      return `${env.state}.${e.name}`;
    case "ghost":
      return `${env.ghosts}.${e.name}`;
    case "local":
      return local(e.name);
    case "msg":
      return "msg";
    case "roleIds":
      return `${h.use("ids")}(${h.roleCount(e.role)})`;
    case "nodeState":
      if (e.id.kind === "local" && env.ids?.get(e.id.name) === e.role) return `${env.global}.nodes.${e.role}[${sub(e.id)}]`;
      return `${h.use("nodeAt")}(${env.global}.nodes.${e.role}, ${sub(e.id)})`;
    case "messages":
      if (h.ir.network === "set") return `${h.use("messagesOfSet")}(${env.global}.network, "${e.message}")`;
      return `${h.use(h.ir.network === "fifo" ? "messagesOf" : "messagesOfSorted")}(${env.global}.network, "${e.message}", compareMessage)`;
    case "callDef":
      return `definitions.${e.name}(p${e.args.map((a) => `, ${sub(a)}`).join("")})`;
    case "inFlight":
      return e.message === null ? `${env.global}.network.length` : `${h.use("countOfType")}(${env.global}.network, "${e.message}")`;
    case "get":
      return `${sub(e.target)}.${e.name}`;
    case "index": {
      const target = e.target.type;
      if (target.kind === "map") {
        if (withinKeys(e.index.type, target.key)) return `${sub(e.target)}[${h.keyPosition(target.key, sub(e.index))}]`;
        return `${h.use("entryAt")}(${sub(e.target)}, ${sub(e.index)}, ${h.bound((target.key as Extract<Type, { kind: "int" }>).min!)})`;
      }
      return `${h.use("at")}(${sub(e.target)}, ${sub(e.index)})`;
    }
    case "unary":
      return e.op === "not" ? `!(${sub(e.operand)})` : `-(${sub(e.operand)})`;
    case "binary":
      return emitBinary(e, env);
    case "if": {
      const cond = sub(e.cond);
      const branch = { ...env, after: `${env.after ?? ""} ${cond}` };
      return `(${cond} ? ${emitExpr(e.then, branch)} : ${emitExpr(e.else, branch)})`;
    }
    case "quantifier": {
      if (!usesLocal(e.body, e.name)) return e.q === "forall" ? `(${sub(e.domain)}.length === 0 || ${sub(e.body)})` : `(${sub(e.domain)}.length > 0 && ${sub(e.body)})`;
      const [hit, found, otherwise] = e.q === "forall" ? ["!", "false", "true"] : ["", "true", "false"];
      const elem = (e.domain.type as Extract<Type, { kind: "set" | "seq" }>).elem;
      const loop = (inner: ExprEnv) => `${forEach(e.name, e.domain, env)} if (${hit}(${emitExpr(e.body, inner)})) return ${found}; return ${otherwise};`;
      if (env.lift !== undefined) return liftedLoop(e.name, elem, binding(env, e.name, e.domain), loop, "boolean");
      return `(() => { ${loop(binding(env, e.name, e.domain))} })()`;
    }
    case "letIn": {
      const inner = letEnv(env, e.name, e.bound);
      if (env.lift !== undefined) return liftedLet(e.name, e.bound, sub(e.value), env, emitExpr(e.body, inner));
      return `((${local(e.name)}: ${tsType(e.bound)}) => (${emitExpr(e.body, inner)}))(${sub(e.value)})`;
    }
    case "count": {
      if (!usesLocal(e.where, e.name)) return `(${sub(e.where)} ? ${sub(e.domain)}.length : 0)`;
      const elem = (e.domain.type as Extract<Type, { kind: "set" | "seq" }>).elem;
      const loop = (inner: ExprEnv) => `let n = 0; ${forEach(e.name, e.domain, env)} if (${emitExpr(e.where, inner)}) n++; return n;`;
      if (env.lift !== undefined) return liftedLoop(e.name, elem, binding(env, e.name, e.domain), loop, "number");
      return `(() => { ${loop(binding(env, e.name, e.domain))} })()`;
    }
    case "filter": {
      const inner = closureEnv(env, e.name, e.domain);
      const kept = `${sub(e.domain)}.filter((${local(e.name)}) => ${emitExpr(e.where, inner)})`;
      // What a set keeps of itself is still sorted and free of copies.
      return e.domain.type.kind === "set" ? kept : setCall("setOf", [kept], e.type, h);
    }
    case "image": {
      const inner = closureEnv(env, e.name, e.domain);
      const images = `${sub(e.domain)}.map${typeArgument(e.type)}((${local(e.name)}) => (${emitExpr(e.element, inner)}))`;
      return e.type.kind === "seq" ? images : setCall("setOf", [images], e.type, h);
    }
    case "setLit":
      if (e.items.length <= 1) return `[${e.items.map(sub).join("")}]`;
      const set = setCall("setOf", [`[${e.items.map(sub).join(", ")}]`], e.type, h);
      return e.items.every((i) => i.kind === "lit") ? h.constant("set", set) : set;
    case "seqLit":
      return `[${e.items.map(sub).join(", ")}]`;
    case "recordLit": {
      const order = e.type.kind === "record" ? e.type.fields.map((f) => f.name) : e.fields.map((f) => f.name);
      return `{ ${order.map((name) => `${name}: ${sub(e.fields.find((f) => f.name === name)!.value)}`).join(", ")} }`;
    }
    case "range":
      return `${h.use("range")}(${sub(e.from)}, ${sub(e.to)})`;
    case "call":
      return emitCall(e, env);
    case "next":
      return emitExpr(e.inner, { ...env, global: env.next!, ghosts: `${env.next!}.ghosts` });
  }
}

/** The loop head binding `name` to each element of `domain`: a counting loop over ids and ranges, which builds no array. */
function forEach(name: string, domain: Expr, env: ExprEnv): string {
  const v = local(name);
  if (domain.kind === "roleIds") return `for (let ${v} = 0, end = ${env.h.roleCount(domain.role)}; ${v} < end; ${v}++)`;
  if (domain.kind === "range") return `for (let ${v} = ${emitExpr(domain.from, env)}, end = ${emitExpr(domain.to, env)}; ${v} <= end; ${v}++)`;
  return `for (const ${v} of ${emitExpr(domain, env)})`;
}

/** Inside `let name = ...`: the name is no role's id, and a quantifier lifted out of the body takes it as a parameter. */
function letEnv(env: ExprEnv, name: string, type: Type): ExprEnv {
  const ids = new Map(env.ids);
  ids.delete(name);
  return { ...env, ids, ...(env.lift === undefined ? {} : { lift: { ...env.lift, locals: [...env.lift.locals, { name, type }] } }) };
}

/** Inside a closure binding `name`: a quantifier lifted out of it must take `name` as a parameter too. */
function closureEnv(env: ExprEnv, name: string, domain: Expr): ExprEnv {
  const inner = binding(env, name, domain);
  if (env.lift === undefined) return inner;
  const type = (domain.type as Extract<Type, { kind: "set" | "seq" }>).elem;
  return { ...inner, lift: { ...env.lift, locals: [...env.lift.locals, { name, type }] } };
}

/** A call to a module-level function holding the loop, given every name in scope; the loop's body sees `bound` too. */
function liftedLoop(bound: string, type: Type, env: ExprEnv, body: (inner: ExprEnv) => string, returns: string): string {
  const lift = env.lift!;
  const inner: ExprEnv = { ...env, lift: { ...lift, locals: [...lift.locals, { name: bound, type }] } };
  const params = [...lift.context, ...lift.locals.map((l) => `${local(l.name)}: ${tsType(l.type)}`)];
  const args = [...lift.context.map((c) => c.split(":")[0]), ...lift.locals.map((l) => local(l.name))];
  const name = env.h.lift("loop", (n) => `function ${n}(${params.join(", ")}): ${returns} {\n${body(inner)}\n}`);
  return `${name}(${args.join(", ")})`;
}

/** In a predicate, `let` becomes a module-level function of the names in scope and the bound value: no closure per evaluation. */
function liftedLet(bound: string, type: Type, value: string, env: ExprEnv, body: string): string {
  const lift = env.lift!;
  const params = [...lift.context, ...lift.locals.map((l) => `${local(l.name)}: ${tsType(l.type)}`), `${local(bound)}: ${tsType(type)}`];
  const args = [...lift.context.map((c) => c.split(":")[0]), ...lift.locals.map((l) => local(l.name)), value];
  const name = env.h.lift("let", (n) => `function ${n}(${params.join(", ")}) {\nreturn ${body};\n}`);
  return `${name}(${args.join(", ")})`;
}

const TYPED_ELEMENTS = new Set(["enum", "record", "optional", "seq", "set", "map"]);

/**
 * A call of a runtime set function on a set of type `t`. Its element type is
 * given outright (here and to `map`) unless it is a number: comparators of
 * enums take strings, and tsc would infer `string[]` where the set holds an enum.
 */
function setCall(fn: string, args: readonly string[], t: ExprType, h: ModuleHelpers): string {
  return `${h.use(fn)}${typeArgument(t)}(${[...args, h.compare(elemOf(t))].join(", ")})`;
}

function typeArgument(t: ExprType): string {
  const elem = elemOf(t);
  return TYPED_ELEMENTS.has(elem.kind) ? `<${tsType(elem as Type)}>` : "";
}

function elemOf(t: ExprType): ExprType {
  return t.kind === "set" || t.kind === "seq" ? t.elem : t;
}

/**
 * The TypeScript type to widen `e`'s code to where tsc would give it a literal
 * type (`0`, `c ? 0 : 1`, `true`), or null. tsc refuses to compare two literal
 * types that cannot be equal, though the spec may (`0 == 1` is false).
 */
export function widenedType(e: Expr): string | null {
  if (!literalTyped(e)) return null;
  return e.type.kind === "int" || e.type.kind === "node" ? "number" : e.type.kind === "bool" ? "boolean" : null;
}

function literalTyped(e: Expr): boolean {
  return e.kind === "lit" || (e.kind === "if" && (literalTyped(e.then) || literalTyped(e.else)));
}

function emitBinary(e: Extract<Expr, { kind: "binary" }>, env: ExprEnv): string {
  const h = env.h;
  const literal = e.op === "in" || e.op === "notin" ? literalValues(e.right, env) : null;
  if (literal !== null) return `${e.op === "notin" ? "!" : ""}${literal}.includes(${emitExpr(e.left, env)})`;
  // Before either side is emitted: the slices it compares in place would otherwise import `slice` for nothing.
  const slices = e.op === "==" || e.op === "!=" ? sameSlices(e.left, e.right, env) : null;
  if (slices !== null) return `${e.op === "!=" ? "!" : ""}${slices}`;
  const a = emitExpr(e.left, env);
  const b = emitExpr(e.right, e.op === "and" || e.op === "or" || e.op === "implies" ? { ...env, after: `${env.after ?? ""} ${a}` } : env);
  switch (e.op) {
    case "and":
      return `(${a} && ${b})`;
    case "or":
      return `(${a} || ${b})`;
    case "implies":
      return `(!(${a}) || ${b})`;
    case "==":
    case "!=": {
      const primitive = isPrimitive(e.left.type) && isPrimitive(e.right.type);
      const widened = widenedType(e.left);
      if (primitive && widened !== null && widenedType(e.right) !== null) return `((${a} as ${widened}) ${e.op}= ${b})`;
      if (primitive && narrowed(e.left, a, e.right, env)) return `((${a} as ${tsType(e.left.type as Type)}) ${e.op}= ${b})`;
      if (primitive) return `(${a} ${e.op}= ${b})`;
      return `${e.op === "!=" ? "!" : ""}${h.use("equal")}(${a}, ${b})`;
    }
    case "<":
    case "<=":
    case ">":
    case ">=":
    case "+":
    case "-":
    case "*":
      return `(${a} ${e.op} ${b})`;
    case "/":
      return `${h.use("div")}(${a}, ${b})`;
    case "%":
      return `${h.use("mod")}(${a}, ${b})`;
    case "in":
    case "notin": {
      const not = e.op === "notin" ? "!" : "";
      return `${not}${membership(e.right.type, b, a, env)}`;
    }
    case "subset":
      return `${h.use("isSubset")}(${a}, ${b}, ${h.compare(elemOf(e.left.type))})`;
    case "union":
      return setCall("setUnion", [a, b], e.type, h);
    case "intersect":
      return setCall("setIntersect", [a, b], e.type, h);
    case "minus":
      return setCall("setMinus", [a, b], e.type, h);
  }
}

/** `slice(a, i, j) == slice(b, i, j)` (LogMatching's shape) compares in place, building neither slice. */
function sameSlices(left: Expr, right: Expr, env: ExprEnv): string | null {
  if (left.kind !== "call" || right.kind !== "call" || left.fn !== "slice" || right.fn !== "slice") return null;
  const [a, i, j] = left.args.map((x) => emitExpr(x, env));
  const [b, k, l] = right.args.map((x) => emitExpr(x, env));
  return i === k && j === l ? `${env.h.use("equalSlices")}(${a}, ${b}, ${i}, ${j})` : null;
}

/** For a literal collection of plain values, a module constant array: membership is then `includes`, no comparator. */
function literalValues(e: Expr, env: ExprEnv): string | null {
  if ((e.kind !== "setLit" && e.kind !== "seqLit") || !e.items.every((i) => i.kind === "lit" && i.value !== null)) return null;
  return env.h.constant("values", JSON.stringify(e.items.map((i) => (i as { value: unknown }).value)));
}

function membership(collection: ExprType, c: string, x: string, env: ExprEnv): string {
  if (collection.kind === "set") return `${env.h.use("setHas")}(${c}, ${x}, ${env.h.compare(collection.elem)})`;
  if (collection.kind === "empty") return "false";
  return `${env.h.use("seqHas")}(${c}, ${x})`;
}

function emitCall(e: Extract<Expr, { kind: "call" }>, env: ExprEnv): string {
  const h = env.h;
  const literal = e.fn === "contains" ? literalValues(e.args[0], env) : null;
  if (literal !== null) return `${literal}.includes(${emitExpr(e.args[1], env)})`;
  const args = e.args.map((a) => emitExpr(a, env));
  switch (e.fn) {
    case "len":
    case "size":
      return `${args[0]}.length`;
    case "isEmpty":
      return `(${args[0]}.length === 0)`;
    case "contains":
      return membership(e.args[0].type, args[0], args[1], env);
    case "min":
    case "max":
      return `Math.${e.fn}(${args.join(", ")})`;
    case "quorum":
      return `(2 * ${args[0]}.length > ${h.roleCount((elemOf(e.args[0].type) as { role: string }).role)})`;
    case "majority":
      return `${h.use("majority")}(${e.args[0].type.kind === "set" ? `${args[0]}.length` : args[0]})`;
    case "union":
      return setCall("setUnion", args, e.type, h);
    case "intersect":
      return setCall("setIntersect", args, e.type, h);
    case "minus":
      return setCall("setMinus", args, e.type, h);
    case "subsets":
      return `${h.use("subsetsOf")}${typeArgument(e.args[0].type)}(${args[0]}, ${h.compare(elemOf(e.type))})`;
    default:
      return `${h.use(e.fn)}(${args.join(", ")})`;
  }
}
