/** The schema of a variant's file (generator/variant-schema.ts), committed for editors as specs/schema/variant.schema.json (issue 13). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { VARIANT_SCHEMA_FILE, variantSchema, variantSchemaText } from "../../generator/variant-schema.js";
import { REPO_ROOT } from "../support/generate.js";

const read = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;
const meta = read("specs/schema/protocol.schema.json");
const compile = (schema: object) => new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const variants = readdirSync(join(REPO_ROOT, "specs/variants")).map((f) => ({ file: f, spec: read(join("specs/variants", f)) }));

describe("the variant schema", () => {
  it("is the committed file, derived from the meta-schema", () => {
    expect(readFileSync(join(REPO_ROOT, VARIANT_SCHEMA_FILE), "utf8")).toBe(variantSchemaText(meta));
  });

  it("accepts every variant of the repository, some of which the meta-schema refuses since they restate an entry in part", () => {
    const variant = compile(variantSchema(meta));
    const strict = compile(meta);
    expect(variants.filter((v) => !variant(v.spec)).map((v) => v.file)).toEqual([]);
    expect(variants.filter((v) => !strict(v.spec)).map((v) => v.file)).toEqual(expect.arrayContaining(["raft-vote-for-rival.json", "raft-volatile-log.json"]));
  });

  it("lets an entry give one key, and null drop a key or remove a role's field, but keeps every key's type", () => {
    const variant = compile(variantSchema(meta));
    const spec = (extra: object) => ({ name: "v", title: "V", description: "V.", extends: "./base.json", expect: "holds", ...extra });
    expect(variant(spec({ actions: { Step: { guard: null } }, roles: { node: { state: { x: null, y: { persistent: false } } } } }))).toBe(true);
    expect(variant(spec({ actions: { Step: { guard: 3 } } }))).toBe(false);
    expect(variant(spec({ actions: { Step: { gaurd: "true" } } }))).toBe(false);
  });
});
