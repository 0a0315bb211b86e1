/** Literals typed by what their context wants (generator/expr/typecheck.ts): a record's fields and an `if`'s branches take the wanted type. */
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
});
