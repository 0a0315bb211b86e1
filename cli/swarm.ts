/**
 * The swarm past the exhaustive bound: seeded random walks on a bigger model
 * (the spec's `deep` one) for a fixed budget of steps, the same seeds every
 * time, so that a bug that needs a bigger cluster or longer runs than the
 * exhaustive models still has a chance to be caught. `publish` runs it on
 * every spec that must hold; `check --swarm` on demand.
 */
import { swarm, type SwarmResult } from "../checkers/simulate.js";
import { traceText } from "../checkers/trace-format.js";
import type { ProtocolIR } from "../generator/ir.js";
import { walkWitness, type Witness } from "./check-witness.js";
import { importModel, type ModelFiles } from "./load-model.js";
import { count, roundedSeconds } from "./report.js";
import { problemText } from "./simulate.js";

export const SWARM = { budget: 20_000, steps: 100, seed: 1 } as const;

export interface SwarmOutcome {
  readonly spec: string;
  readonly file: string;
  readonly modelName: string;
  readonly budget: number;
  readonly result: SwarmResult;
  readonly trace: readonly string[];
  /** Why the violated invariant is false at the end of the shortest failing walk. */
  readonly witness: Witness | null;
}

/** The model a swarm walks by default: `deep` when the spec has one. */
export const swarmModelOf = (ir: ProtocolIR): string | null => (ir.models.some((m) => m.name === "deep") ? "deep" : null);

/** Runs the swarm on one model of the spec whose generated files are `files`. */
export async function runSwarm(ir: ProtocolIR, files: ModelFiles, modelName: string, budget: number = SWARM.budget): Promise<SwarmOutcome> {
  const spec = ir.models.find((m) => m.name === modelName);
  const { model, parameters } = await importModel(files, ir, modelName, {});
  const result = swarm(model, { budget, steps: SWARM.steps, seed: SWARM.seed, invariants: spec!.invariants, properties: spec!.properties, deadlock: spec!.deadlock });
  const trace = result.trace === null ? [] : traceText(result.trace, model.messageRoles);
  return { spec: ir.name, file: ir.file, modelName, budget, result, trace, witness: walkWitness(ir, parameters, model.messageRoles, result) };
}

export function swarmLines(s: SwarmOutcome): string[] {
  const r = s.result;
  const walked = `${count(r.runs, "walk")} (${count(r.stepsTaken, "step")}, seeds ${SWARM.seed}..${SWARM.seed + r.runs - 1})`;
  if (r.verdict === "ok") return [`swarm on model ${s.modelName}: no violation in ${walked}, ${r.seconds.toFixed(2)} s`];
  const steps = r.trace === null ? 0 : r.trace.steps.length - 1;
  return [
    `swarm on model ${s.modelName}: ${problemText(r)}, found by ${r.failingRuns.toLocaleString("en")} of ${walked}; the shortest, ${count(steps, "step")}, replays with: npx protoforge simulate ${s.file} --model ${s.modelName} --seed ${r.runSeed} --runs 1 --steps ${SWARM.steps}`,
    ...(s.witness === null ? [] : [s.witness.text]),
    ...s.trace.map((l) => `  ${l}`),
  ];
}

export function swarmJson(s: SwarmOutcome): object {
  const r = s.result;
  return { model: s.modelName, budget: s.budget, seed: SWARM.seed, result: r.verdict, invariant: r.name, message: r.message, witness: s.witness, runSeed: r.runSeed, walks: r.runs, failingWalks: r.failingRuns, stepsTaken: r.stepsTaken, seconds: roundedSeconds(r.seconds), trace: s.trace };
}
