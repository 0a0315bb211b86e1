/** spec file -> validated spec -> IR (whose names make distinct TypeScript names, whose runtime reads no check bound, and whose initial states fit their types): the front half of the pipeline, as one call. */
import { ErrorCode, fail, type Result } from "./errors.js";
import { checkBoundErrors } from "./ir-checks/check-bounds.js";
import { generatedNameErrors } from "./ir-checks/generated-names.js";
import { initialValueErrors } from "./ir-checks/initial-values.js";
import type { ProtocolIR } from "./ir.js";
import { loadSpec, type LoadedSpec, type ReadText } from "./load.js";
import { lower } from "./lower.js";
import { behaviourOf } from "./variant-diff.js";

export interface Compiled {
  readonly loaded: LoadedSpec;
  readonly ir: ProtocolIR;
  /** A variant's base spec, compiled on its own; null for a base spec (or a base that does not compile alone). */
  readonly baseIr: ProtocolIR | null;
}

function compileAlone(file: string, read?: ReadText): Result<{ loaded: LoadedSpec; ir: ProtocolIR }> {
  const loaded = loadSpec(file, read);
  if (!loaded.ok) return loaded;
  const ir = lower(loaded.value);
  if (!ir.ok) return ir;
  const checked = [...generatedNameErrors(ir.value, loaded.value.originOf), ...checkBoundErrors(ir.value, loaded.value.originOf), ...initialValueErrors(ir.value, loaded.value.originOf)];
  if (checked.length > 0) return fail(...checked);
  return { ok: true, value: { loaded: loaded.value, ir: ir.value } };
}

/** `read` gives the text of the spec and of the specs it extends (the disk's by default). */
export function compileSpec(file: string, read?: ReadText): Result<Compiled> {
  const compiled = compileAlone(file, read);
  if (!compiled.ok) return compiled;
  const { loaded, ir } = compiled.value;
  const base = loaded.base === null ? null : compileAlone(loaded.base, read);
  const baseIr = base !== null && base.ok ? base.value.ir : null;
  if (baseIr !== null && behaviourOf(baseIr) === behaviourOf(ir)) {
    return fail({ file: loaded.file, pointer: "/extends", code: ErrorCode.variantChangesNothing, message: `the variant changes nothing that ${loaded.base} runs or checks (only names, prose or its expectation): override an action, a definition, an invariant, a fault or a model` });
  }
  return { ok: true, value: { loaded, ir, baseIr } };
}
