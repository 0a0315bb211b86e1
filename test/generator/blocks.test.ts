/** Blocks: effects written once, run in place by `call` (generator/lower.ts), and what a wrong block or call gets (issue 13). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../generator/compile.js";
import { check } from "../support/checker.js";

const dir = mkdtempSync(join(tmpdir(), "blocks-"));

function write(name: string, spec: object): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** Two counters that add to their own and to each other's; `bump` binds `next` and `by`, which the caller binds too. */
function counters(effects: readonly object[], blocks: object = BUMP): object {
  return {
    name: "counters",
    title: "Counters",
    description: "Counters.",
    roles: {
      node: {
        count: 2,
        state: { x: { type: { type: "integer", minimum: 0, maximum: 4 }, initial: "0" }, bumps: { type: { type: "integer", minimum: 0, maximum: 9 }, initial: "0" } },
      },
    },
    messages: { Poke: { from: "node", to: "node", fields: { by: { type: "integer", minimum: 1, maximum: 2 } } } },
    blocks,
    actions: {
      Step: { role: "node", params: { by: { type: "integer", minimum: 1, maximum: 2 } }, guard: "bumps < 3", effects },
      OnPoke: { role: "node", on: "Poke", effects: [{ call: "bump", with: { by: "msg.by" } }] },
    },
    invariants: { Bounded: { description: "x stays in range.", expr: "forall i in node: node[i].x <= 4" } },
    models: { ci: { description: "All of it.", symmetry: false, constraint: "inFlight() <= 2" } },
  };
}

const BUMP = {
  bump: {
    description: "Adds `by` to x while it fits, and counts it.",
    role: "node",
    params: { by: { type: "integer", minimum: 1, maximum: 2 } },
    effects: [
      { let: "next", be: "x + by" },
      { if: "next <= 4", then: [{ set: "x", to: "next" }] },
      { set: "bumps", to: "min(bumps + 1, 9)" },
    ],
  },
};

const CALLS = [
  { let: "next", be: "by + 1" },
  { call: "bump", with: { by: "by" } },
  { call: "bump", with: { by: "next - by" } },
  { send: "Poke", to: "if self == 0 then 1 else 0", with: { by: "next - 1" } },
];

const INLINE = [
  { let: "next", be: "by + 1" },
  { let: "next1", be: "x + by" },
  { if: "next1 <= 4", then: [{ set: "x", to: "next1" }] },
  { set: "bumps", to: "min(bumps + 1, 9)" },
  { let: "next2", be: "x + (next - by)" },
  { if: "next2 <= 4", then: [{ set: "x", to: "next2" }] },
  { set: "bumps", to: "min(bumps + 1, 9)" },
  { send: "Poke", to: "if self == 0 then 1 else 0", with: { by: "next - 1" } },
];

const INLINE_SPEC = (() => {
  const spec = counters(INLINE) as { actions: Record<string, object> };
  spec.actions.OnPoke = {
    role: "node",
    on: "Poke",
    effects: [{ let: "next", be: "x + msg.by" }, { if: "next <= 4", then: [{ set: "x", to: "next" }] }, { set: "bumps", to: "min(bumps + 1, 9)" }],
  };
  return { ...spec, blocks: undefined };
})();

describe("a call", () => {
  it("runs the block in place: the same states as the effects written out, names kept apart from the caller's and from another call's", async () => {
    const called = await check(write("called", counters(CALLS)));
    const inline = await check(write("inline", INLINE_SPEC));
    expect(called.result.verdict).toBe("ok");
    expect([called.result.distinctStates, called.result.statesGenerated]).toEqual([inline.result.distinctStates, inline.result.statesGenerated]);
    expect(called.result.distinctStates).toBe(INLINE_DISTINCT);
  });
});

/** Pinned from the inline spec, which needs no block. */
const INLINE_DISTINCT = 95;

function errors(name: string, spec: object): string[][] {
  const compiled = compileSpec(write(name, spec));
  return compiled.ok ? [] : compiled.errors.map((e) => [e.pointer, e.code]);
}

describe("a wrong block or call", () => {
  it("an unknown block is named, with the blocks there are (PF023)", () => {
    expect(errors("unknown", counters([{ call: "bmup", with: { by: "by" } }]))).toEqual([["/actions/Step/effects/0/call", "PF023"]]);
  });

  it("a parameter not given, or one the block does not have (PF012)", () => {
    expect(errors("missing", counters([{ call: "bump" }]))).toEqual([["/actions/Step/effects/0/with", "PF012"]]);
    expect(errors("extra", counters([{ call: "bump", with: { by: "by", step: "1" } }]))).toEqual([["/actions/Step/effects/0/with/step", "PF012"]]);
  });

  it("an error in a block is reported once, where it is, however many calls it has", () => {
    const broken = { bump: { ...BUMP.bump, effects: [{ set: "x", to: "x + missing" }] } };
    expect(errors("broken", counters(CALLS, broken))).toEqual([["/blocks/bump/effects/0/to", "PF011"]]);
  });

  it("a block sees its parameters, not the caller's msg or locals", () => {
    const reads = { bump: { ...BUMP.bump, effects: [{ set: "x", to: "msg.by" }] } };
    expect(errors("reads-msg", counters(CALLS, reads))).toEqual([["/blocks/bump/effects/0/to", "PF011"]]);
  });

  it("a block of another role, and a block that calls itself (PF012, PF026)", () => {
    const spec = counters(CALLS) as { roles: Record<string, object> };
    const other = { ...spec, roles: { ...spec.roles, other: { count: 1, state: { z: { type: { type: "boolean" }, initial: "false" } } } }, blocks: { bump: { ...BUMP.bump, role: "other", effects: [] } } };
    expect(errors("other-role", other)).toEqual([
      ["/actions/Step/effects/1/call", "PF012"],
      ["/actions/Step/effects/2/call", "PF012"],
      ["/actions/OnPoke/effects/0/call", "PF012"],
    ]);
    const loop = { bump: { ...BUMP.bump, effects: [{ call: "bump", with: { by: "by" } }] } };
    expect(errors("recursive", counters(CALLS, loop))).toEqual([["/blocks/bump/effects/0/call", "PF026"]]);
  });
});
