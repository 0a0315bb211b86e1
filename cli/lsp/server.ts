/**
 * `protoforge lsp`: a language server over stdio for spec files. On every open
 * or change it compiles the editor's text of the spec (bases and other files
 * from the editor when open there, else from disk) and publishes the errors as
 * diagnostics; inside strings it completes names (completions.ts).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CompletionItemKind, createConnection, DiagnosticSeverity, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type CompletionItem } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { compileSpec } from "../../generator/compile.js";
import { loadSpec, type ReadText } from "../../generator/load.js";
import type { ProtocolSpec } from "../../generator/spec.js";
import { completionsAt, withEntriesOf, type CompletionKind } from "./completions.js";
import { diagnosticsOf } from "./diagnostics.js";

const KINDS: Readonly<Record<CompletionKind, CompletionItemKind>> = {
  field: CompletionItemKind.Field,
  message: CompletionItemKind.Class,
  parameter: CompletionItemKind.Constant,
  definition: CompletionItemKind.Function,
  ghost: CompletionItemKind.Variable,
  block: CompletionItemKind.Method,
  enum: CompletionItemKind.EnumMember,
  function: CompletionItemKind.Function,
  variable: CompletionItemKind.Variable,
  role: CompletionItemKind.Class,
};

/** Runs until the client says exit (the library then ends the process). */
export function lspCommand(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const documents = new TextDocuments(TextDocument);
  /** Each document's spec for completions: the last that loaded, with what its text has since (withEntriesOf). */
  const lastSpec = new Map<string, ProtocolSpec>();
  const pathOf = (uri: string): string | null => (uri.startsWith("file:") ? fileURLToPath(uri) : null);
  const read: ReadText = (path) => documents.all().find((d) => pathOf(d.uri) === path)?.getText() ?? readFileSync(path, "utf8");
  const textOf = (file: string): string | undefined => {
    try {
      return read(resolve(file));
    } catch {
      return undefined;
    }
  };

  const validate = (document: TextDocument): void => {
    const path = pathOf(document.uri);
    if (path === null || path.endsWith(".schema.json")) return;
    try {
      publish(document, path);
    } catch (e) {
      // A bug of ours must not end the session: the editor's output panel says it, and the next change tries again.
      connection.console.error(`protoforge: internal error on ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const publish = (document: TextDocument, path: string): void => {
    const compiled = compileSpec(path, read);
    const errors = compiled.ok ? [] : compiled.errors;
    const diagnostics = diagnosticsOf(errors, (file) => resolve(file) === path, document.getText(), textOf);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: diagnostics.map((d) => ({ ...d, severity: DiagnosticSeverity.Error, source: "protoforge" })) });
    const loaded = compiled.ok ? { ok: true as const, value: compiled.value.loaded } : loadSpec(path, read);
    const spec = loaded.ok ? loaded.value.spec : withEntriesOf(lastSpec.get(document.uri), document.getText());
    if (spec !== undefined) lastSpec.set(document.uri, spec);
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [".", "'"] },
    },
  }));
  // A base's change changes its variants: every open spec is checked again.
  documents.onDidChangeContent(() => documents.all().forEach(validate));
  documents.onDidClose((e) => {
    lastSpec.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onCompletion(({ textDocument, position }): CompletionItem[] => {
    const document = documents.get(textDocument.uri);
    if (document === undefined) return [];
    const completions = completionsAt(document.getText(), document.offsetAt(position), lastSpec.get(textDocument.uri) ?? null);
    return completions.map((c) => ({ label: c.label, kind: KINDS[c.kind], detail: c.detail }));
  });
  documents.listen(connection);
  connection.listen();
}
