/**
 * Random walks for clusters too big to exhaust: each run starts from an initial
 * state and takes random steps, checking the invariants and properties at every
 * step. Run r of seed S uses seed S + r, so `--seed S+r --runs 1` replays it.
 * A walk steps only to successors inside the model's constraint while there
 * are any (one outside is checked, and ends the walk), so a tight constraint
 * does not end every walk at its first step out. A swarm is many walks under a
 * fixed budget of steps that keeps the shortest violation it finds.
 */
import type { GlobalState, Model, Transition } from "./model.js";
import { raisedKind } from "./raised.js";
import type { Trace, TraceStep } from "./trace.js";
import { WordBuffer } from "../runtime/words.js";

export interface WalkChecks {
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly deadlock: boolean;
}

export interface SimulateOptions extends WalkChecks {
  readonly runs: number;
  readonly steps: number;
  readonly seed: number;
  /** Read before each walk: a stop request (Ctrl-C) ends the simulation with the walks done so far. */
  readonly stop?: { readonly requested: boolean };
  /** Told after each walk how many are done and the steps they took, for a progress line. */
  readonly onWalk?: (runs: number, stepsTaken: number) => void;
}

export type SimulationVerdict = "ok" | "violation" | "deadlock" | "overflow" | "error" | "stopped";

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

/** How one walk ended: ok, or what it found with the trace to it. */
interface WalkEnd<S> {
  readonly verdict: SimulationVerdict;
  readonly name: string | null;
  readonly message: string | null;
  readonly trace: Trace<S> | null;
  readonly steps: number;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Successors inside the constraint when there are any, else all of them (and the walk ends after one). */
function candidates<S extends GlobalState>(model: Model<S>, all: readonly Transition<S>[]): { readonly choices: readonly Transition<S>[]; readonly last: boolean } {
  const inside = all.filter((t) => model.withinConstraint(t.next));
  return inside.length > 0 ? { choices: inside, last: false } : { choices: all, last: true };
}

/** One seeded walk of at most `maxSteps` steps. */
function walk<S extends GlobalState>(model: Model<S>, checks: { invariants: number[]; properties: number[]; deadlock: boolean }, seed: number, maxSteps: number, buffer: WordBuffer): WalkEnd<S> {
  const next = random(seed);
  const initial = model.initialStates();
  let state = initial[Math.floor(next() * initial.length)];
  const steps: TraceStep<S>[] = [{ label: null, state }];
  const end = (verdict: SimulationVerdict, name: string | null, message: string | null, trace: Trace<S> | null): WalkEnd<S> => ({ verdict, name, message, trace, steps: steps.length - 1 });
  const broken = checks.invariants.find((i) => !model.invariant(i, state));
  if (broken !== undefined) return end("violation", model.invariantNames[broken], null, { steps });
  // As in check: a state outside the constraint is checked, not explored.
  if (!model.withinConstraint(state)) return end("ok", null, null, null);
  for (let k = 0; k < maxSteps; k++) {
    let all: readonly Transition<S>[];
    try {
      all = model.transitions(state);
    } catch (e) {
      return end(raisedKind(e), null, errorText(e), { steps, failure: { label: null, message: errorText(e) } });
    }
    if (all.length === 0) return checks.deadlock ? end("deadlock", null, null, { steps }) : end("ok", null, null, null);
    const { choices, last } = candidates(model, all);
    const step = choices[Math.floor(next() * choices.length)];
    buffer.reset();
    try {
      model.encode(step.next, buffer);
    } catch (e) {
      return end(raisedKind(e), null, errorText(e), { steps, failure: { label: step.label, message: errorText(e) } });
    }
    steps.push({ label: step.label, state: step.next });
    const badProperty = checks.properties.find((p) => !model.property(p, state, step.next));
    if (badProperty !== undefined) return end("violation", model.propertyNames[badProperty], null, { steps });
    state = step.next;
    const badInvariant = checks.invariants.find((i) => !model.invariant(i, state));
    if (badInvariant !== undefined) return end("violation", model.invariantNames[badInvariant], null, { steps });
    if (last) break;
  }
  return end("ok", null, null, null);
}

function indexed<S extends GlobalState>(model: Model<S>, checks: WalkChecks) {
  return { invariants: checks.invariants.map((n) => model.invariantNames.indexOf(n)), properties: checks.properties.map((n) => model.propertyNames.indexOf(n)), deadlock: checks.deadlock };
}

/** `runs` walks from seed S on; the first that finds a problem ends the simulation. */
export function simulate<S extends GlobalState>(model: Model<S>, options: SimulateOptions): SimulationResult {
  const started = performance.now();
  const checks = indexed(model, options);
  const buffer = new WordBuffer();
  let stepsTaken = 0;
  for (let run = 0; run < options.runs; run++) {
    if (options.stop?.requested) return { verdict: "stopped", name: null, message: null, runSeed: null, trace: null, runs: run, stepsTaken, seconds: (performance.now() - started) / 1000 };
    const end = walk(model, checks, options.seed + run, options.steps, buffer);
    stepsTaken += end.steps;
    options.onWalk?.(run + 1, stepsTaken);
    if (end.verdict !== "ok") {
      return { verdict: end.verdict, name: end.name, message: end.message, runSeed: options.seed + run, trace: end.trace as Trace<GlobalState>, runs: run + 1, stepsTaken, seconds: (performance.now() - started) / 1000 };
    }
  }
  return { verdict: "ok", name: null, message: null, runSeed: null, trace: null, runs: options.runs, stepsTaken, seconds: (performance.now() - started) / 1000 };
}

export interface SwarmOptions extends WalkChecks {
  /** Steps in all: walks go on until they have taken this many. */
  readonly budget: number;
  /** The longest walk. */
  readonly steps: number;
  readonly seed: number;
}

/** The swarm's result: like a simulation's, where the trace is the shortest found over the whole budget. */
export interface SwarmResult extends SimulationResult {
  /** How many walks found a problem. */
  readonly failingRuns: number;
}

/**
 * Walks from seed S on until `budget` steps are taken, keeping the shortest
 * trace to a problem (the lowest seed among equals): deterministic, and
 * shorter traces than the first walk to stumble on the problem would give.
 */
export function swarm<S extends GlobalState>(model: Model<S>, options: SwarmOptions): SwarmResult {
  const started = performance.now();
  const checks = indexed(model, options);
  const buffer = new WordBuffer();
  let best: { end: WalkEnd<S>; seed: number } | null = null;
  let stepsTaken = 0;
  let runs = 0;
  let failingRuns = 0;
  while (stepsTaken < options.budget) {
    const seed = options.seed + runs++;
    const end = walk(model, checks, seed, Math.min(options.steps, options.budget - stepsTaken), buffer);
    stepsTaken += Math.max(end.steps, 1);
    if (end.verdict === "ok") continue;
    failingRuns++;
    if (best === null || end.steps < best.end.steps) best = { end, seed };
  }
  const seconds = (performance.now() - started) / 1000;
  if (best === null) return { verdict: "ok", name: null, message: null, runSeed: null, trace: null, runs, stepsTaken, seconds, failingRuns };
  const { end, seed } = best;
  return { verdict: end.verdict, name: end.name, message: end.message, runSeed: seed, trace: end.trace as Trace<GlobalState>, runs, stepsTaken, seconds, failingRuns };
}
