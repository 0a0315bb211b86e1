/**
 * The reachable state graph for liveness: every state as an id, and each edge
 * with its label and its fairness unit, the (action, node) or, for a receipt,
 * (action, node, message) whose turn fairness judges. Explored without
 * symmetry (docs/reference/semantics.md, Liveness), breadth first, in the
 * model's successor order, so ids and edges are the same on every run.
 */
import { WordBuffer } from "../../runtime/words.js";
import type { GlobalState, Model, StepLabel } from "../model.js";

export interface Edge {
  readonly to: number;
  readonly label: StepLabel;
  /** The fairness unit the step belongs to, or -1 for an unfair step (a fault, or an action without fairness). */
  readonly unit: number;
  readonly fault: boolean;
}

export interface FairnessUnit {
  readonly key: string;
  /** 1 weak, 2 strong. */
  readonly fairness: number;
}

export interface StateGraph<S> {
  readonly states: readonly S[];
  readonly edges: readonly (readonly Edge[])[];
  readonly initial: readonly number[];
  /** States outside the model's constraint: reached, not expanded; liveness judges only runs that stay inside it. */
  readonly outside: ReadonlySet<number>;
  readonly units: readonly FairnessUnit[];
}

/** Thrown when the graph would pass `maxStates` states. */
export class GraphTooLarge extends Error {
  constructor(readonly states: number) {
    super(`the liveness graph has more than ${states} states`);
  }
}

function keyOf<S extends GlobalState>(model: Model<S>, state: S, buffer: WordBuffer): string {
  buffer.reset();
  model.encode(state, buffer);
  let key = "";
  for (let i = 0; i < buffer.length; i++) key += String.fromCharCode(buffer.words[i] & 0xffff, buffer.words[i] >>> 16);
  return key;
}

const FAULTS: ReadonlySet<StepLabel["kind"]> = new Set(["lose", "duplicate", "restart"]);

/** The unit's key: per node for an internal action, per node and message for a receipt. */
function unitKey(step: number, label: StepLabel): string {
  if (label.kind !== "action") return "";
  return label.message === undefined ? `${step}/${label.node}` : `${step}/${label.node}/${JSON.stringify(label.message)}`;
}

export function buildGraph<S extends GlobalState>(model: Model<S>, stepFairness: readonly number[], maxStates = Infinity): StateGraph<S> {
  const buffer = new WordBuffer();
  const ids = new Map<string, number>();
  const states: S[] = [];
  const edges: Edge[][] = [];
  const outside = new Set<number>();
  const units: FairnessUnit[] = [];
  const unitIds = new Map<string, number>();
  const stepIndex = new Map(model.stepNames.map((name, i) => [name, i]));
  const idOf = (state: S): number => {
    const key = keyOf(model, state, buffer);
    const known = ids.get(key);
    if (known !== undefined) return known;
    if (states.length >= maxStates) throw new GraphTooLarge(maxStates);
    ids.set(key, states.length);
    states.push(state);
    return states.length - 1;
  };
  const unitOf = (label: StepLabel): number => {
    if (label.kind !== "action") return -1;
    const step = stepIndex.get(label.action)!;
    if (stepFairness[step] === 0) return -1;
    const key = unitKey(step, label);
    let id = unitIds.get(key);
    if (id === undefined) {
      id = units.push({ key, fairness: stepFairness[step] }) - 1;
      unitIds.set(key, id);
    }
    return id;
  };
  const initial = model.initialStates().map((s) => idOf(s));
  for (let id = 0; id < states.length; id++) {
    const out: Edge[] = [];
    edges.push(out);
    if (!model.withinConstraint(states[id])) {
      outside.add(id);
      continue;
    }
    for (const t of model.transitions(states[id])) out.push({ to: idOf(t.next), label: t.label, unit: unitOf(t.label), fault: FAULTS.has(t.label.kind) });
  }
  return { states, edges, initial, outside, units };
}
