/**
 * Bounds belong to check models, not to the protocol (issue 14): in every
 * committed generated folder, the runtime files (types.ts, machine.ts,
 * validators.ts) never name a checkOnly parameter, and their Parameters type
 * lists exactly the protocol's other parameters. The specs whose bounds have
 * moved are pinned, so a spec cannot quietly take a check bound back.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../../generator/compile.js";
import { REPO_ROOT } from "../../support/generate.js";

const RUNTIME_FILES = ["types.ts", "machine.ts", "validators.ts"];

/** Each base spec's check bounds: what its check models bound and its runtime never sees. */
const CHECK_BOUNDS: Readonly<Record<string, readonly string[]>> = {
  raft: ["maxTerm", "maxLogLength", "values", "maxMessages"],
  "crdt-g-counter": ["maxIncrements"],
  "crdt-pn-counter": ["maxUpdates"],
  "crdt-lww-register": ["values", "maxWrites", "maxTime"],
  "lww-hybrid-clock": ["writesPerReplica", "maxTime", "maxSkew", "maxCounter"],
  outbox: ["maxInFlight", "maxDeliveries"],
  "vector-clocks": ["maxEvents"],
  paxos: ["ballots", "values"],
  "multi-paxos": ["ballots"],
  "merkle-anti-entropy": ["maxVersion", "maxWrites", "maxSyncs"],
  "crdt-or-set": ["elements"],
  "session-store": ["ops"],
  "causal-store": ["ops"],
  "ap-store": ["ops"],
  "cp-quorum-store": ["ops"],
  "tunable-quorum-store": ["writes", "reads"],
  "dynamo-siblings": ["ops"],
  "spanner-commit-wait": ["txns", "drift", "horizon"],
};

/** The check bounds model.ts adds to the runtime's Parameters. */
function checkBoundsOf(model: string): string[] {
  const added = /export type Parameters = (?:RuntimeParameters|\{\}) & \{([^}]*)\};/.exec(model);
  return added === null ? [] : [...added[1].matchAll(/readonly (\w+): number;/g)].map((m) => m[1]);
}

/** The parameters types.ts declares. */
function runtimeParameters(types: string): string[] {
  return [.../export type Parameters = \{([^}]*)\};/.exec(types)![1].matchAll(/readonly (\w+): number;/g)].map((m) => m[1]);
}

function generatedFolders(): { readonly folder: string; readonly dir: string }[] {
  const generated = join(REPO_ROOT, "generated");
  return readdirSync(generated, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith("."))
    .map((d) => {
      const dir = join(generated, d.name);
      return { folder: d.name, dir };
    });
}

describe("the generated runtime has no check bound in it", () => {
  const folders = generatedFolders();

  it("no runtime file of any generated folder reads a check bound that its model.ts declares", () => {
    let bounded = 0;
    for (const { folder, dir } of folders) {
      const checkOnly = checkBoundsOf(readFileSync(join(dir, "model.ts"), "utf8"));
      if (checkOnly.length > 0) bounded++;
      const declared = runtimeParameters(readFileSync(join(dir, "types.ts"), "utf8"));
      for (const name of checkOnly) expect(declared, `${folder}/types.ts Parameters`).not.toContain(name);
      for (const file of RUNTIME_FILES) {
        // Comments may name a bound (a parameter's description does); code may not.
        const text = readFileSync(join(dir, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
        for (const name of checkOnly) expect(text, `${folder}/${file} reads ${name}`).not.toMatch(new RegExp(`\\bp\\.${name}\\b|\\b${name}: `));
      }
    }
    expect(bounded).toBeGreaterThanOrEqual(Object.keys(CHECK_BOUNDS).length);
  });

  it("the specs whose bounds moved keep them in their check models, and model.ts and types.ts split the parameters as the spec says", () => {
    for (const [name, bounds] of Object.entries(CHECK_BOUNDS)) {
      const compiled = compileSpec(join(REPO_ROOT, "specs", `${name}.json`));
      if (!compiled.ok) throw new Error(`${name} does not compile`);
      const params = compiled.value.ir.parameters;
      expect(params.filter((p) => p.checkOnly).map((p) => p.name), name).toEqual(bounds);
      expect(checkBoundsOf(readFileSync(join(REPO_ROOT, "generated", name, "model.ts"), "utf8")), `${name}/model.ts`).toEqual(bounds);
      expect(runtimeParameters(readFileSync(join(REPO_ROOT, "generated", name, "types.ts"), "utf8")), `${name}/types.ts`).toEqual(params.filter((p) => !p.checkOnly).map((p) => p.name));
    }
  });

  it("Raft's runtime takes the cluster size only, and carries commands as payloads", () => {
    const types = readFileSync(join(REPO_ROOT, "generated/raft/types.ts"), "utf8");
    expect(types).toContain("export const defaultParameters: Parameters = { servers: 3 };");
    expect(types).toContain("export type Value = Payload;");
    const machine = readFileSync(join(REPO_ROOT, "generated/raft/machine.ts"), "utf8");
    expect(machine).toContain('if (!((state.role !== "leader"))) return out;');
    expect(readFileSync(join(REPO_ROOT, "generated/raft/model.ts"), "utf8")).toContain("return (state.currentTerm < p.maxTerm);");
  });
});
