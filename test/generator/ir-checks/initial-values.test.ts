/** Initial values inside their types (generator/ir-checks/initial-values.ts): every check model's initial state, field by field. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../../generator/compile.js";
import { outsideType } from "../../../generator/ir-checks/initial-values.js";
import type { ProtocolIR, Type } from "../../../generator/ir.js";

const dir = mkdtempSync(join(tmpdir(), "initial-values-"));

/** The error lines of an inline spec with one node role `node` whose state is `state`, and these models and ghosts. */
function errorsOf(name: string, state: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
  const file = join(dir, `${name}.json`);
  const idle = { description: "Does nothing.", role: "node", guard: "false", effects: [] };
  const spec = { name, title: name, description: name, parameters: { n: { default: 2, minimum: 1, maximum: 4 } }, roles: { node: { description: "x", count: "$n", state } }, actions: { Idle: idle }, models: { ci: {} }, ...extra };
  writeFileSync(file, JSON.stringify(spec));
  const r = compileSpec(file);
  return r.ok ? [] : r.errors.map((e) => `${e.pointer}: ${e.message} [${e.code}]`);
}

const int = (minimum: number | string, maximum: number | string) => ({ type: "integer", minimum, maximum });

describe("initial values outside their types are spec errors at their initial", () => {
  it("an integer past its maximum, in every node", () => {
    expect(errorsOf("past-max", { x: { type: int(0, 3), initial: "self + 3" } })).toEqual(["/roles/node/state/x/initial: in model ci (n = 2), node[1].x = 4 is outside its type (an integer in 0..3) [PF015]"]);
  });

  it("a bound from a parameter, under each model's own parameters: only the model that breaks it is named", () => {
    const models = { ci: {}, wide: { description: "More nodes.", parameters: { n: 4 } } };
    expect(errorsOf("param-bound", { x: { type: int(0, "$n"), initial: "3" } }, { models })).toEqual(["/roles/node/state/x/initial: in model ci (n = 2), node[0].x = 3 is outside its type (an integer in 0..2) [PF015]"]);
  });

  it("a sequence longer than its maximum, and a ghost", () => {
    const seq = { type: "array", items: int(0, 9), maxItems: 1 };
    expect(errorsOf("long-seq", { log: { type: seq, initial: "[1, 2]" } })).toEqual(["/roles/node/state/log/initial: in model ci (n = 2), node[0].log = [1,2] is outside its type (a sequence of at most 1 items) [PF015]"]);
    expect(errorsOf("ghost", { x: { type: int(0, 3), initial: "0" } }, { ghosts: { g: { description: "x", type: int(0, 1), initial: "2" } } })).toEqual([
      "/ghosts/g/initial: in model ci (n = 2), ghost g = 2 is outside its type (an integer in 0..1) [PF015]",
    ]);
  });

  it("values inside their types pass", () => {
    expect(errorsOf("fine", { x: { type: int(0, "$n"), initial: "self" }, s: { type: { type: "array", uniqueItems: true, items: int(0, 3) }, initial: "{1, 2}" } })).toEqual([]);
  });
});

describe("outsideType", () => {
  const ir = { roles: [{ name: "node", count: { const: 3 } }] } as unknown as ProtocolIR;
  const cases: [string, Type, unknown, string | null][] = [
    ["a boolean", { kind: "bool" }, 1, "a boolean"],
    ["an enum value", { kind: "enum", values: ["a", "b"] }, "c", "one of 'a', 'b'"],
    ["a node id", { kind: "node", role: "node" }, 3, "a node id in 0..2"],
    ["null in an optional", { kind: "optional", inner: { kind: "bool" } }, null, null],
    ["a set element", { kind: "set", elem: { kind: "int", min: { const: 0 }, max: { const: 1 } } }, [0, 2], "a set of an integer in 0..1"],
    ["a map value", { kind: "map", key: { kind: "node", role: "node" }, value: { kind: "bool" } }, [true, 0, false], "a map to a boolean"],
    ["a record field", { kind: "record", fields: [{ name: "t", type: { kind: "int", min: { const: 1 }, max: null } }] }, { t: 0 }, "a record whose t is an integer of at least 1"],
  ];
  it.each(cases)("%s", (_what, type, value, expected) => {
    expect(outsideType(type, value, {}, ir)).toBe(expected);
  });
});
