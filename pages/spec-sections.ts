/**
 * The sections of a protocol page that describe the spec itself: parameters,
 * types, roles (with their state fields and state diagrams), messages, the
 * network and faults, actions, ghosts, invariants and properties.
 */
import type { Bound, ProtocolIR, StateField, Type } from "../generator/ir.js";
import type { ProtocolSpec } from "../generator/spec.js";
import { typeText } from "../generator/types.js";
import { actionCode, blockCode, CODE_LANGUAGE } from "./action-code.js";
import { blocks, cell, code, fence, slug, table } from "./markdown.js";
import type { Reachable } from "./input.js";
import { enumFields, seenTransitions, stateDiagram, transitions } from "./state-diagram.js";

const boundText = (b: Bound): string => ("const" in b ? String(b.const) : code(b.param));
const describe = (text: string | undefined): string => cell(text ?? "");

/** A field's own description, or else that of its named type (a `tmState` of type `ManagerState`). */
function fieldMeaning(ir: ProtocolIR, f: { readonly description?: string; readonly type: Type }): string {
  const typeName = (f.type.kind === "enum" || f.type.kind === "record") && f.type.name !== undefined ? f.type.name : null;
  return describe(f.description ?? ir.types.find((t) => t.name === typeName)?.description);
}

export function parametersSection(ir: ProtocolIR, spec: ProtocolSpec): string | null {
  if (ir.parameters.length === 0) return null;
  const range = (name: string) => {
    const { minimum, maximum } = spec.parameters?.[name] ?? {};
    return minimum === undefined && maximum === undefined ? "any" : `${minimum ?? "…"}..${maximum ?? "…"}`;
  };
  const rows = ir.parameters.map((p) => [code(p.name), String(p.default), range(p.name), describe(p.description)]);
  return blocks("## Parameters {#parameters}", table(["parameter", "default", "allowed", "meaning"], rows));
}

export function typesSection(ir: ProtocolIR): string | null {
  if (ir.types.length === 0) return null;
  const rows = ir.types.map((t) => [code(t.name), code(typeText(t.type)), describe(t.description)]);
  return blocks("## Types {#types}", table(["type", "definition", "meaning"], rows));
}

/** A field's state diagram, saying what it is drawn from: the reachable graph when recorded, else the spec's text. */
function fieldDiagram(ir: ProtocolIR, role: ProtocolIR["roles"][number], field: StateField, diagrams: Reachable | null): string {
  const seen = seenTransitions(diagrams, role.name, field.name);
  const heading = `#### How ${code(field.name)} changes`;
  if (seen === null || diagrams === null) {
    const drawn = transitions(role, field, ir.actions, ir.faults.restart.includes(role.name));
    return blocks(heading, `Drawn from the spec's text, since no certificate records the reachable transitions yet: the actions whose guard and effects can move ${code(field.name)} from one value to another. Some of these moves may never happen in a reachable state.`, fence("mermaid", stateDiagram(field, drawn)));
  }
  const recorded = diagrams.fields.find((f) => f.role === role.name && f.field === field.name)!;
  const rows = recorded.transitions.map((t) => [code(t.from), code(t.to), code(t.action), t.count.toLocaleString("en")]);
  return blocks(
    heading,
    `Drawn from the reachable states: every change of ${code(field.name)} the checker saw among the transitions out of the ${diagrams.states.toLocaleString("en")} states it expanded in the ${code(diagrams.model)} model, by action, with how many transitions made it. A loop is an action that left the value as it was, drawn only for an action whose guard singles out some values of ${code(field.name)} (a handler that runs whatever the value would loop everywhere).`,
    fence("mermaid", stateDiagram(field, seen)),
    rows.length === 0 ? `No reachable transition changes ${code(field.name)}.` : table(["from", "to", "action", "transitions"], rows),
  );
}

function roleSection(ir: ProtocolIR, spec: ProtocolSpec, roleName: string, diagrams: Reachable | null): string {
  const role = ir.roles.find((r) => r.name === roleName)!;
  const fields = spec.roles?.[roleName]?.state ?? {};
  const rows = role.fields.map((f) => [code(f.name), code(typeText(f.type)), code(fields[f.name]?.initial ?? ""), f.persistent ? "persistent" : "volatile", fieldMeaning(ir, f)]);
  const count = `${boundText(role.count)} node${"const" in role.count && role.count.const === 1 ? "" : "s"}${role.symmetric ? ", interchangeable (symmetric)" : ""}.`;
  const fieldDiagrams = enumFields(role).map((f) => fieldDiagram(ir, role, f, diagrams));
  return blocks(`### ${role.name} {#${slug("role", role.name)}}`, role.description, count, table(["field", "type", "initial", "on restart", "meaning"], rows), ...fieldDiagrams);
}

export function rolesSection(ir: ProtocolIR, spec: ProtocolSpec, diagrams: Reachable | null = null): string {
  const restart = ir.faults.restart.length > 0 ? `Nodes of ${ir.faults.restart.map(code).join(", ")} may crash and restart: persistent fields keep their value, volatile ones return to their initial value.` : "No node crashes in this spec; “on restart” says what a restart would keep.";
  return blocks("## Roles {#roles}", restart, ...ir.roles.map((r) => roleSection(ir, spec, r.name, diagrams)));
}

export function messagesSection(ir: ProtocolIR): string | null {
  if (ir.messages.length === 0) return null;
  const fields = (m: ProtocolIR["messages"][number]) => m.fields.map((f) => code(`${f.name}: ${typeText(f.type)}`)).join("<br>") || "none";
  const rows = ir.messages.map((m) => [code(m.name), `${code(m.from)} → ${code(m.to)}`, fields(m), describe(m.description)]);
  return blocks("## Messages {#messages}", table(["message", "from → to", "fields", "meaning"], rows));
}

const NETWORK_KIND: Record<ProtocolIR["network"], string> = {
  multiset: "a bag of messages in flight: any one may be delivered next, and each delivery consumes one copy",
  set: "a set of messages that never forgets: a message may be received any number of times, in any order",
  fifo: "one first-in first-out queue per ordered pair of nodes",
};

export function networkSection(ir: ProtocolIR, spec: ProtocolSpec): string {
  const faults = [ir.faults.loss && "messages may be lost", ir.faults.duplication && "messages may be duplicated", ir.faults.restart.length > 0 && `nodes of ${ir.faults.restart.map(code).join(", ")} may crash and restart`].filter((f): f is string => typeof f === "string");
  return blocks(
    "## Network and faults {#network}",
    `The network is ${code(ir.network)}: ${NETWORK_KIND[ir.network]}.${spec.network?.description ? ` ${spec.network.description}` : ""}`,
    faults.length === 0 ? "Faults: none beyond the reordering the network allows." : `Faults: ${faults.join("; ")}.`,
  );
}

export function actionsSection(ir: ProtocolIR, spec: ProtocolSpec): string {
  const sections = ir.actions.map((a) =>
    blocks(`### ${a.name} {#${slug("action", a.name)}}`, a.description, fence(CODE_LANGUAGE, actionCode(a.name, spec.actions![a.name], a))),
  );
  return blocks("## Actions {#actions}", "Each action is one step of one node: it is enabled when its guard (`when`) holds, and its effects apply in order, each seeing the ones before it.", ...sections);
}

export function blocksSection(ir: ProtocolIR, spec: ProtocolSpec): string | null {
  if (ir.blocks.length === 0) return null;
  const entry = (b: ProtocolIR["blocks"][number]) =>
    blocks(`### ${b.name} {#${slug("block", b.name)}}`, b.description, fence(CODE_LANGUAGE, blockCode(b.name, spec.blocks![b.name], b.params.map((p) => `${p.name}: ${typeText(p.type)}`))));
  return blocks("## Blocks {#blocks}", "Effects written once: an action's `call` runs them in its place, with the arguments bound to the block's parameters.", ...ir.blocks.map(entry));
}

export function definitionsSection(ir: ProtocolIR): string | null {
  if (ir.definitions.length === 0) return null;
  const entry = (d: ProtocolIR["definitions"][number]) => {
    const signature = `${d.name}(${d.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(", ")}): ${typeText(d.returns)}`;
    return blocks(`### ${d.name} {#${slug("definition", d.name)}}`, d.description, fence(CODE_LANGUAGE, `${signature} =\n  ${d.text}`));
  };
  return blocks("## Definitions {#definitions}", "Named pure functions any expression may call.", ...ir.definitions.map(entry));
}

export function ghostsSection(ir: ProtocolIR, spec: ProtocolSpec): string | null {
  if (ir.ghosts.length === 0) return null;
  const rows = ir.ghosts.map((g) => [code(g.name), code(typeText(g.type)), code(spec.ghosts?.[g.name]?.initial ?? ""), describe(g.description)]);
  return blocks("## Ghost variables {#ghosts}", "Verification-only history: invariants read them, the generated runtime never contains them.", table(["ghost", "type", "initial", "meaning"], rows));
}

export function predicatesSection(ir: ProtocolIR): string {
  const entry = (kind: string, p: ProtocolIR["invariants"][number]) => blocks(`### ${p.name} {#${slug(kind, p.name)}}`, p.description, fence(CODE_LANGUAGE, p.text));
  const properties = ir.properties.length === 0 ? null : blocks("## Properties {#properties}", "Step predicates: each relates a state to the next one (`next(e)`).", ...ir.properties.map((p) => entry("property", p)));
  return blocks("## Invariants {#invariants}", "What must hold in every reachable state.", ...ir.invariants.map((p) => entry("invariant", p)), properties);
}
