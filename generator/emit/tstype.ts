/** IR types -> TypeScript type text, naming shared types, node ids and messages. */
import type { ProtocolIR, Type } from "../ir.js";
import { pascal } from "./module.js";

export const nodeIdType = (role: string): string => `${pascal(role)}Id`;
export const roleStateType = (role: string): string => `${pascal(role)}State`;

export function tsType(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "boolean";
    case "int":
      return t.payload ? "Payload" : "number";
    case "enum":
      return t.name ?? t.values.map((v) => JSON.stringify(v)).join(" | ");
    case "node":
      return nodeIdType(t.role);
    case "record":
      return t.name ?? `{ ${t.fields.map((f) => `readonly ${f.name}: ${tsType(f.type)}`).join("; ")} }`;
    case "seq":
    case "set":
      return `readonly ${wrap(tsType(t.elem))}[]`;
    case "map":
      return `readonly ${wrap(tsType(t.value))}[]`;
    case "optional":
      return `${tsType(t.inner)} | null`;
    case "message":
      return t.name;
  }
}

function wrap(text: string): string {
  return /[|\s]/.test(text) && !text.startsWith("{") ? `(${text})` : text;
}

/** Whether some type of the protocol holds a payload (then types.ts declares Payload). */
export function usesPayload(ir: ProtocolIR): boolean {
  const types = [
    ...ir.types.map((t) => t.type),
    ...ir.roles.flatMap((r) => r.fields.map((f) => f.type)),
    ...ir.messages.flatMap((m) => m.fields.map((f) => f.type)),
    ...ir.actions.flatMap((a) => a.params.map((q) => q.type)),
    ...ir.ghosts.map((g) => g.type),
    ...ir.definitions.flatMap((d) => [d.returns, ...d.params.map((q) => q.type)]),
  ];
  return types.some(holdsPayload);
}

function holdsPayload(t: Type): boolean {
  switch (t.kind) {
    case "int":
      return t.payload === true;
    case "record":
      return t.fields.some((f) => holdsPayload(f.type));
    case "seq":
    case "set":
      return holdsPayload(t.elem);
    case "map":
      return holdsPayload(t.key) || holdsPayload(t.value);
    case "optional":
      return holdsPayload(t.inner);
    default:
      return false;
  }
}
