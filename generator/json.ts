/**
 * JSON text to value, with what JSON.parse hides: the line and column of a
 * syntax error, and keys given twice in one object (JSON.parse keeps the last
 * silently, which would drop a duplicate action or invariant on the floor).
 */
import { pointer } from "./errors.js";

export type JsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly pointer: string; readonly message: string; readonly duplicate: boolean };

export function parseJson(text: string): JsonResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, pointer: "", message: `not valid JSON: ${syntaxMessage(text, e as Error)}`, duplicate: false };
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) return { ok: false, pointer: duplicate.pointer, message: `'${duplicate.key}' is given twice in the same object`, duplicate: true };
  return { ok: true, value };
}

/** One line: what is wrong, and where. V8's own message may quote the source over several lines, so the place is found by scanning. */
function syntaxMessage(text: string, e: Error): string {
  const error = firstSyntaxError(text);
  if (error === null) return e.message.split("\n")[0];
  const before = text.slice(0, error.offset).split("\n");
  return `${error.expected} at line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** Scans JSON text and returns where the first syntax error is and what was expected there. */
function firstSyntaxError(text: string): { offset: number; expected: string } | null {
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = (expected: string): never => {
    throw { offset: i, expected: `${expected}, found ${i >= text.length ? "the end of the file" : JSON.stringify(text[i])}` };
  };
  const string = () => {
    if (text[i] !== '"') fail("expected a string");
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\n") fail("expected the end of the string");
      i += text[i] === "\\" ? 2 : 1;
    }
    if (i >= text.length) fail("expected the end of the string");
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === "{") return container("}", () => {
      string();
      space();
      if (text[i] !== ":") fail("expected ':'");
      i++;
      value();
    });
    if (c === "[") return container("]", value);
    if (c === '"') return string();
    const literal = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (literal === null) fail("expected a value");
    i += literal![0].length;
  };
  const container = (close: string, item: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      space();
      item();
      space();
      if (text[i] === ",") {
        i++;
        space();
        if (text[i] === close) fail(close === "}" ? "expected another key after ','" : "expected another value after ','");
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`expected ',' or '${close}'`);
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail("expected the end of the file");
    return null;
  } catch (e) {
    return e as { offset: number; expected: string };
  }
}

/** Walks text already known to be valid JSON and reports the first key repeated in an object. */
function findDuplicateKey(text: string): { pointer: string; key: string } | null {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const walk = (path: (string | number)[]): { pointer: string; key: string } | null => {
    skipSpace();
    if (text[i] === "{") {
      i++;
      const seen = new Set<string>();
      skipSpace();
      while (text[i] !== "}") {
        skipSpace();
        const key = readString();
        if (seen.has(key)) return { pointer: pointer(...path, key), key };
        seen.add(key);
        skipSpace();
        i++;
        const found = walk([...path, key]);
        if (found) return found;
        skipSpace();
        if (text[i] === ",") i++;
        skipSpace();
      }
      i++;
      return null;
    }
    if (text[i] === "[") {
      i++;
      let index = 0;
      skipSpace();
      while (text[i] !== "]") {
        const found = walk([...path, index++]);
        if (found) return found;
        skipSpace();
        if (text[i] === ",") i++;
        skipSpace();
      }
      i++;
      return null;
    }
    if (text[i] === '"') {
      readString();
      return null;
    }
    while (i < text.length && !/[\s,\]}]/.test(text[i])) i++;
    return null;
  };
  return walk([]);
}
