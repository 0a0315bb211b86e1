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

function syntaxMessage(text: string, e: Error): string {
  const match = /position (\d+)/.exec(e.message);
  const reason = e.message.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  if (match === null) return reason;
  const offset = Number(match[1]);
  const before = text.slice(0, offset).split("\n");
  return `${reason} at line ${before.length}, column ${before[before.length - 1].length + 1}`;
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
