/** One check of one model of one spec: search, and on a finding, the rebuilt trace. Shared by `check` and `publish`. */
import { search, type Progress, type SearchResult } from "../checkers/bfs.js";
import type { GlobalState, Model } from "../checkers/model.js";
import { rebuildTrace, type Trace } from "../checkers/trace.js";
import type { ProtocolIR } from "../generator/ir.js";

export interface CheckRequest {
  readonly ir: ProtocolIR;
  readonly model: Model;
  readonly modelName: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly noSymmetry?: boolean;
  readonly deadlock?: boolean;
  readonly maxStates?: number;
  readonly stop?: { requested: boolean };
  readonly onProgress?: (p: Progress) => void;
}

export interface CheckOutcome {
  readonly request: CheckRequest;
  readonly symmetry: boolean;
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly result: SearchResult;
  readonly trace: Trace<GlobalState> | null;
}

export function runCheck(request: CheckRequest): CheckOutcome {
  const spec = request.ir.models.find((m) => m.name === request.modelName)!;
  const symmetry = spec.symmetry && !request.noSymmetry && request.model.symmetricRoles.length > 0;
  const options = {
    invariants: spec.invariants,
    properties: spec.properties,
    symmetry,
    deadlock: spec.deadlock || (request.deadlock ?? false),
    maxStates: request.maxStates,
    stop: request.stop,
    onProgress: request.onProgress,
  };
  const result = search(request.model, options);
  const trace = result.finding === null ? null : rebuildTrace(request.model, result.log, result.finding, symmetry);
  return { request, symmetry, invariants: spec.invariants, properties: spec.properties, result, trace };
}
