/**
 * Checks one benchmark model and prints its figures as one JSON line. Run by
 * bench/run.mjs in a fresh process per model, from the tsc build in dist/, so
 * each peak memory figure is that model's own. It runs the committed generated
 * code, so `npm run gen:check` must pass first.
 */
import { search } from "../checkers/bfs.js";
import type { Model } from "../checkers/model.js";

interface Entry {
  readonly protocol: string;
  readonly model: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly symmetry: boolean;
}

interface CheckModel {
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly deadlock: boolean;
}

interface GeneratedModel {
  readonly checkModels: Readonly<Record<string, CheckModel>>;
  createModel(name: string, overrides: object): Model;
}

const entry = JSON.parse(process.argv[2]) as Entry;
const module = (await import(new URL(`../generated/${entry.protocol}/model.js`, import.meta.url).href)) as GeneratedModel;
const model = module.createModel(entry.model, entry.parameters);
const spec = module.checkModels[entry.model];
const result = search(model, { invariants: spec.invariants, properties: spec.properties, symmetry: entry.symmetry, deadlock: spec.deadlock });
process.stdout.write(
  JSON.stringify({
    protocol: entry.protocol,
    model: entry.model,
    parameters: entry.parameters,
    symmetry: entry.symmetry,
    result: result.verdict,
    distinctStates: result.distinctStates,
    statesGenerated: result.statesGenerated,
    depth: result.depth,
    seconds: result.seconds,
    statesPerSecond: Math.round(result.distinctStates / result.seconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + "\n",
);
