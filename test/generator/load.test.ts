/** Variants merged over their bases (generator/load.ts): a model of the base's name inherits what the variant does not restate (issue 13). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSpec } from "../../generator/load.js";

const dir = mkdtempSync(join(tmpdir(), "load-"));
const at = (name: string) => join(dir, `${name}.json`);

function write(name: string, spec: object): string {
  writeFileSync(at(name), JSON.stringify(spec));
  return at(name);
}

const base = {
  name: "base",
  title: "Base",
  description: "A base spec.",
  parameters: { n: { default: 2, minimum: 1, maximum: 4 }, m: { default: 1, minimum: 1, maximum: 3 } },
  roles: { node: { count: "$n", state: { x: { type: { type: "boolean" }, initial: "false" } } } },
  actions: { Set: { role: "node", effects: [{ set: "x", to: "true" }] } },
  models: { ci: { description: "Two nodes, bounded.", parameters: { n: 2, m: 2 }, constraint: "true", symmetry: false } },
};
write("base", base);
const variant = (models: object) => ({ name: "variant", title: "Variant", description: "A variant.", extends: "./base.json", expect: "holds", models });

describe("a variant's model of its base's name", () => {
  it("inherits what it does not restate: one parameter changed keeps the constraint, the other parameter and the rest", () => {
    const loaded = loadSpec(write("one-parameter", variant({ ci: { parameters: { n: 3 } } })));
    expect(loaded.ok && loaded.value.spec.models!.ci).toEqual({ description: "Two nodes, bounded.", parameters: { n: 3, m: 2 }, constraint: "true", symmetry: false });
  });

  it("drops the constraint with null, and replaces what it restates", () => {
    const loaded = loadSpec(write("no-constraint", variant({ ci: { description: "Unbounded.", constraint: null, symmetry: true } })));
    expect(loaded.ok && loaded.value.spec.models!.ci).toEqual({ description: "Unbounded.", parameters: { n: 2, m: 2 }, symmetry: true });
  });

  it("errors in what it inherits are the base's, in what it restates the variant's", () => {
    const loaded = loadSpec(write("origins", variant({ ci: { parameters: { n: 3 } } })));
    if (!loaded.ok) throw new Error("does not load");
    const name = (file: string) => basename(file);
    expect(name(loaded.value.originOf("/models/ci/constraint"))).toBe("base.json");
    expect(name(loaded.value.originOf("/models/ci/parameters/m"))).toBe("base.json");
    expect(name(loaded.value.originOf("/models/ci/parameters/n"))).toBe("origins.json");
    expect(name(loaded.value.originOf("/models/ci"))).toBe("origins.json");
  });

  it("a base spec may not drop a constraint: null has nothing to drop there (PF033)", () => {
    const loaded = loadSpec(write("base-null", { ...base, name: "base-null", models: { ci: { constraint: null } } }));
    expect(!loaded.ok && loaded.errors.map((e) => [e.pointer, e.code])).toEqual([["/models/ci/constraint", "PF033"]]);
  });
});

describe("a variant's action of its base's name", () => {
  const guarded = { ...base, name: "guarded", actions: { Set: { description: "Sets x.", role: "node", guard: "not x", effects: [{ set: "x", to: "true" }] } } };
  const actionVariant = (file: string, actions: object) => ({ name: "partial", title: "Partial", description: "A variant.", extends: `./${file}.json`, expect: "holds", actions });

  it("changes one guard without restating the action: the rest is the base's", () => {
    write("guarded", guarded);
    const loaded = loadSpec(write("guard-only", actionVariant("guarded", { Set: { guard: "true" } })));
    expect(loaded.ok && loaded.value.spec.actions!.Set).toEqual({ description: "Sets x.", role: "node", guard: "true", effects: [{ set: "x", to: "true" }] });
  });

  it("follows a later change of its base's effects", () => {
    write("evolving", guarded);
    const file = write("follows", actionVariant("evolving", { Set: { guard: "true" } }));
    write("evolving", { ...guarded, actions: { Set: { ...guarded.actions.Set, effects: [{ set: "x", to: "not x" }] } } });
    const loaded = loadSpec(file);
    expect(loaded.ok && loaded.value.spec.actions!.Set.effects).toEqual([{ set: "x", to: "not x" }]);
  });

  it("drops the base's guard with null, and says which file wrote what", () => {
    write("guarded", guarded);
    const loaded = loadSpec(write("no-guard", actionVariant("guarded", { Set: { guard: null } })));
    if (!loaded.ok) throw new Error("does not load");
    expect(loaded.value.spec.actions!.Set).toEqual({ description: "Sets x.", role: "node", effects: [{ set: "x", to: "true" }] });
    expect(basename(loaded.value.originOf("/actions/Set/guard"))).toBe("no-guard.json");
    expect(basename(loaded.value.originOf("/actions/Set/effects/0/to"))).toBe("guarded.json");
    expect(basename(loaded.value.originOf("/actions/Set"))).toBe("no-guard.json");
  });

  it("a new action must be whole: the merged spec is checked against the meta-schema, at the variant's file", () => {
    write("guarded", guarded);
    const loaded = loadSpec(write("half-new", actionVariant("guarded", { Other: { guard: "true" } })));
    expect(!loaded.ok && loaded.errors.map((e) => [basename(e.file), e.pointer, e.code])).toEqual([["half-new.json", "/actions/Other", "PF004"]]);
  });

  it("a base spec's action must be whole", () => {
    const loaded = loadSpec(write("base-partial", { ...base, name: "base-partial", actions: { Set: { guard: "true" } } }));
    expect(!loaded.ok && loaded.errors.map((e) => [e.pointer, e.code])).toEqual([["/actions/Set", "PF004"]]);
  });

  it("a role's state fields inherit one by one: one field made volatile keeps the others and its own type", () => {
    const persistent = { ...base, name: "persistent", roles: { node: { count: "$n", state: { x: { type: { type: "boolean" }, initial: "false", persistent: true }, y: { type: { type: "boolean" }, initial: "true" } } } } };
    write("persistent", persistent);
    const loaded = loadSpec(write("volatile-x", { ...actionVariant("persistent", {}), roles: { node: { state: { x: { persistent: false } } } } }));
    expect(loaded.ok && loaded.value.spec.roles!.node).toEqual({ count: "$n", state: { x: { type: { type: "boolean" }, initial: "false", persistent: false }, y: { type: { type: "boolean" }, initial: "true" } } });
  });
});
