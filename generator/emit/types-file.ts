/** generated/<protocol>/types.ts: parameters, node ids, shared types, role states and messages. */
import type { ProtocolIR } from "../ir.js";
import { header } from "./header.js";
import { docComment } from "./text.js";
import { nodeIdType, roleStateType, tsType, usesPayload } from "./tstype.js";

const doc = (text: string | undefined): string => (text === undefined ? "" : `${docComment(text)}\n`);

export function emitTypesFile(ir: ProtocolIR): string {
  const parts: string[] = [header(ir.file, `Types of the ${ir.title} protocol.`)];
  // Check bounds (checkOnly parameters) belong to check models: the runtime never has them.
  const runtime = ir.parameters.filter((p) => !p.checkOnly);
  parts.push(
    `${doc("The parameters a cluster of this protocol is built with.")}export type Parameters = {\n${runtime.map((p) => `${doc(p.description)}readonly ${p.name}: number;`).join("\n")}\n};`,
    `export const defaultParameters: Parameters = { ${runtime.map((p) => `${p.name}: ${p.default}`).join(", ")} };`,
    `/** Each parameter's allowed range. */\nexport const parameterRanges = { ${runtime.map((p) => `${p.name}: { min: ${p.min}, max: ${p.max} }`).join(", ")} } as const;`,
  );
  if (usesPayload(ir)) parts.push(`/** Data the protocol carries without reading it (a client command, a stored value): any JSON value the application chooses. */\nexport type Payload = null | boolean | number | string | readonly Payload[] | { readonly [key: string]: Payload };`);
  for (const role of ir.roles) parts.push(`${doc(`The id of a ${role.name} node: 0 up to the number of ${role.name} nodes, exclusive.`)}export type ${nodeIdType(role.name)} = number;`);
  for (const t of ir.types) {
    if (t.type.kind === "record") {
      parts.push(`${doc(t.description)}export interface ${t.name} {\n${t.type.fields.map((f) => `${doc(f.description)}readonly ${f.name}: ${tsType(f.type)};`).join("\n")}\n}`);
    } else {
      parts.push(`${doc(t.description)}export type ${t.name} = ${tsType({ ...t.type, name: undefined } as typeof t.type)};`);
    }
  }
  for (const role of ir.roles) {
    const fields = role.fields.map((f) => `${doc(`${f.description ?? ""}${f.persistent ? " (persistent)" : " (volatile)"}`.trim())}readonly ${f.name}: ${tsType(f.type)};`);
    parts.push(`${doc(role.description)}export interface ${roleStateType(role.name)} {\n${fields.join("\n")}\n}`);
  }
  for (const m of ir.messages) {
    const fields = [`readonly type: "${m.name}";`, `readonly from: ${nodeIdType(m.from)};`, `readonly to: ${nodeIdType(m.to)};`, ...m.fields.map((f) => `${doc(f.description)}readonly ${f.name}: ${tsType(f.type)};`)];
    parts.push(`${doc(m.description)}export interface ${m.name} {\n${fields.join("\n")}\n}`);
  }
  parts.push(
    ir.messages.length === 0
      ? "/** This protocol sends no messages: no value has this type. */\nexport type Message = { readonly type: never; readonly from: never; readonly to: never };"
      : `/** Every message of the protocol, told apart by \`type\`. */\nexport type Message = ${ir.messages.map((m) => m.name).join(" | ")};`,
  );
  parts.push(`/** What one handler call produces: the node's next state and the messages to send, in order. */\nexport interface Outcome<S> {\n  readonly state: S;\n  readonly send: readonly Message[];\n}`);
  return parts.join("\n\n") + "\n";
}
