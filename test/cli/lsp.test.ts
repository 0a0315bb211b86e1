/**
 * `protoforge lsp --stdio` end to end: the real command as a child process,
 * spoken to in JSON-RPC as an editor does. It checks the editor's text (not the
 * file on disk), ranges its diagnostics over the offending word, and completes
 * names inside expressions.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-languageserver/node";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers.js";

interface Published {
  readonly uri: string;
  readonly diagnostics: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; message: string; source: string }[];
}

const server = spawn(process.execPath, [resolve(ROOT, "bin/protoforge.mjs"), "lsp", "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
const exited = new Promise<number | null>((done) => server.on("exit", done));
const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const waiting = new Map<string, (p: Published) => void>();
connection.onNotification("textDocument/publishDiagnostics", (p: Published) => waiting.get(p.uri)?.(p));
connection.listen();

/** The next diagnostics published for `uri` once `act` has run. */
function diagnosticsAfter(uri: string, act: () => void): Promise<Published> {
  const next = new Promise<Published>((done) => waiting.set(uri, done));
  act();
  return next;
}

const RAFT = resolve(ROOT, "specs/raft.json");
const uri = pathToFileURL(RAFT).href;
// Unsaved: the disk's raft.json is valid, the editor's has a misspelt name.
const TYPO = '{ "if": "grantt", "then": [{ "set": "votedFor", "to": "msg.from" }] }';
const text = readFileSync(RAFT, "utf8").replace('{ "if": "grant", "then": [{ "set": "votedFor", "to": "msg.from" }] }', TYPO);
const lines = text.split("\n");
const typoLine = lines.findIndex((l) => l.includes(TYPO));

const complete = async (line: number, character: number): Promise<string[]> => {
  const items = (await connection.sendRequest("textDocument/completion", { textDocument: { uri }, position: { line, character } })) as { label: string }[];
  return items.map((i) => i.label);
};

afterAll(() => {
  connection.dispose();
  server.kill();
});

describe("protoforge lsp", { timeout: 60_000 }, () => {
  it("initializes with incremental sync and completions", async () => {
    const result = (await connection.sendRequest("initialize", { processId: null, rootUri: pathToFileURL(ROOT).href, capabilities: {} })) as { capabilities: { textDocumentSync: number; completionProvider: object } };
    connection.sendNotification("initialized", {});
    expect(result.capabilities.textDocumentSync).toBe(2);
    expect(result.capabilities.completionProvider).toEqual({ triggerCharacters: [".", "'"] });
  });

  it("publishes the editor's text's error with its code, over the misspelt name", async () => {
    const published = await diagnosticsAfter(uri, () => connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "json", version: 1, text } }));
    expect(published.diagnostics).toHaveLength(1);
    const [d] = published.diagnostics;
    const character = lines[typoLine].indexOf("grantt");
    expect(d.range).toEqual({ start: { line: typoLine, character }, end: { line: typoLine, character: character + "grantt".length } });
    expect([d.code, d.source]).toEqual(["PF011", "protoforge"]);
    expect(d.message).toMatch(/'grantt'/);
  });

  it("completes the fields of the received message after msg.", async () => {
    const labels = await complete(typoLine, lines[typoLine].indexOf('"msg.from"') + '"msg.'.length);
    expect(labels.sort()).toEqual(["from", "lastLogIndex", "lastLogTerm", "term", "to"]);
  });

  it("completes state fields, parameters and functions in an expression, message names where a message is named", async () => {
    const inExpression = await complete(typoLine, lines[typoLine].indexOf('"grantt"') + 1);
    expect(inExpression).toEqual(expect.arrayContaining(["currentTerm", "votedFor", "log", "msg", "len", "last", "majority"]));
    expect(inExpression).not.toContain("RequestVote");
    const send = lines.findIndex((l) => l.includes('{ "send": "RequestVoteResponse"'));
    const messages = await complete(send, lines[send].indexOf('"RequestVoteResponse"') + 1);
    expect(messages).toEqual(expect.arrayContaining(["RequestVote", "RequestVoteResponse", "AppendEntries"]));
    expect(messages).not.toContain("currentTerm");
  });

  it("checks a variant's unsaved text over its base from disk, and completes the base's names in it", async () => {
    const variant = resolve(ROOT, "specs/variants/two-phase-commit-commit-on-majority.json");
    const variantUri = pathToFileURL(variant).href;
    const edited = readFileSync(variant, "utf8").replace("2 * size(tmPrepared)", "2 * size(tmPrepard)");
    const published = await diagnosticsAfter(variantUri, () => connection.sendNotification("textDocument/didOpen", { textDocument: { uri: variantUri, languageId: "json", version: 1, text: edited } }));
    const line = edited.split("\n").findIndex((l) => l.includes("tmPrepard"));
    const character = edited.split("\n")[line].indexOf("tmPrepard");
    expect(published.diagnostics.map((d) => [d.code, d.range])).toEqual([["PF011", { start: { line, character }, end: { line, character: character + "tmPrepard".length } }]]);
    const items = (await connection.sendRequest("textDocument/completion", { textDocument: { uri: variantUri }, position: { line, character } })) as { label: string }[];
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(["tmState", "tmPrepared", "resourceManagers"]));
  });

  it("clears the diagnostics once the text is fixed", async () => {
    const fixed = readFileSync(RAFT, "utf8");
    const published = await diagnosticsAfter(uri, () => connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] }));
    expect(published.diagnostics).toEqual([]);
  });

  it("shuts down and exits with 0 when asked", async () => {
    await connection.sendRequest("shutdown");
    connection.sendNotification("exit");
    expect(await exited).toBe(0);
  });
});
