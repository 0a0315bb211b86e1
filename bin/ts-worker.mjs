// A worker thread's entry when protoforge runs from its TypeScript sources
// (tsx, vitest): tsx's loader is registered on the main thread only, so the
// worker imports its module through tsx itself.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.script, import.meta.url);
