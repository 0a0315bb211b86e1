/** spec file -> validated spec -> IR: the front half of the pipeline, as one call. */
import type { Result } from "./errors.js";
import type { ProtocolIR } from "./ir.js";
import { loadSpec, type LoadedSpec } from "./load.js";
import { lower } from "./lower.js";

export interface Compiled {
  readonly loaded: LoadedSpec;
  readonly ir: ProtocolIR;
}

export function compileSpec(file: string): Result<Compiled> {
  const loaded = loadSpec(file);
  if (!loaded.ok) return loaded;
  const ir = lower(loaded.value);
  if (!ir.ok) return ir;
  return { ok: true, value: { loaded: loaded.value, ir: ir.value } };
}
