/**
 * A spec error placed in its file's text, as compilers print theirs:
 * `file:line:column: message [CODE]` (the line editors and problem matchers
 * jump from), then the JSON pointer, the line of the file and a caret under
 * the offending characters. Pure: the caller supplies the text.
 */
import { ErrorCode, escapeBreaks, formatError, type SpecError } from "./errors.js";
import { syntaxErrorOffset } from "./json.js";
import { lineAt, lineColumn, locate, opensCompound, type Location } from "./locate.js";

/** Longer lines are cut to this many characters around the caret. */
const EXCERPT_WIDTH = 100;

/** Where the error is in `text`: the value at its pointer (the character at its column), or the first syntax error of text that is not JSON; null when the pointer leads nowhere. */
export function errorLocation(e: SpecError, text: string): Location | null {
  const syntaxError = e.code === ErrorCode.notJson ? syntaxErrorOffset(text) : null;
  if (syntaxError !== null) return { offset: syntaxError, end: syntaxError + 1, ...lineColumn(text, syntaxError) };
  const at = locate(text, e.pointer, e.column);
  // An entry of a map (an action, a field) and an unknown key are named by their key: the caret goes there rather than under the value.
  const namedByKey = e.code === ErrorCode.unknownKey || (at !== null && opensCompound(text, at.offset));
  if (at?.key !== undefined && namedByKey) return { ...at.key, ...lineColumn(text, at.key.offset) };
  return at;
}

/** The error with its place in `text` (the file it names); the one-line form of formatError when there is no text or no place. */
export function formatErrorIn(e: SpecError, text: string | undefined): string {
  const at = text === undefined ? null : errorLocation(e, text);
  if (text === undefined || at === null) return formatError(e);
  const column = e.column === undefined ? "" : `, column ${e.column} of the expression`;
  return [escapeBreaks(`${e.file}:${at.line}:${at.column}: ${e.message} [${e.code}]`), escapeBreaks(`  in ${e.pointer || "/"}${column}`), ...excerpt(text, at)].join("\n");
}

/** The line and the caret line under it, gutter first; a long line cut around the caret. */
function excerpt(text: string, at: Location): string[] {
  const line = lineAt(text, at.offset);
  const caretStart = at.column - 1;
  const caretLength = opensCompound(text, at.offset) ? 1 : Math.max(1, Math.min(at.end - at.offset, line.length - caretStart));
  const from = line.length <= EXCERPT_WIDTH ? 0 : Math.max(0, Math.min(caretStart - EXCERPT_WIDTH / 2, line.length - EXCERPT_WIDTH));
  const to = Math.min(line.length, from + EXCERPT_WIDTH);
  const shown = (from > 0 ? "..." : "") + line.slice(from, to) + (to < line.length ? "..." : "");
  const lead = (from > 0 ? "..." : "") + line.slice(from, caretStart);
  const caret = lead.replace(/[^\t]/g, " ") + "^" + "~".repeat(Math.max(0, Math.min(caretLength, to - caretStart) - 1));
  const gutter = String(at.line);
  return [` ${gutter} | ${shown}`, ` ${" ".repeat(gutter.length)} | ${caret}`];
}
