/**
 * Random walks for clusters too big to exhaust: each run starts from an initial
 * state and takes random steps, checking the invariants and properties at every
 * step. Run r of seed S uses seed S + r, so `--seed S+r --runs 1` replays it.
 */
import type { GlobalState, Model } from "./model.js";
import type { Trace, TraceStep } from "./trace.js";
import { WordBuffer } from "../runtime/words.js";

export interface SimulateOptions {
  readonly runs: number;
  readonly steps: number;
  readonly seed: number;
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly deadlock: boolean;
}

export type SimulationVerdict = "ok" | "violation" | "deadlock" | "overflow" | "error";

export interface SimulationResult {
  readonly verdict: SimulationVerdict;
  readonly name: string | null;
  readonly message: string | null;
  /** The seed that replays the failing run on its own. */
  readonly runSeed: number | null;
  readonly trace: Trace<GlobalState> | null;
  readonly runs: number;
  readonly stepsTaken: number;
  readonly seconds: number;
}

/** mulberry32: a small, well-mixed 32-bit generator; the same seed gives the same walk everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function simulate<S extends GlobalState>(model: Model<S>, options: SimulateOptions): SimulationResult {
  const started = performance.now();
  const invariants = options.invariants.map((n) => model.invariantNames.indexOf(n));
  const properties = options.properties.map((n) => model.propertyNames.indexOf(n));
  const buffer = new WordBuffer();
  let stepsTaken = 0;
  const done = (run: number, verdict: SimulationVerdict, name: string | null, message: string | null, trace: Trace<S> | null): SimulationResult => ({
    verdict,
    name,
    message,
    runSeed: verdict === "ok" ? null : options.seed + run,
    trace: trace as Trace<GlobalState> | null,
    runs: verdict === "ok" ? run : run + 1,
    stepsTaken,
    seconds: (performance.now() - started) / 1000,
  });
  for (let run = 0; run < options.runs; run++) {
    const next = random(options.seed + run);
    const initial = model.initialStates();
    let state = initial[Math.floor(next() * initial.length)];
    const steps: TraceStep<S>[] = [{ label: null, state }];
    const broken = invariants.find((i) => !model.invariant(i, state));
    if (broken !== undefined) return done(run, "violation", model.invariantNames[broken], null, { steps });
    for (let k = 0; k < options.steps; k++) {
      let choices;
      try {
        choices = model.transitions(state);
      } catch (e) {
        return done(run, "error", null, e instanceof Error ? e.message : String(e), { steps, failure: { label: null, message: String(e instanceof Error ? e.message : e) } });
      }
      if (choices.length === 0) {
        if (options.deadlock) return done(run, "deadlock", null, null, { steps });
        break;
      }
      const step = choices[Math.floor(next() * choices.length)];
      stepsTaken++;
      buffer.reset();
      try {
        model.encode(step.next, buffer);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return done(run, "overflow", null, message, { steps, failure: { label: step.label, message } });
      }
      steps.push({ label: step.label, state: step.next });
      const badProperty = properties.find((p) => !model.property(p, state, step.next));
      if (badProperty !== undefined) return done(run, "violation", model.propertyNames[badProperty], null, { steps });
      state = step.next;
      const badInvariant = invariants.find((i) => !model.invariant(i, state));
      if (badInvariant !== undefined) return done(run, "violation", model.invariantNames[badInvariant], null, { steps });
      // As in check: a state outside the model's constraint is checked, not explored further.
      if (!model.withinConstraint(state)) break;
    }
  }
  return done(options.runs, "ok", null, null, null);
}
