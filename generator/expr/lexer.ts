/** Splits an expression string into tokens; the parser reports what it expected. */

export type TokenKind = "number" | "string" | "ident" | "op" | "eof";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly pos: number;
}

export class LexError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

const OPERATORS = ["..", "==", "!=", "<=", ">=", "=>", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "!", "="];

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9]/.test(c)) {
      while (i < source.length && /[0-9]/.test(source[i])) i++;
      // Past 2^53 - 1 a JavaScript number no longer holds every integer: 9007199254740993 would silently be ...992.
      if (!Number.isSafeInteger(Number(source.slice(start, i)))) throw new LexError(`the integer ${source.slice(start, i)} is beyond ${Number.MAX_SAFE_INTEGER}, the largest this language holds exactly`, start);
      tokens.push({ kind: "number", text: source.slice(start, i), pos: start });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < source.length && /[A-Za-z0-9_]/.test(source[i])) i++;
      tokens.push({ kind: "ident", text: source.slice(start, i), pos: start });
      continue;
    }
    if (c === "'" || c === '"') {
      i++;
      while (i < source.length && source[i] !== c) i++;
      if (i >= source.length) throw new LexError("unterminated string literal", start);
      i++;
      tokens.push({ kind: "string", text: source.slice(start + 1, i - 1), pos: start });
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op === undefined) throw new LexError(`unexpected character '${c}'`, start);
    i += op.length;
    tokens.push({ kind: "op", text: op, pos: start });
  }
  tokens.push({ kind: "eof", text: "end of expression", pos: source.length });
  return tokens;
}
