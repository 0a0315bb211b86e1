/**
 * docs/reference/spec-format.md, generated from the meta-schema
 * (specs/schema/protocol.schema.json): every key of a spec, of each part of
 * it, with whether it is required, what it holds, and its description.
 */
import { blocks, cell, code, slug, table } from "./markdown.js";
import { generatedHeader } from "./protocol-page.js";

/** The slice of JSON Schema the meta-schema uses. */
export interface SchemaNode {
  readonly description?: string;
  readonly type?: string;
  readonly $ref?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}

const defName = (ref: string): string => ref.replace("#/$defs/", "");
const defLink = (name: string): string => `[${name}](#${slug("def", name)})`;

/** What a key holds, in a few words, linking to the sections of the parts it is made of. */
export function shapeText(node: SchemaNode): string {
  if (node.$ref !== undefined) return defLink(defName(node.$ref));
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (node.enum !== undefined) return node.enum.map((v) => code(JSON.stringify(v))).join(" or ");
  if (node.anyOf !== undefined) return node.anyOf.map(shapeText).filter((t) => !t.includes("removed")).join(" or ");
  if (node.oneOf !== undefined) return node.oneOf.map(shapeText).join(" or ");
  if (node.type === "array" && node.items !== undefined) return `array of ${shapeText(node.items)}`;
  if (node.type === "object" && typeof node.additionalProperties === "object") return `map from name to ${shapeText(node.additionalProperties)}`;
  return node.type ?? "object";
}

/** The keys of an object written inline (not a named part): `network`, `faults`, a reference. */
const inlineKeys = (node: SchemaNode): SchemaNode | null => (node.properties !== undefined ? node : node.items?.properties !== undefined ? node.items : null);

/** A table of an object's keys; `inlineLinks` links inline objects to their own table (`#key-<name>`). */
function keysTable(node: SchemaNode, inlineLinks = false): string {
  const required = new Set(node.required ?? []);
  const shape = (key: string, value: SchemaNode) => {
    if (!inlineLinks || inlineKeys(value) === null) return shapeText(value);
    const link = `[object](#${slug("key", key)})`;
    return value.type === "array" ? `array of ${link}` : link;
  };
  const rows = Object.entries(node.properties ?? {}).map(([key, value]) => [code(key), required.has(key) ? "yes" : "", shape(key, value), cell(value.description ?? "")]);
  return table(["key", "required", "value", "meaning"], rows);
}

function inlineSections(schema: SchemaNode): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, value]) => {
    const keys = inlineKeys(value);
    return keys === null ? [] : [blocks(`### ${code(key)} {#${slug("key", key)}}`, keys.description ?? value.description ?? "", keysTable(keys))];
  });
}

/** A part of the format: its keys, or one table per form when it has several (a type, an effect). */
function defSection(name: string, node: SchemaNode): string {
  const forms = (node.oneOf ?? []).filter((f) => f.properties !== undefined);
  const body = forms.length > 0
    ? forms.map((f, i) => blocks(`### ${name}, form ${i + 1}: ${cell(f.description ?? "")} {#${slug("def", name, String(i + 1))}}`, keysTable(f)))
    : [keysTable(node)];
  return blocks(`## ${name} {#${slug("def", name)}}`, node.description ?? "", ...body);
}

/** Definitions with no keys of their own (names, bounds, expressions) go in one table. */
function scalarsSection(defs: readonly [string, SchemaNode][]): string {
  const rows = defs.map(([name, node]) => [`<span id="${slug("def", name)}">${code(name)}</span>`, node.pattern === undefined ? shapeText(node) : code(node.pattern), cell(node.description ?? "")]);
  return blocks("## Names, bounds and expressions {#names}", table(["name", "form", "meaning"], rows));
}

export function specFormatPage(schema: SchemaNode, schemaFile: string): string {
  const defs = Object.entries(schema.$defs ?? {});
  const hasKeys = ([, node]: [string, SchemaNode]) => node.properties !== undefined || node.oneOf !== undefined;
  return (
    blocks(
      ["---", 'title: "Spec format"', "outline: [2, 3]", "---"].join("\n"),
      generatedHeader([schemaFile]),
      "# Spec format",
      schema.description ?? "",
      `This page is generated from the descriptions in the meta-schema, ${code(schemaFile)}; editors that follow a spec's ${code("$schema")} show the same text as you type. Expressions are described in [Expressions](./expressions.md), what a step does in [Semantics](./semantics.md).`,
      "## A spec {#def-spec}",
      keysTable(schema, true),
      ...inlineSections(schema),
      ...defs.filter(hasKeys).map(([name, node]) => defSection(name, node)),
      scalarsSection(defs.filter((d) => !hasKeys(d))),
    ) + "\n"
  );
}
