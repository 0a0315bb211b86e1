/**
 * Spec errors are values, not exceptions: each names the file, the JSON pointer
 * of the offending value, a stable code (tests assert codes, not wording) and,
 * for expressions, the 1-based column inside the string.
 */

export const ErrorCode = {
  notJson: "PF001",
  schema: "PF002",
  unknownKey: "PF003",
  missingKey: "PF004",
  wrongType: "PF005",
  exprSyntax: "PF010",
  unknownIdentifier: "PF011",
  typeMismatch: "PF012",
  badAssignment: "PF013",
  ghostFromRuntime: "PF014",
  initialOutsideType: "PF015",
  checkBoundAtRuntime: "PF016",
  unbounded: "PF020",
  unknownParameter: "PF021",
  parameterOutOfRange: "PF022",
  unknownName: "PF023",
  duplicateName: "PF024",
  undeclaredMessage: "PF025",
  recursiveDefinition: "PF026",
  wrongKind: "PF027",
  growingGhost: "PF028",
  extendsMissing: "PF030",
  extendsCycle: "PF031",
  missingCiModel: "PF032",
  nullInBase: "PF033",
  expectWithoutBase: "PF034",
  variantChangesNothing: "PF035",
  variantWithoutExpect: "PF036",
  io: "PF040",
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface SpecError {
  readonly file: string;
  readonly pointer: string;
  readonly code: ErrorCodeValue;
  readonly message: string;
  /** 1-based column inside an expression string, when the error is in one. */
  readonly column?: number;
}

/** `file:/json/pointer: message [CODE]`, with `:col N` after the pointer for expressions; always one line, whatever names it quotes. */
export function formatError(e: SpecError): string {
  const column = e.column === undefined ? "" : ` (column ${e.column})`;
  return escapeBreaks(`${e.file}:${e.pointer || "/"}${column}: ${e.message} [${e.code}]`);
}

const BREAKS: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\u2028": "\\u2028", "\u2029": "\\u2029" };

/** Line breaks (a key or a file name may hold one) written as their escapes, as JSON would. */
export function escapeBreaks(text: string): string {
  return text.replace(/[\n\r\u2028\u2029]/g, (c) => BREAKS[c]);
}

/** The JSON pointer of a path of keys, escaping `~` and `/` as RFC 6901 says. */
export function pointer(...keys: readonly (string | number)[]): string {
  return keys.map((k) => "/" + String(k).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly SpecError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: SpecError[]): Result<T> => ({ ok: false, errors });

/** Thrown only inside a phase to unwind to its boundary, where it becomes a value again. */
export class SpecFailure extends Error {
  constructor(readonly errors: readonly SpecError[]) {
    super(errors.map(formatError).join("\n"));
  }
}
