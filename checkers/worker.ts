/**
 * A worker thread of parallel.ts: loads the model once, then does the jobs it
 * is sent, the slices of BFS levels or a range of seeded walks.
 */
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { ExpandOptions } from "./expand.js";
import type { GeneratedModule } from "./model.js";
import type { ModelSource } from "./parallel.js";
import { simulate, type SimulateOptions } from "./simulate.js";
import { SliceExpander, type SliceJob } from "./slice.js";

export type WorkerJob = { readonly slice: SliceJob } | { readonly walks: SimulateOptions };

const { source, options, stop, walked, index } = workerData as { source: ModelSource; options: ExpandOptions; stop: Int32Array; walked: Float64Array; index: number };
const module = (await import(pathToFileURL(source.entry).href)) as GeneratedModule;
const model = module.createModel(source.modelName, { ...source.overrides });
const expander = new SliceExpander(model, options, stop);
const stopRequest = { get requested() { return Atomics.load(stop, 0) !== 0; } };
// Walks done and steps taken, where the thread that started this one reads them for its progress line.
const onWalk = (runs: number, stepsTaken: number) => ((walked[2 * index] = runs), (walked[2 * index + 1] = stepsTaken));
parentPort!.on("message", (job: WorkerJob) => parentPort!.postMessage("slice" in job ? expander.run(job.slice) : simulate(model, { ...job.walks, stop: stopRequest, onWalk })));
