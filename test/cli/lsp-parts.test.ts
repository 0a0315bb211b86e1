/** The language server's pure parts: completions at a cursor (cli/lsp/completions.ts) and diagnostics of spec errors (cli/lsp/diagnostics.ts). */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completionsAt, withEntriesOf } from "../../cli/lsp/completions.js";
import { diagnosticsOf } from "../../cli/lsp/diagnostics.js";
import { ErrorCode, type SpecError } from "../../generator/errors.js";
import { loadSpec } from "../../generator/load.js";
import { fromCwd } from "./helpers.js";

const FILE = fromCwd("specs/two-phase-commit.json");
const TEXT = readFileSync(FILE, "utf8");
const loaded = loadSpec(FILE);
if (!loaded.ok) throw new Error("two-phase commit does not load");
const SPEC = loaded.value.spec;

/** The labels offered with the cursor just after the first `marker` in the text. */
const labelsAfter = (marker: string, text = TEXT): string[] => completionsAt(text, text.indexOf(marker) + marker.length, SPEC).map((c) => c.label);

describe("completionsAt", () => {
  it("after msg. in an action that receives a message: that message's fields", () => {
    expect(labelsAfter('"to": "tmPrepared union {msg.')).toEqual(["from", "to"]);
  });

  it("in a guard: the role's state fields, the spec's parameters and the language's functions", () => {
    const labels = labelsAfter('"guard": "');
    expect(labels).toEqual(expect.arrayContaining(["tmState", "tmPrepared", "resourceManagers", "size", "union", "majority"]));
    expect(labels).not.toContain("rmState");
  });

  it("after a quote inside an expression: the enum values", () => {
    expect(labelsAfter(`"guard": "tmState == '`)).toEqual(["working", "prepared", "committed", "aborted", "init"]);
  });

  it("where an effect names a message: the message names, and nothing else", () => {
    expect(labelsAfter('"send": "')).toEqual(["Prepared", "Commit", "Abort"]);
  });

  it("in Raft's block: its role's fields and its parameter; where an effect calls one: the block names", () => {
    const file = fromCwd("specs/raft.json");
    const raft = loadSpec(file);
    if (!raft.ok) throw new Error("raft does not load");
    const text = readFileSync(file, "utf8");
    const at = (marker: string) => completionsAt(text, text.indexOf(marker) + marker.length, raft.value.spec).map((c) => c.label);
    expect(at('"if": "term > ')).toEqual(expect.arrayContaining(["term", "currentTerm", "votedFor", "maxTerm"]));
    expect(at('{ "call": "')).toEqual(["updateTerm"]);
  });

  it("while a new action does not load yet, from its entries in the text over the last spec that did", () => {
    const text = TEXT.replace('"actions": {', '"actions": {\n    "TMRetry": { "role": "tm", "on": "Prepared", "guard": "msg." },');
    const spec = withEntriesOf(SPEC, text);
    const cursor = text.indexOf('"msg."') + '"msg.'.length;
    expect(completionsAt(text, cursor, spec ?? null).map((c) => c.label)).toEqual(["from", "to"]);
    expect(withEntriesOf(SPEC, "{ not json")).toBe(SPEC);
  });

  it("property: any text at any cursor (half-written specs, garbage) gives a list, never an exception", () => {
    // An action whose every key but its guard is any JSON at all, over the messages and roles of any JSON too.
    const oddAction = fc.record({ role: fc.oneof(fc.constant("r"), fc.jsonValue()), on: fc.oneof(fc.constant("M"), fc.jsonValue()), params: fc.jsonValue(), v: fc.jsonValue() });
    const anyText = fc.oneof(
      oddAction.map(({ v, ...a }) => JSON.stringify({ actions: { A: { ...a, guard: "msg.x 'y z" } }, messages: { M: v }, roles: { r: { state: v } }, types: v })),
      fc.string(),
      fc.integer({ min: 0, max: TEXT.length }).map((cut) => TEXT.slice(0, cut)),
    );
    fc.assert(
      fc.property(anyText, fc.nat(), (text, at) => {
        expect(Array.isArray(completionsAt(text, at % (text.length + 1), withEntriesOf(SPEC, text) ?? null))).toBe(true);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it("in a definition: its own parameters, and the definitions", () => {
    const definition = '"definitions": { "twice": { "description": "d", "params": { "n": { "type": "integer", "minimum": 0, "maximum": 3 } }, "returns": { "type": "integer", "minimum": 0, "maximum": 6 }, "expr": "2 * " } },';
    const text = TEXT.replace('"actions": {', `${definition}\n  "actions": {`);
    const labels = completionsAt(text, text.indexOf('"2 * "') + '"2 * '.length, withEntriesOf(SPEC, text) ?? null).map((c) => c.label);
    expect(labels).toEqual(expect.arrayContaining(["n", "twice", "resourceManagers", "max"]));
    expect(labels).not.toContain("tmState");
  });

  it("nothing outside strings, nor in prose", () => {
    expect(labelsAfter('"roles": {')).toEqual([]);
    expect(labelsAfter('"description": "')).toEqual([]);
  });
});

describe("diagnosticsOf", () => {
  const guard = (column: number): SpecError => ({ file: FILE, pointer: "/actions/TMCommit/guard", code: ErrorCode.unknownIdentifier, message: "unknown name", column });

  it("ranges an expression error over the word at its column, in 0-based lines and characters", () => {
    const lines = TEXT.split("\n");
    const line = lines.findIndex((l, i) => i > lines.indexOf('    "TMCommit": {') && l.includes('"guard": "tmState'));
    const start = lines[line].indexOf("tmState");
    expect(diagnosticsOf([guard(1)], (f) => f === FILE, TEXT, () => undefined)).toEqual([
      { range: { start: { line, character: start }, end: { line, character: start + "tmState".length } }, code: "PF011", message: "unknown name" },
    ]);
  });

  it("shows an error of the base on the variant's extends, naming the base's line", () => {
    const variant = '{\n  "extends": "./base.json"\n}';
    const base = '{\n  "name": 7\n}';
    const [d] = diagnosticsOf([{ file: "base.json", pointer: "/name", code: ErrorCode.wrongType, message: "expected a string" }], (f) => f === "variant.json", variant, (f) => (f === "base.json" ? base : undefined));
    expect(d).toEqual({ range: { start: { line: 1, character: 13 }, end: { line: 1, character: 26 } }, code: "PF005", message: "base.json:2:11: expected a string" });
  });
});
