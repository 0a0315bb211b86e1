/**
 * Free text from a spec (titles, descriptions, file paths) as comments of the
 * generated code. A spec may hold any character: a line break of any kind
 * (\n, \r, U+2028, U+2029 all end a `//` comment in JavaScript) would let the
 * rest of the text run as code, and `*\/` would close a block comment early.
 */

/** The text on one line: every run of line breaks becomes one space. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ");
}

/** A `//` comment of the text. */
export function lineComment(text: string): string {
  return `// ${oneLine(text)}`;
}

/** A `/** ... *\/` comment of the text, on one line. */
export function docComment(text: string): string {
  return `/** ${oneLine(text).replace(/\*\//g, "*\\/")} */`;
}
