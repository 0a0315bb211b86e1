/** `protoforge validate`: specs -> IR, every error of every spec; it loads no emitter and no checker. */
import { errorLocation } from "../generator/error-excerpt.js";
import { ErrorCode, type SpecError } from "../generator/errors.js";
import { compileSpec, type Compiled } from "../generator/compile.js";
import { discoverSpecs } from "../generator/discover.js";
import { EXIT, fileText, printErrors, say, UsageError } from "./report.js";

/** The specs a command runs on: those named, else every spec of the project (none found is a usage error, not an empty success). */
export function specsToRun(files: readonly string[]): readonly string[] {
  if (files.length > 0) return files;
  const found = discoverSpecs();
  if (found.length === 0) throw new UsageError(`no spec named, and no specs/ folder with specs in ${process.cwd()} or above it: name the spec files, or run from inside a project`);
  return found;
}

/** Compiles every spec; the errors of all of them, or all of them compiled. */
/** Compiles the specs, all of them unless `stop` is requested part way (then what was compiled so far). */
export function compileAll(files: readonly string[], stop?: { readonly requested: boolean }): { compiled: Compiled[]; errors: SpecError[] } {
  const compiled: Compiled[] = [];
  const errors: SpecError[] = [];
  for (const file of files) {
    if (stop?.requested) break;
    const result = compileSpec(file);
    if (result.ok) compiled.push(result.value);
    else errors.push(...result.errors);
  }
  const seen = new Map<string, string>();
  for (const c of compiled) {
    const other = seen.get(c.ir.name);
    if (other !== undefined) errors.push({ file: c.ir.file, pointer: "/name", code: ErrorCode.duplicateName, message: `name '${c.ir.name}' is also the name of ${other}` });
    seen.set(c.ir.name, c.ir.file);
  }
  return { compiled, errors };
}

export function validateCommand(files: readonly string[], options: { json?: boolean } = {}): number {
  const { compiled, errors } = compileAll(specsToRun(files));
  if (options.json) {
    say(JSON.stringify({ valid: compiled.filter((c) => !errors.some((e) => e.file === c.ir.file)).map((c) => c.ir.file), errors: errors.map(errorJson) }));
    return errors.length > 0 ? EXIT.specError : EXIT.ok;
  }
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  for (const { ir } of compiled) {
    say(`ok ${ir.file}: ${ir.roles.length} roles, ${ir.messages.length} messages, ${ir.actions.length} actions, ${ir.invariants.length} invariants, ${ir.models.length} models`);
  }
  return EXIT.ok;
}

/** An error for programs: where it is in its file (line and column null when it cannot be placed), its pointer and the column inside the expression. */
function errorJson(e: SpecError): object {
  const text = fileText(e.file);
  const at = text === undefined ? null : errorLocation(e, text);
  return { file: e.file, line: at?.line ?? null, column: at?.column ?? null, pointer: e.pointer || "/", expressionColumn: e.column ?? null, code: e.code, message: e.message };
}
