/**
 * Check bounds stay in check models (generator/ir-checks/check-bounds.ts): a
 * checkOnly parameter may bound types and be read by checkGuards, constraints,
 * invariants and ghosts, never by what the runtime runs. And payloads
 * (generator/expr/typecheck.ts): equality only, never into a plain integer.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../../generator/compile.js";
import { emitProtocolSource } from "../../../generator/emit/source.js";

const dir = mkdtempSync(join(tmpdir(), "check-bounds-"));

const int = (minimum: number | string, maximum: number | string, payload = false) => ({ type: "integer", minimum, maximum, ...(payload ? { payload: true } : {}) });

/** Writes a spec with one role `node` of `$n` nodes with a counter `x` (0..$limit, limit checkOnly) and an action Bump; parts override it. */
function specFile(name: string, parts: { state?: object; bump?: object; spec?: object } = {}): string {
  const file = join(dir, `${name}.json`);
  const bump = { description: "Counts up.", role: "node", guard: "true", checkGuard: "x < limit", effects: [{ set: "x", to: "x + 1" }], ...parts.bump };
  const spec = {
    name,
    title: name,
    description: name,
    parameters: { n: { default: 2, minimum: 1, maximum: 4 }, limit: { description: "How far a check counts.", default: 2, minimum: 0, maximum: 9, checkOnly: true } },
    roles: { node: { description: "x", count: "$n", state: { x: { type: int(0, "$limit"), initial: "0" }, ...parts.state } } },
    actions: { Bump: bump },
    models: { ci: { constraint: "forall i in node: node[i].x <= limit" } },
    invariants: { Bounded: { description: "x stays within the bound.", expr: "forall i in node: node[i].x <= limit" } },
    ...parts.spec,
  };
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

function errorsOf(name: string, parts: { state?: object; bump?: object; spec?: object } = {}): string[] {
  const r = compileSpec(specFile(name, parts));
  return r.ok ? [] : r.errors.map((e) => `${e.pointer}: ${e.code}`);
}

describe("a checkOnly parameter", () => {
  it("may bound a type and be read by a checkGuard, a constraint, an invariant and a ghost", () => {
    const ghosts = { bumps: { description: "How many bumps happened.", type: int(0, "4 * $limit"), initial: "0" } };
    const bump = { effects: [{ set: "x", to: "x + 1" }, { ghost: "bumps", to: "min(bumps + 1, limit * 4)" }] };
    expect(errorsOf("allowed", { spec: { ghosts }, bump })).toEqual([]);
  });

  it("may not be read by a guard, an effect, an initial value, a definition, a role count or a map's keys", () => {
    expect(errorsOf("guard", { bump: { guard: "x < limit" } })).toEqual(["/actions/Bump/guard: PF016"]);
    expect(errorsOf("effect", { bump: { effects: [{ set: "x", to: "limit" }] } })).toEqual(["/actions/Bump/effects/0: PF016"]);
    expect(errorsOf("nested", { bump: { effects: [{ if: "x > 0", then: [{ set: "x", to: "limit" }] }] } })).toEqual(["/actions/Bump/effects/0/then/0: PF016"]);
    expect(errorsOf("initial", { state: { y: { type: int(0, 9), initial: "limit" } } })).toEqual(["/roles/node/state/y/initial: PF016"]);
    const definitions = { top: { description: "The bound.", params: {}, returns: int(0, 9), expr: "limit" } };
    expect(errorsOf("definition", { spec: { definitions } })).toEqual(["/definitions/top: PF016"]);
    const map = { type: "array", items: { type: "boolean" }, indexedBy: int(1, "$limit") };
    expect(errorsOf("map", { state: { seen: { type: map, initial: "[false for k in 1..limit]" } } })).toEqual(["/roles/node/state/seen/initial: PF016", "/roles/node/state/seen/type: PF016"]);
    const roles = { node: { description: "x", count: "$limit", state: { x: { type: int(0, 9), initial: "0" } } } };
    expect(errorsOf("count", { spec: { roles } })).toEqual(["/roles/node/count: PF016"]);
  });

  it("is not in the runtime's Parameters, and a checkGuard is tested by the model only", () => {
    const compiled = compileSpec(specFile("emitted"));
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join("\n"));
    const files = emitProtocolSource(compiled.value.ir);
    expect(files.get("types.ts")).toMatch(/export type Parameters = \{\nreadonly n: number;\n\};/);
    for (const runtime of ["types.ts", "machine.ts", "validators.ts"]) expect(files.get(runtime), runtime).not.toMatch(/limit|checkGuard/);
    expect(files.get("model.ts")).toContain("readonly limit: number;");
    expect(files.get("model.ts")).toContain("if (!checkGuardBump(p, self, node)) continue;");
  });
});

describe("a payload", () => {
  const payloadState = { v: { type: int(0, 3, true), initial: "0" } };
  it("may be compared for equality, copied and stored", () => {
    expect(errorsOf("payload-ok", { state: { ...payloadState, w: { type: int(0, 3, true), initial: "0" } }, bump: { effects: [{ if: "v == w", then: [{ set: "w", to: "v" }] }] } })).toEqual([]);
  });

  it("may not be ordered, computed with or stored as a plain integer", () => {
    expect(errorsOf("payload-order", { state: payloadState, bump: { guard: "v < 2" } })).toEqual(["/actions/Bump/guard: PF012"]);
    expect(errorsOf("payload-sum", { state: payloadState, bump: { effects: [{ set: "v", to: "v + 1" }] } })).toEqual(["/actions/Bump/effects/0/to: PF012"]);
    expect(errorsOf("payload-into-int", { state: payloadState, bump: { effects: [{ set: "x", to: "v" }] } })).toEqual(["/actions/Bump/effects/0/to: PF012"]);
  });
});
