/**
 * What an editor offers at the cursor in a spec: inside an expression string
 * the names it may use there (the action's state fields, `msg.` and the fields
 * of the message it receives, parameters, definitions, ghosts, enum values and
 * the language's functions); message and block names where one is named. Pure: the
 * text, the cursor and the spec (merged with its base, when it loads).
 */
import { BUILTIN_FUNCTIONS } from "../../generator/expr/typecheck.js";
import { decodedUpTo, stringAt } from "../../generator/locate.js";
import { MERGED_MAPS, type ProtocolSpec, type TypeSpec } from "../../generator/spec.js";

export type CompletionKind = "field" | "message" | "parameter" | "definition" | "ghost" | "enum" | "function" | "variable" | "role" | "block";

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail: string;
}

/** The keys whose string names a message (an effect's), rather than holding an expression. */
const MESSAGE_KEYS = new Set(["send", "broadcast", "multicast", "on"]);
/** The keys whose string is an expression (`with` entries are, too). */
const EXPRESSION_KEYS = new Set(["guard", "set", "to", "if", "from", "where", "be", "expr", "initial", "constraint", "count"]);
/** What every message has besides its declared fields. */
const MESSAGE_HEADER = ["from", "to"];

/** The completions at `offset` of `text`: none outside a string the spec reads as a name or an expression. */
export function completionsAt(text: string, offset: number, spec: ProtocolSpec | null): Completion[] {
  const place = stringAt(text, offset);
  if (place === null) return [];
  const keys = place.keys;
  const last = keys[keys.length - 1];
  const inSteps = keys[0] === "actions" || keys[0] === "blocks";
  if (MESSAGE_KEYS.has(last) && (inSteps || keys[0] === "messages")) return messageNames(spec);
  if (last === "call" && inSteps) return blockNames(spec);
  if (last === "role" || (keys[0] === "messages" && (last === "from" || last === "to") && keys.length === 3)) return roleNames(spec);
  if (last === "ghost" && inSteps) return entries(spec?.ghosts).map(([name, g]) => item(name, "ghost", `ghost: ${typeText(g.type)}`));
  if (!EXPRESSION_KEYS.has(last) && keys[keys.length - 2] !== "with") return [];
  const before = decodedUpTo(text, place.contentStart, offset);
  const action = keys[0] === "actions" ? spec?.actions?.[keys[1]] : undefined;
  const block = keys[0] === "blocks" ? spec?.blocks?.[keys[1]] : undefined;
  if (/\bmsg\.\w*$/.test(before)) return messageFields(spec, action?.on);
  if (/'\w*$/.test(before)) return enumValues(spec);
  const definition = keys[0] === "definitions" ? spec?.definitions?.[keys[1]] : undefined;
  return [
    ...stateFields(spec, action?.role ?? block?.role ?? (keys[0] === "roles" ? keys[1] : undefined)),
    ...(action?.on === undefined ? [] : [item("msg", "variable", `the ${action.on} message received`)]),
    ...entries(action?.params).map(([name, type]) => item(name, "parameter", `parameter of the action: ${typeText(type)}`)),
    ...entries(block?.params).map(([name, type]) => item(name, "parameter", `parameter of the block: ${typeText(type)}`)),
    ...entries(definition?.params).map(([name, type]) => item(name, "parameter", `parameter of the definition: ${typeText(type)}`)),
    ...specNames(spec),
    ...BUILTIN_FUNCTIONS.map((f) => item(f, "function", "built-in function")),
  ];
}

/**
 * What to complete from while the text does not load (a new action still
 * without its effects): the last spec that loaded, with the entries the text
 * now has in its maps put over it. Entries may be incomplete; what reads them
 * here expects that.
 */
export function withEntriesOf(last: ProtocolSpec | undefined, text: string): ProtocolSpec | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return last;
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return last;
  const spec: Record<string, unknown> = { ...last };
  for (const key of MERGED_MAPS) {
    const entries = (raw as Record<string, unknown>)[key];
    if (typeof entries === "object" && entries !== null) spec[key] = { ...(spec[key] as object), ...entries };
  }
  return spec as unknown as ProtocolSpec;
}

const item = (label: string, kind: CompletionKind, detail: string): Completion => ({ label, kind, detail });

/** A map's entries but those a variant removes (null) and those not yet written as objects. */
const entries = <T>(map: Readonly<Record<string, T>> | undefined): [string, T][] => Object.entries(map ?? {}).filter(([, v]) => typeof v === "object" && v !== null);

function messageNames(spec: ProtocolSpec | null): Completion[] {
  return entries(spec?.messages).map(([name, m]) => item(name, "message", `message ${m.from} -> ${m.to}`));
}

function blockNames(spec: ProtocolSpec | null): Completion[] {
  return entries(spec?.blocks).map(([name, b]) => item(name, "block", `block of ${b.role}(${Object.keys(b.params ?? {}).join(", ")})`));
}

function roleNames(spec: ProtocolSpec | null): Completion[] {
  return entries(spec?.roles).map(([name]) => item(name, "role", "role"));
}

function messageFields(spec: ProtocolSpec | null, on: string | undefined): Completion[] {
  const message = on === undefined ? undefined : spec?.messages?.[on];
  if (typeof message !== "object" || message === null) return [];
  return [...entries(message.fields).map(([name, type]) => item(name, "field", `${on}.${name}: ${typeText(type)}`)), ...MESSAGE_HEADER.map((name) => item(name, "field", `${on}.${name}`))];
}

function stateFields(spec: ProtocolSpec | null, role: string | undefined): Completion[] {
  const fields = role === undefined ? undefined : spec?.roles?.[role]?.state;
  return entries(fields).map(([name, field]) => item(name, "field", `${role}.${name}: ${typeText(field.type)}`));
}

/** Names any expression of the spec may use. */
function specNames(spec: ProtocolSpec | null): Completion[] {
  return [
    ...entries(spec?.parameters).map(([name, p]) => item(name, "parameter", `parameter (default ${p.default})`)),
    ...entries(spec?.definitions).map(([name, d]) => item(name, "definition", `definition(${Object.keys(d.params ?? {}).join(", ")}): ${typeText(d.returns)}`)),
    ...entries(spec?.ghosts).map(([name, g]) => item(name, "ghost", `ghost: ${typeText(g.type)}`)),
  ];
}

/** The values of every enum of the spec (written 'value' in expressions), named types first. */
function enumValues(spec: ProtocolSpec | null): Completion[] {
  const found = new Map<string, string>();
  const visit = (type: TypeSpec | undefined, where: string): void => {
    if (typeof type !== "object" || type === null) return;
    if ("enum" in type && Array.isArray(type.enum)) for (const v of type.enum) if (!found.has(v)) found.set(v, where);
    if ("items" in type) visit(type.items, where);
    if ("properties" in type) for (const t of Object.values(type.properties)) visit(t, where);
    if ("anyOf" in type) for (const t of type.anyOf) visit(t, where);
  };
  for (const [name, type] of entries(spec?.types)) visit(type, `a value of ${name}`);
  for (const [role, r] of entries(spec?.roles)) for (const [name, f] of entries(r.state)) visit(f.type, `a value of ${role}.${name}`);
  for (const [message, m] of entries(spec?.messages)) for (const [name, t] of entries(m.fields)) visit(t, `a value of ${message}.${name}`);
  return [...found].map(([value, where]) => item(value, "enum", where));
}

/** A type in a few words, for a completion's detail; `?` for one not yet (fully) written. */
function typeText(type: unknown): string {
  if (typeof type !== "object" || type === null) return "?";
  const t = type as Record<string, unknown>;
  if (typeof t.$ref === "string") return t.$ref.replace("#/types/", "");
  if (Array.isArray(t.enum)) return t.enum.map((v) => `'${v}'`).join(" | ");
  if (t.node !== undefined) return `node of ${t.node}`;
  if (Array.isArray(t.anyOf)) return t.anyOf.map(typeText).join(" | ");
  if (t.type === "array") return `${t.uniqueItems ? "set" : t.indexedBy ? "map" : "array"} of ${typeText(t.items)}`;
  return typeof t.type === "string" ? t.type : "?";
}
