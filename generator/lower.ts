/**
 * Lower: validated spec -> IR. Resolves types, checks names and parameter
 * values, and parses and type-checks every expression in its scope. Collects
 * every error it finds instead of stopping at the first.
 */
import { ErrorCode, fail, ok, pointer, type ErrorCodeValue, type Result, type SpecError } from "./errors.js";
import type { Ast } from "./expr/ast.js";
import { KEYWORDS, parseExpression, ParseError } from "./expr/parse.js";
import { CheckError, checkExpr, FollowOnError, isBuiltinFunction, type ExprScope, type ProtocolNames } from "./expr/typecheck.js";
import type { Action, Block, CheckModel, Definition, Effect, Expr, ExprType, Ghost, LValue, Message, Parameter, Predicate, ProtocolIR, Role, Trigger, Type } from "./ir.js";
import type { LoadedSpec } from "./load.js";
import type { ActionSpec, BlockSpec, EffectSpec, ProtocolSpec } from "./spec.js";
import { lowerLiveness, modelFairness, pickNames, type CheckableNames } from "./lower-liveness.js";
import { BOOL, ERROR_TYPE, resolveBound, resolveType, typeText, unboundedPart, type TypeScope } from "./types.js";

/** A block once its effects are lowered in its own scope; null when they had an error (reported once, at the block). */
interface LoweredBlock {
  readonly role: string;
  readonly params: readonly { readonly name: string; readonly type: Type }[];
  readonly body: readonly Effect[];
}

export class Lowering {
  readonly errors: SpecError[] = [];
  readonly spec: ProtocolSpec;
  readonly typeScope: TypeScope;
  names!: ProtocolNames;
  /** Blocks lowered so far, and those being lowered (a call back to one of these is a recursion). */
  readonly blocks = new Map<string, LoweredBlock | null>();
  readonly lowering: string[] = [];
  /** Calls inlined so far in the action or block being lowered: each call's names get their own suffix. */
  calls = 0;

  constructor(readonly loaded: LoadedSpec) {
    this.spec = loaded.spec;
    const lowering = this;
    this.typeScope = {
      get file() {
        return loaded.file;
      },
      types: this.spec.types ?? {},
      parameters: new Set(Object.keys(this.spec.parameters ?? {})),
      roles: new Set(Object.keys(this.spec.roles ?? {})),
      errors: {
        push: (...errors: SpecError[]) => lowering.errors.push(...errors.map((e) => ({ ...e, file: loaded.originOf(e.pointer) }))),
      } as unknown as SpecError[],
    };
  }

  error(at: string, code: ErrorCodeValue, message: string, column?: number): void {
    this.errors.push({ file: this.loaded.originOf(at), pointer: at, code, message, ...(column === undefined ? {} : { column }) });
  }

  /** Parses and checks the expression string at `at`; null (with an error recorded) when it is wrong. */
  expr(text: string, at: string, scope: ExprScope, expected?: ExprType): Expr | null {
    let ast: Ast;
    try {
      ast = parseExpression(text);
      return checkExpr(ast, scope, expected);
    } catch (e) {
      if (e instanceof ParseError) this.error(at, ErrorCode.exprSyntax, e.message, e.pos + 1);
      else if (e instanceof CheckError) this.error(at, e.code, e.message, e.pos + 1);
      else if (!(e instanceof FollowOnError)) throw e;
      return null;
    }
  }

  type(spec: Parameters<typeof resolveType>[1], at: string, mustBeBounded: boolean): Type {
    const t = resolveType(this.typeScope, spec, at);
    const unbounded = mustBeBounded ? unboundedPart(t) : null;
    if (unbounded !== null) this.error(at, ErrorCode.unbounded, `state and messages need finite types: ${unbounded}`);
    return t;
  }
}

export function lower(loaded: LoadedSpec): Result<ProtocolIR> {
  const l = new Lowering(loaded);
  const spec = l.spec;
  const parameters = lowerParameters(l);
  const roles = lowerRoleTypes(l);
  const messages = lowerMessages(l);
  const ghostTypes = new Map(Object.entries(spec.ghosts ?? {}).map(([name, g]) => [name, l.type(g.type, pointer("ghosts", name, "type"), true)]));
  // Nothing would ever happen: the model has one state, and its generated code declares what nothing uses.
  if (roles.length === 0) l.error("/roles", ErrorCode.missingKey, "a protocol needs at least one role");
  else if (Object.keys(spec.actions ?? {}).length === 0) l.error("/actions", ErrorCode.missingKey, "a protocol needs at least one action");
  if (l.errors.length > 0) return fail(...l.errors);
  l.names = {
    parameters: new Set(parameters.map((p) => p.name)),
    roles: new Map(roles.map((r) => [r.name, new Map(r.fieldTypes)])),
    messages: new Map(messages.map((m) => [m.name, m])),
    ghosts: ghostTypes,
    symmetric: new Set(Object.entries(spec.roles ?? {}).filter(([, r]) => r.symmetric === true).map(([name]) => name)),
    definitions: new Map(),
  };
  checkNameClashes(l);
  const definitions = lowerDefinitions(l);
  const global: ExprScope = { names: l.names, role: null, message: null, locals: new Map(), verification: true, allowNext: false };
  const lowered: Role[] = roles.map((r) => ({
    name: r.name,
    description: r.description,
    count: r.count,
    symmetric: r.symmetric,
    fields: r.fieldTypes.map(([name, type]) => {
      const field = spec.roles![r.name].state[name];
      const at = pointer("roles", r.name, "state", name, "initial");
      const scope: ExprScope = { ...global, role: r.name, verification: false, initial: true };
      return { name, type, persistent: field.persistent ?? false, description: field.description, initial: l.expr(field.initial, at, scope, type)!, source: { pointer: at } };
    }),
  }));
  const ghosts: Ghost[] = [...ghostTypes].map(([name, type]) => ({
    name,
    type,
    description: spec.ghosts![name].description,
    initial: l.expr(spec.ghosts![name].initial, pointer("ghosts", name, "initial"), global, type)!,
  }));
  for (const name of Object.keys(spec.blocks ?? {})) lowerBlock(l, name);
  const actions = Object.entries(spec.actions ?? {}).map(([name, a]) => lowerAction(l, name, a));
  const invariants = lowerPredicates(l, "invariants", global);
  const properties = lowerPredicates(l, "properties", { ...global, allowNext: true });
  const liveness = lowerLiveness(l, global, parameters);
  const models = lowerModels(l, parameters, global);
  const expect = lowerExpect(l, [...invariants, ...properties, ...liveness], models);
  const restart = spec.faults?.restart ?? [];
  restart.forEach((r, i) => {
    if (!l.names.roles.has(r)) l.error(pointer("faults", "restart", i), ErrorCode.unknownName, `no role '${r}'`);
  });
  // Every named type, used or not: a bad one is an error even before something refers to it.
  const types = Object.entries(spec.types ?? {}).map(([name, t]) => ({ name, type: resolveType(l.typeScope, t, pointer("types", name)), description: "description" in t ? t.description : undefined }));
  if (l.errors.length > 0) return fail(...l.errors);
  return ok({
    name: spec.name,
    title: spec.title,
    description: spec.description,
    file: loaded.file,
    base: loaded.base,
    references: spec.references ?? [],
    parameters,
    types,
    roles: lowered,
    messages,
    network: spec.network?.kind ?? "multiset",
    faults: { loss: spec.faults?.loss ?? false, duplication: spec.faults?.duplication ?? false, restart },
    ghosts,
    definitions,
    blocks: Object.entries(spec.blocks ?? {}).flatMap(([name, b]): Block[] => {
      const block = l.blocks.get(name);
      return block === null || block === undefined ? [] : [{ name, description: b.description, role: block.role, params: block.params }];
    }),
    actions: actions.filter((a): a is Action => a !== null),
    invariants,
    properties,
    liveness,
    models,
    expect,
  });
}

function lowerParameters(l: Lowering): Parameter[] {
  return Object.entries(l.spec.parameters ?? {}).map(([name, p]) => {
    const min = p.minimum ?? 0;
    const max = p.maximum ?? Number.MAX_SAFE_INTEGER;
    if (p.default < min || p.default > max) l.error(pointer("parameters", name, "default"), ErrorCode.parameterOutOfRange, `default ${p.default} is outside ${min}..${max}`);
    return { name, description: p.description, default: p.default, min, max, checkOnly: p.checkOnly ?? false };
  });
}

interface RoleTypes {
  readonly name: string;
  readonly description?: string;
  readonly count: Role["count"];
  readonly symmetric: boolean;
  readonly fieldTypes: readonly [string, Type][];
}

function lowerRoleTypes(l: Lowering): RoleTypes[] {
  return Object.entries(l.spec.roles ?? {}).map(([name, r]) => ({
    name,
    description: r.description,
    count: resolveBound(l.typeScope, r.count, pointer("roles", name, "count")),
    symmetric: r.symmetric ?? false,
    fieldTypes: Object.entries(r.state).map(([field, f]) => [field, l.type(f.type, pointer("roles", name, "state", field, "type"), true)] as [string, Type]),
  }));
}

const RESERVED_FIELDS = new Set(["type", "from", "to"]);

function lowerMessages(l: Lowering): Message[] {
  return Object.entries(l.spec.messages ?? {}).map(([name, m]) => {
    for (const end of ["from", "to"] as const) {
      if (!l.typeScope.roles.has(m[end])) l.error(pointer("messages", name, end), ErrorCode.unknownName, `no role '${m[end]}' (roles: ${[...l.typeScope.roles].join(", ")})`);
    }
    const fields = Object.entries(m.fields).map(([field, t]) => {
      if (RESERVED_FIELDS.has(field)) l.error(pointer("messages", name, "fields", field), ErrorCode.duplicateName, `'${field}' is a reserved message field`);
      return { name: field, type: l.type(t, pointer("messages", name, "fields", field), true), description: "description" in t ? t.description : undefined };
    });
    return { name, description: m.description, from: m.from, to: m.to, fields };
  });
}

/** Why expressions could not read a name declared so, or null when they can: `self` and `msg` would be shadowed or shadow, a keyword never reads as a name. */
function unreadable(name: string): string | null {
  if (name === "self") return "expressions read 'self' as the node's own id";
  if (name === "msg") return "expressions read 'msg' as the message received";
  return KEYWORDS.has(name) ? `'${name}' is a keyword of the expression language` : null;
}

/** Reports a name that expressions could not read as itself. */
function checkReadable(l: Lowering, name: string, at: string): void {
  const why = unreadable(name);
  if (why !== null) l.error(at, ErrorCode.duplicateName, `'${name}' is a reserved name: ${why}`);
}

/** A bare name must mean one thing: a node's fields may not shadow parameters, roles or ghosts, and no name may be one the language reads otherwise. */
function checkNameClashes(l: Lowering): void {
  const globals = new Map<string, string>();
  for (const p of l.names.parameters) {
    checkReadable(l, p, pointer("parameters", p));
    globals.set(p, "a parameter");
  }
  for (const r of l.names.roles.keys()) {
    checkReadable(l, r, pointer("roles", r));
    if (globals.has(r)) l.error(pointer("roles", r), ErrorCode.duplicateName, `'${r}' is both a role and ${globals.get(r)}`);
    globals.set(r, "a role");
  }
  for (const g of l.names.ghosts.keys()) {
    checkReadable(l, g, pointer("ghosts", g));
    if (globals.has(g)) l.error(pointer("ghosts", g), ErrorCode.duplicateName, `'${g}' is both a ghost and ${globals.get(g)}`);
    globals.set(g, "a ghost");
  }
  for (const [role, fields] of l.names.roles) {
    for (const f of fields.keys()) {
      if (globals.has(f)) l.error(pointer("roles", role, "state", f), ErrorCode.duplicateName, `field '${f}' has the name of ${globals.get(f)}`);
      checkReadable(l, f, pointer("roles", role, "state", f));
    }
  }
}

function lowerAction(l: Lowering, name: string, a: ActionSpec): Action | null {
  const at = pointer("actions", name);
  if (!l.names.roles.has(a.role)) {
    l.error(at + "/role", ErrorCode.unknownName, `no role '${a.role}' (roles: ${[...l.names.roles.keys()].join(", ")})`);
    return null;
  }
  const message = a.on === undefined ? null : l.names.messages.get(a.on);
  if (message === undefined) {
    l.error(at + "/on", ErrorCode.undeclaredMessage, `no message type '${a.on}' (messages: ${[...l.names.messages.keys()].join(", ")})`);
    return null;
  }
  if (message !== null && message.to !== a.role) l.error(at + "/on", ErrorCode.typeMismatch, `${message.name} messages go to role '${message.to}', not '${a.role}'`);
  if (message !== null && a.params !== undefined) l.error(at + "/params", ErrorCode.typeMismatch, "an action on receipt takes its inputs from the message, not from params");
  const params = Object.entries(a.params ?? {}).map(([p, t]) => {
    checkReadable(l, p, `${at}/params/${p}`);
    return { name: p, type: l.type(t, `${at}/params/${p}`, true) };
  });
  const scope: ExprScope = {
    names: l.names,
    role: a.role,
    message: message?.name ?? null,
    locals: new Map(params.map((p) => [p.name, p.type])),
    verification: false,
    allowNext: false,
  };
  const guard = a.guard === undefined ? ({ kind: "lit", type: BOOL, value: true } as Expr) : l.expr(a.guard, at + "/guard", scope, BOOL);
  const checkGuard = a.checkGuard === undefined ? null : l.expr(a.checkGuard, at + "/checkGuard", scope, BOOL);
  l.calls = 0;
  const effects = lowerEffects(l, a.effects, at + "/effects", scope, a.role);
  if (guard === null || effects === null || checkGuard === null && a.checkGuard !== undefined) return null;
  const trigger = lowerTrigger(l, a, at);
  return { name, description: a.description, role: a.role, on: message?.name ?? null, params, guard, checkGuard, trigger, effects, hasGhostEffects: effects.some(hasGhost), fairness: a.fairness ?? null };
}

function lowerTrigger(l: Lowering, a: ActionSpec, at: string): Trigger | null {
  const t = a.trigger;
  if (t === undefined) return null;
  if (a.on !== undefined) l.error(at + "/trigger", ErrorCode.typeMismatch, `a receipt of ${a.on} is triggered by the message; only internal actions take a trigger`);
  if (t === "client" || t === "whenEnabled") return { kind: t };
  const [min, max] = t.after;
  if (min > max) l.error(at + "/trigger/after", ErrorCode.parameterOutOfRange, `the shortest delay (${min} ms) is longer than the longest (${max} ms)`);
  const restartOn = t.restartOn ?? [];
  restartOn.forEach((name, i) => {
    const other = l.spec.actions?.[name];
    if (other === undefined || other.role !== a.role) l.error(`${at}/trigger/restartOn/${i}`, ErrorCode.unknownName, `no action '${name}' of role '${a.role}' (its actions: ${Object.entries(l.spec.actions ?? {}).filter(([, b]) => b.role === a.role).map(([n]) => n).join(", ")})`);
  });
  return { kind: "timer", min, max, restartOn };
}

function hasGhost(e: Effect): boolean {
  if (e.kind === "ghostAssign") return true;
  if (e.kind === "choose") return e.body.some(hasGhost);
  if (e.kind === "if") return e.then.some(hasGhost) || e.else.some(hasGhost);
  return false;
}

function lowerEffects(l: Lowering, specs: readonly EffectSpec[], at: string, scope: ExprScope, role: string): Effect[] | null {
  const effects: Effect[] = [];
  let current = scope;
  let failed = false;
  specs.forEach((spec, i) => {
    const here = `${at}/${i}`;
    if ("call" in spec) {
      const inlined = lowerCall(l, spec, here, current, role);
      if (inlined === null) failed = true;
      else effects.push(...inlined);
      return;
    }
    const effect = lowerEffect(l, spec, here, current, role);
    if (effect === null) {
      failed = true;
      // The effects after a failed let still get checked, but their uses of its name are no new errors.
      if ("let" in spec) current = { ...current, locals: new Map(current.locals).set(spec.let, ERROR_TYPE) };
      return;
    }
    if (effect.kind === "let") current = { ...current, locals: new Map(current.locals).set(effect.name, effect.value.type) };
    effects.push(effect);
  });
  return failed ? null : effects;
}

/**
 * A block's effects, lowered once in its own scope (its role, its parameters;
 * no `msg`, no caller's locals), so an error in it is reported once, where it is.
 */
function lowerBlock(l: Lowering, name: string): LoweredBlock | null {
  if (l.blocks.has(name)) return l.blocks.get(name)!;
  const at = pointer("blocks", name);
  const spec: BlockSpec = l.spec.blocks![name];
  if (!l.names.roles.has(spec.role)) {
    l.error(at + "/role", ErrorCode.unknownName, `no role '${spec.role}' (roles: ${[...l.names.roles.keys()].join(", ")})`);
    l.blocks.set(name, null);
    return null;
  }
  const params = Object.entries(spec.params ?? {}).map(([p, t]) => {
    checkReadable(l, p, `${at}/params/${p}`);
    return { name: p, type: l.type(t, `${at}/params/${p}`, true) };
  });
  const scope: ExprScope = { names: l.names, role: spec.role, message: null, locals: new Map(params.map((p) => [p.name, p.type])), verification: false, allowNext: false };
  l.lowering.push(name);
  const calls = l.calls;
  l.calls = 0;
  const body = lowerEffects(l, spec.effects, at + "/effects", scope, spec.role);
  l.calls = calls;
  l.lowering.pop();
  const block = body === null ? null : { role: spec.role, params, body };
  l.blocks.set(name, block);
  return block;
}

/** `{ "call": block, "with": {...} }`: the block's effects in place, after a `let` per parameter, with every name bound inside given this call's suffix. */
function lowerCall(l: Lowering, spec: Extract<EffectSpec, { call: string }>, at: string, scope: ExprScope, role: string): Effect[] | null {
  const blocks = Object.keys(l.spec.blocks ?? {});
  if (!blocks.includes(spec.call)) {
    l.error(at + "/call", ErrorCode.unknownName, `no block '${spec.call}' (blocks: ${blocks.join(", ") || "none"})`);
    return null;
  }
  if (l.lowering.includes(spec.call)) {
    const cycle = [...l.lowering.slice(l.lowering.indexOf(spec.call)), spec.call];
    l.error(at + "/call", ErrorCode.recursiveDefinition, `blocks may not recurse: ${cycle.join(" -> ")}`);
    return null;
  }
  const block = lowerBlock(l, spec.call);
  if (block === null) return null;
  if (block.role !== role) {
    l.error(at + "/call", ErrorCode.typeMismatch, `block '${spec.call}' reads and writes the state of role '${block.role}', not '${role}'`);
    return null;
  }
  const given = spec.with ?? {};
  const names = block.params.map((p) => p.name);
  const unknown = Object.keys(given).filter((key) => !names.includes(key));
  for (const key of unknown) l.error(`${at}/with/${key}`, ErrorCode.typeMismatch, `block '${spec.call}' has no parameter '${key}' (parameters: ${names.join(", ") || "none"})`);
  const suffix = `$${++l.calls}`;
  const lets = block.params.map((p): Effect | null => {
    if (given[p.name] === undefined) {
      l.error(at + "/with", ErrorCode.typeMismatch, `parameter '${p.name}' of block '${spec.call}' is not given`);
      return null;
    }
    const value = l.expr(given[p.name], `${at}/with/${p.name}`, scope, p.type);
    return value === null ? null : { kind: "let", name: p.name + suffix, value, source: { pointer: `${at}/with/${p.name}` } };
  });
  if (lets.some((e) => e === null) || unknown.length > 0) return null;
  return [...(lets as Effect[]), ...withSuffix(block.body, suffix)];
}

/** The IR nodes that bind a local name or read one. */
const BINDERS: ReadonlySet<string> = new Set(["local", "letIn", "quantifier", "count", "filter", "image", "let", "choose"]);

/**
 * The effects with every local name (bound inside, or a parameter) suffixed:
 * an inlined block's names can clash neither with the caller's nor with another
 * call's, since a spec's names never hold `$`.
 */
function withSuffix<T>(value: T, suffix: string): T {
  if (Array.isArray(value)) return value.map((v) => withSuffix(v, suffix)) as T;
  if (typeof value !== "object" || value === null) return value;
  const node = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(node)) copy[key] = key === "type" || key === "source" ? v : withSuffix(v, suffix);
  if (BINDERS.has(node.kind as string)) copy.name = `${node.name as string}${suffix}`;
  return copy as T;
}

function lowerEffect(l: Lowering, spec: EffectSpec, at: string, scope: ExprScope, role: string): Effect | null {
  const source = { pointer: at };
  if ("set" in spec || "ghost" in spec) {
    const ghost = "ghost" in spec;
    const target = lowerLValue(l, ghost ? spec.ghost : spec.set, at + (ghost ? "/ghost" : "/set"), scope, ghost);
    if (target === null) return null;
    const value = l.expr(spec.to, at + "/to", ghost ? { ...scope, verification: true } : scope, target.type);
    if (value === null) return null;
    return { kind: ghost ? "ghostAssign" : "assign", target, value, source };
  }
  if ("send" in spec || "broadcast" in spec || "multicast" in spec) return lowerSend(l, spec, at, scope, role);
  if ("choose" in spec) {
    const domain = l.expr(spec.from, at + "/from", scope);
    const collection = domain !== null && (domain.type.kind === "set" || domain.type.kind === "seq");
    if (domain !== null && !collection) l.error(at + "/from", ErrorCode.typeMismatch, `choose needs a set, a sequence, a range or a role to choose from, found ${typeText(domain.type)}`);
    // A choice from a failed domain still has its where and body checked; like a failed let's, the chosen name is then no new error.
    const elem = collection ? (domain.type as Extract<Type, { kind: "set" | "seq" }>).elem : ERROR_TYPE;
    const inner = { ...scope, locals: new Map(scope.locals).set(spec.choose, elem) };
    const where = spec.where === undefined ? null : l.expr(spec.where, at + "/where", inner, BOOL);
    const body = lowerEffects(l, spec.do, at + "/do", inner, role);
    if (!collection || body === null || (spec.where !== undefined && where === null)) return null;
    return { kind: "choose", name: spec.choose, domain, where, body, source };
  }
  if ("if" in spec) {
    const cond = l.expr(spec.if, at + "/if", scope, BOOL);
    const then = lowerEffects(l, spec.then, at + "/then", scope, role);
    const otherwise = lowerEffects(l, spec.else ?? [], at + "/else", scope, role);
    if (cond === null || then === null || otherwise === null) return null;
    return { kind: "if", cond, then, else: otherwise, source };
  }
  if (!("let" in spec)) throw new Error("a call is inlined by lowerEffects");
  const value = l.expr(spec.be, at + "/be", scope);
  if (value === null) return null;
  return { kind: "let", name: spec.let, value, source };
}

function lowerSend(l: Lowering, spec: Extract<EffectSpec, { send: string } | { broadcast: string } | { multicast: string }>, at: string, scope: ExprScope, role: string): Effect | null {
  const broadcast = "broadcast" in spec;
  const kind = broadcast ? "broadcast" : "multicast" in spec ? "multicast" : "send";
  const name = "broadcast" in spec ? spec.broadcast : "multicast" in spec ? spec.multicast : spec.send;
  const message = l.names.messages.get(name);
  if (message === undefined) {
    l.error(`${at}/${kind}`, ErrorCode.undeclaredMessage, `no message type '${name}' (messages: ${[...l.names.messages.keys()].join(", ")})`);
    return null;
  }
  if (message.from !== role) l.error(at, ErrorCode.typeMismatch, `${name} messages are sent by role '${message.from}', not '${role}'`);
  const given = spec.with ?? {};
  for (const key of Object.keys(given)) {
    if (!message.fields.some((f) => f.name === key)) l.error(`${at}/with/${key}`, ErrorCode.typeMismatch, `message ${name} has no field '${key}' (fields: ${message.fields.map((f) => f.name).join(", ") || "none"})`);
  }
  const fields = message.fields.map((f) => {
    if (given[f.name] === undefined) {
      l.error(at + "/with", ErrorCode.typeMismatch, `field '${f.name}' of message ${name} is not given`);
      return null;
    }
    const value = l.expr(given[f.name], `${at}/with/${f.name}`, scope, f.type);
    return value === null ? null : { name: f.name, value };
  });
  if (fields.some((f) => f === null)) return null;
  const done = fields as { name: string; value: Expr }[];
  if ("broadcast" in spec) return { kind: "broadcast", message: name, includeSelf: spec.includeSelf ?? false, fields: done, source: { pointer: at } };
  if ("multicast" in spec) {
    const recipients = l.expr(spec.to, at + "/to", scope, { kind: "set", elem: { kind: "node", role: message.to } });
    return recipients === null ? null : { kind: "multicast", message: name, to: recipients, fields: done, source: { pointer: at } };
  }
  let to: Expr | null = null;
  if (spec.to !== undefined) {
    to = l.expr(spec.to, at + "/to", scope, { kind: "node", role: message.to });
    if (to === null) return null;
  } else {
    const count = l.spec.roles![message.to].count;
    if (count !== 1) {
      l.error(at, ErrorCode.missingKey, `'to' is needed: role '${message.to}' has more than one node`);
      return null;
    }
  }
  return { kind: "send", message: name, to, fields: done, source: { pointer: at } };
}

/** `field`, `field.sub`, `field[index]`: a place in the node's own state (or, for ghost effects, a ghost). */
function lowerLValue(l: Lowering, text: string, at: string, scope: ExprScope, ghost: boolean): LValue | null {
  let ast: Ast;
  try {
    ast = parseExpression(text);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    l.error(at, ErrorCode.exprSyntax, e.message, e.pos + 1);
    return null;
  }
  const path: Ast[] = [];
  let root = ast;
  while (root.kind === "field" || root.kind === "index") {
    path.unshift(root);
    root = root.target;
  }
  if (root.kind !== "name") {
    l.error(at, ErrorCode.badAssignment, "can only assign to a field, a field of a record or an entry of a sequence or map", root.pos + 1);
    return null;
  }
  const fields = l.names.roles.get(scope.role!)!;
  const isGhost = l.names.ghosts.has(root.name);
  if (!ghost && isGhost) {
    l.error(at, ErrorCode.ghostFromRuntime, `'${root.name}' is a ghost variable: runtime code cannot assign it; use { "ghost": "${root.name}", "to": ... }`, root.pos + 1);
    return null;
  }
  const rootType = ghost ? l.names.ghosts.get(root.name) : fields.get(root.name);
  if (rootType === undefined) {
    const what = ghost ? `no ghost variable '${root.name}' (ghosts: ${[...l.names.ghosts.keys()].join(", ") || "none"})` : `role '${scope.role}' has no field '${root.name}' (fields: ${[...fields.keys()].join(", ")})`;
    l.error(at, ErrorCode.badAssignment, what, root.pos + 1);
    return null;
  }
  let type: Type = rootType;
  const steps: LValue["steps"][number][] = [];
  for (const step of path) {
    if (step.kind === "field") {
      const field = type.kind === "record" ? type.fields.find((f) => f.name === step.name) : undefined;
      if (field === undefined) {
        l.error(at, ErrorCode.badAssignment, `${typeText(type)} has no field '${step.name}'`, step.pos + 1);
        return null;
      }
      type = field.type;
      steps.push({ kind: "field", name: step.name, type });
    } else if (step.kind === "index") {
      if (type.kind !== "seq" && type.kind !== "map") {
        l.error(at, ErrorCode.badAssignment, `cannot index ${typeText(type)}`, step.pos + 1);
        return null;
      }
      const keyType: ExprType = type.kind === "seq" ? { kind: "int", min: null, max: null } : type.key;
      let checked: Expr;
      try {
        checked = checkExpr(step.index, ghost ? { ...scope, verification: true } : scope, keyType);
      } catch (e) {
        if (e instanceof CheckError) l.error(at, e.code, e.message, e.pos + 1);
        else if (!(e instanceof FollowOnError)) throw e;
        return null;
      }
      type = type.kind === "seq" ? type.elem : type.value;
      steps.push({ kind: "index", index: checked, type });
    }
  }
  return { root: root.name, rootType, steps, type };
}

/**
 * Definitions: every signature first, so a body may call any definition
 * wherever it stands (a variant's override keeps its base's position), then
 * the bodies, then a check that no definition reaches itself through calls.
 */
function lowerDefinitions(l: Lowering): Definition[] {
  const callable = l.names.definitions as Map<string, Pick<Definition, "params" | "returns">>;
  const signatures = Object.entries(l.spec.definitions ?? {}).map(([name, d]) => {
    const at = pointer("definitions", name);
    if (isBuiltinFunction(name)) l.error(at, ErrorCode.duplicateName, `'${name}' is a built-in function`);
    const params = Object.entries(d.params ?? {}).map(([p, t]) => {
      checkReadable(l, p, `${at}/params/${p}`);
      return { name: p, type: l.type(t, `${at}/params/${p}`, false) };
    });
    const signature = { name, at, spec: d, params, returns: l.type(d.returns, at + "/returns", false) };
    callable.set(name, signature);
    return signature;
  });
  const lowered = signatures.flatMap(({ name, at, spec, params, returns }) => {
    const scope: ExprScope = { names: l.names, role: null, message: null, locals: new Map(params.map((p) => [p.name, p.type])), verification: false, allowNext: false };
    const body = l.expr(spec.expr, at + "/expr", scope, returns);
    return body === null ? [] : [{ name, description: spec.description, params, returns, body, text: spec.expr }];
  });
  const reported = new Set<string>();
  for (const d of lowered) {
    if (reported.has(d.name)) continue;
    const cycle = callCycle(d.name, lowered);
    cycle?.forEach((name) => reported.add(name));
    if (cycle !== null) l.error(pointer("definitions", d.name, "expr"), ErrorCode.recursiveDefinition, `definitions may not recurse: ${cycle.join(" -> ")}`);
  }
  return lowered;
}

/** The names of the definitions a value calls directly. */
function calls(e: unknown, out: Set<string>): Set<string> {
  if (typeof e !== "object" || e === null) return out;
  const node = e as { kind?: string; name?: string };
  if (node.kind === "callDef") out.add(node.name!);
  for (const [key, value] of Object.entries(node)) if (key !== "type") calls(value, out);
  return out;
}

/** A chain of calls from `start` back to itself, if there is one. */
function callCycle(start: string, definitions: readonly Definition[]): string[] | null {
  const body = (name: string) => definitions.find((d) => d.name === name)?.body;
  const visit = (name: string, path: readonly string[], seen: Set<string>): string[] | null => {
    for (const callee of calls(body(name), new Set())) {
      if (callee === start) return [...path, callee];
      if (seen.has(callee)) continue;
      seen.add(callee);
      const found = visit(callee, [...path, callee], seen);
      if (found !== null) return found;
    }
    return null;
  };
  return visit(start, [start], new Set());
}

function lowerPredicates(l: Lowering, key: "invariants" | "properties", scope: ExprScope): Predicate[] {
  return Object.entries(l.spec[key] ?? {}).flatMap(([name, p]) => {
    const expr = l.expr(p.expr, pointer(key, name, "expr"), scope, BOOL);
    return expr === null ? [] : [{ name, description: p.description, expr, text: p.expr }];
  });
}

function lowerModels(l: Lowering, parameters: readonly Parameter[], global: ExprScope): CheckModel[] {
  const names: CheckableNames = { invariants: Object.keys(l.spec.invariants ?? {}), properties: Object.keys(l.spec.properties ?? {}), liveness: Object.keys(l.spec.liveness ?? {}) };
  for (const name of names.invariants.filter((n) => names.properties.includes(n))) {
    l.error(pointer("properties", name), ErrorCode.duplicateName, `'${name}' names both an invariant and a property`);
  }
  for (const name of names.liveness.filter((n) => names.invariants.includes(n) || names.properties.includes(n))) {
    l.error(pointer("liveness", name), ErrorCode.duplicateName, `'${name}' names both a liveness property and an invariant or property`);
  }
  return Object.entries(l.spec.models ?? {}).map(([name, m]) => {
    const at = pointer("models", name);
    const values: Record<string, number> = {};
    for (const p of parameters) values[p.name] = p.default;
    for (const [p, v] of Object.entries(m.parameters ?? {})) {
      const param = parameters.find((q) => q.name === p);
      if (param === undefined) l.error(`${at}/parameters/${p}`, ErrorCode.unknownParameter, `no parameter '${p}' (parameters: ${parameters.map((q) => q.name).join(", ") || "none"})`);
      else if (v < param.min || v > param.max) l.error(`${at}/parameters/${p}`, ErrorCode.parameterOutOfRange, `${p} = ${v} is outside its range ${param.min}..${param.max}`);
      values[p] = v;
    }
    const constraint = m.constraint === undefined || m.constraint === null ? null : l.expr(m.constraint, at + "/constraint", global, BOOL);
    return {
      name,
      description: m.description,
      parameters: values,
      invariants: pickNames(l, at, m.invariants, "invariants", names),
      properties: pickNames(l, at, m.properties, "properties", names),
      liveness: pickNames(l, at, m.liveness, "liveness", names),
      fairness: modelFairness(l, at, m),
      faultsStop: m.faultsStop ?? false,
      symmetry: m.symmetry ?? true,
      constraint,
      deadlock: m.deadlock ?? false,
      publish: name === "ci" || (m.publish ?? false),
    };
  });
}

function lowerExpect(l: Lowering, checkable: readonly { readonly name: string }[], models: readonly CheckModel[]): ProtocolIR["expect"] {
  const expect = l.spec.expect;
  if (expect === undefined) return null;
  if (expect === "holds") return { holds: true };
  if (expect === "equivalent") return { equivalent: true };
  expect.violates.forEach((n, i) => {
    if (!checkable.some((p) => p.name === n)) l.error(`/expect/violates/${i}`, ErrorCode.unknownName, `no invariant, property or liveness property '${n}'`);
  });
  if (expect.model === undefined) return { violates: expect.violates };
  if (!models.some((m) => m.name === expect.model && m.publish)) {
    l.error("/expect/model", ErrorCode.unknownName, `no published model '${expect.model}' (published: ${models.filter((m) => m.publish).map((m) => m.name).join(", ")})`);
  }
  return { violates: expect.violates, model: expect.model };
}
