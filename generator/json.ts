/**
 * JSON text to value, with what JSON.parse hides: the line and column of a
 * syntax error (V8's message may have neither, and may quote the source over
 * several lines), and keys given twice in one object (JSON.parse keeps the last
 * silently, which would drop a duplicate action or invariant on the floor).
 * Values nested deeper than any spec needs are refused here, before anything
 * that walks them recursively (the schema validator, lowering) runs out of stack.
 */
import { ErrorCode, pointer, type ErrorCodeValue } from "./errors.js";
import { lineColumn } from "./locate.js";

/** Deeper than any spec's structure and types together, and far from what exhausts the stack. */
export const MAX_JSON_DEPTH = 64;

export type JsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly pointer: string; readonly message: string; readonly code: ErrorCodeValue };

type Problem =
  | { readonly kind: "syntax"; readonly offset: number; readonly expected: string }
  | { readonly kind: "duplicate"; readonly pointer: string; readonly key: string }
  | { readonly kind: "deep"; readonly pointer: string };

export function parseJson(text: string): JsonResult {
  const problem = scan(text);
  if (problem?.kind === "syntax") {
    const { line, column } = lineColumn(text, problem.offset);
    return { ok: false, pointer: "", message: `not valid JSON: ${problem.expected} at line ${line}, column ${column}`, code: ErrorCode.notJson };
  }
  if (problem?.kind === "duplicate") return { ok: false, pointer: problem.pointer, message: `'${problem.key}' is given twice in the same object`, code: ErrorCode.duplicateName };
  if (problem?.kind === "deep") return { ok: false, pointer: problem.pointer, message: `nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`, code: ErrorCode.schema };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, pointer: "", message: `not valid JSON: ${(e as Error).message.split("\n")[0]}`, code: ErrorCode.notJson };
  }
}

/** Where the first syntax error of the text is (an offset), or null when its syntax is valid. */
export function syntaxErrorOffset(text: string): number | null {
  const problem = scan(text);
  return problem?.kind === "syntax" ? problem.offset : null;
}

class Stop {
  constructor(readonly problem: Problem) {}
}

/** One pass over the text: the first syntax error, else the first key repeated in an object or value nested too deep, else null. */
function scan(text: string): Problem | null {
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (expected: string): never => {
    const found = i >= text.length ? "the end of the file" : JSON.stringify(text[i]);
    throw new Stop({ kind: "syntax", offset: i, expected: `${expected}, found ${found}` });
  };
  const string = (): string => {
    if (text[i] !== '"') fail("expected a string");
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\n") fail("expected the end of the string");
      i += text[i] === "\\" ? 2 : 1;
    }
    if (i >= text.length) fail("expected the end of the string");
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      i = start;
      return fail("expected a string with valid escapes");
    }
  };
  const items = (close: string, item: (index: number) => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      space();
      item(index);
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      if (text[i] !== ",") fail(`expected ',' or '${close}'`);
      i++;
      space();
      if (text[i] === close) fail(close === "}" ? "expected another key after ','" : "expected another value after ','");
    }
  };
  const value = (path: readonly (string | number)[]): void => {
    if (path.length > MAX_JSON_DEPTH) throw new Stop({ kind: "deep", pointer: pointer(...path) });
    space();
    if (text[i] === "{") {
      const seen = new Set<string>();
      return items("}", () => {
        const key = string();
        if (seen.has(key)) throw new Stop({ kind: "duplicate", pointer: pointer(...path, key), key });
        seen.add(key);
        space();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        value([...path, key]);
      });
    }
    if (text[i] === "[") return items("]", (index) => value([...path, index]));
    if (text[i] === '"') {
      string();
      return;
    }
    const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (literal === null) fail("expected a value");
    i += literal![0].length;
  };
  try {
    value([]);
    space();
    if (i < text.length) fail("expected the end of the file");
    return null;
  } catch (e) {
    if (e instanceof Stop) return e.problem;
    throw e;
  }
}
