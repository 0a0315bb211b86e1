/**
 * Emits the conversion of a state to the Informal Trace Format (ITF, the JSON
 * traces Apalache and Quint read): integers as {"#bigint"}, sets as {"#set"},
 * maps as {"#map"}, optionals as Quint's Option variant.
 */
import type { ProtocolIR, Type } from "../ir.js";
import type { ModuleHelpers } from "./module.js";

const bigint = (v: string): string => `{ "#bigint": String(${v}) }`;

/** The body of a message function in a protocol that has none. */
export const NO_MESSAGES = 'throw new Error("this protocol sends no messages");';

export function itfValue(t: Type, v: string, h: ModuleHelpers, depth = 0): string {
  const e = `e${depth}`;
  switch (t.kind) {
    case "bool":
    case "enum":
      return v;
    case "int":
    case "node":
      return bigint(v);
    case "record":
      return `{ ${t.fields.map((f) => `${f.name}: ${itfValue(f.type, `${v}.${f.name}`, h, depth)}`).join(", ")} }`;
    case "seq":
      return `${v}.map((${e}) => (${itfValue(t.elem, e, h, depth + 1)}))`;
    case "set":
      return `{ "#set": ${v}.map((${e}) => (${itfValue(t.elem, e, h, depth + 1)})) }`;
    case "map":
      return `{ "#map": ${v}.map((${e}, k${depth}) => [${itfKey(t.key, `k${depth}`, h)}, ${itfValue(t.value, e, h, depth + 1)}]) }`;
    case "optional":
      return `(${v} === null ? { tag: "None", value: { "#tup": [] } } : { tag: "Some", value: ${itfValue(t.inner, v, h, depth)} })`;
    case "message":
      return `messageToItf(p, ${v})`;
  }
}

/** A map key from its position in the map's array. */
function itfKey(key: Type, position: string, h: ModuleHelpers): string {
  switch (key.kind) {
    case "enum":
      return `${h.constant("values", JSON.stringify(key.values))}[${position}]`;
    case "bool":
      return `${position} === 1`;
    case "int":
      return bigint(`${position} + ${h.bound(key.min!)}`);
    default:
      return bigint(position);
  }
}

export function itfFunctions(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const cases = ir.messages.map((m) => {
    const fields = m.fields.map((f) => `, ${f.name}: ${itfValue(f.type, `m.${f.name}`, h)}`).join("");
    return `case "${m.name}": return { type: m.type, from: ${bigint("m.from")}, to: ${bigint("m.to")}${fields} };`;
  });
  const network = ir.network === "set" ? `{ "#set": st.network.map((m) => messageToItf(p, m)) }` : "st.network.map((m) => messageToItf(p, m))";
  const vars = [
    ...ir.roles.map((r) => `${r.name}: { "#map": st.nodes.${r.name}.map((n, i) => [${bigint("i")}, { ${r.fields.map((f) => `${f.name}: ${itfValue(f.type, `n.${f.name}`, h)}`).join(", ")} }]) }`),
    `network: ${network}`,
    ...ir.ghosts.map((g) => `${g.name}: ${itfValue(g.type, `st.ghosts.${g.name}`, h)}`),
  ];
  return [
    "function messageToItf(p: Parameters, m: Message): object {",
    ...(ir.messages.length === 0 ? [NO_MESSAGES] : ["switch (m.type) {", ...cases, "}"]),
    "}",
    "",
    "/** The state as ITF variables: one map per role from node id to its state, the network, the ghosts. */",
    "function stateToItf(p: Parameters, st: State): Record<string, unknown> {",
    `return { ${vars.join(", ")} };`,
    "}",
    "",
  ];
}
