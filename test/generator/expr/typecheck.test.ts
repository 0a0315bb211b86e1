/** Literals typed by what their context wants (generator/expr/typecheck.ts): a record's fields, an `if`'s branches and an enum's literals in a set take the wanted type; an enum typo is told with the enum's values. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../../generator/compile.js";

const dir = mkdtempSync(join(tmpdir(), "typecheck-"));

/** The error lines of a one-role spec whose node has a field `x` of `type` starting at `initial`. */
function errorsOf(name: string, type: unknown, initial: string): string[] {
  const file = join(dir, `${name}.json`);
  const state = { x: { type, initial } };
  const spec = { name, title: name, description: name, types: { Mark: { enum: ["a", "b"] } }, roles: { node: { count: 2, state } }, actions: { Idle: { role: "node", guard: "false", effects: [] } }, models: { ci: {} } };
  writeFileSync(file, JSON.stringify(spec));
  const r = compileSpec(file);
  return r.ok ? [] : r.errors.map((e) => `${e.pointer}: ${e.message} [${e.code}]`);
}

/** The error lines of a spec whose invariant is `expr`, with nodes holding a Mark field `m`. */
function invariantErrors(name: string, expr: string): string[] {
  const file = join(dir, `${name}.json`);
  const spec = { name, title: name, description: name, types: { Mark: { enum: ["a", "b", "c"] } }, roles: { node: { count: 2, state: { m: { type: mark, initial: "'a'" } } } }, actions: { Idle: { role: "node", guard: "false", effects: [] } }, invariants: { I: { description: "x", expr } }, models: { ci: {} } };
  writeFileSync(file, JSON.stringify(spec));
  const r = compileSpec(file);
  return r.ok ? [] : r.errors.map((e) => `${e.pointer}: ${e.message} [${e.code}]`);
}

const mark = { $ref: "#/types/Mark" };
const optionalMark = { anyOf: [mark, { type: "null" }] };
const record = { type: "object", properties: { log: { type: "array", items: mark, maxItems: 2 }, leader: { anyOf: [{ node: "node" }, { type: "null" }] } } };

describe("literals typed by their context", () => {
  it("a record literal's empty sequence and null take the wanted fields' types", () => {
    expect(errorsOf("record-empty", record, "{log: [], leader: null}")).toEqual([]);
  });

  it("an if whose branches are an enum value and null, where an optional enum is wanted", () => {
    expect(errorsOf("if-null", optionalMark, "if self == 0 then 'a' else null")).toEqual([]);
    expect(errorsOf("if-records", record, "if self == 0 then {log: ['a'], leader: null} else {log: [], leader: self}")).toEqual([]);
  });

  it("what does not fit the wanted type is still an error", () => {
    expect(errorsOf("if-wrong", optionalMark, "if self == 0 then 'c' else null")).toEqual(["/roles/node/state/x/initial: expected Mark or null, found 'c' in a branch of 'if' [PF012]"]);
    expect(errorsOf("record-wrong", record, "{log: [1], leader: null}")).toHaveLength(1);
  });

  it("an enum value in a set of some of the enum's values: the literals are the enum's", () => {
    expect(invariantErrors("enum-subset", "forall i in node: node[i].m in {'a', 'b'}")).toEqual([]);
    expect(invariantErrors("enum-notin", "forall i in node: node[i].m notin ['c']")).toEqual([]);
    expect(invariantErrors("enum-subset-typo", "forall i in node: node[i].m in {'a', 'd'}")).toEqual(["/invariants/I/expr: 'd' is not a value of Mark (its values: 'a', 'b', 'c') [PF012]"]);
  });

  it("a string that is not one of the enum's values names them all", () => {
    expect(invariantErrors("enum-typo", "forall i in node: node[i].m == 'candidat'")).toEqual(["/invariants/I/expr: 'candidat' is not a value of Mark (its values: 'a', 'b', 'c') [PF012]"]);
    expect(errorsOf("enum-typo-initial", mark, "'candidat'")).toEqual(["/roles/node/state/x/initial: 'candidat' is not a value of Mark (its values: 'a', 'b') [PF012]"]);
  });
});
