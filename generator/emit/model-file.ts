/**
 * generated/<protocol>/model.ts: what the checker explores. It wires the
 * machine's handlers to the modelled network (docs/reference/semantics.md),
 * adds ghosts, invariants, properties and constraints, and packs states into
 * words. Actions with ghost effects get a model handler generated from the same
 * IR; every other step runs the runtime handler itself.
 */
import type { ProtocolIR } from "../ir.js";
import { stepsOf } from "../steps.js";
import { decodeValue, encodeValue, nodeCheck } from "./codec.js";
import { itfFunctions, NO_MESSAGES } from "./itf.js";
import { emitExpr, type ExprEnv } from "./expr.js";
import { handlerBody } from "./handler.js";
import { header } from "./header.js";
import { hasLiveness, livenessFunctions, livenessMember, livenessSelection } from "./liveness.js";
import { docComment } from "./text.js";
import { handlerName, handlerSignature, initName, restartName } from "./machine-file.js";
import { ModuleHelpers, pascal, usedNames } from "./module.js";
import { checkGuards, domains, expand, fingerprints } from "./successors.js";
import { symmetry } from "./symmetry.js";
import { boundAt } from "../types.js";
import { nodeIdType, roleStateType, tsType } from "./tstype.js";

const lit = (value: unknown): string => JSON.stringify(value);

export function emitModelFile(ir: ProtocolIR): string {
  const h = new ModuleHelpers(ir);
  const body = [...modelParameters(ir), ...stateTypes(ir), ...networkOrder(ir, h), ...ghostHandlers(ir, h), ...predicates(ir, h), ...livenessFunctions(ir, h), ...codec(ir, h), ...symmetry(ir, h), ...itfFunctions(ir, h), ...domains(ir, h), ...fingerprints(ir, h), ...checkGuards(ir, h), ...expand(ir, h), ...modelClass(ir, h)];
  body.unshift(...h.functions.flatMap((f) => [f, ""]));
  const text = body.join("\n");
  const machine = usedNames(text, ["definitions", ...ir.roles.flatMap((r) => [initName(r.name), restartName(r.name)]), ...ir.actions.filter((a) => !a.hasGhostEffects).map(handlerName)]);
  const imports = [
    `import type { ${hasLiveness(ir) ? "LivenessModel, " : ""}Model, StepLabel, Transition, WordReader, WordWriter } from "../../checkers/model.js";`,
    `import { ${machine.sort().join(", ")} } from "./machine.js";`,
    `import type { Message${ir.parameters.some((q) => !q.checkOnly) ? ", Parameters as RuntimeParameters" : ""}${ir.roles.map((r) => `, ${roleStateType(r.name)}`).join("")} } from "./types.js";`,
    `import type { NetworkOrder } from "../../runtime/network.js";`,
    ...h.imports(),
  ];
  const typesUsed = usedNames(text, ["Payload", ...ir.types.map((t) => t.name), ...ir.roles.map((r) => nodeIdType(r.name))]);
  if (typesUsed.length > 0) imports.push(`import type { ${typesUsed.join(", ")} } from "./types.js";`);
  const messageTypes = usedNames(text, ir.messages.map((m) => m.name));
  if (messageTypes.length > 0) imports.push(`import type { ${messageTypes.join(", ")} } from "./types.js";`);
  return [header(ir.file, `The ${ir.title} model the checker explores. Verification only: programs use machine.ts.`), ...imports, "", ...h.declarations(), "", ...body].join("\n") + "\n";
}

/** The runtime's parameters and the check bounds (`checkOnly`), which only the model has. */
function modelParameters(ir: ProtocolIR): string[] {
  const bounds = ir.parameters.filter((q) => q.checkOnly);
  const runtime = ir.parameters.some((q) => !q.checkOnly) ? "RuntimeParameters" : "{}";
  return [
    "/** The parameters of a check: the runtime's, and the check bounds only the model reads. */",
    bounds.length === 0 ? `export type Parameters = ${runtime};` : `export type Parameters = ${runtime} & {\n${bounds.map((q) => `${q.description === undefined ? "" : `${docComment(q.description)}\n`}readonly ${q.name}: number;`).join("\n")}\n};`,
    "",
    `const defaultParameters: Parameters = { ${ir.parameters.map((q) => `${q.name}: ${q.default}`).join(", ")} };`,
    "",
    "/** Each parameter's allowed range. */",
    `const parameterRanges = { ${ir.parameters.map((q) => `${q.name}: { min: ${q.min}, max: ${q.max} }`).join(", ")} } as const;`,
    "",
  ];
}

function stateTypes(ir: ProtocolIR): string[] {
  return [
    "/** Ghost variables: history kept for verification only. */",
    `export type Ghosts = {\n${ir.ghosts.map((g) => `readonly ${g.name}: ${tsType(g.type)};`).join("\n")}\n};`,
    "",
    "/** One global state: every node, the messages in flight (canonical order) and the ghosts. */",
    `export interface State {\nreadonly nodes: { ${ir.roles.map((r) => `readonly ${r.name}: readonly ${roleStateType(r.name)}[]`).join("; ")} };\nreadonly network: readonly Message[];\nreadonly ghosts: Ghosts;\n}`,
    "",
    ...(ir.actions.some((a) => a.hasGhostEffects) ? ["/** What a handler with ghost effects produces. */", "type Outcome = { readonly state: object; readonly send: readonly Message[]; readonly ghosts: Ghosts };", ""] : []),
  ];
}

function networkOrder(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const roleIndex = (r: string) => ir.roles.findIndex((x) => x.name === r);
  const cases = ir.messages.map((m, i) => {
    // Numbers compare by subtraction in place, as compareNumber does, without the call.
    const fields = m.fields.map((f) => (f.type.kind === "int" || f.type.kind === "node" ? `a.${f.name} - (b as ${m.name}).${f.name}` : `${h.compare(f.type)}(a.${f.name}, (b as ${m.name}).${f.name})`));
    return `case "${m.name}": return ${["a.from - b.from", "a.to - b.to", ...fields].join(" || ")};`.replace("case", `case`) + ` // ${i}`;
  });
  return [
    `const MESSAGE_INDEX: Readonly<Record<string, number>> = ${lit(Object.fromEntries(ir.messages.map((m, i) => [m.name, i])))};`,
    `const SENDER_ROLE: Readonly<Record<string, number>> = ${lit(Object.fromEntries(ir.messages.map((m) => [m.name, roleIndex(m.from)])))};`,
    `const RECEIVER_ROLE: Readonly<Record<string, number>> = ${lit(Object.fromEntries(ir.messages.map((m) => [m.name, roleIndex(m.to)])))};`,
    "",
    "/** The message order: by type in declaration order, then sender, receiver and fields. */",
    "function compareMessage(a: Message, b: Message): number {",
    // Most pairs compared share a type: comparing the strings is cheaper than looking both up.
    "if (a.type !== b.type) return MESSAGE_INDEX[a.type] - MESSAGE_INDEX[b.type];",
    "switch (a.type) {",
    ...cases.map((c) => c.replace(/ \/\/ \d+$/, "")),
    "}",
    ...(ir.messages.length === 0 ? ["return 0;"] : []),
    "}",
    "",
    "/** Channels: sender role, sender, receiver role, receiver. */",
    "function compareChannel(a: Message, b: Message): number {",
    "return SENDER_ROLE[a.type] - SENDER_ROLE[b.type] || a.from - b.from || RECEIVER_ROLE[a.type] - RECEIVER_ROLE[b.type] || a.to - b.to;",
    "}",
    "",
    `const ORDER: NetworkOrder<Message> = { kind: "${ir.network}", compare: compareMessage, channel: compareChannel };`,
    "",
  ];
}

function ghostHandlers(ir: ProtocolIR, h: ModuleHelpers): string[] {
  return ir.actions.filter((a) => a.hasGhostEffects).flatMap((a) => [
    `/** ${a.name} with its ghost effects: the checker runs this, programs run machine.ts's ${handlerName(a)}. */`,
    `function ${handlerName(a)}${handlerSignature(a).replace(/\)$/, ", st: State, g: Ghosts)")}: Outcome[] {`,
    ...handlerBody(a, h, "model", "Outcome"),
    "}",
    "",
  ]);
}

/** Predicates read the global state `st` (and, in action properties, `nx` after the step). */
const predicateEnv = (h: ModuleHelpers, next: boolean): ExprEnv => ({
  h,
  state: "st",
  global: "st",
  ghosts: "st.ghosts",
  next: "nx",
  lift: { context: ["p: Parameters", "st: State", ...(next ? ["nx: State"] : [])], locals: [] },
});

function predicates(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const lines: string[] = [];
  for (const inv of ir.invariants) lines.push(docComment(`${inv.name}: ${inv.description}`), `function invariant${pascal(inv.name)}(p: Parameters, st: State): boolean {`, `return ${emitExpr(inv.expr, predicateEnv(h, false))};`, "}", "");
  for (const prop of ir.properties) lines.push(docComment(`${prop.name}: ${prop.description}`), `function property${pascal(prop.name)}(p: Parameters, st: State, nx: State): boolean {`, `return ${emitExpr(prop.expr, predicateEnv(h, true))};`, "}", "");
  for (const m of ir.models.filter((m) => m.constraint !== null)) lines.push(`function constraint${pascal(m.name)}(p: Parameters, st: State): boolean {`, `return ${emitExpr(m.constraint!, predicateEnv(h, false))};`, "}", "");
  return lines;
}

/** Whether a message's type, sender and receiver pack into one word. */
export function packedHeads(ir: ProtocolIR): boolean {
  return ir.roles.every((r) => maxCount(ir, r.name) <= 1024) && ir.messages.length <= 2048;
}

/** The most nodes a role can have under any allowed parameter value. */
function maxCount(ir: ProtocolIR, role: string): number {
  const count = ir.roles.find((r) => r.name === role)!.count;
  return "const" in count ? count.const : boundAt(count, ir.parameters.find((p) => p.name === count.param)!.max);
}

/**
 * A message starts with one word holding its type, sender and receiver (10 bits
 * each for ids) when every role stays under 1,024 nodes; otherwise three words.
 */
function messageCodec(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const packed = packedHeads(ir);
  const lines = ["function encodeMessage(p: Parameters, m: Message, out: WordWriter): void {", "switch (m.type) {"];
  ir.messages.forEach((m, index) => {
    lines.push(`case "${m.name}":`, nodeCheck(m.from, "m.from", `${m.name}.from`, h), nodeCheck(m.to, "m.to", `${m.name}.to`, h));
    lines.push(packed ? `out.push(${index * 1048576} + m.from * 1024 + m.to);` : `out.push(${index});\nout.push(m.from);\nout.push(m.to);`);
    lines.push(...m.fields.flatMap((f) => encodeValue(f.type, `m.${f.name}`, `${m.name}.${f.name}`, h)), "break;");
  });
  lines.push("}", "}", "", "function decodeMessage(p: Parameters, input: WordReader): Message {");
  if (ir.messages.length === 0) {
    lines.push(NO_MESSAGES, "}", "");
    return lines;
  }
  const read = "input.words[input.offset++]";
  lines.push(packed ? `const head = ${read};\nconst from = (head >> 10) & 1023;\nconst to = head & 1023;\nswitch (head >> 20) {` : `const type = ${read};\nconst from = ${read};\nconst to = ${read};\nswitch (type) {`);
  ir.messages.forEach((m, i) => {
    lines.push(`case ${i}: return { type: "${m.name}", from, to${m.fields.map((f) => `, ${f.name}: ${decodeValue(f.type, h)}`).join("")} } as ${m.name};`);
  });
  lines.push(`default: throw new Error("not a message encoding");`, "}", "}", "");
  return lines;
}

function codec(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const lines = messageCodec(ir, h);
  lines.push("function encodeState(p: Parameters, st: State, out: WordWriter): void {");
  // A role with no fields has nothing to encode (and a loop over its nodes would bind a name it never reads).
  for (const r of ir.roles.filter((role) => role.fields.length > 0)) {
    lines.push(`for (let i = 0; i < st.nodes.${r.name}.length; i++) {`, `const n = st.nodes.${r.name}[i];`);
    for (const f of r.fields) lines.push(...encodeValue(f.type, `n.${f.name}`, `${r.name}[\${i}].${f.name}`, h));
    lines.push("}");
  }
  lines.push("out.push(st.network.length);", "for (const m of st.network) encodeMessage(p, m, out);");
  for (const g of ir.ghosts) lines.push(...encodeValue(g.type, `st.ghosts.${g.name}`, `ghosts.${g.name}`, h));
  lines.push("}", "", "function decodeState(p: Parameters, input: WordReader): State {");
  lines.push(`const nodes: State["nodes"] = { ${ir.roles.map((r) => `${r.name}: []`).join(", ")} };`);
  for (const r of ir.roles) {
    lines.push(`for (let i = 0, n = ${h.roleCount(r.name)}; i < n; i++) (nodes.${r.name} as ${roleStateType(r.name)}[]).push({ ${r.fields.map((f) => `${f.name}: ${decodeValue(f.type, h)}`).join(", ")} } as ${roleStateType(r.name)});`);
  }
  lines.push("const network: Message[] = [];", "for (let i = 0, n = input.words[input.offset++]; i < n; i++) network.push(decodeMessage(p, input));");
  lines.push(`const ghosts = { ${ir.ghosts.map((g) => `${g.name}: ${decodeValue(g.type, h)}`).join(", ")} } as Ghosts;`);
  lines.push("return { nodes, network, ghosts };", "}", "");
  return lines;
}

function modelClass(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const steps = stepsOf(ir);
  const stepNames = steps.map((s) => s.name);
  const stepRoles = steps.map((s) => s.role);
  const symmetric = ir.roles.filter((r) => r.symmetric);
  const models = Object.fromEntries(ir.models.map((m) => [m.name, { parameters: m.parameters, invariants: m.invariants, properties: m.properties, symmetry: m.symmetry, deadlock: m.deadlock, constraint: m.constraint !== null, ...livenessSelection(ir, m) }]));
  return [
    "/** The spec's check models: parameters, what to check, symmetry, deadlock, and whether a state constraint applies. */",
    `export const checkModels = ${lit(models)} as const;`,
    "",
    "export type CheckModelName = keyof typeof checkModels;",
    "",
    `const STEP_NAMES = ${lit(stepNames)};`,
    `const STEP_ROLES = ${lit(stepRoles)};`,
    `const INVARIANTS: readonly string[] = ${lit(ir.invariants.map((i) => i.name))};`,
    `const PROPERTIES: readonly string[] = ${lit(ir.properties.map((i) => i.name))};`,
    `const INVARIANT_FUNCTIONS: readonly ((p: Parameters, st: State) => boolean)[] = [${ir.invariants.map((i) => `invariant${pascal(i.name)}`).join(", ")}];`,
    `const PROPERTY_FUNCTIONS: readonly ((p: Parameters, st: State, nx: State) => boolean)[] = [${ir.properties.map((i) => `property${pascal(i.name)}`).join(", ")}];`,
    `const CONSTRAINTS: Partial<Record<string, (p: Parameters, st: State) => boolean>> = { ${ir.models.filter((m) => m.constraint !== null).map((m) => `${m.name}: constraint${pascal(m.name)}`).join(", ")} };`,
    "",
    "function label(step: number, node: number, args: object | undefined, message: Message | undefined): StepLabel {",
    "const name = STEP_NAMES[step];",
    `if (name === "lose" || name === "duplicate") return { kind: name, message: message! };`,
    `if (name.startsWith("restart ")) return { kind: "restart", role: STEP_ROLES[step], node };`,
    `return { kind: "action", action: name, role: STEP_ROLES[step], node, ...(args === undefined ? {} : { args: args as Record<string, unknown> }), ...(message === undefined ? {} : { message }) };`,
    "}",
    "",
    "/** The model of one parameter set; `constraint` names the check model whose state constraint applies. */",
    "export class ProtocolModel implements Model<State> {",
    `readonly spec = ${lit(ir.name)};`,
    "readonly stepNames = STEP_NAMES;",
    "readonly invariantNames = INVARIANTS;",
    "readonly propertyNames = PROPERTIES;",
    `readonly symmetricRoles = ${lit(symmetric.map((r) => r.name))};`,
    `readonly messageRoles = ${lit(Object.fromEntries(ir.messages.map((m) => [m.name, [m.from, m.to]])))} as const;`,
    `readonly itfVariables = ${lit([...ir.roles.map((r) => r.name), "network", ...ir.ghosts.map((g) => g.name)])};`,
    ...livenessMember(ir),
    "private readonly context: Context;",
    "/** fingerprint() has scratch of its own, so calling it from a visitor leaves an expansion's sums alone. */",
    "private readonly scratch: Context;",
    "private readonly constraint: ((p: Parameters, st: State) => boolean) | undefined;",
    ...(symmetric.length === 0 ? [] : ["private readonly symmetry: ReturnType<typeof symmetryOf>;"]),
    "private visit: (stepIndex: number, next: State, hi: number, lo: number) => void = () => {};",
    "private skip: ((stepIndex: number, hi: number, lo: number) => boolean) | undefined;",
    "private readonly hashingSink: Sink = {",
    "add: (step, next) => this.visit(step, next, this.context.fp.hi, this.context.fp.lo),",
    "skip: (step) => this.skip !== undefined && this.skip(step, this.context.fp.hi, this.context.fp.lo),",
    "};",
    "",
    "constructor(readonly parameters: Parameters, constraint?: string) {",
    "const ranges: Readonly<Record<string, { readonly min: number; readonly max: number }>> = parameterRanges;",
    "for (const [name, value] of Object.entries(parameters) as [string, number][]) {",
    "const range = ranges[name];",
    "if (range === undefined || !(value >= range.min && value <= range.max)) throw new RangeError(`parameter ${name} = ${value} is outside its range`);",
    "}",
    "this.context = context(parameters);",
    "this.scratch = context(parameters);",
    "this.constraint = constraint === undefined ? undefined : CONSTRAINTS[constraint];",
    ...(symmetric.length === 0 ? [] : ["this.symmetry = symmetryOf(parameters, (s, out) => this.fingerprint(s, out));"]),
    "}",
    "",
    "initialStates(): State[] {",
    "const p = this.parameters;",
    `const nodes = { ${ir.roles.map((r) => `${r.name}: Array.from({ length: ${h.roleCount(r.name)} }, (_, self) => ${initName(r.name)}(p, self))`).join(", ")} };`,
    `const st: State = { nodes, network: [], ghosts: {} as Ghosts };`,
    `return [{ ...st, ghosts: { ${ir.ghosts.map((g) => `${g.name}: ${emitExpr(g.initial, { h, state: "st", global: "st", ghosts: "st.ghosts" })}`).join(", ")} } }];`,
    "}",
    "",
    "forEachSuccessor(st: State, visit: (stepIndex: number, next: State, hi: number, lo: number) => void, skip?: (stepIndex: number, hi: number, lo: number) => boolean, fingerprints = true): void {",
    "this.visit = visit;",
    "this.skip = skip;",
    "expand(this.context, st, this.hashingSink, fingerprints);",
    "}",
    "",
    `fingerprint(st: State, out: { hi: number; lo: number }): void {`,
    "stateSums(this.parameters, st, this.scratch.sums, this.scratch.part, this.scratch.nodes);",
    `${h.use("finish")}(this.scratch.sums.hi, this.scratch.sums.lo, out);`,
    "}",
    "",
    "transitions(st: State): Transition<State>[] {",
    "const out: Transition<State>[] = [];",
    "expand(this.context, st, { add: (step, next, node, args, message) => out.push({ label: label(step, node, args, message), next }), skip: () => false }, false);",
    "return out;",
    "}",
    "",
    "invariant(index: number, st: State): boolean {",
    "return INVARIANT_FUNCTIONS[index](this.parameters, st);",
    "}",
    "",
    "property(index: number, st: State, next: State): boolean {",
    "return PROPERTY_FUNCTIONS[index](this.parameters, st, next);",
    "}",
    "",
    "withinConstraint(st: State): boolean {",
    "return this.constraint === undefined || this.constraint(this.parameters, st);",
    "}",
    "",
    "encode(st: State, out: WordWriter): void {",
    "encodeState(this.parameters, st, out);",
    "}",
    "",
    "decode(input: WordReader): State {",
    "return decodeState(this.parameters, input);",
    "}",
    "",
    "toItf(st: State): Record<string, unknown> {",
    "return stateToItf(this.parameters, st);",
    "}",
    "",
    "canonicalize(st: State): State {",
    symmetric.length === 0 ? "return st;" : `return ${h.use("canonicalize")}(st, this.symmetry);`,
    "}",
    "",
    "canonicalFingerprint(st: State, hi: number, lo: number, out: { hi: number; lo: number }): void {",
    symmetric.length === 0 ? "out.hi = hi;\nout.lo = lo;" : `${h.use("canonicalFingerprint")}(st, hi, lo, this.symmetry, out);`,
    "}",
    "",
    `encodeCanonical(st: State, out: ${h.use("WordBuffer")}): void {`,
    symmetric.length === 0 ? "encodeState(this.parameters, st, out);" : `${h.use("encodeCanonical")}(st, this.symmetry, out);`,
    "}",
    "}",
    "",
    "/** The model of a named check model, with parameters overridden where given. */",
    "export function createModel(name: CheckModelName = \"ci\", overrides: Partial<Parameters> = {}): ProtocolModel {",
    "const model = checkModels[name];",
    "return new ProtocolModel({ ...defaultParameters, ...model.parameters, ...overrides }, model.constraint ? name : undefined);",
    "}",
  ];
}
