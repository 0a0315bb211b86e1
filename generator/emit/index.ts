/**
 * Emit: IR -> the generated files of one protocol, as text. TypeScript's
 * formatter formats every TypeScript file, so the output is stable whatever the
 * emitters' spacing.
 */
import { ts } from "ts-morph";
import type { ProtocolIR } from "../ir.js";
import { emitProtocolSource } from "./source.js";

/**
 * The settings ts-morph's `formatText({ indentSize: 2, convertTabsToSpaces: true,
 * ensureNewLineAtEndOfFile: true })` hands the language service, defaults
 * filled in (its `ensureNewLineAtEndOfFile` is ts-morph's own step, in `format`):
 * the generated files were first formatted that way, and must not change.
 */
const SETTINGS: ts.FormatCodeSettings = {
  convertTabsToSpaces: true,
  newLineCharacter: "\n",
  indentStyle: ts.IndentStyle.Smart,
  indentSize: 2,
  tabSize: 4,
  insertSpaceAfterCommaDelimiter: true,
  insertSpaceAfterConstructor: false,
  insertSpaceAfterSemicolonInForStatements: true,
  insertSpaceAfterKeywordsInControlFlowStatements: true,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBraces: true,
  insertSpaceAfterOpeningAndBeforeClosingNonemptyBrackets: false,
  insertSpaceAfterOpeningAndBeforeClosingTemplateStringBraces: false,
  insertSpaceAfterOpeningAndBeforeClosingJsxExpressionBraces: false,
  insertSpaceBeforeFunctionParenthesis: false,
  insertSpaceBeforeAndAfterBinaryOperators: true,
  placeOpenBraceOnNewLineForFunctions: false,
  placeOpenBraceOnNewLineForControlBlocks: false,
};

/** The one file the language service sees: the one being formatted (a new version each time). */
let current = { name: "", text: "", version: 0 };

/**
 * A language service over that one file, called directly: ts-morph's
 * formatText makes the same call, but also parses the file into its own
 * project before and again after, which cost a third of the formatting time.
 */
let service: ts.LanguageService | undefined;

function languageService(): ts.LanguageService {
  service ??= ts.createLanguageService({
    getScriptFileNames: () => [current.name],
    getScriptVersion: () => String(current.version),
    getScriptSnapshot: (name) => (name === current.name ? ts.ScriptSnapshot.fromString(current.text) : undefined),
    getCurrentDirectory: () => "/",
    getCompilationSettings: () => ({ strict: true }),
    getDefaultLibFileName: () => "/lib.d.ts",
    fileExists: (name) => name === current.name,
    readFile: (name) => (name === current.name ? current.text : undefined),
  });
  return service;
}

/** The formatter's edits applied to `text` in order of position (ties in the order given), as ts-morph applies them. */
function applyEdits(text: string, edits: readonly ts.TextChange[]): string {
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.span.start - b.edit.span.start || a.index - b.index);
  const parts: string[] = [];
  let at = 0;
  for (const { edit } of sorted) {
    parts.push(text.slice(at, edit.span.start), edit.newText);
    at = edit.span.start + edit.span.length;
  }
  parts.push(text.slice(at));
  return parts.join("");
}

function format(name: string, text: string): string {
  current = { name: `/${name}`, text, version: current.version + 1 };
  const formatted = applyEdits(text, languageService().getFormattingEditsForDocument(current.name, SETTINGS));
  return (formatted.endsWith("\n") ? formatted : `${formatted}\n`).replace(/\r?\n/g, "\n");
}

/** File name -> content, for generated/<protocol>/: the source, every TypeScript file formatted. */
export function emitProtocol(ir: ProtocolIR): Map<string, string> {
  const files = emitProtocolSource(ir);
  for (const [name, text] of files) if (name.endsWith(".ts")) files.set(name, format(name, text));
  return files;
}
