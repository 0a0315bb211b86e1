/**
 * JSON pointer -> place in the JSON text: where an error's value is in the
 * file, for `file:line:column` lines, excerpts and editors' ranges; and the
 * other way, which string value an editor's cursor is in. Pure functions of
 * the text; they tolerate text that is not valid JSON past what they read.
 */

/** Where the offending characters are: offsets into the text, and the 1-based line and column (in UTF-16 units) of `offset`. */
export interface Location {
  readonly offset: number;
  /** Past the last offending character: the whole value, or the word at the column inside a string. */
  readonly end: number;
  readonly line: number;
  readonly column: number;
  /** The key naming the value, when it is a member of an object. */
  readonly key?: Span;
}

export interface Span {
  readonly offset: number;
  readonly end: number;
}

/** The keys of an RFC 6901 pointer; `/` alone is the root as well, as errors about the whole spec say it. */
export function pointerKeys(at: string): string[] {
  if (at === "" || at === "/") return [];
  return at
    .slice(1)
    .split("/")
    .map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * The value at `at` in `text`, or, when only its last key is missing (a
 * required key not given), the object that should hold it; with `column`
 * (1-based, inside the string value at `at`) the character there and the word
 * it starts. Null when the text does not lead there.
 */
export function locate(text: string, at: string, column?: number): Location | null {
  const found = valueAt(text, pointerKeys(at));
  if (found === null) return null;
  const { start, end, exact, key } = found;
  if (column === undefined || !exact || text[start] !== '"') return { ...withLineColumn(text, start, end), ...(key === undefined ? {} : { key }) };
  const offset = offsetInString(text, start, column);
  const escapeLength = text[offset] !== "\\" ? 0 : text[offset + 1] === "u" ? 6 : 2;
  return withLineColumn(text, offset, Math.max(offset + 1, offset + escapeLength, wordEnd(text, offset)));
}

/** The 1-based line and column of an offset; a line ends at `\n` (a `\r` before it is part of the break). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Whether an object or an array starts at `offset`: a place to mark by its first character, not over all its lines. */
export const opensCompound = (text: string, offset: number): boolean => text[offset] === "{" || text[offset] === "[";

/** The line of the text holding `offset`, without its line break. */
export function lineAt(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  const end = text.indexOf("\n", offset);
  return text.slice(start, end === -1 ? text.length : end).replace(/\r$/, "");
}

function withLineColumn(text: string, offset: number, end: number): Location {
  return { offset, end, ...lineColumn(text, offset) };
}

/** The string value that holds `offset` (strictly between its quotes), with its pointer's keys and where its raw text starts. */
export function stringAt(text: string, offset: number): { keys: readonly string[]; contentStart: number } | null {
  const walk = (i: number, keys: readonly string[]): { keys: readonly string[]; contentStart: number } | null => {
    const start = skipSpace(text, i);
    const end = valueEnd(text, start);
    if (end === -1 || offset <= start || offset >= end) return null;
    if (text[start] === '"') return { keys, contentStart: start + 1 };
    for (const member of members(text, start)) {
      if (member.start <= offset && offset < member.end) return walk(member.start, [...keys, member.key]);
    }
    return null;
  };
  return walk(0, []);
}

/** The decoded text of a string value from its start to `offset`: what precedes the cursor, escapes undone. */
export function decodedUpTo(text: string, contentStart: number, offset: number): string {
  const raw = text.slice(contentStart, offset).replace(/\\(u[0-9a-fA-F]{0,3})?$/, "");
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

interface Member {
  readonly key: string;
  /** The key's string, for an object's member. */
  readonly keySpan?: Span;
  /** The member's value. */
  readonly start: number;
  readonly end: number;
}

function valueAt(text: string, keys: readonly string[]): { start: number; end: number; exact: boolean; key?: Span } | null {
  let start = skipSpace(text, 0);
  let key: Span | undefined;
  for (let depth = 0; depth < keys.length; depth++) {
    // The last of equal keys, as JSON.parse keeps it and as a duplicate key is reported.
    const member = [...members(text, start)].filter((m) => m.key === keys[depth]).pop();
    if (member === undefined) {
      const end = valueEnd(text, start);
      return depth === keys.length - 1 && end !== -1 ? { start, end, exact: false } : null;
    }
    start = member.start;
    key = member.keySpan;
  }
  const end = valueEnd(text, start);
  return end === -1 ? null : { start, end, exact: true, ...(key === undefined ? {} : { key }) };
}

/** The members of the object (keys) or array (indices) starting at `start`, up to the first syntax error. */
function* members(text: string, start: number): Generator<Member> {
  const open = text[start];
  if (open !== "{" && open !== "[") return;
  let i = skipSpace(text, start + 1);
  for (let index = 0; i < text.length && text[i] !== (open === "{" ? "}" : "]"); index++) {
    let key = String(index);
    let keySpan: Span | undefined;
    if (open === "{") {
      const keyEnd = stringEnd(text, i);
      if (keyEnd === -1) return;
      key = decodedKey(text.slice(i, keyEnd));
      keySpan = { offset: i, end: keyEnd };
      i = skipSpace(text, keyEnd);
      if (text[i] !== ":") return;
      i = skipSpace(text, i + 1);
    }
    const end = valueEnd(text, i);
    if (end === -1) return;
    yield { key, start: i, end, ...(keySpan === undefined ? {} : { keySpan }) };
    i = skipSpace(text, end);
    if (text[i] !== ",") return;
    i = skipSpace(text, i + 1);
  }
}

function decodedKey(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  return i;
}

/** Past the closing quote of the string starting at `i`; -1 when there is none on its line. */
function stringEnd(text: string, i: number): number {
  if (text[i] !== '"') return -1;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"') return j + 1;
    else if (text[j] === "\n") return -1;
  }
  return -1;
}

/** Past the end of the value starting at `i`; -1 when it does not end (an unclosed string, object or array). */
function valueEnd(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  if (text[i] !== "{" && text[i] !== "[") {
    const literal = /^[^\s,\]}:"{[]+/.exec(text.slice(i, i + 64));
    return literal === null ? -1 : i + literal[0].length;
  }
  // Brackets counted outside strings: iterative, so no nesting exhausts the stack.
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text[j];
    if (c === '"') {
      const end = stringEnd(text, j);
      if (end === -1) return -1;
      j = end - 1;
    } else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/** The offset of the `column`th character of the string value whose opening quote is at `start`, counting each escape as the one character it stands for. */
function offsetInString(text: string, start: number, column: number): number {
  let i = start + 1;
  for (let n = 1; n < column && i < text.length && text[i] !== '"'; n++) i += text[i] !== "\\" ? 1 : text[i + 1] === "u" ? 6 : 2;
  return i;
}

function wordEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && /[A-Za-z0-9_$]/.test(text[i])) i++;
  return i;
}
