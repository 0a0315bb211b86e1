/**
 * Emit: IR -> the generated files of one protocol, as text. ts-morph formats
 * every TypeScript file, so the output is stable whatever the emitters' spacing.
 */
import { Project } from "ts-morph";
import type { ProtocolIR } from "../ir.js";
import { emitProtocolSource } from "./source.js";

let project: Project | undefined;

function format(name: string, text: string): string {
  project ??= new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const file = project.createSourceFile(name, text, { overwrite: true });
  file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  const formatted = file.getFullText();
  project.removeSourceFile(file);
  return formatted;
}

/** File name -> content, for generated/<protocol>/: the source, every TypeScript file formatted. */
export function emitProtocol(ir: ProtocolIR): Map<string, string> {
  const files = emitProtocolSource(ir);
  for (const [name, text] of files) if (name.endsWith(".ts")) files.set(name, format(name, text));
  return files;
}
