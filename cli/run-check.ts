/** One check of one model of one spec: search, and on a finding, the rebuilt trace. Shared by `check` and `publish`. */
import { search, searchInSlices, type CheckOptions, type Progress, type SearchResult } from "../checkers/bfs.js";
import { searchParallel, type ModelSource } from "../checkers/parallel.js";
import type { GlobalState, Model } from "../checkers/model.js";
import { rebuildTrace, type Trace } from "../checkers/trace.js";
import type { ProtocolIR } from "../generator/ir.js";
import { runLiveness, type LivenessOutcome } from "./check-liveness.js";

export interface CheckRequest {
  readonly ir: ProtocolIR;
  readonly model: Model;
  readonly modelName: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** Symmetry reduction on or off for this check (--symmetry, --no-symmetry); the model's own setting when absent. */
  readonly symmetry?: boolean;
  /** Check only these invariants and action properties (--invariant), whichever the model lists. */
  readonly only?: readonly string[];
  readonly deadlock?: boolean;
  readonly maxStates?: number;
  /** Bytes of resident memory at which the search stops with the figures so far (--max-memory). */
  readonly maxMemory?: number;
  readonly stop?: { requested: boolean };
  readonly onProgress?: (p: Progress) => void;
  readonly progressSeconds?: number;
  /** Sees every state the search expands (branch coverage); the search then runs on one thread. */
  readonly onExpand?: (state: GlobalState) => void;
  /** Worker threads for big levels (--workers), each loading the model from `source`; one thread when absent or 1. */
  readonly workers?: number;
  readonly source?: ModelSource;
}

export interface CheckOutcome {
  readonly request: CheckRequest;
  readonly symmetry: boolean;
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly result: SearchResult;
  readonly trace: Trace<GlobalState> | null;
  /** The liveness check, run once every invariant holds; null when the model selects no liveness property or safety failed. */
  readonly liveness: LivenessOutcome | null;
}

/** What the check will do (invariants, properties, symmetry, deadlock), known before it starts: for the header `check` prints first. */
export function optionsOf(request: CheckRequest): CheckOptions {
  const spec = request.ir.models.find((m) => m.name === request.modelName)!;
  const only = request.only;
  return {
    invariants: only === undefined ? spec.invariants : request.ir.invariants.map((i) => i.name).filter((n) => only.includes(n)),
    properties: only === undefined ? spec.properties : request.ir.properties.map((p) => p.name).filter((n) => only.includes(n)),
    symmetry: (request.symmetry ?? spec.symmetry) && request.model.symmetricRoles.length > 0,
    deadlock: spec.deadlock || (request.deadlock ?? false),
    maxStates: request.maxStates,
    maxMemory: request.maxMemory,
    stop: request.stop,
    onProgress: request.onProgress,
    progressSeconds: request.progressSeconds,
    onExpand: request.onExpand,
  };
}

function outcome(request: CheckRequest, options: CheckOptions, result: SearchResult): CheckOutcome {
  const trace = result.finding === null ? null : rebuildTrace(request.model, result.log, result.finding, options.symmetry);
  const liveness = result.verdict === "ok" ? runLiveness(request.ir, request.model, request.modelName, request.only, request.maxStates) : null;
  return { request, symmetry: options.symmetry, invariants: options.invariants, properties: options.properties, result, trace, liveness };
}

export function runCheck(request: CheckRequest): CheckOutcome {
  const options = optionsOf(request);
  return outcome(request, options, search(request.model, options));
}

/** The same check in slices, so that Ctrl-C (request.stop) can stop it, with worker threads when asked for. */
export async function runCheckInSlices(request: CheckRequest): Promise<CheckOutcome> {
  const options = optionsOf(request);
  const workers = request.workers ?? 1;
  if (workers > 1 && request.source !== undefined) return outcome(request, options, await searchParallel(request.model, request.source, options, { workers }));
  return outcome(request, options, await searchInSlices(request.model, options));
}
