/**
 * Running one action of one node for the IR interpreter
 * (docs/reference/semantics.md, "Running an action"): the guard, then the
 * effects in order on a working copy, forking at each `choose`. Every finished
 * branch is one outcome. Nothing here mutates its inputs: states are shared.
 */
import type { AnyMessage, GlobalState } from "../../checkers/model.js";
import type { Action, Effect, LValue, ProtocolIR, Type } from "../ir.js";
import { evaluate, type EvalContext } from "./eval.js";
import { mapSlot, messageDecl, roleCount, seqSlot, type Params } from "./values.js";

type Rec = Readonly<Record<string, unknown>>;

/** One branch of a running action: the node's working state, its sends so far, the ghosts and the bound names. */
export interface Branch {
  readonly node: Rec;
  readonly sends: readonly AnyMessage[];
  /** The working ghosts; null when ghost effects are skipped (the runtime's view). */
  readonly ghosts: Rec | null;
  readonly locals: ReadonlyMap<string, unknown>;
}

/** Told which arm of each `if` ran and which values each `choose` took (effects named by their JSON pointer). */
export interface BranchCoverage {
  branch(pointer: string, arm: "then" | "else"): void;
  choice(pointer: string, value: unknown, taken: boolean): void;
}

export interface ActionRun {
  readonly ir: ProtocolIR;
  readonly params: Params;
  readonly action: Action;
  readonly self: number;
  readonly msg: AnyMessage | null;
  /** The pre-step global state, read by ghost effects; null in the runtime's view. */
  readonly global: GlobalState | null;
  readonly coverage?: BranchCoverage;
}

function contextOf(run: ActionRun, b: Branch): EvalContext {
  return { ir: run.ir, params: run.params, global: run.global, next: null, ghosts: b.ghosts, self: run.self, node: b.node, msg: run.msg, locals: b.locals };
}

/** The outcomes of the action from `start` (its node state, no sends, the ghosts and the params bound): none when the guard, or the check bound a check model adds to it, is false. */
export function runBranches(run: ActionRun, start: Branch): Branch[] {
  const checkGuard = run.action.checkGuard;
  if (checkGuard !== null && evaluate(checkGuard, contextOf(run, start)) !== true) return [];
  if (evaluate(run.action.guard, contextOf(run, start)) !== true) return [];
  return runEffects(run, run.action.effects, [start]);
}

function runEffects(run: ActionRun, effects: readonly Effect[], branches: readonly Branch[]): Branch[] {
  let current = branches as Branch[];
  for (const effect of effects) current = current.flatMap((b) => runEffect(run, effect, b));
  return current;
}

/** Runs nested effects, then forgets the names they bound (their scope ends with them). */
function runNested(run: ActionRun, effects: readonly Effect[], b: Branch, locals: ReadonlyMap<string, unknown>): Branch[] {
  return runEffects(run, effects, [{ ...b, locals }]).map((out) => ({ ...out, locals: b.locals }));
}

function runEffect(run: ActionRun, effect: Effect, b: Branch): Branch[] {
  const ctx = contextOf(run, b);
  switch (effect.kind) {
    case "assign": {
      const value = evaluate(effect.value, ctx);
      return [{ ...b, node: assign(b.node, effect.target, value, ctx) }];
    }
    case "ghostAssign": {
      if (b.ghosts === null) return [b];
      const value = evaluate(effect.value, ctx);
      return [{ ...b, ghosts: assign(b.ghosts, effect.target, value, ctx) }];
    }
    case "send": {
      const to = effect.to === null ? 0 : (evaluate(effect.to, ctx) as number);
      const fields = effect.fields.map((f) => [f.name, evaluate(f.value, ctx)] as const);
      return [{ ...b, sends: [...b.sends, message(run, effect.message, to, fields)] }];
    }
    case "broadcast": {
      const fields = effect.fields.map((f) => [f.name, evaluate(f.value, ctx)] as const);
      const role = messageDecl(run.ir, effect.message).to;
      const skipSelf = role === run.action.role && !effect.includeSelf;
      const sends = [...b.sends];
      const n = roleCount(run.ir, role, run.params);
      for (let to = 0; to < n; to++) {
        if (skipSelf && to === run.self) continue;
        sends.push(message(run, effect.message, to, fields));
      }
      return [{ ...b, sends }];
    }
    case "multicast": {
      const fields = effect.fields.map((f) => [f.name, evaluate(f.value, ctx)] as const);
      const recipients = evaluate(effect.to, ctx) as readonly number[];
      return [{ ...b, sends: [...b.sends, ...recipients.map((to) => message(run, effect.message, to, fields))] }];
    }
    case "choose": {
      const domain = evaluate(effect.domain, ctx) as readonly unknown[];
      const out: Branch[] = [];
      for (const x of domain) {
        const locals = new Map(b.locals).set(effect.name, x);
        const taken = effect.where === null || evaluate(effect.where, { ...ctx, locals }) === true;
        run.coverage?.choice(effect.source.pointer, x, taken);
        if (!taken) continue;
        out.push(...runNested(run, effect.body, b, locals));
      }
      return out;
    }
    case "if": {
      const holds = evaluate(effect.cond, ctx) === true;
      run.coverage?.branch(effect.source.pointer, holds ? "then" : "else");
      return runNested(run, holds ? effect.then : effect.else, b, b.locals);
    }
    case "let":
      return [{ ...b, locals: new Map(b.locals).set(effect.name, evaluate(effect.value, ctx)) }];
  }
}

/** `{type, from: self, to, ...fields}`, the fields in declaration order. */
function message(run: ActionRun, type: string, to: number, fields: readonly (readonly [string, unknown])[]): AnyMessage {
  const values = new Map(fields);
  const m: Record<string, unknown> = { type, from: run.self, to };
  for (const f of messageDecl(run.ir, type).fields) m[f.name] = values.get(f.name);
  return m as unknown as AnyMessage;
}

/** A copy of `container` (a node state or the ghosts) with the place `target` set to `value`. */
function assign(container: Rec, target: LValue, value: unknown, ctx: EvalContext): Rec {
  const indexes = target.steps.map((s) => (s.kind === "index" ? evaluate(s.index, ctx) : undefined));
  const setPath = (current: unknown, type: Type, i: number): unknown => {
    if (i === target.steps.length) return value;
    const step = target.steps[i];
    if (step.kind === "field") {
      const rec = current as Rec;
      return { ...rec, [step.name]: setPath(rec[step.name], step.type, i + 1) };
    }
    const arr = current as readonly unknown[];
    const slot = type.kind === "map" ? mapSlot(type.key, indexes[i], ctx.params, arr.length) : seqSlot(indexes[i], arr.length);
    const copy = arr.slice();
    copy[slot] = setPath(arr[slot], step.type, i + 1);
    return copy;
  };
  if (!Object.prototype.hasOwnProperty.call(container, target.root)) throw new Error(`no variable '${target.root}' to assign`);
  return { ...container, [target.root]: setPath(container[target.root], target.rootType, 0) };
}
