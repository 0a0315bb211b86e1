/**
 * Type-checks a parsed expression in its scope and lowers it to a typed IR
 * expression. What a name means depends on where the expression stands: in a
 * node's action a bare name is one of its own fields; in an invariant the nodes
 * are reached through their role (`rm[i].rmState`); ghosts are readable only
 * by verification code (invariants, properties, ghost effects).
 */
import { ErrorCode, type ErrorCodeValue } from "../errors.js";
import type { Builtin, Definition, Expr, ExprType, IrBinaryOp, Message, Type } from "../ir.js";
import { anyInt, assignable, BOOL, comparable, isErrorType, isNumeric, join, typeText } from "../types.js";
import type { Ast, Binder } from "./ast.js";

export class CheckError extends Error {
  constructor(readonly code: ErrorCodeValue, message: string, readonly pos: number) {
    super(message);
  }
}

/** A use of a value whose declaration failed and was reported (isErrorType): the expression fails with nothing new to say. */
export class FollowOnError extends Error {}

export interface ProtocolNames {
  readonly parameters: ReadonlySet<string>;
  readonly roles: ReadonlyMap<string, ReadonlyMap<string, Type>>;
  readonly messages: ReadonlyMap<string, Message>;
  readonly ghosts: ReadonlyMap<string, Type>;
  /** Roles whose ids are interchangeable: ordering or computing with them would make symmetry reduction unsound. */
  readonly symmetric: ReadonlySet<string>;
  /** The definitions callable here: in a definition's body, only those written before it. */
  readonly definitions: ReadonlyMap<string, Pick<Definition, "params" | "returns">>;
}

export interface ExprScope {
  readonly names: ProtocolNames;
  /** The role whose node runs this expression, or null for a global predicate. */
  readonly role: string | null;
  /** The message type bound as `msg`, in an action that runs on receipt. */
  readonly message: string | null;
  readonly locals: ReadonlyMap<string, ExprType>;
  /** Verification-only code may read ghosts, other nodes and the network. */
  readonly verification: boolean;
  /** Action properties may use next(e). */
  readonly allowNext: boolean;
  /** Initial values are set all at once, so they cannot read the node's fields. */
  readonly initial?: boolean;
}

/** A string that is not one of an enum's values (a typo: 'candidat'), said with the values it could be; null for any other mismatch. */
function notAValue(wanted: ExprType, found: ExprType): string | null {
  const e = wanted.kind === "optional" ? wanted.inner : wanted;
  if (e.kind !== "enum" || found.kind !== "stringLit") return null;
  return `'${found.value}' is not a value of ${typeText(e)} (its values: ${e.values.map((v) => `'${v}'`).join(", ")})`;
}

function fail(code: ErrorCodeValue, message: string, pos: number): never {
  throw new CheckError(code, message, pos);
}

function mismatch(message: string, pos: number): never {
  throw new CheckError(ErrorCode.typeMismatch, message, pos);
}

/** Ids of a symmetric role are names, not numbers, and a payload is any JSON value at run time: both may be compared for equality only. */
function rejectSymmetricIds(t: ExprType, what: string, pos: number, scope: ExprScope): void {
  const elem = t.kind === "set" || t.kind === "seq" ? t.elem : t;
  if (elem.kind === "node" && scope.names.symmetric.has(elem.role)) {
    mismatch(`${what} on ${elem.role} ids: the role is symmetric, so its ids are interchangeable names that only == and != may compare (make the role not symmetric to order them)`, pos);
  }
  if (elem.kind === "int" && elem.payload) mismatch(`${what} on a payload: at run time a payload is any JSON value the application chooses, so it may only be compared with == and !=, copied and stored`, pos);
}

export function checkExpr(ast: Ast, scope: ExprScope, expected?: ExprType): Expr {
  // Where a failed declaration gave the wanted type, the expression's own errors are still its own; a mismatch would not be.
  if (expected !== undefined && isErrorType(expected)) {
    check(ast, scope);
    throw new FollowOnError();
  }
  const expr = check(ast, scope, expected);
  if (expected !== undefined && !assignable(expected, expr.type)) {
    mismatch(notAValue(expected, expr.type) ?? `expected ${typeText(expected)}, found ${typeText(expr.type)}`, ast.pos);
  }
  return expected !== undefined ? retype(expr, expected) : expr;
}

/** Gives literals the type their context wants (an enum for a string, the element type for an empty set). */
function retype(expr: Expr, expected: ExprType): Expr {
  if (expected.kind === "optional" && expr.type.kind !== "optional" && expr.type.kind !== "null") return retype(expr, expected.inner);
  if (expr.kind === "lit" && expr.type.kind === "stringLit" && expected.kind === "enum") return { ...expr, type: expected };
  if (expr.type.kind === "empty" && (expected.kind === "set" || expected.kind === "seq")) return { ...expr, type: expected } as Expr;
  if ((expr.kind === "setLit" || expr.kind === "seqLit") && (expected.kind === "set" || expected.kind === "seq")) {
    return { ...expr, type: expected, items: expr.items.map((i) => retype(i, expected.elem)) };
  }
  if (expr.kind === "seqLit" && expected.kind === "map") return { ...expr, items: expr.items.map((i) => retype(i, expected.value)) };
  if (expr.kind === "recordLit" && expected.kind === "record") {
    return { ...expr, type: expected, fields: expr.fields.map((f) => ({ name: f.name, value: retype(f.value, expected.fields.find((g) => g.name === f.name)!.type) })) };
  }
  if (expr.kind === "if") return { ...expr, type: expected, then: retype(expr.then, expected), else: retype(expr.else, expected) };
  if (expr.type.kind === "set" && expected.kind === "set" && expr.type.elem.kind === "enum" && expected.elem.kind === "enum" && expr.type.elem.name !== expected.elem.name) {
    return { ...expr, type: expected } as Expr;
  }
  return expr;
}

/** The typed expression of `ast`; one whose type is that of a failed declaration is no expression, and no new error. */
function check(ast: Ast, scope: ExprScope, expected?: ExprType): Expr {
  const expr = checkNode(ast, scope, expected);
  if (isErrorType(expr.type)) throw new FollowOnError();
  return expr;
}

function checkNode(ast: Ast, scope: ExprScope, expected?: ExprType): Expr {
  switch (ast.kind) {
    case "number":
      return { kind: "lit", type: anyInt(), value: ast.value };
    case "string":
      return { kind: "lit", type: { kind: "stringLit", value: ast.value }, value: ast.value };
    case "bool":
      return { kind: "lit", type: BOOL, value: ast.value };
    case "null":
      return { kind: "lit", type: { kind: "null" }, value: null };
    case "name":
      return checkName(ast.name, ast.pos, scope);
    case "unary": {
      if (ast.op === "not") return { kind: "unary", type: BOOL, op: "not", operand: checkExpr(ast.operand, scope, BOOL) };
      const operand = check(ast.operand, scope);
      if (!isNumeric(operand.type)) mismatch(`'-' needs an integer, found ${typeText(operand.type)}`, ast.pos);
      rejectSymmetricIds(operand.type, "'-'", ast.pos, scope);
      return { kind: "unary", type: anyInt(), op: "neg", operand };
    }
    case "binary":
      return checkBinary(ast, scope);
    case "field":
      return checkField(ast, scope);
    case "index":
      return checkIndex(ast, scope);
    case "if": {
      const cond = checkExpr(ast.cond, scope, BOOL);
      const then = check(ast.then, scope, expected);
      const otherwise = check(ast.else, scope, expected ?? then.type);
      // Where the context says what it wants, branches that both fit it have its type: `if c then 'a' else null` for an optional enum.
      const fitsExpected = expected !== undefined && assignable(expected, then.type) && assignable(expected, otherwise.type);
      const type = (fitsExpected ? expected : join(then.type, otherwise.type)) ?? mismatch(branchesDiffer(then, otherwise, expected), ast.pos);
      return { kind: "if", type, cond, then, else: otherwise };
    }
    case "quantifier":
      return checkQuantifier(ast.q, ast.binders, ast.body, scope);
    case "let": {
      const value = check(ast.value, scope);
      const bound = valueType(value.type, ast.value.pos);
      const body = check(ast.body, { ...scope, locals: new Map(scope.locals).set(ast.name, bound) }, expected);
      return { kind: "letIn", type: body.type, name: ast.name, bound, value: retype(value, bound), body };
    }
    case "count": {
      const { name, domain, inner } = bind(ast.binder, scope);
      return { kind: "count", type: anyInt(), name, domain, where: checkExpr(ast.where, inner, BOOL) };
    }
    case "filter": {
      const { name, domain, inner } = bind(ast.binder, scope);
      return { kind: "filter", type: asSet(domain.type), name, domain, where: checkExpr(ast.where, inner, BOOL) };
    }
    case "image": {
      const { name, domain, inner } = bind(ast.binder, scope);
      const want = expected?.kind === ast.of ? (expected as Extract<Type, { kind: "set" | "seq" }>).elem : expected?.kind === "map" && ast.of === "seq" ? expected.value : undefined;
      const element = want === undefined ? check(ast.element, inner) : checkExpr(ast.element, inner, want);
      const elem = want ?? valueType(element.type, ast.element.pos);
      const type: Type = ast.of === "set" ? { kind: "set", elem } : { kind: "seq", elem, max: { const: -1 } };
      return { kind: "image", type, name, domain, element };
    }
    case "setLit":
    case "seqLit":
      return checkCollection(ast.kind, ast.items, ast.pos, scope, expected);
    case "recordLit": {
      const want = expected?.kind === "record" ? expected : undefined;
      const fields = ast.fields.map((f) => {
        const wanted = want?.fields.find((g) => g.name === f.name)?.type;
        const value = check(f.value, scope, wanted);
        // A field's value that fits the wanted field takes its type, so `{log: []}` and `{leader: null}` need no other context.
        return { name: f.name, value, type: wanted !== undefined && assignable(wanted, value.type) ? wanted : valueType(value.type, ast.pos) };
      });
      const type: Type = { kind: "record", fields: fields.map((f) => ({ name: f.name, type: f.type })) };
      return { kind: "recordLit", type, fields: fields.map((f) => ({ name: f.name, value: f.value })) };
    }
    case "range": {
      const from = checkExpr(ast.from, scope, anyInt());
      const to = checkExpr(ast.to, scope, anyInt());
      for (const [side, e] of [[ast.from, from], [ast.to, to]] as const) rejectSymmetricIds(e.type, "'..'", side.pos, scope);
      return { kind: "range", type: { kind: "set", elem: anyInt() }, from, to };
    }
    case "call":
      return checkCall(ast.fn, ast.args, ast.pos, scope, expected);
  }
}

/** Why an `if`'s branches have no type together: the branch that does not fit what is wanted, or both. */
function branchesDiffer(then: Expr, otherwise: Expr, expected: ExprType | undefined): string {
  const misfit = expected === undefined ? undefined : [then, otherwise].find((b) => !assignable(expected, b.type));
  if (expected !== undefined && misfit !== undefined) return `expected ${typeText(expected)}, found ${typeText(misfit.type)} in a branch of 'if'`;
  return `the branches of 'if' differ: ${typeText(then.type)} and ${typeText(otherwise.type)}`;
}

/** A type a value can be stored as: literals that never met their context become plain values. */
function valueType(t: ExprType, pos: number): Type {
  switch (t.kind) {
    case "stringLit":
      return { kind: "enum", values: [t.value] };
    case "empty":
    case "null":
      return mismatch(`the type of ${typeText(t)} cannot be inferred here; compare or assign it to a typed value`, pos);
    default:
      return t;
  }
}

function asSet(t: ExprType): Type {
  if (t.kind === "set") return t;
  if (t.kind === "seq") return { kind: "set", elem: t.elem };
  return { kind: "set", elem: anyInt() };
}

function checkName(name: string, pos: number, scope: ExprScope): Expr {
  const local = scope.locals.get(name);
  if (local !== undefined) return { kind: "local", type: local, name };
  const names = scope.names;
  if (scope.role !== null) {
    const field = names.roles.get(scope.role)!.get(name);
    if (field !== undefined && scope.initial) fail(ErrorCode.unknownIdentifier, `an initial value cannot read field '${name}': fields are set all at once`, pos);
    if (field !== undefined) return { kind: "field", type: field, name };
    if (name === "self") return { kind: "self", type: { kind: "node", role: scope.role } };
  }
  if (name === "msg") {
    if (scope.message === null) fail(ErrorCode.unknownIdentifier, "'msg' exists only in an action that runs on receipt of a message ('on')", pos);
    return { kind: "msg", type: { kind: "message", name: scope.message! } };
  }
  const ghost = names.ghosts.get(name);
  if (ghost !== undefined) {
    if (!scope.verification) fail(ErrorCode.ghostFromRuntime, `ghost variable '${name}' cannot be read by runtime code (guards, effects, initial values); only invariants, properties and ghost effects read ghosts`, pos);
    return { kind: "ghost", type: ghost, name };
  }
  if (names.parameters.has(name)) return { kind: "param", type: anyInt(), name };
  if (names.roles.has(name)) return { kind: "roleIds", type: { kind: "set", elem: { kind: "node", role: name } }, role: name };
  const known = [...scope.locals.keys(), ...(scope.role ? names.roles.get(scope.role)!.keys() : []), ...names.parameters, ...names.roles.keys()];
  return fail(ErrorCode.unknownIdentifier, `unknown name '${name}'${suggest(name, known)}`, pos);
}

function suggest(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  const close = known.find((k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(lower.slice(0, 3)));
  return close === undefined ? "" : ` (did you mean '${close}'?)`;
}

const ARITHMETIC = new Set(["+", "-", "*", "/", "%"]);
const ORDER = new Set(["<", "<=", ">", ">="]);
const SET_OPS = new Set(["union", "intersect", "minus"]);

function checkBinary(ast: Extract<Ast, { kind: "binary" }>, scope: ExprScope): Expr {
  const op = ast.op as IrBinaryOp;
  if (op === "and" || op === "or" || op === "implies") {
    return { kind: "binary", type: BOOL, op, left: checkExpr(ast.left, scope, BOOL), right: checkExpr(ast.right, scope, BOOL) };
  }
  if (ARITHMETIC.has(op) || ORDER.has(op)) {
    const left = check(ast.left, scope);
    const right = check(ast.right, scope);
    for (const [side, e] of [[ast.left, left], [ast.right, right]] as const) {
      if (!isNumeric(e.type)) mismatch(`'${op}' needs integers, found ${typeText(e.type)}`, side.pos);
      rejectSymmetricIds(e.type, `'${op}'`, side.pos, scope);
    }
    return { kind: "binary", type: ORDER.has(op) ? BOOL : anyInt(), op, left, right };
  }
  if (op === "==" || op === "!=") {
    let left = check(ast.left, scope);
    let right = check(ast.right, scope, left.type);
    if (!comparable(left.type, right.type)) mismatch(notAValue(left.type, right.type) ?? notAValue(right.type, left.type) ?? `cannot compare ${typeText(left.type)} with ${typeText(right.type)}`, ast.pos);
    if (left.type.kind === "stringLit" || left.type.kind === "empty" || left.type.kind === "null") left = retype(left, right.type);
    else right = retype(right, left.type);
    return { kind: "binary", type: BOOL, op, left, right };
  }
  if (op === "in" || op === "notin") {
    const right = check(ast.right, scope);
    if (right.type.kind !== "set" && right.type.kind !== "seq" && right.type.kind !== "empty") mismatch(`'${op}' needs a set or sequence on its right, found ${typeText(right.type)}`, ast.right.pos);
    const elem = right.type.kind === "empty" ? undefined : right.type.elem;
    // `x in {'prepared', 'committed'}`, x of a wider enum: the literals are some of x's values, and the set is one of x's enum.
    if (elem?.kind === "enum" && elem.name === undefined) {
      const wide = check(ast.left, scope);
      const values = wide.type.kind === "enum" ? wide.type.values : [];
      const stray = elem.values.find((v) => !values.includes(v));
      if (wide.type.kind === "enum" && stray !== undefined) mismatch(notAValue(wide.type, { kind: "stringLit", value: stray })!, ast.right.pos);
      if (wide.type.kind === "enum") return { kind: "binary", type: BOOL, op, left: wide, right: retype(right, { ...right.type, elem: wide.type } as Type) };
    }
    const left = elem === undefined ? check(ast.left, scope) : checkExpr(ast.left, scope, elem);
    return { kind: "binary", type: BOOL, op, left, right };
  }
  const left = check(ast.left, scope);
  const right = check(ast.right, scope, left.type);
  const type = join(left.type, right.type);
  const setLike = (t: ExprType) => t.kind === "set" || (t.kind === "empty" && t.of === "set");
  if (!setLike(left.type) || !setLike(right.type) || type === null) mismatch(`'${op}' needs two sets of the same type, found ${typeText(left.type)} and ${typeText(right.type)}`, ast.pos);
  const both = type!;
  if (op === "subset") return { kind: "binary", type: BOOL, op, left: retype(left, both), right: retype(right, both) };
  if (!SET_OPS.has(op)) mismatch(`unknown operator '${op}'`, ast.pos);
  return { kind: "binary", type: both, op, left: retype(left, both), right: retype(right, both) };
}

function messageFieldType(message: Message, name: string, pos: number): ExprType {
  if (name === "from") return { kind: "node", role: message.from };
  if (name === "to") return { kind: "node", role: message.to };
  const field = message.fields.find((f) => f.name === name);
  if (field === undefined) {
    return mismatch(`message ${message.name} has no field '${name}' (fields: ${["from", "to", ...message.fields.map((f) => f.name)].join(", ")})`, pos);
  }
  return field.type;
}

function checkField(ast: Extract<Ast, { kind: "field" }>, scope: ExprScope): Expr {
  const target = check(ast.target, scope);
  const t = target.type;
  if (t.kind === "message") {
    return { kind: "get", type: messageFieldType(scope.names.messages.get(t.name)!, ast.name, ast.pos), target, name: ast.name };
  }
  if (t.kind !== "record") return mismatch(`'.${ast.name}' needs a record or a message, found ${typeText(t)}`, ast.pos);
  const field = t.fields.find((f) => f.name === ast.name);
  if (field === undefined) return mismatch(`${typeText(t)} has no field '${ast.name}' (fields: ${t.fields.map((f) => f.name).join(", ")})`, ast.pos);
  return { kind: "get", type: field.type, target, name: ast.name };
}

function checkIndex(ast: Extract<Ast, { kind: "index" }>, scope: ExprScope): Expr {
  if (ast.target.kind === "name" && !scope.locals.has(ast.target.name) && scope.names.roles.has(ast.target.name) && !isOwnField(ast.target.name, scope)) {
    const role = ast.target.name;
    if (!scope.verification) fail(ErrorCode.unknownIdentifier, `a node reads only its own state; '${role}[...]' is for invariants and properties`, ast.pos);
    const id = checkExpr(ast.index, scope, { kind: "node", role });
    const fields = [...scope.names.roles.get(role)!].map(([name, type]) => ({ name, type }));
    return { kind: "nodeState", type: { kind: "record", name: `${role} state`, fields }, role, id };
  }
  const target = check(ast.target, scope);
  const t = target.type;
  if (t.kind === "seq") return { kind: "index", type: t.elem, target, index: checkExpr(ast.index, scope, anyInt()) };
  if (t.kind === "map") return { kind: "index", type: t.value, target, index: checkExpr(ast.index, scope, t.key) };
  return mismatch(`'[...]' needs a sequence, a map or a role, found ${typeText(t)}`, ast.pos);
}

function isOwnField(name: string, scope: ExprScope): boolean {
  return scope.role !== null && scope.names.roles.get(scope.role)!.has(name);
}

function bind(binder: Binder, scope: ExprScope): { name: string; domain: Expr; inner: ExprScope } {
  const domain = check(binder.domain, scope);
  if (domain.type.kind !== "set" && domain.type.kind !== "seq") mismatch(`'${binder.name} in ...' needs a set, a sequence, a range or a role, found ${typeText(domain.type)}`, binder.domain.pos);
  if (scope.locals.has(binder.name)) fail(ErrorCode.duplicateName, `'${binder.name}' is already bound here`, binder.pos);
  const elem = (domain.type as Extract<Type, { kind: "set" | "seq" }>).elem;
  const locals = new Map(scope.locals).set(binder.name, elem);
  return { name: binder.name, domain, inner: { ...scope, locals } };
}

function checkQuantifier(q: "forall" | "exists", binders: readonly Binder[], body: Ast, scope: ExprScope): Expr {
  const [first, ...rest] = binders;
  const { name, domain, inner } = bind(first, scope);
  const checked = rest.length === 0 ? checkExpr(body, inner, BOOL) : checkQuantifier(q, rest, body, inner);
  return { kind: "quantifier", type: BOOL, q, name, domain, body: checked };
}

function checkCollection(kind: "setLit" | "seqLit", items: readonly Ast[], pos: number, scope: ExprScope, expected?: ExprType): Expr {
  const of = kind === "setLit" ? "set" : "seq";
  const want = expected?.kind === of ? (expected as Extract<Type, { kind: "set" | "seq" }>).elem : undefined;
  const checked = items.map((i) => (want === undefined ? check(i, scope) : checkExpr(i, scope, want)));
  if (checked.length === 0) return { kind, type: { kind: "empty", of }, items: [] };
  let elem: ExprType = want ?? checked[0].type;
  for (let i = 1; i < checked.length && want === undefined; i++) {
    elem = join(elem, checked[i].type) ?? mismatch(`the items of this ${of} have different types: ${typeText(elem)} and ${typeText(checked[i].type)}`, items[i].pos);
  }
  const elemType = valueType(elem, pos);
  const type: Type = of === "set" ? { kind: "set", elem: elemType } : { kind: "seq", elem: elemType, max: { const: checked.length } };
  return { kind, type, items: checked.map((c) => retype(c, elemType)) };
}

interface Signature {
  readonly arity: readonly number[];
  readonly check: (args: readonly Expr[], pos: number, scope: ExprScope) => { fn: Builtin; type: ExprType };
}

const collectionOf = (e: Expr, what: string, pos: number, kinds: readonly string[]): Extract<Type, { kind: "set" | "seq" }> =>
  kinds.includes(e.type.kind) ? (e.type as Extract<Type, { kind: "set" | "seq" }>) : mismatch(`${what} needs a ${kinds.join(" or ")}, found ${typeText(e.type)}`, pos);

const BUILTINS: Readonly<Record<string, Signature>> = {
  unwrap: {
    arity: [1],
    check: ([x], pos) => {
      if (x.type.kind !== "optional") mismatch(`unwrap needs an optional value, found ${typeText(x.type)}`, pos);
      return { fn: "unwrap", type: (x.type as Extract<Type, { kind: "optional" }>).inner };
    },
  },
  len: {
    arity: [1],
    check: ([s], pos) => {
      if (s.type.kind === "set") mismatch(`len needs a seq, found ${typeText(s.type)} (size(c) counts the elements of a set)`, pos);
      collectionOf(s, "len", pos, ["seq"]);
      return { fn: "len", type: anyInt() };
    },
  },
  size: { arity: [1], check: ([s], pos) => (collectionOf(s, "size", pos, ["set", "seq"]), { fn: "size", type: anyInt() }) },
  isEmpty: { arity: [1], check: ([s], pos) => (collectionOf(s, "isEmpty", pos, ["set", "seq"]), { fn: "isEmpty", type: BOOL }) },
  last: { arity: [1], check: ([s], pos) => ({ fn: "last", type: collectionOf(s, "last", pos, ["seq"]).elem }) },
  head: { arity: [1], check: ([s], pos) => ({ fn: "head", type: collectionOf(s, "head", pos, ["seq"]).elem }) },
  tail: { arity: [1], check: ([s], pos) => ({ fn: "tail", type: collectionOf(s, "tail", pos, ["seq"]) }) },
  append: {
    arity: [2],
    check: ([s, x], pos) => {
      const seq = collectionOf(s, "append", pos, ["seq"]);
      if (!assignable(seq.elem, x.type)) mismatch(`append: cannot add ${typeText(x.type)} to a ${typeText(seq)}`, pos);
      return { fn: "append", type: seq };
    },
  },
  slice: {
    arity: [3],
    check: ([s, i, j], pos) => {
      if (!isNumeric(i.type) || !isNumeric(j.type)) mismatch("slice(s, from, to) needs integer bounds", pos);
      return { fn: "slice", type: collectionOf(s, "slice", pos, ["seq"]) };
    },
  },
  contains: {
    arity: [2],
    check: ([s, x], pos) => {
      const c = collectionOf(s, "contains", pos, ["set", "seq"]);
      if (!assignable(c.elem, x.type)) mismatch(`contains: a ${typeText(c)} cannot hold ${typeText(x.type)}`, pos);
      return { fn: "contains", type: BOOL };
    },
  },
  isPrefix: {
    arity: [2],
    check: ([a, b], pos) => {
      const sa = collectionOf(a, "isPrefix", pos, ["seq"]);
      const sb = collectionOf(b, "isPrefix", pos, ["seq"]);
      if (!comparable(sa, sb)) mismatch(`isPrefix: ${typeText(sa)} and ${typeText(sb)} differ`, pos);
      return { fn: "isPrefix", type: BOOL };
    },
  },
  sum: {
    arity: [1],
    check: ([c], pos, scope) => {
      const values = c.type.kind === "map" ? c.type.value : collectionOf(c, "sum", pos, ["set", "seq"]).elem;
      if (!isNumeric(values)) mismatch(`sum needs integers (a set, sequence or map of them), found ${typeText(c.type)}`, pos);
      rejectSymmetricIds(values, "sum", pos, scope);
      return { fn: "sum", type: anyInt() };
    },
  },
  reverse: { arity: [1], check: ([s], pos) => ({ fn: "reverse", type: collectionOf(s, "reverse", pos, ["seq"]) }) },
  min: { arity: [1, 2], check: (args, pos, scope) => minMax("min", args, pos, scope) },
  max: { arity: [1, 2], check: (args, pos, scope) => minMax("max", args, pos, scope) },
  subsets: { arity: [1], check: ([s], pos) => ({ fn: "subsets", type: { kind: "set", elem: collectionOf(s, "subsets", pos, ["set"]) } }) },
  union: { arity: [2], check: (args, pos) => setOp("union", args, pos) },
  intersect: { arity: [2], check: (args, pos) => setOp("intersect", args, pos) },
  minus: { arity: [2], check: (args, pos) => setOp("minus", args, pos) },
  quorum: {
    arity: [1],
    check: ([s], pos) => {
      const set = collectionOf(s, "quorum", pos, ["set"]);
      if (set.elem.kind !== "node") mismatch(`quorum needs a set of node ids, found ${typeText(set)}`, pos);
      return { fn: "quorum", type: BOOL };
    },
  },
  majority: {
    arity: [1],
    check: ([n], pos) => {
      if (!isNumeric(n.type) && !(n.type.kind === "set" && n.type.elem.kind === "node")) mismatch(`majority needs a role or a number, found ${typeText(n.type)}`, pos);
      return { fn: "majority", type: anyInt() };
    },
  },
};

function minMax(fn: "min" | "max", args: readonly Expr[], pos: number, scope: ExprScope): { fn: Builtin; type: ExprType } {
  for (const a of args) rejectSymmetricIds(a.type, `${fn}`, pos, scope);
  if (args.length === 2) {
    if (!isNumeric(args[0].type) || !isNumeric(args[1].type)) mismatch(`${fn}(a, b) needs two integers`, pos);
    return { fn, type: anyInt() };
  }
  const c = collectionOf(args[0], fn, pos, ["set", "seq"]);
  if (!isNumeric(c.elem)) mismatch(`${fn}(s) needs a collection of integers, found ${typeText(c)}`, pos);
  return { fn: fn === "min" ? "minOf" : "maxOf", type: anyInt() };
}

function setOp(fn: "union" | "intersect" | "minus", [a, b]: readonly Expr[], pos: number): { fn: Builtin; type: ExprType } {
  const type = join(a.type, b.type);
  if (type === null || (type.kind !== "set" && !(type.kind === "empty" && type.of === "set"))) mismatch(`${fn} needs two sets of the same type, found ${typeText(a.type)} and ${typeText(b.type)}`, pos);
  return { fn, type: type! };
}

/** The functions the language itself defines (an editor completes them). */
export const BUILTIN_FUNCTIONS: readonly string[] = [...Object.keys(BUILTINS), "next", "messages", "inFlight", "count"];

/** Whether `name` is a function the language itself defines, which a spec's definitions may not take. */
export function isBuiltinFunction(name: string): boolean {
  return BUILTIN_FUNCTIONS.includes(name);
}

function checkDefinitionCall(name: string, definition: Pick<Definition, "params" | "returns">, argAsts: readonly Ast[], pos: number, scope: ExprScope): Expr {
  if (argAsts.length !== definition.params.length) mismatch(`${name} takes ${definition.params.length} argument(s) (${definition.params.map((p) => p.name).join(", ")}), found ${argAsts.length}`, pos);
  const args = argAsts.map((a, i) => checkExpr(a, scope, definition.params[i].type));
  return { kind: "callDef", type: definition.returns, name, args };
}

/** `inFlight()`: every message in flight, copies counted; `inFlight(T)`: those of type T. */
function checkInFlight(argAsts: readonly Ast[], pos: number, scope: ExprScope): Expr {
  if (!scope.verification) fail(ErrorCode.unknownIdentifier, "inFlight reads the network, which only invariants, properties and constraints may", pos);
  if (argAsts.length === 0) return { kind: "inFlight", type: anyInt(), message: null };
  const arg = argAsts[0];
  if (argAsts.length !== 1 || arg.kind !== "name") return mismatch("inFlight takes no argument or one message type name: inFlight(), inFlight(Prepared)", pos);
  if (!scope.names.messages.has(arg.name)) fail(ErrorCode.undeclaredMessage, `no message type '${arg.name}'`, arg.pos);
  return { kind: "inFlight", type: anyInt(), message: arg.name };
}

function checkCall(fn: string, argAsts: readonly Ast[], pos: number, scope: ExprScope, expected?: ExprType): Expr {
  if (fn === "next") {
    if (!scope.allowNext) fail(ErrorCode.unknownIdentifier, "next(e) is only for action properties", pos);
    if (argAsts.length !== 1) mismatch("next takes one argument", pos);
    const inner = check(argAsts[0], scope, expected);
    return { kind: "next", type: inner.type, inner };
  }
  if (fn === "messages") {
    if (!scope.verification) fail(ErrorCode.unknownIdentifier, "messages(T) reads the network, which only invariants and properties may", pos);
    const arg = argAsts[0];
    if (argAsts.length !== 1 || arg.kind !== "name") return mismatch("messages takes one message type name: messages(Prepared)", pos);
    if (!scope.names.messages.has(arg.name)) fail(ErrorCode.undeclaredMessage, `no message type '${arg.name}'`, arg.pos);
    return { kind: "messages", type: { kind: "set", elem: { kind: "message", name: arg.name } }, message: arg.name };
  }
  if (fn === "inFlight") return checkInFlight(argAsts, pos, scope);
  const definition = scope.names.definitions.get(fn);
  if (definition !== undefined) return checkDefinitionCall(fn, definition, argAsts, pos, scope);
  const signature = BUILTINS[fn];
  if (signature === undefined) return fail(ErrorCode.unknownIdentifier, `unknown function '${fn}' (functions: ${[...Object.keys(BUILTINS), "next", "messages", "inFlight", "count", ...scope.names.definitions.keys()].join(", ")})`, pos);
  if (!signature.arity.includes(argAsts.length)) mismatch(`${fn} takes ${signature.arity.join(" or ")} argument(s), found ${argAsts.length}`, pos);
  let args = argAsts.map((a) => check(a, scope));
  if (fn === "append" && args[0].type.kind === "seq") args = [args[0], checkExpr(argAsts[1], scope, args[0].type.elem)];
  const { fn: builtin, type } = signature.check(args, pos, scope);
  if (builtin === "union" || builtin === "intersect" || builtin === "minus") args = args.map((a) => retype(a, type));
  return { kind: "call", type, fn: builtin, args };
}
