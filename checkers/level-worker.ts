/** A worker thread of parallel.ts: loads the model once, then expands the slices of levels it is sent. */
import { pathToFileURL } from "node:url";
import { parentPort, workerData } from "node:worker_threads";
import type { ExpandOptions } from "./expand.js";
import type { Model } from "./model.js";
import type { ModelSource } from "./parallel.js";
import { SliceExpander, type SliceJob } from "./slice.js";

interface GeneratedModule {
  createModel(name: string, overrides: Record<string, number>): Model;
}

const { source, options, stop } = workerData as { source: ModelSource; options: ExpandOptions; stop: Int32Array };
const module = (await import(pathToFileURL(source.entry).href)) as GeneratedModule;
const expander = new SliceExpander(module.createModel(source.modelName, { ...source.overrides }), options, stop);
parentPort!.on("message", (job: SliceJob) => parentPort!.postMessage(expander.run(job)));
