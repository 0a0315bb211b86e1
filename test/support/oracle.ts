/**
 * The oracle property test: random step sequences of every spec run through
 * both the IR interpreter (generator/interpret.ts, the oracle) and the
 * generated model, which must agree at every step on the successors (labels
 * and states, in order), every invariant, every action property, the state
 * constraint, and on which steps raise a spec runtime error. Along the way the
 * generated codec must round-trip every visited state, and canonicalize must
 * be idempotent, must not depend on how symmetric ids are named, and must keep
 * invariant verdicts. Two-phase commit is also compared exhaustively. Both
 * sides are pure functions of a state, so each distinct state is checked once
 * per model however many walks pass through it (Stats keeps what was checked).
 *
 * The seed is pinned so CI is reproducible; FC_SEED=<n> (and FC_RUNS=<n>)
 * explore other walks.
 *
 * This module holds the checks; the tests are test/generator/oracle-*.test.ts,
 * one file per group of specs (ORACLE_GROUPS) so that vitest can run them in
 * parallel. Every spec belongs to exactly one group: the families named in
 * ORACLE_GROUPS, and "rest" for every other spec and fixture.
 */
import fc from "fast-check";
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AnyMessage, GlobalState, Model, Transition } from "../../checkers/model.js";
import { stepNameOf } from "../../checkers/vacuity.js";
import { compileSpec } from "../../generator/compile.js";
import { checkConstraint, checkInvariant, checkLivenessPredicate, checkProperty, compareValues, initialState, InterpreterError, transitions, type Params } from "../../generator/interpret.js";
import type { Expr, ProtocolIR, Type } from "../../generator/ir.js";
import { SpecRuntimeError } from "../../runtime/values.js";
import { BoundOverflow, WordBuffer } from "../../runtime/words.js";
import { generateInto, REPO_ROOT } from "./generate.js";

export const SEED = process.env.FC_SEED === undefined ? 20_240_611 : Number(process.env.FC_SEED);
export const NUM_RUNS = process.env.FC_RUNS === undefined ? 100 : Number(process.env.FC_RUNS);
export const MAX_STEPS = 30;

// ---------------------------------------------------------------------------
// Which specs

function jsonFiles(dir: string): string[] {
  const full = join(REPO_ROOT, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `${dir}/${f}`);
}

export const SPEC_FILES = [...jsonFiles("specs"), ...jsonFiles("specs/variants"), ...jsonFiles("test/fixtures/specs")];
export const FIXTURE_FILES = jsonFiles("test/fixtures/specs");

// ---------------------------------------------------------------------------
// Running both sides

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

function attempt<T>(f: () => T): Attempt<T> {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

const isOracleError = (e: unknown): boolean => e instanceof InterpreterError;
const isGeneratedError = (e: unknown): boolean => e instanceof SpecRuntimeError || e instanceof BoundOverflow;
const describeError = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));

/** Stable JSON (keys sorted), for messages and set keys: key order is not part of a value. */
export function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

class Disagreement extends Error {}

/** Strict structural equality (like toStrictEqual for plain data: same key sets, Object.is on primitives), fast enough for every step. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!(i in a) || !(i in bb) || !sameValue(a[i], bb[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  if (ka.length !== Object.keys(rb).length) return false;
  for (const k of ka) if (!Object.prototype.hasOwnProperty.call(rb, k) || !sameValue(ra[k], rb[k])) return false;
  return true;
}

/** expect(actual).toStrictEqual(expected), with the (costly) message built only on failure. */
function expectSame(actual: unknown, expected: unknown, message: () => string): void {
  if (sameValue(actual, expected)) return;
  const text = message();
  expect(actual, text).toStrictEqual(expected);
  throw new Disagreement(`${text}: values differ\n  actual:   ${stable(actual)}\n  expected: ${stable(expected)}`);
}

/** One spec model, both ways. */
export interface Subject {
  readonly file: string;
  readonly ir: ProtocolIR;
  readonly modelName: string;
  readonly params: Params;
  readonly constraint: Expr | null;
  readonly model: Model<GlobalState>;
}

/**
 * Both sides agree on whether `what` raised a spec runtime error. Returns the
 * two values when neither threw, null when both did; anything else (one side
 * only, or an error that is not a spec runtime error) is a disagreement.
 */
function agree<A, B>(s: Subject, where: string, what: string, oracle: Attempt<A>, generated: Attempt<B>): { oracle: A; generated: B } | null {
  if (oracle.ok && generated.ok) return { oracle: oracle.value, generated: generated.value };
  const context = `${s.file} (model ${s.modelName}) ${where}: ${what}`;
  if (!oracle.ok && !isOracleError(oracle.error)) throw new Disagreement(`${context}: the interpreter failed unexpectedly: ${describeError(oracle.error)}`);
  if (!generated.ok && !isGeneratedError(generated.error)) throw new Disagreement(`${context}: the generated code failed unexpectedly: ${describeError(generated.error)}`);
  if (!oracle.ok && !generated.ok) return null;
  throw new Disagreement(
    `${context}: only one side raised a spec runtime error.\n  interpreter: ${oracle.ok ? `returned ${stable(oracle.value)}` : describeError(oracle.error)}\n  generated:   ${generated.ok ? `returned ${stable(generated.value)}` : describeError(generated.error)}`,
  );
}

/** The first difference between two transition lists, for a readable failure. */
function firstDifference(oracle: readonly Transition<GlobalState>[], generated: readonly Transition<GlobalState>[]): string | null {
  const n = Math.max(oracle.length, generated.length);
  for (let i = 0; i < n; i++) {
    const a = oracle[i];
    const b = generated[i];
    if (a === undefined || b === undefined || !sameValue(a, b)) {
      return `successor #${i} of ${oracle.length} (interpreter) / ${generated.length} (generated):\n  interpreter: ${a === undefined ? "none" : stable(a)}\n  generated:   ${b === undefined ? "none" : stable(b)}`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// IR-driven helpers, independent of the generated code: canonical form checks and id renaming

function roleFieldTypes(ir: ProtocolIR, role: string): readonly { name: string; type: Type }[] {
  return ir.roles.find((r) => r.name === role)!.fields;
}

function messageFieldTypes(ir: ProtocolIR, name: string): { from: string; to: string; fields: readonly { name: string; type: Type }[] } {
  const m = ir.messages.find((x) => x.name === name);
  if (m === undefined) throw new Error(`no message type ${name}`);
  return m;
}

const roleIndex = (ir: ProtocolIR, role: string): number => ir.roles.findIndex((r) => r.name === role);

function compareChannel(ir: ProtocolIR, a: AnyMessage, b: AnyMessage): number {
  const da = messageFieldTypes(ir, a.type);
  const db = messageFieldTypes(ir, b.type);
  return roleIndex(ir, da.from) - roleIndex(ir, db.from) || a.from - b.from || roleIndex(ir, da.to) - roleIndex(ir, db.to) || a.to - b.to;
}

/** Problems with a value's canonical form: unsorted or repeated set elements, missing or extra record fields. */
function shapeProblems(ir: ProtocolIR, type: Type, value: unknown, path: string, out: string[]): void {
  switch (type.kind) {
    case "set": {
      const items = value as unknown[];
      for (let i = 1; i < items.length; i++) {
        if (compareValues(type.elem, items[i - 1], items[i], ir) >= 0) out.push(`${path}: set not strictly sorted at ${i}: ${stable(items)}`);
      }
      items.forEach((x, i) => shapeProblems(ir, type.elem, x, `${path}[${i}]`, out));
      return;
    }
    case "seq":
      (value as unknown[]).forEach((x, i) => shapeProblems(ir, type.elem, x, `${path}[${i}]`, out));
      return;
    case "map":
      (value as unknown[]).forEach((x, i) => shapeProblems(ir, type.value, x, `${path}[${i}]`, out));
      return;
    case "optional":
      if (value !== null) shapeProblems(ir, type.inner, value, path, out);
      return;
    case "record": {
      const rec = value as Record<string, unknown>;
      const exact = Object.keys(rec).length === type.fields.length && type.fields.every((f) => Object.prototype.hasOwnProperty.call(rec, f.name));
      if (!exact) out.push(`${path}: fields ${stable(Object.keys(rec).sort())}, expected ${stable(type.fields.map((f) => f.name).sort())}`);
      for (const f of type.fields) shapeProblems(ir, f.type, rec[f.name], `${path}.${f.name}`, out);
      return;
    }
    case "message": {
      const m = value as AnyMessage & Record<string, unknown>;
      const decl = messageFieldTypes(ir, m.type);
      for (const f of decl.fields) shapeProblems(ir, f.type, m[f.name], `${path}.${f.name}`, out);
      return;
    }
    default:
      return;
  }
}

/** Checks the canonical form of a whole state: node fields, network order for its kind, ghosts. */
function stateShapeProblems(ir: ProtocolIR, state: GlobalState): string[] {
  const out: string[] = [];
  for (const role of ir.roles) {
    state.nodes[role.name].forEach((node, id) => shapeProblems(ir, { kind: "record", fields: role.fields }, node, `${role.name}[${id}]`, out));
  }
  for (const g of ir.ghosts) shapeProblems(ir, g.type, state.ghosts[g.name], `ghost ${g.name}`, out);
  const net = state.network;
  net.forEach((m, i) => shapeProblems(ir, { kind: "message", name: m.type }, m, `network[${i}]`, out));
  for (let i = 1; i < net.length; i++) {
    const c = ir.network === "fifo" ? compareChannel(ir, net[i - 1], net[i]) : compareValues({ kind: "message", name: net[i].type }, net[i - 1], net[i], ir);
    if (c > 0 || (ir.network === "set" && c === 0)) out.push(`network out of canonical ${ir.network} order at ${i}: ${stable(net)}`);
  }
  return out;
}

/** Renames the ids of `role`: node i becomes node perm[i], everywhere a value of type node(role) appears. */
function renameValue(ir: ProtocolIR, type: Type, value: unknown, role: string, perm: readonly number[]): unknown {
  switch (type.kind) {
    case "node":
      return type.role === role ? perm[value as number] : value;
    case "set": {
      const items = (value as unknown[]).map((x) => renameValue(ir, type.elem, x, role, perm));
      return items.sort((a, b) => compareValues(type.elem, a, b, ir));
    }
    case "seq":
      return (value as unknown[]).map((x) => renameValue(ir, type.elem, x, role, perm));
    case "map": {
      const entries = (value as unknown[]).map((x) => renameValue(ir, type.value, x, role, perm));
      if (type.key.kind !== "node" || type.key.role !== role) return entries;
      const moved = new Array<unknown>(entries.length);
      entries.forEach((x, i) => (moved[perm[i]] = x));
      return moved;
    }
    case "optional":
      return value === null ? null : renameValue(ir, type.inner, value, role, perm);
    case "record":
      return Object.fromEntries(type.fields.map((f) => [f.name, renameValue(ir, f.type, (value as Record<string, unknown>)[f.name], role, perm)]));
    case "message": {
      const m = value as AnyMessage & Record<string, unknown>;
      const decl = messageFieldTypes(ir, m.type);
      const out: Record<string, unknown> = { type: m.type, from: decl.from === role ? perm[m.from] : m.from, to: decl.to === role ? perm[m.to] : m.to };
      for (const f of decl.fields) out[f.name] = renameValue(ir, f.type, m[f.name], role, perm);
      return out;
    }
    default:
      return value;
  }
}

function renameState(ir: ProtocolIR, state: GlobalState, role: string, perm: readonly number[]): GlobalState {
  const nodes: Record<string, object[]> = {};
  for (const r of ir.roles) {
    const renamed = state.nodes[r.name].map((n) => renameValue(ir, { kind: "record", fields: roleFieldTypes(ir, r.name) }, n, role, perm) as object);
    if (r.name === role) {
      const moved = new Array<object>(renamed.length);
      renamed.forEach((n, i) => (moved[perm[i]] = n));
      nodes[r.name] = moved;
    } else nodes[r.name] = renamed;
  }
  const messages = state.network.map((m) => renameValue(ir, { kind: "message", name: m.type }, m, role, perm) as AnyMessage);
  // A renamed multiset/set is re-sorted; a renamed fifo keeps each channel's order and re-sorts channels (stable sort).
  const network = ir.network === "fifo" ? messages.sort((a, b) => compareChannel(ir, a, b)) : messages.sort((a, b) => compareValues({ kind: "message", name: a.type }, a, b, ir));
  const ghosts = Object.fromEntries(ir.ghosts.map((g) => [g.name, renameValue(ir, g.type, state.ghosts[g.name], role, perm)]));
  return { nodes, network, ghosts };
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

// ---------------------------------------------------------------------------
// The checks of one visited state and of one step

export interface Stats {
  walks: number;
  steps: number;
  errors: number;
  overflows: number;
  outsideConstraint: number;
  /**
   * Every state a walk stood on, by stateKey, with its successors (null: it
   * left the constraint, or a runtime error ended the walk there). Both sides
   * are pure functions of the state, so a state met again is not checked again.
   */
  states: Map<string, Transition<GlobalState>[] | null>;
  /** Every successor whose invariants and codec checkStep compared, by stateKey, with its invariant verdicts. */
  successors: Map<string, boolean[] | null>;
  /** Every canonical form checked (well formed, idempotent, codec), by stateKey, with its invariant verdicts. */
  canonical: Map<string, boolean[] | null>;
  taken: Set<string>;
  enabled: Set<string>;
}

export function newStats(): Stats {
  return { walks: 0, steps: 0, errors: 0, overflows: 0, outsideConstraint: 0, states: new Map(), successors: new Map(), canonical: new Map(), taken: new Set(), enabled: new Set() };
}

/**
 * A memo key for a state: equal keys mean equal states (integers, strings,
 * booleans, arrays and plain objects print apart), while equal states printed
 * with their keys in another order merely get checked twice.
 */
export function stateKey(state: GlobalState): string {
  return JSON.stringify(state);
}

/** Invariants (both ways) of one state; null when a predicate raised a runtime error on both sides. */
export function invariantVerdicts(s: Subject, where: string, state: GlobalState): boolean[] | null {
  const verdicts: boolean[] = [];
  for (let i = 0; i < s.model.invariantNames.length; i++) {
    const name = s.model.invariantNames[i];
    const both = agree(s, where, `invariant ${name}`, attempt(() => checkInvariant(s.ir, s.params, name, state)), attempt(() => s.model.invariant(i, state)));
    if (both === null) return null;
    if (both.oracle !== both.generated) {
      throw new Disagreement(`${s.file} (model ${s.modelName}) ${where}: invariant ${name} is ${both.oracle} for the interpreter, ${both.generated} for the generated code, in state ${stable(state)}`);
    }
    verdicts.push(both.oracle);
  }
  livenessAgrees(s, where, state);
  return verdicts;
}

/** Each liveness predicate (issue 15) the same both ways; not part of the verdicts, which canonical forms must keep. */
function livenessAgrees(s: Subject, where: string, state: GlobalState): void {
  const liveness = s.model.liveness;
  if (liveness === undefined) return;
  liveness.names.forEach((name, i) => {
    const count = s.ir.liveness.find((l) => l.name === name)!.predicates.length;
    for (let which = 0; which < count; which++) {
      const both = agree(s, where, `liveness ${name}[${which}]`, attempt(() => checkLivenessPredicate(s.ir, s.params, name, which, state)), attempt(() => liveness.predicate(i, which, state)));
      if (both !== null && both.oracle !== both.generated) throw new Disagreement(`${s.file} (model ${s.modelName}) ${where}: liveness ${name} predicate ${which} is ${both.oracle} for the interpreter, ${both.generated} for the generated code, in state ${stable(state)}`);
    }
  });
}

/** encode then decode gives the state back; false when the state overflows its types (the checker reports that). */
function roundTrips(s: Subject, where: string, state: GlobalState): boolean {
  const buffer = new WordBuffer();
  try {
    s.model.encode(state, buffer);
  } catch (e) {
    if (e instanceof BoundOverflow) return false;
    throw new Disagreement(`${s.file} (model ${s.modelName}) ${where}: encode failed: ${describeError(e)} in state ${stable(state)}`);
  }
  const reader = { words: buffer.words.slice(0, buffer.length), offset: 0 };
  let decoded: GlobalState;
  try {
    decoded = s.model.decode(reader);
  } catch (e) {
    throw new Disagreement(`${s.file} (model ${s.modelName}) ${where}: decode(encode(s)) failed: ${describeError(e)} for state ${stable(state)}`);
  }
  expectSame(decoded, state, () => `${s.file} (model ${s.modelName}) ${where}: decode(encode(s)) of ${stable(state)}`);
  expectSame(reader.offset, buffer.length, () => `${s.file} (model ${s.modelName}) ${where}: decode reads every word encode wrote`);
  return true;
}

/** Whether the state leaves a declared bound: the checker reports such a state and expands it no further. */
function overflows(s: Subject, state: GlobalState): boolean {
  try {
    s.model.encode(state, new WordBuffer());
    return false;
  } catch (e) {
    if (e instanceof BoundOverflow) return true;
    throw e;
  }
}

export function encodeKey(model: Model<GlobalState>, state: GlobalState): string {
  const buffer = new WordBuffer();
  model.encode(state, buffer);
  return buffer.words.slice(0, buffer.length).join(",");
}

/** canonicalize: idempotent, a well-formed state, the same for every renaming of symmetric ids, and invariant verdicts kept. */
export function checkCanonical(s: Subject, where: string, state: GlobalState, verdicts: readonly boolean[], stats: Stats): void {
  if (s.model.symmetricRoles.length === 0) return;
  const c = s.model.canonicalize(state);
  const key = stateKey(c);
  let canonicalVerdicts = stats.canonical.get(key);
  if (canonicalVerdicts === undefined) {
    expectSame(stateShapeProblems(s.ir, c), [], () => `${s.file} (model ${s.modelName}) ${where}: canonical form ${stable(c)} of ${stable(state)} is well formed`);
    expectSame(s.model.canonicalize(c), c, () => `${s.file} (model ${s.modelName}) ${where}: canonicalize is idempotent on ${stable(state)}`);
    roundTrips(s, `${where} (canonical)`, c);
    canonicalVerdicts = invariantVerdicts(s, `${where} (canonical)`, c);
    stats.canonical.set(key, canonicalVerdicts);
  }
  expectSame(canonicalVerdicts, verdicts, () => `${s.file} (model ${s.modelName}) ${where}: canonicalize keeps the invariant verdicts of ${stable(state)} (${s.model.invariantNames.join(", ")})`);
  for (const role of s.model.symmetricRoles) {
    const n = state.nodes[role].length;
    if (n > 4) continue;
    for (const perm of permutations(n)) {
      const renamed = renameState(s.ir, state, role, perm);
      expectSame(s.model.canonicalize(renamed), c, () => `${s.file} (model ${s.modelName}) ${where}: canonicalize of ${stable(state)} renamed by ${role} ${stable(perm)} (${stable(renamed)})`);
    }
  }
}

/** One visited state: its transitions both ways, properties on every step, invariants and codec on every successor. Returns the successors, or null when both sides raised a runtime error. */
export function checkStep(s: Subject, where: string, state: GlobalState, stats: Stats): Transition<GlobalState>[] | null {
  const both = agree(s, where, "transitions", attempt(() => transitions(s.ir, s.params, state)), attempt(() => s.model.transitions(state)));
  if (both === null) {
    stats.errors++;
    return null;
  }
  if (!sameValue(both.generated, both.oracle)) {
    const diff = firstDifference(both.oracle, both.generated);
    expect(both.generated, `${s.file} (model ${s.modelName}) ${where}: the successors differ in state ${stable(state)}\n${diff}`).toStrictEqual(both.oracle);
    throw new Disagreement(`${s.file} (model ${s.modelName}) ${where}: the successors differ (in prototypes or undefined-valued keys) in state ${stable(state)}\n${diff}`);
  }

  // forEachSuccessor: the same next states, with step indexes naming the same steps
  // Fingerprinting a successor that leaves a bound throws, as encoding it does: then one must.
  const visit = (fingerprints: boolean) => {
    const visited: { step: string; next: GlobalState }[] = [];
    s.model.forEachSuccessor(state, (i, next) => visited.push({ step: s.model.stepNames[i], next }), undefined, fingerprints);
    return visited;
  };
  let visited: { step: string; next: GlobalState }[];
  try {
    visited = visit(true);
  } catch (e) {
    if (!(e instanceof BoundOverflow)) throw e;
    expect(both.oracle.some((t) => overflows(s, t.next)), `${s.file} (model ${s.modelName}) ${where}: forEachSuccessor overflowed but no successor leaves a bound`).toBe(true);
    visited = visit(false);
  }
  expectSame(visited, both.oracle.map((t) => ({ step: stepNameOf(t.label), next: t.next })), () => `${s.file} (model ${s.modelName}) ${where}: forEachSuccessor of ${stable(state)}`);

  for (const t of both.oracle) {
    stats.enabled.add(stepNameOf(t.label));
    // A label is a small object the model builds, printed for failure messages only.
    const step = JSON.stringify(t.label);
    for (let i = 0; i < s.model.propertyNames.length; i++) {
      const name = s.model.propertyNames[i];
      const verdict = agree(s, `${where}, step ${step}`, `property ${name}`, attempt(() => checkProperty(s.ir, s.params, name, state, t.next)), attempt(() => s.model.property(i, state, t.next)));
      if (verdict !== null && verdict.oracle !== verdict.generated) {
        throw new Disagreement(`${s.file} (model ${s.modelName}) ${where}: property ${name} is ${verdict.oracle} for the interpreter, ${verdict.generated} for the generated code, on step ${stable(t.label)} from ${stable(state)} to ${stable(t.next)}`);
      }
    }
    const key = stateKey(t.next);
    if (stats.successors.has(key)) continue;
    stats.successors.set(key, invariantVerdicts(s, `${where}, after step ${step}`, t.next));
    if (!roundTrips(s, `${where}, after step ${step}`, t.next)) stats.overflows++;
  }
  return both.oracle;
}

export function withinConstraint(s: Subject, where: string, state: GlobalState): boolean {
  const oracle = attempt(() => (s.constraint === null ? true : checkConstraint(s.ir, s.params, s.constraint, state)));
  const both = agree(s, where, "the state constraint", oracle, attempt(() => s.model.withinConstraint(state)));
  if (both === null) return false;
  if (both.oracle !== both.generated) throw new Disagreement(`${s.file} (model ${s.modelName}) ${where}: the constraint is ${both.oracle} for the interpreter, ${both.generated} for the generated code, in ${stable(state)}`);
  return both.oracle;
}

/** One random walk: at each step take choice % (number of successors), as the checker would explore it. */
function walk(s: Subject, choices: readonly number[], stats: Stats): void {
  stats.walks++;
  const init = initialState(s.ir, s.params);
  expectSame(s.model.initialStates(), [init], () => `${s.file} (model ${s.modelName}): the initial states`);
  let state = init;
  if (!roundTrips(s, "initial state", init)) {
    stats.overflows++;
    return;
  }
  const name = stable(choices);
  for (let step = 0; ; step++) {
    const ts = visitedState(s, `step ${step} of walk ${name}`, state, stats);
    if (ts === null || ts.length === 0 || step === choices.length) return;
    const t = ts[choices[step] % ts.length];
    stats.steps++;
    stats.taken.add(stepNameOf(t.label));
    if (overflows(s, t.next)) return;
    state = t.next;
  }
}

/** The checks of a state a walk stands on, once per state: its successors, or null where the walk ends. */
function visitedState(s: Subject, where: string, state: GlobalState, stats: Stats): Transition<GlobalState>[] | null {
  const key = stateKey(state);
  const known = stats.states.get(key);
  if (known !== undefined) return known;
  expectSame(stateShapeProblems(s.ir, state), [], () => `${s.file} (model ${s.modelName}) ${where}: the interpreter's state ${stable(state)} is in canonical form`);
  const verdicts = stats.successors.has(key) ? stats.successors.get(key)! : invariantVerdicts(s, where, state);
  if (verdicts !== null) checkCanonical(s, where, state, verdicts, stats);
  let ts: Transition<GlobalState>[] | null = null;
  if (withinConstraint(s, where, state)) ts = checkStep(s, where, state, stats);
  else stats.outsideConstraint++;
  stats.states.set(key, ts);
  return ts;
}

// ---------------------------------------------------------------------------
// Setting up each spec model

function paramsOf(ir: ProtocolIR, modelName: string): Params {
  const m = ir.models.find((x) => x.name === modelName)!;
  return { ...Object.fromEntries(ir.parameters.map((p) => [p.name, p.default])), ...m.parameters };
}

export async function subjects(file: string): Promise<Subject[]> {
  const { ir, modelModule } = await generateInto(file);
  return ir.models.map((m) => {
    const model = modelModule.createModel(m.name);
    return { file, ir, modelName: m.name, params: paramsOf(ir, m.name), constraint: m.constraint, model };
  });
}

/** The models of a spec, read at collection time so each gets its own test; a spec that does not compile gets one failing test. */
function modelNames(file: string): { names: string[]; error: string | null } {
  const r = compileSpec(join(REPO_ROOT, file));
  if (!r.ok) return { names: [], error: r.errors.map((e) => `${e.pointer}: ${e.message}`).join("\n") };
  return { names: r.value.ir.models.map((m) => m.name), error: null };
}

function summary(s: Subject, stats: Stats, ms: number): string {
  return `${s.file} [${s.modelName}]: ${stats.walks} walks, ${stats.steps} steps, ${stats.states.size} distinct states (${stats.errors} of them end walks with a runtime error, ${stats.outsideConstraint} lie outside the constraint), ${stats.overflows} overflowing successors; steps taken: ${[...stats.taken].sort().join(", ")}; never taken: ${s.model.stepNames.filter((n) => !stats.taken.has(n)).join(", ") || "none"} (${ms} ms)`;
}


// ---------------------------------------------------------------------------
// Which file tests which specs

/** The spec families of each oracle test file but the last, by file name prefix; "rest" takes every other spec. */
export const ORACLE_GROUPS = {
  raft: ["raft"],
  paxos: ["paxos", "multi-paxos"],
  "merkle-2pc": ["merkle-anti-entropy", "two-phase-commit"],
  stores: ["crdt", "cp-quorum-store", "ap-store", "causal-store", "session-store"],
  realworld: ["tunable-quorum-store", "dynamo-siblings", "spanner-commit-wait"],
} as const;

export type OracleGroup = keyof typeof ORACLE_GROUPS | "rest";

const inFamily = (file: string, family: string): boolean => {
  const name = basename(file, ".json");
  return name === family || name.startsWith(`${family}-`);
};

/** The group of a spec file: the first group with one of its families, else "rest". */
export function groupOf(file: string): OracleGroup {
  for (const [group, families] of Object.entries(ORACLE_GROUPS)) {
    if ((families as readonly string[]).some((f) => inFamily(file, f))) return group as OracleGroup;
  }
  return "rest";
}

/** The spec files (of SPEC_FILES, in its order) that one oracle test file walks. */
export function specFilesOf(group: OracleGroup): string[] {
  return SPEC_FILES.filter((f) => groupOf(f) === group);
}

// ---------------------------------------------------------------------------
// The random walks of a group of specs

/** The random-walk tests of `group`'s specs: NUM_RUNS walks of each model of each spec, and for a fixture, that its walks meet every step. */
export function describeWalks(group: OracleGroup): void {
  describe("interpreter and generated code agree on random walks", () => {
    expect(SPEC_FILES.length).toBeGreaterThan(0);
    const files = specFilesOf(group);
    expect(files.length, `the specs of oracle group ${group}`).toBeGreaterThan(0);
    for (const file of files) {
      const { names, error } = modelNames(file);
      if (error !== null) {
        it(`${file} compiles`, () => {
          throw new Error(`${file} does not compile:\n${error}`);
        });
        continue;
      }
      describe(file, () => {
        let loaded: Promise<Subject[]> | undefined;
        const load = () => (loaded ??= subjects(file));
        const enabled = new Set<string>();
        let stepNames: readonly string[] = [];
        let completed = 0;
        for (const modelName of names) {
          it(`model ${modelName}: ${NUM_RUNS} walks of up to ${MAX_STEPS} steps (seed ${SEED})`, async () => {
            const s = (await load()).find((x) => x.modelName === modelName)!;
            stepNames = s.model.stepNames;
            expect(s.model.parameters, "the generated model's parameters").toEqual(s.params);
            expect([...s.model.invariantNames].sort(), "the generated model checks every invariant").toEqual(s.ir.invariants.map((p) => p.name).sort());
            expect([...s.model.propertyNames].sort(), "the generated model checks every property").toEqual(s.ir.properties.map((p) => p.name).sort());
            const stats = newStats();
            const start = Date.now();
            try {
              fc.assert(
                fc.property(fc.array(fc.nat(), { maxLength: MAX_STEPS, size: "max" }), (choices) => walk(s, choices, stats)),
                { seed: SEED, numRuns: NUM_RUNS },
              );
              completed++;
            } finally {
              for (const name of stats.enabled) enabled.add(name);
              console.log(summary(s, stats, Date.now() - start));
            }
          }, 120_000);
        }
        if (FIXTURE_FILES.includes(file)) {
          it("the walks of its models meet every step of the fixture", (ctx) => {
            // only meaningful once every model's walks have run to the end
            if (completed < names.length) ctx.skip();
            expect([...enabled].sort()).toEqual([...stepNames].sort());
          });
        }
      });
    }
  });
}

/** Every state reachable from the initial one, by breadth-first search with the given successor function. */
export function reachable(init: GlobalState, successors: (s: GlobalState) => readonly Transition<GlobalState>[]): Map<string, GlobalState> {
  const seen = new Map([[stable(init), init]]);
  let frontier = [init];
  while (frontier.length > 0) {
    const next: GlobalState[] = [];
    for (const s of frontier) {
      for (const t of successors(s)) {
        const key = stable(t.next);
        if (!seen.has(key)) {
          seen.set(key, t.next);
          next.push(t.next);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** Every reachable state (at most `limit`), each checked as a walk checks it: successors, invariants, properties, codec, symmetry. */
export function exhaust(s: Subject, limit: number): number {
  const init = initialState(s.ir, s.params);
  expectSame(s.model.initialStates(), [init], () => `${s.file}: initial states`);
  const seen = new Set([stable(init)]);
  let frontier = [init];
  const stats = newStats();
  while (frontier.length > 0) {
    const next: GlobalState[] = [];
    for (const state of frontier) {
      const where = `state ${stable(state)}`;
      const verdicts = invariantVerdicts(s, where, state);
      if (verdicts !== null) checkCanonical(s, where, state, verdicts, stats);
      if (!withinConstraint(s, where, state)) continue;
      for (const t of checkStep(s, where, state, stats) ?? []) {
        const key = stable(t.next);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(t.next);
        if (seen.size > limit) throw new Error(`${s.file}: more than ${limit} states`);
      }
    }
    frontier = next;
  }
  return seen.size;
}
