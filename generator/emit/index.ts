/**
 * Emit: IR -> the generated files of one protocol, as text. ts-morph formats
 * every TypeScript file, so the output is stable whatever the emitters' spacing.
 */
import { Project } from "ts-morph";
import type { ProtocolIR } from "../ir.js";
import { emitMachineFile } from "./machine-file.js";
import { emitModelFile } from "./model-file.js";
import { emitTypesFile } from "./types-file.js";
import { emitMessageSchemas, emitSchemasDeclaration, emitValidatorsFile } from "./validators-file.js";

let project: Project | undefined;

function format(name: string, text: string): string {
  project ??= new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const file = project.createSourceFile(name, text, { overwrite: true });
  file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  const formatted = file.getFullText();
  project.removeSourceFile(file);
  return formatted;
}

/** File name -> content, for generated/<protocol>/. */
export function emitProtocol(ir: ProtocolIR): Map<string, string> {
  return new Map([
    ["types.ts", format("types.ts", emitTypesFile(ir))],
    ["machine.ts", format("machine.ts", emitMachineFile(ir))],
    ["model.ts", format("model.ts", emitModelFile(ir))],
    ["validators.ts", format("validators.ts", emitValidatorsFile(ir))],
    ["message-schemas.js", emitMessageSchemas(ir)],
    ["message-schemas.d.ts", format("message-schemas.d.ts", emitSchemasDeclaration(ir))],
  ]);
}
