/**
 * One mistake, one error: a name whose declaration failed (a `let` whose value
 * does not check, a type that does not resolve, a choice from a domain that is
 * no collection) is bound to the error type, and its uses report nothing more;
 * errors of their own in the same expressions still are.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../generator/compile.js";

const dir = mkdtempSync(join(tmpdir(), "follow-on-"));

/** The errors (`pointer (column) [code]`) of a one-node spec with a counter `n`, the given action effects, definitions and invariants. */
function errorsOf(name: string, parts: { effects?: unknown[]; definitions?: unknown; invariants?: Record<string, string> }): string[] {
  const file = join(dir, `${name}.json`);
  const invariants = Object.fromEntries(Object.entries(parts.invariants ?? {}).map(([k, expr]) => [k, { description: k, expr }]));
  const spec = {
    name,
    title: name,
    description: name,
    roles: { node: { count: 2, state: { n: { type: { type: "integer", minimum: 0, maximum: 3 }, initial: "0" } } } },
    actions: { Step: { role: "node", guard: "n < 3", effects: parts.effects ?? [] } },
    definitions: parts.definitions ?? {},
    invariants,
    models: { ci: {} },
  };
  writeFileSync(file, JSON.stringify(spec));
  const r = compileSpec(file);
  return r.ok ? [] : r.errors.map((e) => `${e.pointer}${e.column === undefined ? "" : ` (${e.column})`} [${e.code}]`);
}

describe("uses of a failed declaration are no new errors", () => {
  it("a let whose value has the wrong type: later lets, ifs and sets that use it say nothing", () => {
    const effects = [
      { let: "big", be: "n + true" },
      { let: "bigger", be: "big and n > 1" },
      { if: "bigger", then: [{ set: "n", to: "if big then 0 else n + 1" }] },
    ];
    expect(errorsOf("bad-let", { effects })).toEqual(["/actions/Step/effects/0/be (5) [PF012]"]);
  });

  it("the effects after a failed let still report their own mistakes; one that uses the let is checked no further", () => {
    const effects = [{ let: "big", be: "nn > 1" }, { set: "n", to: "if big then 0 else m" }, { set: "n", to: "m" }];
    expect(errorsOf("let-and-own", { effects })).toEqual(["/actions/Step/effects/0/be (1) [PF011]", "/actions/Step/effects/2/to (1) [PF011]"]);
  });

  it("a let bound again after it failed is the new value's: its uses are checked", () => {
    const effects = [{ let: "k", be: "nn" }, { choose: "k", from: "0..1", do: [{ set: "n", to: "k and true" }] }];
    expect(errorsOf("let-rebound", { effects })).toEqual(["/actions/Step/effects/0/be (1) [PF011]", "/actions/Step/effects/1/do/0/to (1) [PF012]"]);
  });

  it("a choice from no collection: one error, and its where and body are checked without follow-ons", () => {
    const effects = [{ choose: "k", from: "n", where: "k > 0", do: [{ set: "n", to: "k" }, { set: "n", to: "zz" }] }];
    expect(errorsOf("choose-bad-domain", { effects })).toEqual(["/actions/Step/effects/0/from [PF012]", "/actions/Step/effects/0/do/1/to (1) [PF011]"]);
  });

  it("a definition whose return type does not resolve, called in three places: one error", () => {
    const definitions = { low: { description: "low", params: { x: { type: "integer", minimum: 0, maximum: 3 } }, returns: { $ref: "#/types/Bool" }, expr: "x < 2" } };
    const effects = [{ if: "low(n)", then: [{ set: "n", to: "n + 1" }] }];
    expect(errorsOf("bad-returns", { effects, definitions, invariants: { A: "low(node[0].n) or true", B: "forall i in node: low(node[i].n)" } })).toEqual(["/definitions/low/returns/$ref [PF023]"]);
  });

  it("a definition whose body fails, called in three places: one error", () => {
    const definitions = { low: { description: "low", params: { x: { type: "integer", minimum: 0, maximum: 3 } }, returns: { type: "boolean" }, expr: "x < limit" } };
    const effects = [{ if: "low(n)", then: [{ set: "n", to: "n + 1" }] }];
    expect(errorsOf("bad-body", { effects, definitions, invariants: { A: "low(node[0].n) or true", B: "forall i in node: low(node[i].n)" } })).toEqual(["/definitions/low/expr (5) [PF011]"]);
  });

  it("an action parameter whose type does not resolve: its uses say nothing, the other parameters' misuses do", () => {
    const file = join(dir, "bad-param.json");
    const spec = {
      name: "bad-param",
      title: "t",
      description: "d",
      roles: { node: { count: 1, state: { n: { type: { type: "integer", minimum: 0, maximum: 3 }, initial: "0" } } } },
      actions: { Step: { role: "node", params: { v: { $ref: "#/types/Small" }, w: { type: "boolean" } }, guard: "v < 3", effects: [{ set: "n", to: "v" }, { set: "n", to: "w" }] } },
      models: { ci: {} },
    };
    writeFileSync(file, JSON.stringify(spec));
    const r = compileSpec(file);
    expect(r.ok ? [] : r.errors.map((e) => `${e.pointer} [${e.code}]`)).toEqual(["/actions/Step/params/v/$ref [PF023]", "/actions/Step/effects/1/to [PF012]"]);
  });
});
