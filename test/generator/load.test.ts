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
