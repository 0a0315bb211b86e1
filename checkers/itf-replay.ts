/**
 * Replays an ITF trace (a file `check --trace-out` wrote, or Apalache's and
 * Quint's) on a model: the initial state whose ITF form is the trace's first
 * state, then at each step the first transition whose successor's ITF form is
 * the trace's next state. Comparing ITF forms, with sets and maps taken in any
 * order, needs no inverse of toItf, and it checks the trace on the way: a
 * state the model cannot reach from the one before is where replay stops.
 */
import type { GlobalState, Model } from "./model.js";
import type { Trace, TraceStep } from "./trace.js";

export interface ItfFile {
  readonly "#meta"?: { readonly loop?: number };
  readonly states: readonly Readonly<Record<string, unknown>>[];
}

export type ItfReplay<S> = { readonly ok: true; readonly trace: Trace<S> } | { readonly ok: false; readonly problem: string };

/** What is wrong with `value` as an ITF trace, or null: `{ "states": [...] }`, each state an object. */
export function itfShapeProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected an ITF trace: a JSON object with a `states` array";
  const states = (value as { states?: unknown }).states;
  if (!Array.isArray(states)) return "expected an ITF trace: `states` is missing or not an array";
  if (states.length === 0) return "expected an ITF trace with at least one state: `states` is empty";
  const bad = states.findIndex((s) => typeof s !== "object" || s === null || Array.isArray(s));
  return bad < 0 ? null : `expected every state to be an object: /states/${bad} is not`;
}

/** An ITF value with its sets and maps in one order and its objects' keys sorted, as text to compare. */
export function canonicalItf(value: unknown): string {
  return JSON.stringify(normal(value));
}

function normal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normal);
  if (typeof value !== "object" || value === null) return value;
  const o = value as Record<string, unknown>;
  if (Array.isArray(o["#set"])) return { "#set": sortedByText((o["#set"] as unknown[]).map(normal)) };
  if (Array.isArray(o["#map"])) return { "#map": sortedByText((o["#map"] as unknown[]).map(normal)) };
  return Object.fromEntries(Object.keys(o).sort().filter((k) => k !== "#meta").map((k) => [k, normal(o[k])]));
}

function sortedByText(values: unknown[]): unknown[] {
  return values.map((v) => [JSON.stringify(v), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

/** The ITF state's variables that the model has, as one text; null when one of them is missing. */
function stateKey(model: Model, state: Readonly<Record<string, unknown>>): string | null {
  if (model.itfVariables.some((v) => !(v in state))) return null;
  return canonicalItf(Object.fromEntries(model.itfVariables.map((v) => [v, state[v]])));
}

const modelKey = <S extends GlobalState>(model: Model<S>, state: S): string => canonicalItf(model.toItf(state));

export function replayItf<S extends GlobalState>(model: Model<S>, itf: ItfFile): ItfReplay<S> {
  const keys = itf.states.map((s) => stateKey(model as unknown as Model, s));
  const missing = keys.indexOf(null);
  if (missing >= 0) return { ok: false, problem: `/states/${missing} lacks a variable of the model: expected ${model.itfVariables.join(", ")}` };
  const first = model.initialStates().find((s) => modelKey(model, s) === keys[0]);
  if (first === undefined) return { ok: false, problem: "/states/0 is not an initial state of the model (is it the same model and parameters? see --model and -p)" };
  const steps: TraceStep<S>[] = [{ label: null, state: first }];
  for (let i = 1; i < keys.length; i++) {
    const from = steps[i - 1].state;
    const step = model.transitions(from).find((t) => modelKey(model, t.next) === keys[i]);
    if (step === undefined) return { ok: false, problem: `/states/${i} is not a step the model allows from /states/${i - 1}: no enabled step leads there (changed: ${changedVariables(itf.states[i - 1], itf.states[i]).join(", ") || "nothing"})` };
    steps.push({ label: step.label, state: step.next });
  }
  const loop = itf["#meta"]?.loop;
  if (loop === undefined) return { ok: true, trace: { steps } };
  if (!Number.isInteger(loop) || loop < 0 || loop >= steps.length) return { ok: false, problem: `/#meta/loop is ${JSON.stringify(loop)}: expected the index of a state of the trace, 0 to ${steps.length - 1}` };
  // A loop at the last state is the run staying there (a step to itself changes nothing); any other needs the step back.
  if (loop === steps.length - 1) return { ok: true, trace: { steps, loop: { start: loop, back: null } } };
  const back = model.transitions(steps[steps.length - 1].state).find((t) => modelKey(model, t.next) === keys[loop]);
  if (back === undefined) return { ok: false, problem: `/#meta/loop is ${loop}, but no enabled step of the last state leads back to /states/${loop}` };
  return { ok: true, trace: { steps, loop: { start: loop, back: back.label } } };
}

function changedVariables(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(after).filter((k) => k !== "#meta" && canonicalItf(before[k]) !== canonicalItf(after[k]));
}
