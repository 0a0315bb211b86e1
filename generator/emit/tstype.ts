/** IR types -> TypeScript type text, naming shared types, node ids and messages. */
import type { Type } from "../ir.js";
import { pascal } from "./module.js";

export const nodeIdType = (role: string): string => `${pascal(role)}Id`;
export const roleStateType = (role: string): string => `${pascal(role)}State`;

export function tsType(t: Type): string {
  switch (t.kind) {
    case "bool":
      return "boolean";
    case "int":
      return "number";
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
