/**
 * Was a variant's change ever exercised? Both generated models, the variant's
 * and its base's, enumerate the successors of each state the variant's search
 * reaches; a step whose successors (labels and next states) differ in some
 * state is exercised there. A variant whose every step matches its base in
 * every reached state behaves, within the model, exactly as the base: its
 * verdict says nothing about its change.
 */
import type { GlobalState, Model, StepLabel, Transition } from "./model.js";
import { raisedKind } from "./raised.js";

/** The coverage name of a step (as in Model.stepNames). */
export function stepNameOf(label: StepLabel): string {
  switch (label.kind) {
    case "action":
      return label.action;
    case "restart":
      return `restart ${label.role}`;
    default:
      return label.kind;
  }
}

/** Each step's successors of one state as one text; a model that fails on the state yields only its error. */
function byStep(model: Model, state: GlobalState): Map<string, string> {
  let transitions: readonly Transition<GlobalState>[];
  try {
    transitions = model.transitions(state);
  } catch (e) {
    return new Map([[`(${raisedKind(e)})`, (e as Error).message]]);
  }
  const out = new Map<string, string[]>();
  for (const t of transitions) {
    const name = stepNameOf(t.label);
    const list = out.get(name) ?? [];
    list.push(JSON.stringify([t.label, t.next]));
    out.set(name, list);
  }
  return new Map([...out].map(([name, list]) => [name, list.sort().join("\n")]));
}

export class SuccessorComparison {
  /** For each step whose successors differ somewhere: in how many reached states. */
  readonly differing = new Map<string, number>();
  statesCompared = 0;

  constructor(
    private readonly variant: Model,
    private readonly base: Model,
  ) {}

  /** Compares the two models' successors of one reached state. */
  compare(state: GlobalState): void {
    this.statesCompared++;
    const mine = byStep(this.variant, state);
    const theirs = byStep(this.base, state);
    for (const name of new Set([...mine.keys(), ...theirs.keys()])) {
      if (mine.get(name) !== theirs.get(name)) this.differing.set(name, (this.differing.get(name) ?? 0) + 1);
    }
  }
}
