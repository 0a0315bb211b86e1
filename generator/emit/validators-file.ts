/**
 * generated/<protocol>/validators.ts (+ message-schemas.js): ajv standalone
 * validators for every message, so a runtime rejects a malformed message with a
 * clear error. Bounds that name a parameter depend on the cluster, so the ajv
 * schema checks shape and fixed bounds, and a generated check adds the rest.
 * Check bounds (checkOnly parameters) are no part of either: a validator
 * rejects what is malformed, never a term higher than a check model explores.
 */
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Bound, ProtocolIR, Type } from "../ir.js";
import { nodeCheck } from "./codec.js";
import { header } from "./header.js";
import { ModuleHelpers } from "./module.js";

const require = createRequire(import.meta.url);
const standaloneCode = require("ajv/dist/standalone").default as (ajv: Ajv2020, refs: Record<string, string>) => string;

/** The JSON Schema of a value of type t, with parameter bounds left to the generated check. */
export function jsonSchema(t: Type): object {
  switch (t.kind) {
    case "bool":
      return { type: "boolean" };
    case "int": {
      if (t.payload) return {};
      const bounds: Record<string, number> = {};
      if (t.min !== null && "const" in t.min) bounds.minimum = t.min.const;
      if (t.max !== null && "const" in t.max) bounds.maximum = t.max.const;
      return { type: "integer", ...bounds };
    }
    case "node":
      return { type: "integer", minimum: 0 };
    case "enum":
      return { enum: t.values };
    case "record":
      return { type: "object", properties: Object.fromEntries(t.fields.map((f) => [f.name, jsonSchema(f.type)])), required: t.fields.map((f) => f.name), additionalProperties: false };
    case "seq":
    case "set":
    case "map":
      return { type: "array", items: jsonSchema(t.kind === "map" ? t.value : t.elem), ...(t.kind === "set" ? { uniqueItems: true } : {}) };
    case "optional":
      return { anyOf: [{ type: "null" }, jsonSchema(t.inner)] };
    case "message":
      return {};
  }
}

export function messageSchema(ir: ProtocolIR, name: string): object {
  const m = ir.messages.find((x) => x.name === name)!;
  const properties = { type: { const: name }, from: { type: "integer", minimum: 0 }, to: { type: "integer", minimum: 0 }, ...Object.fromEntries(m.fields.map((f) => [f.name, jsonSchema(f.type)])) };
  return { $id: name, type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

export function emitMessageSchemas(ir: ProtocolIR): string {
  // The schemas are ours, built by jsonSchema: checking each against the JSON Schema meta-schema cost 15-30 ms a spec, most of an emit.
  const ajv = new Ajv2020({ code: { source: true, esm: true }, allErrors: false, strict: true, validateSchema: false });
  for (const m of ir.messages) ajv.addSchema(messageSchema(ir, m.name));
  const code = standaloneCode(ajv, Object.fromEntries(ir.messages.map((m) => [`validate${m.name}`, m.name])));
  return [header(ir.file, `Ajv standalone validators of the ${ir.title} messages.`), `import { createRequire } from "node:module";`, "const require = createRequire(import.meta.url);", code].join("\n") + "\n";
}

export function emitSchemasDeclaration(ir: ProtocolIR): string {
  const lines = ir.messages.map((m) => `export declare const validate${m.name}: SchemaValidator;`);
  return [header(ir.file, "Types of message-schemas.js."), `export interface SchemaValidator {\n  (value: unknown): boolean;\n  errors?: { instancePath: string; message?: string; params?: { additionalProperty?: string } }[] | null;\n}`, ...lines].join("\n") + "\n";
}

export function emitValidatorsFile(ir: ProtocolIR): string {
  if (ir.messages.length === 0) {
    return [
      header(ir.file, `Runtime validation of ${ir.title} messages: this protocol has none.`),
      `import type { Message, Parameters } from "./types.js";`,
      "",
      "export type Validation = { readonly ok: true; readonly message: Message } | { readonly ok: false; readonly error: string };",
      "",
      "/** This protocol sends no messages, so no value is one. */",
      "export function validateMessage(value: unknown, p: Parameters): Validation {",
      `return { ok: false, error: "/type: this protocol has no messages" };`,
      "}",
    ].join("\n") + "\n";
  }
  const h = new ModuleHelpers(ir);
  const checks = ir.messages.flatMap((m) => {
    const fields: { name: string; type: Type }[] = [{ name: "from", type: { kind: "node", role: m.from } }, { name: "to", type: { kind: "node", role: m.to } }, ...m.fields];
    return [`case "${m.name}":`, ...fields.flatMap((f) => boundChecks(f.type, `m.${f.name}`, `/${f.name}`, h)), "break;"];
  });
  const boundOverflow = h.use("BoundOverflow");
  const byType = ir.messages.map((m) => `${m.name}: schemas.validate${m.name}`).join(", ");
  return [
    header(ir.file, `Runtime validation of ${ir.title} messages: shape by the JSON Schema, then the bounds that depend on the parameters.`),
    `import * as schemas from "./message-schemas.js";`,
    `import type { Message, Parameters } from "./types.js";`,
    ...h.imports(),
    "",
    ...h.declarations(),
    "",
    `const BY_TYPE: Readonly<Record<string, schemas.SchemaValidator>> = { ${byType} };`,
    "",
    "export type Validation = { readonly ok: true; readonly message: Message } | { readonly ok: false; readonly error: string };",
    "",
    "/** Accepts a received value as a message of this protocol, or says what is wrong with it. */",
    "export function validateMessage(value: unknown, p: Parameters): Validation {",
    `const type = typeof value === "object" && value !== null ? (value as { type?: unknown }).type : undefined;`,
    `const validate = typeof type === "string" && Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type] : undefined;`,
    `if (validate === undefined) return { ok: false, error: \`/type: must be one of ${ir.messages.map((m) => m.name).join(", ")}\` };`,
    "if (!validate(value)) {",
    "const e = validate.errors?.[0];",
    "const extra = e?.params?.additionalProperty;",
    `return { ok: false, error: \`\${e?.instancePath || "/"}: \${extra === undefined ? (e?.message ?? "is not a valid message") : \`has no field '\${extra}'\`}\` };`,
    "}",
    "const m = value as Message;",
    "try {",
    "switch (m.type) {",
    ...checks,
    "}",
    "} catch (e) {",
    `if (e instanceof ${boundOverflow}) return { ok: false, error: \`\${e.path}: must be \${e.expected}\` };`,
    "throw e;",
    "}",
    "return { ok: true, message: m };",
    "}",
  ].filter((l, i, all) => l !== "" || all[i - 1] !== "").join("\n") + "\n";
}

/**
 * Statements that raise an overflow when value `v` breaks a bound of its type
 * that depends on the cluster: a node id, an entry per key, a bound of a
 * protocol parameter. Bounds of checkOnly parameters are left out.
 */
function boundChecks(t: Type, v: string, path: string, h: ModuleHelpers, depth = 0): string[] {
  const x = `x${depth}`;
  // A fixed bound is the JSON Schema's to check; a checkOnly one binds in check models only.
  const runtime = (b: Bound | null | undefined): string | null => (b === undefined || (b !== null && "const" in b) ? null : h.runtimeBound(b));
  switch (t.kind) {
    case "int": {
      const [min, max] = t.payload ? [null, null] : [runtime(t.min), runtime(t.max)];
      if (min === null && max === null) return [];
      const test = [min === null ? null : `${x} >= ${min}`, max === null ? null : `${x} <= ${max}`].filter((c) => c !== null).join(" && ");
      const expected = min === null ? `at most \${${max}}` : max === null ? `at least \${${min}}` : `an integer in \${${min}}..\${${max}}`;
      return [`{ const ${x} = ${v}; if (!(${test})) ${h.use("overflow")}(\`${path}\`, ${x}, \`${expected}\`); }`];
    }
    case "node":
      return [`{ const ${x} = ${v}; ${nodeCheck(t.role, x, path, h)} }`];
    case "record":
      return t.fields.flatMap((f) => boundChecks(f.type, `${v}.${f.name}`, `${path}.${f.name}`, h, depth));
    case "seq":
    case "set": {
      const limit = runtime(t.max);
      const each = boundChecks(t.elem, `e${depth}`, `${path}[]`, h, depth + 1);
      const check = limit === null ? [] : [`if (${v}.length > ${limit}) ${h.use("overflow")}(\`${path}\`, ${v}.length, \`at most \${${limit}} items\`);`];
      return [...check, ...(each.length === 0 ? [] : [`for (const e${depth} of ${v}) {`, ...each, "}"])];
    }
    case "map": {
      const each = boundChecks(t.value, `e${depth}`, `${path}[]`, h, depth + 1);
      return [
        `if (${v}.length !== ${h.keyCount(t.key)}) ${h.use("overflow")}(\`${path}\`, ${v}.length, \`one entry per key (\${${h.keyCount(t.key)}})\`);`,
        ...(each.length === 0 ? [] : [`for (const e${depth} of ${v}) {`, ...each, "}"]),
      ];
    }
    case "optional": {
      const inner = boundChecks(t.inner, v, path, h, depth);
      return inner.length === 0 ? [] : [`if (${v} !== null) {`, ...inner, "}"];
    }
    default:
      return [];
  }
}
