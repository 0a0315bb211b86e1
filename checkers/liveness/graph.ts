/**
 * The reachable state graph for liveness: every state as an id, and each edge
 * with its label and its fairness unit, the (action, node) or, for a receipt,
 * (action, node, message) whose turn fairness judges. Explored without
 * symmetry (docs/reference/semantics.md, Liveness), breadth first, in the
 * model's successor order, so ids and edges are the same on every run.
 */
import { home } from "../fingerprint-set.js";
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

/**
 * State ids by 64-bit fingerprint, as the safety search keeps its visited set
 * (the same odds of a collision, which the certificate's figures cover): an
 * open-addressing table of (hi, lo, id + 1), so no key string is built per
 * successor.
 */
class StateIds {
  private slots = new Int32Array(3 * 1024);
  private mask = 1023;
  private size = 0;

  /** The id stored for the fingerprint, or -1. */
  get(hi: number, lo: number): number {
    for (let at = home(hi, lo, this.mask); ; at = (at + 1) & this.mask) {
      const id = this.slots[3 * at + 2];
      if (id === 0) return -1;
      if (this.slots[3 * at] === hi && this.slots[3 * at + 1] === lo) return id - 1;
    }
  }

  set(hi: number, lo: number, id: number): void {
    if (4 * (this.size + 1) > 3 * (this.mask + 1)) this.grow();
    let at = home(hi, lo, this.mask);
    while (this.slots[3 * at + 2] !== 0) at = (at + 1) & this.mask;
    this.slots[3 * at] = hi;
    this.slots[3 * at + 1] = lo;
    this.slots[3 * at + 2] = id + 1;
    this.size++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    this.mask = 2 * (this.mask + 1) - 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== 0) this.set(old[at], old[at + 1], old[at + 2] - 1);
  }
}

const FAULTS: ReadonlySet<StepLabel["kind"]> = new Set(["lose", "duplicate", "restart"]);

/** A message's text, once per message object: successors share the message objects of their parent's network. */
const messageKeys = new WeakMap<object, string>();
function messageKey(message: object): string {
  let key = messageKeys.get(message);
  if (key === undefined) messageKeys.set(message, (key = JSON.stringify(message)));
  return key;
}

/** The unit's key: per node for an internal action, per node and message for a receipt. */
function unitKey(step: number, label: StepLabel): string {
  if (label.kind !== "action") return "";
  return label.message === undefined ? `${step}/${label.node}` : `${step}/${label.node}/${messageKey(label.message)}`;
}

export function buildGraph<S extends GlobalState>(model: Model<S>, stepFairness: readonly number[], maxStates = Infinity): StateGraph<S> {
  const ids = new StateIds();
  const fp = { hi: 0, lo: 0 };
  const states: S[] = [];
  const edges: Edge[][] = [];
  const outside = new Set<number>();
  const units: FairnessUnit[] = [];
  const unitIds = new Map<string, number>();
  const stepIndex = new Map(model.stepNames.map((name, i) => [name, i]));
  const idOf = (state: S): number => {
    model.fingerprint(state, fp);
    const known = ids.get(fp.hi | 0, fp.lo | 0);
    if (known >= 0) return known;
    if (states.length >= maxStates) throw new GraphTooLarge(maxStates);
    ids.set(fp.hi | 0, fp.lo | 0, states.length);
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
