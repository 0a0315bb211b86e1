/**
 * The IR interpreter: an independent oracle for docs/reference/semantics.md.
 * It computes initial states, successors (in the doc's order, with their
 * labels), invariants, properties, liveness predicates and one node's handler straight from the
 * IR, so property tests can compare the generated code with it. It shares no
 * code with `runtime/` or the emitters; the pieces live in generator/interpret/.
 */
import type { AnyMessage, GlobalState, StepLabel } from "../checkers/model.js";
import type { Action, Expr, ProtocolIR, Role, Type } from "./ir.js";
import { runBranches, type ActionRun, type Branch, type BranchCoverage } from "./interpret/effects.js";
import { evaluate, type EvalContext } from "./interpret/eval.js";
import { addMessage, deliverable, distinctMessages, duplicateOne, removeOne } from "./interpret/network.js";
import { compareTyped, domainOfType, InterpreterError, roleCount, type Params } from "./interpret/values.js";

export { InterpreterError };
export type { BranchCoverage, Params };

type Rec = Readonly<Record<string, unknown>>;

function globalContext(ir: ProtocolIR, params: Params, state: GlobalState, next: GlobalState | null = null): EvalContext {
  return { ir, params, global: state, next, ghosts: state.ghosts, self: null, node: null, msg: null, locals: new Map() };
}

function roleOf(ir: ProtocolIR, name: string): Role {
  const role = ir.roles.find((r) => r.name === name);
  if (role === undefined) throw new Error(`no role '${name}'`);
  return role;
}

function actionOf(ir: ProtocolIR, name: string): Action {
  const action = ir.actions.find((a) => a.name === name);
  if (action === undefined) throw new Error(`no action '${name}'`);
  return action;
}

/** Sets `fields` of `node` to their initial values, in declaration order (initial values read no fields). */
function initialize(ir: ProtocolIR, params: Params, id: number, node: Rec, fields: Role["fields"], global: GlobalState | null): Rec {
  let current = node;
  for (const f of fields) {
    const ctx: EvalContext = { ir, params, global, next: null, ghosts: null, self: id, node: current, msg: null, locals: new Map() };
    current = { ...current, [f.name]: evaluate(f.initial, ctx) };
  }
  return current;
}

export function initialState(ir: ProtocolIR, params: Params): GlobalState {
  const nodes: Record<string, Rec[]> = {};
  for (const role of ir.roles) {
    const n = roleCount(ir, role.name, params);
    nodes[role.name] = Array.from({ length: n }, (_, id) => initialize(ir, params, id, {}, role.fields, null));
  }
  const ghosts: Record<string, unknown> = {};
  for (const g of ir.ghosts) {
    ghosts[g.name] = evaluate(g.initial, globalContext(ir, params, { nodes, network: [], ghosts }));
  }
  return { nodes, network: [], ghosts };
}

/** Every assignment of the params, the first varying slowest, as [name, value] lists. */
function assignments(ir: ProtocolIR, params: Params, action: Action): [string, unknown][][] {
  let rows: [string, unknown][][] = [[]];
  for (const p of action.params) {
    const values = domainOfType(p.type, params, ir);
    rows = rows.flatMap((row) => values.map((v) => [...row, [p.name, v] as [string, unknown]]));
  }
  return rows;
}

/** The successor global state for one outcome of `action` at node `id`. */
function successor(ir: ProtocolIR, state: GlobalState, action: Action, id: number, received: AnyMessage | null, outcome: Branch): GlobalState {
  const nodes = [...state.nodes[action.role]];
  nodes[id] = outcome.node;
  let network = [...state.network];
  if (received !== null && ir.network !== "set") network = removeOne(network, received);
  for (const m of outcome.sends) network = addMessage(ir, ir.network, network, m);
  return { nodes: { ...state.nodes, [action.role]: nodes }, network, ghosts: outcome.ghosts ?? state.ghosts };
}

/** Every successor with its label, in the semantics doc's order; `coverage` hears which branches ran. */
export function transitions(ir: ProtocolIR, params: Params, state: GlobalState, coverage?: BranchCoverage): { label: StepLabel; next: GlobalState }[] {
  const out: { label: StepLabel; next: GlobalState }[] = [];
  for (const action of ir.actions) {
    const n = roleCount(ir, action.role, params);
    for (let id = 0; id < n; id++) {
      const node = state.nodes[action.role][id] as Rec;
      const run = (msg: AnyMessage | null, locals: ReadonlyMap<string, unknown>): Branch[] => {
        const ctx: ActionRun = { ir, params, action, self: id, msg, global: state, coverage };
        return runBranches(ctx, { node, sends: [], ghosts: state.ghosts, locals });
      };
      if (action.on === null) {
        for (const args of assignments(ir, params, action)) {
          const label: StepLabel = { kind: "action", action: action.name, role: action.role, node: id, ...(action.params.length > 0 ? { args: Object.fromEntries(args) } : {}) };
          for (const o of run(null, new Map(args))) out.push({ label, next: successor(ir, state, action, id, null, o) });
        }
      } else {
        for (const message of deliverable(ir, state.network, action.on, id)) {
          const label: StepLabel = { kind: "action", action: action.name, role: action.role, node: id, message };
          for (const o of run(message, new Map())) out.push({ label, next: successor(ir, state, action, id, message, o) });
        }
      }
    }
  }
  if (ir.faults.loss) {
    for (const message of distinctMessages(state.network)) {
      out.push({ label: { kind: "lose", message }, next: { ...state, network: removeOne(state.network, message) } });
    }
  }
  if (ir.faults.duplication && ir.network !== "set") {
    for (const message of distinctMessages(state.network)) {
      out.push({ label: { kind: "duplicate", message }, next: { ...state, network: duplicateOne(state.network, message) } });
    }
  }
  for (const roleName of ir.faults.restart) {
    const role = roleOf(ir, roleName);
    const nodes = state.nodes[roleName];
    for (let id = 0; id < nodes.length; id++) {
      const volatile = role.fields.filter((f) => !f.persistent);
      const restarted = initialize(ir, params, id, nodes[id] as Rec, volatile, state);
      const replaced = [...nodes];
      replaced[id] = restarted;
      out.push({ label: { kind: "restart", role: roleName, node: id }, next: { ...state, nodes: { ...state.nodes, [roleName]: replaced } } });
    }
  }
  return out;
}

/** Runs the named actions at every node on every input the state offers, only for `coverage` to hear which branches run. */
export function coverBranches(ir: ProtocolIR, params: Params, state: GlobalState, actions: ReadonlySet<string>, coverage: BranchCoverage): void {
  for (const action of ir.actions) {
    if (!actions.has(action.name)) continue;
    const n = roleCount(ir, action.role, params);
    for (let id = 0; id < n; id++) {
      const start = (locals: ReadonlyMap<string, unknown>): Branch => ({ node: state.nodes[action.role][id] as Rec, sends: [], ghosts: state.ghosts, locals });
      if (action.on === null) {
        for (const args of assignments(ir, params, action)) runBranches({ ir, params, action, self: id, msg: null, global: state, coverage }, start(new Map(args)));
      } else {
        for (const message of deliverable(ir, state.network, action.on, id)) runBranches({ ir, params, action, self: id, msg: message, global: state, coverage }, start(new Map()));
      }
    }
  }
}

export function checkInvariant(ir: ProtocolIR, params: Params, name: string, state: GlobalState): boolean {
  const p = ir.invariants.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no invariant '${name}'`);
  return evaluate(p.expr, globalContext(ir, params, state)) === true;
}

export function checkProperty(ir: ProtocolIR, params: Params, name: string, state: GlobalState, next: GlobalState): boolean {
  const p = ir.properties.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no property '${name}'`);
  return evaluate(p.expr, globalContext(ir, params, state, next)) === true;
}

/** Liveness property `name`'s predicate `which` (0: P, the only one but for leadsTo; 1: Q) in a state. */
export function checkLivenessPredicate(ir: ProtocolIR, params: Params, name: string, which: number, state: GlobalState): boolean {
  const p = ir.liveness.find((x) => x.name === name);
  if (p === undefined) throw new Error(`no liveness property '${name}'`);
  return evaluate(p.predicates[which], globalContext(ir, params, state)) === true;
}

export function checkConstraint(ir: ProtocolIR, params: Params, constraint: Expr, state: GlobalState): boolean {
  return evaluate(constraint, globalContext(ir, params, state)) === true;
}

/**
 * One node's handler as the runtime sees it (no ghosts, no network): outcomes
 * in order. input: { args } for internal actions (param name -> value) or
 * { message } for an `on` action.
 */
export function runAction(
  ir: ProtocolIR,
  params: Params,
  action: string,
  self: number,
  nodeState: object,
  input: { args?: Record<string, unknown>; message?: AnyMessage },
): { state: object; send: AnyMessage[] }[] {
  const a = actionOf(ir, action);
  if (a.on !== null && input.message === undefined) throw new Error(`action '${action}' runs on a ${a.on} message; none given`);
  if (a.on !== null && input.message!.type !== a.on) throw new Error(`action '${action}' runs on ${a.on}, not ${input.message!.type}`);
  const locals = new Map<string, unknown>();
  for (const p of a.params) {
    if (input.args === undefined || !(p.name in input.args)) throw new Error(`action '${action}' needs a value for param '${p.name}'`);
    locals.set(p.name, input.args[p.name]);
  }
  const run: ActionRun = { ir, params, action: a, self, msg: a.on === null ? null : input.message!, global: null };
  return runBranches(run, { node: nodeState as Rec, sends: [], ghosts: null, locals }).map((b) => ({ state: b.node, send: [...b.sends] }));
}

/** The value order of the semantics doc. `ir` is needed only to order messages (by declaration order of their types). */
export function compareValues(type: Type, a: unknown, b: unknown, ir?: ProtocolIR): number {
  return compareTyped(type, a, b, ir?.messages);
}

/** Every value of a finite type in the doc's order (bool, int, enum, node, optional, record); throws for set, seq, map. */
export function domainOf(type: Type, params: Params, ir: ProtocolIR): unknown[] {
  return domainOfType(type, params, ir);
}
