/**
 * Checks one benchmark model and prints its figures as one JSON line. Run by
 * bench/run.mjs in a fresh process per model, from the tsc build in dist/, so
 * each peak memory figure is that model's own. It runs the committed generated
 * code, so `npm run gen:check` must pass first.
 */
import { fileURLToPath } from "node:url";
import { search } from "../checkers/bfs.js";
import type { Model } from "../checkers/model.js";
import { searchParallel } from "../checkers/parallel.js";

interface Entry {
  readonly protocol: string;
  readonly model: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly symmetry: boolean;
  /** Worker threads (check --workers); one thread when absent. */
  readonly workers?: number;
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
const url = new URL(`../generated/${entry.protocol}/model.js`, import.meta.url);
const module = (await import(url.href)) as GeneratedModel;
const model = module.createModel(entry.model, entry.parameters);
const spec = module.checkModels[entry.model];
const options = { invariants: spec.invariants, properties: spec.properties, symmetry: entry.symmetry, deadlock: spec.deadlock };
const workers = entry.workers ?? 1;
const source = { entry: fileURLToPath(url), modelName: entry.model, overrides: entry.parameters };
const result = workers > 1 ? await searchParallel(model, source, options, { workers }) : search(model, options);
process.stdout.write(
  JSON.stringify({
    protocol: entry.protocol,
    model: entry.model,
    parameters: entry.parameters,
    symmetry: entry.symmetry,
    workers,
    result: result.verdict,
    distinctStates: result.distinctStates,
    statesGenerated: result.statesGenerated,
    depth: result.depth,
    seconds: result.seconds,
    statesPerSecond: Math.round(result.distinctStates / result.seconds),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + "\n",
);
