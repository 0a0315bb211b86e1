/**
 * Rebuilds the shortest trace to a finding by replaying the parent links from
 * the initial state. The log says which successor of its parent each state is,
 * so the search's own states (representatives, under symmetry) replay exactly;
 * the trace shown follows concrete states instead (at each step, the first
 * successor whose representative is the search's state), so node ids stay the
 * same from the first step to the last.
 */
import type { Finding } from "./bfs.js";
import type { GlobalState, Model, StepLabel } from "./model.js";
import type { StateLog } from "./state-log.js";

type Fingerprint = { hi: number; lo: number };

export interface TraceStep<S> {
  /** How the state was reached; null for the initial state. */
  readonly label: StepLabel | null;
  readonly state: S;
}

export interface Trace<S> {
  readonly steps: readonly TraceStep<S>[];
  /** For a bad step (an overflow, or an error while computing successors): what went wrong after the last state. */
  readonly failure?: { readonly label: StepLabel | null; readonly message: string };
  /** For a lasso (a liveness counterexample): the step index where the loop starts, and the step from the last state back to it (null: the run stays in its last state forever, no fair step being enabled there). */
  readonly loop?: { readonly start: number; readonly back: StepLabel | null };
}

export function rebuildTrace<S extends GlobalState>(model: Model<S>, log: StateLog, finding: Finding, symmetry: boolean): Trace<S> {
  const fp: Fingerprint = { hi: 0, lo: 0 };
  /** The fingerprint the search gave the state, or null when a value in it left its type. */
  const fingerprintOf = (state: S): Fingerprint | null => {
    try {
      model.fingerprint(symmetry ? model.canonicalize(state) : state, fp);
    } catch {
      return null;
    }
    return { hi: fp.hi, lo: fp.lo };
  };
  const representative = (state: S): S => (symmetry ? model.canonicalize(state) : state);
  if (finding.state < 0) return { steps: [], failure: { label: null, message: "message" in finding ? finding.message : finding.kind } };
  const path = log.pathTo(finding.state);
  let current = model.initialStates()[log.ordinal(path[0])];
  let searched = representative(current);
  const steps: TraceStep<S>[] = [{ label: null, state: current }];
  for (const id of path.slice(1)) {
    searched = representative(model.transitions(searched)[log.ordinal(id)].next);
    const step = stepTo(model, current, fingerprintOf(searched)!, fingerprintOf);
    steps.push({ label: step.label, state: step.next });
    current = step.next;
  }
  return { steps, ...lastStep(model, finding, current, searched, steps, fingerprintOf) };
}

/** The first successor of `current` with the fingerprint `target`. */
function stepTo<S extends GlobalState>(model: Model<S>, current: S, target: Fingerprint, fingerprintOf: (s: S) => Fingerprint | null, also: (next: S) => boolean = () => true) {
  const step = model.transitions(current).find((t) => {
    const f = fingerprintOf(t.next);
    return f !== null && f.hi === target.hi && f.lo === target.lo && also(t.next);
  });
  if (step === undefined) throw new Error("cannot replay the trace: the model's successors are not deterministic");
  return step;
}

function lastStep<S extends GlobalState>(
  model: Model<S>,
  finding: Finding,
  current: S,
  searched: S,
  steps: TraceStep<S>[],
  fingerprintOf: (s: S) => Fingerprint | null,
): Pick<Trace<S>, "failure"> {
  switch (finding.kind) {
    case "property": {
      const index = model.propertyNames.indexOf(finding.name);
      const bad = fingerprintOf(model.transitions(searched)[finding.ordinal].next)!;
      const step = stepTo(model, current, bad, fingerprintOf, (next) => !model.property(index, current, next));
      steps.push({ label: step.label, state: step.next });
      return {};
    }
    case "overflow": {
      const step = model.transitions(current).find((t) => fingerprintOf(t.next) === null);
      return { failure: { label: step?.label ?? null, message: finding.message } };
    }
    case "error":
      return { failure: { label: null, message: finding.message } };
    default:
      return {};
  }
}
