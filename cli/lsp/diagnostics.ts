/**
 * Spec errors as an editor's diagnostics for one document: each a range over
 * the offending characters (the word at an expression's column, else the
 * value or the key that names it). An error in another file (the base of a
 * variant) is shown on the document's `extends`, naming that file's line.
 */
import { errorLocation } from "../../generator/error-excerpt.js";
import type { SpecError } from "../../generator/errors.js";
import { lineColumn, locate, opensCompound, type Location } from "../../generator/locate.js";

export interface Position {
  /** 0-based, as the Language Server Protocol counts. */
  readonly line: number;
  readonly character: number;
}

export interface Diagnostic {
  readonly range: { readonly start: Position; readonly end: Position };
  readonly code: string;
  readonly message: string;
}

const position = (text: string, offset: number): Position => {
  const { line, column } = lineColumn(text, offset);
  return { line: line - 1, character: column - 1 };
};

function range(text: string, at: Location): Diagnostic["range"] {
  return { start: position(text, at.offset), end: position(text, opensCompound(text, at.offset) ? at.offset + 1 : at.end) };
}

/** Where an error that cannot be placed is shown (its message then names its pointer): the document's first character. */
const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

/** The diagnostics of `errors` for the document whose text is `text` (`isDocument` tells whether an error's file is it); `textOf` gives other files' text. */
export function diagnosticsOf(errors: readonly SpecError[], isDocument: (file: string) => boolean, text: string, textOf: (file: string) => string | undefined): Diagnostic[] {
  return errors.map((e) => {
    if (isDocument(e.file)) {
      const at = errorLocation(e, text);
      return at === null ? { range: START, code: e.code, message: `${e.pointer || "/"}: ${e.message}` } : { range: range(text, at), code: e.code, message: e.message };
    }
    const other = textOf(e.file);
    const there = other === undefined ? null : errorLocation(e, other);
    const extendsAt = locate(text, "/extends");
    const where = there === null ? `${e.file}:${e.pointer || "/"}` : `${e.file}:${there.line}:${there.column}`;
    return { range: extendsAt === null ? START : range(text, extendsAt), code: e.code, message: `${where}: ${e.message}` };
  });
}
