/**
 * A worker thread of parallel.ts: does the jobs it is sent, the slices of BFS
 * levels or a range of seeded walks, each on the model the job names, loaded
 * the first time and kept for the jobs after.
 */
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { GlobalState, GeneratedModule, Model } from "./model.js";
import type { PostedJob } from "./parallel.js";
import { simulate, type SimulateOptions } from "./simulate.js";
import { SliceExpander, type SliceJob } from "./slice.js";

export type WorkerJob = { readonly slice: SliceJob } | { readonly walks: SimulateOptions };

interface Loaded {
  readonly model: Model<GlobalState>;
  readonly expander: SliceExpander<GlobalState>;
}

const { stop, walked, index } = workerData as { stop: Int32Array; walked: Float64Array; index: number };
const stopRequest = { get requested() { return Atomics.load(stop, 0) !== 0; } };
// Walks done and steps taken, where the thread that started this one reads them for its progress line.
const onWalk = (runs: number, stepsTaken: number) => ((walked[2 * index] = runs), (walked[2 * index + 1] = stepsTaken));
const loaded = new Map<string, Loaded>();

async function load({ source, options }: PostedJob): Promise<Loaded> {
  const key = JSON.stringify([source, options]);
  let found = loaded.get(key);
  if (found === undefined) {
    const module = (await import(pathToFileURL(source.entry).href)) as GeneratedModule;
    const model = module.createModel(source.modelName, { ...source.overrides });
    found = { model, expander: new SliceExpander(model, options, stop) };
    loaded.set(key, found);
  }
  return found;
}

parentPort!.on("message", async (posted: PostedJob) => {
  const { model, expander } = await load(posted);
  const job = posted.job;
  parentPort!.postMessage("slice" in job ? expander.run(job.slice) : simulate(model, { ...job.walks, stop: stopRequest, onWalk }));
});
