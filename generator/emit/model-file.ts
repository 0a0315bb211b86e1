/**
 * generated/<protocol>/model.ts: what the checker explores. It wires the
 * machine's handlers to the modelled network (docs/reference/semantics.md),
 * adds ghosts, invariants, properties and constraints, and packs states into
 * words. Actions with ghost effects get a model handler generated from the same
 * IR; every other step runs the runtime handler itself.
 */
import type { Action, ProtocolIR, Type } from "../ir.js";
import { decodeValue, encodeValue, mentions, nodeCheck, renameValue } from "./codec.js";
import { itfFunctions } from "./itf.js";
import { emitExpr, type ExprEnv } from "./expr.js";
import { handlerBody } from "./handler.js";
import { header } from "./header.js";
import { handlerName, handlerSignature, initName, restartName } from "./machine-file.js";
import { ModuleHelpers, pascal } from "./module.js";
import { nodeIdType, roleStateType, tsType } from "./tstype.js";

const lit = (value: unknown): string => JSON.stringify(value);

export function emitModelFile(ir: ProtocolIR): string {
  const h = new ModuleHelpers(ir);
  const body = [...stateTypes(ir), ...networkOrder(ir, h), ...ghostHandlers(ir, h), ...predicates(ir, h), ...codec(ir, h), ...symmetry(ir, h), ...itfFunctions(ir, h), ...domains(ir, h), ...fingerprints(ir, h), ...expand(ir, h), ...modelClass(ir, h)];
  body.unshift(...h.functions.flatMap((f) => [f, ""]));
  const text = body.join("\n");
  const machine = [...ir.roles.flatMap((r) => [initName(r.name), restartName(r.name)]), ...ir.actions.filter((a) => !a.hasGhostEffects).map(handlerName)].filter((n) => new RegExp(`\\b${n}\\(`).test(text));
  const imports = [
    `import type { Model, StepLabel, Transition, WordReader, WordWriter } from "../../checkers/model.js";`,
    `import { ${machine.sort().join(", ")} } from "./machine.js";`,
    `import { defaultParameters, parameterRanges, type Message, type Parameters${ir.roles.map((r) => `, type ${roleStateType(r.name)}`).join("")} } from "./types.js";`,
    `import type { NetworkOrder } from "../../runtime/network.js";`,
    ...h.imports(),
  ];
  const typesUsed = [...ir.types.map((t) => t.name), ...ir.roles.map((r) => nodeIdType(r.name))].filter((n) => new RegExp(`\\b${n}\\b`).test(text));
  if (typesUsed.length > 0) imports.push(`import type { ${typesUsed.join(", ")} } from "./types.js";`);
  const messageTypes = ir.messages.map((m) => m.name).filter((n) => new RegExp(`\\b${n}\\b`).test(text));
  if (messageTypes.length > 0) imports.push(`import type { ${messageTypes.join(", ")} } from "./types.js";`);
  return [header(ir.file, `The ${ir.title} model the checker explores. Verification only: programs use machine.ts.`), ...imports, "", ...h.declarations(), "", ...body].join("\n") + "\n";
}

function stateTypes(ir: ProtocolIR): string[] {
  return [
    "/** Ghost variables: history kept for verification only. */",
    `export type Ghosts = {\n${ir.ghosts.map((g) => `readonly ${g.name}: ${tsType(g.type)};`).join("\n")}\n};`,
    "",
    "/** One global state: every node, the messages in flight (canonical order) and the ghosts. */",
    `export interface State {\nreadonly nodes: { ${ir.roles.map((r) => `readonly ${r.name}: readonly ${roleStateType(r.name)}[]`).join("; ")} };\nreadonly network: readonly Message[];\nreadonly ghosts: Ghosts;\n}`,
    "",
    "type Outcome = { readonly state: object; readonly send: readonly Message[]; readonly ghosts: Ghosts };",
    "",
  ];
}

function networkOrder(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const roleIndex = (r: string) => ir.roles.findIndex((x) => x.name === r);
  const cases = ir.messages.map((m, i) => {
    const fields = m.fields.map((f) => `${h.compare(f.type)}(a.${f.name}, (b as ${m.name}).${f.name})`);
    return `case "${m.name}": return ${["a.from - b.from", "a.to - b.to", ...fields].join(" || ")};`.replace("case", `case`) + ` // ${i}`;
  });
  return [
    `const MESSAGE_INDEX: Readonly<Record<string, number>> = ${lit(Object.fromEntries(ir.messages.map((m, i) => [m.name, i])))};`,
    `const SENDER_ROLE: Readonly<Record<string, number>> = ${lit(Object.fromEntries(ir.messages.map((m) => [m.name, roleIndex(m.from)])))};`,
    `const RECEIVER_ROLE: Readonly<Record<string, number>> = ${lit(Object.fromEntries(ir.messages.map((m) => [m.name, roleIndex(m.to)])))};`,
    "",
    "/** The message order: by type in declaration order, then sender, receiver and fields. */",
    "function compareMessage(a: Message, b: Message): number {",
    "const byType = MESSAGE_INDEX[a.type] - MESSAGE_INDEX[b.type];",
    "if (byType !== 0) return byType;",
    "switch (a.type) {",
    ...cases.map((c) => c.replace(/ \/\/ \d+$/, "")),
    "}",
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
  for (const inv of ir.invariants) lines.push(`/** ${inv.name}: ${inv.description} */`, `function invariant${pascal(inv.name)}(p: Parameters, st: State): boolean {`, `return ${emitExpr(inv.expr, predicateEnv(h, false))};`, "}", "");
  for (const prop of ir.properties) lines.push(`/** ${prop.name}: ${prop.description} */`, `function property${pascal(prop.name)}(p: Parameters, st: State, nx: State): boolean {`, `return ${emitExpr(prop.expr, predicateEnv(h, true))};`, "}", "");
  for (const m of ir.models.filter((m) => m.constraint !== null)) lines.push(`function constraint${pascal(m.name)}(p: Parameters, st: State): boolean {`, `return ${emitExpr(m.constraint!, predicateEnv(h, false))};`, "}", "");
  return lines;
}

/** The most nodes a role can have under any allowed parameter value. */
function maxCount(ir: ProtocolIR, role: string): number {
  const count = ir.roles.find((r) => r.name === role)!.count;
  return "const" in count ? count.const : ir.parameters.find((p) => p.name === count.param)!.max;
}

/**
 * A message starts with one word holding its type, sender and receiver (10 bits
 * each for ids) when every role stays under 1,024 nodes; otherwise three words.
 */
function messageCodec(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const packed = ir.roles.every((r) => maxCount(ir, r.name) <= 1024) && ir.messages.length <= 2048;
  const lines = ["function encodeMessage(p: Parameters, m: Message, out: WordWriter): void {", "switch (m.type) {"];
  ir.messages.forEach((m, index) => {
    lines.push(`case "${m.name}":`, nodeCheck(m.from, "m.from", `${m.name}.from`, h), nodeCheck(m.to, "m.to", `${m.name}.to`, h));
    lines.push(packed ? `out.push(${index * 1048576} + m.from * 1024 + m.to);` : `out.push(${index});\nout.push(m.from);\nout.push(m.to);`);
    lines.push(...m.fields.flatMap((f) => encodeValue(f.type, `m.${f.name}`, `${m.name}.${f.name}`, h)), "break;");
  });
  lines.push("}", "}", "", "function decodeMessage(p: Parameters, read: () => number): Message {");
  lines.push(packed ? "const head = read();\nconst from = (head >> 10) & 1023;\nconst to = head & 1023;\nswitch (head >> 20) {" : "const type = read();\nconst from = read();\nconst to = read();\nswitch (type) {");
  ir.messages.forEach((m, i) => {
    lines.push(`case ${i}: return { type: "${m.name}", from, to${m.fields.map((f) => `, ${f.name}: ${decodeValue(f.type, h)}`).join("")} } as ${m.name};`);
  });
  lines.push(`default: throw new Error("not a message encoding");`, "}", "}", "");
  return lines;
}

function codec(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const lines = messageCodec(ir, h);
  lines.push("function encodeState(p: Parameters, st: State, out: WordWriter): void {");
  for (const r of ir.roles) {
    lines.push(`for (let i = 0; i < st.nodes.${r.name}.length; i++) {`, `const n = st.nodes.${r.name}[i];`);
    for (const f of r.fields) lines.push(...encodeValue(f.type, `n.${f.name}`, `${r.name}[\${i}].${f.name}`, h));
    lines.push("}");
  }
  lines.push("out.push(st.network.length);", "for (const m of st.network) encodeMessage(p, m, out);");
  for (const g of ir.ghosts) lines.push(...encodeValue(g.type, `st.ghosts.${g.name}`, `ghosts.${g.name}`, h));
  lines.push("}", "", "function decodeState(p: Parameters, input: WordReader): State {", "const read = () => input.words[input.offset++];");
  lines.push(`const nodes: State["nodes"] = { ${ir.roles.map((r) => `${r.name}: []`).join(", ")} };`);
  for (const r of ir.roles) {
    lines.push(`for (let i = 0, n = ${h.roleCount(r.name)}; i < n; i++) (nodes.${r.name} as ${roleStateType(r.name)}[]).push({ ${r.fields.map((f) => `${f.name}: ${decodeValue(f.type, h)}`).join(", ")} } as ${roleStateType(r.name)});`);
  }
  lines.push("const network: Message[] = [];", "for (let i = 0, n = read(); i < n; i++) network.push(decodeMessage(p, read));");
  lines.push(`const ghosts = { ${ir.ghosts.map((g) => `${g.name}: ${decodeValue(g.type, h)}`).join(", ")} } as Ghosts;`);
  lines.push("return { nodes, network, ghosts };", "}", "");
  return lines;
}

function symmetry(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const symmetric = ir.roles.filter((r) => r.symmetric);
  const lines: string[] = [];
  for (const role of symmetric) {
    const R = pascal(role.name);
    lines.push(`/** Renames every ${role.name} id: node i becomes node perm[i]. */`, `function rename${R}(p: Parameters, st: State, perm: readonly number[]): State {`);
    const nodes = ir.roles.map((r) => {
      const renamed = `{ ${r.fields.map((f) => `${f.name}: ${renameValue(f.type, `n.${f.name}`, role.name, h)}`).join(", ")} }`;
      const mapped = `st.nodes.${r.name}.map((n) => (${renamed}))`;
      return `${r.name}: ${r.name === role.name ? `${h.use("permuteEntries")}(${mapped}, perm)` : mapped}`;
    });
    lines.push(`const nodes = { ${nodes.join(", ")} };`);
    const cases = ir.messages.map((m) => {
      const from = m.from === role.name ? "perm[m.from]" : "m.from";
      const to = m.to === role.name ? "perm[m.to]" : "m.to";
      return `case "${m.name}": return { type: m.type, from: ${from}, to: ${to}${m.fields.map((f) => `, ${f.name}: ${renameValue(f.type, `m.${f.name}`, role.name, h)}`).join("")} };`;
    });
    lines.push("const renamed = st.network.map((m): Message => {", "switch (m.type) {", ...cases, "}", "});");
    lines.push(ir.network === "fifo" ? "const network = [...renamed].sort(compareChannel);" : "const network = [...renamed].sort(compareMessage);");
    lines.push(`const ghosts: Ghosts = { ${ir.ghosts.map((g) => `${g.name}: ${renameValue(g.type, `st.ghosts.${g.name}`, role.name, h)}`).join(", ")} };`);
    lines.push("return { nodes, network, ghosts };", "}", "");
    lines.push(`/** What no renaming of ${role.name} ids changes about node i: its state with those ids masked. */`, `function signature${R}(p: Parameters, st: State, i: number, out: WordWriter): void {`, `const n = st.nodes.${role.name}[i];`);
    for (const f of role.fields) lines.push(...encodeValue(f.type, `n.${f.name}`, `${role.name}[\${i}].${f.name}`, h, 0, role.name));
    for (const r of ir.roles.filter((r) => r.name !== role.name)) {
      for (const f of r.fields.filter((f) => f.type.kind === "set" && mentions(f.type, role.name) && f.type.elem.kind === "node")) {
        lines.push(`for (const other of st.nodes.${r.name}) out.push(${h.use("setHas")}(other.${f.name}, i, ${h.use("compareNumber")}) ? 1 : 0);`);
      }
    }
    const sent = ir.messages.map((m, k) => [m, k] as const).filter(([m]) => m.from === role.name);
    const got = ir.messages.map((m, k) => [m, k] as const).filter(([m]) => m.to === role.name);
    if (sent.length + got.length > 0) {
      lines.push("// How many messages of each type the node has in flight, sent and to receive: a count, so no renaming changes it.");
      lines.push(`const counts = new Array<number>(${2 * ir.messages.length}).fill(0);`, "for (const m of st.network) {");
      if (sent.length > 0) lines.push(`if (m.from === i && (${sent.map(([m]) => `m.type === "${m.name}"`).join(" || ")})) counts[2 * MESSAGE_INDEX[m.type]]++;`);
      if (got.length > 0) lines.push(`if (m.to === i && (${got.map(([m]) => `m.type === "${m.name}"`).join(" || ")})) counts[2 * MESSAGE_INDEX[m.type] + 1]++;`);
      lines.push("}", "for (const c of counts) out.push(c);");
    }
    lines.push("}", "");
  }
  if (symmetric.length === 0) return lines;
  lines.push("function permuteState(p: Parameters, st: State, perms: readonly (readonly number[])[]): State {");
  lines.push(`let out = st;\n${symmetric.map((r, i) => `out = rename${pascal(r.name)}(p, out, perms[${i}]);`).join("\n")}\nreturn out;`);
  lines.push("}", "");
  return lines;
}

/** The finite domain of an action parameter's type, in the order of the semantics doc. */
function domainOf(t: Type, h: ModuleHelpers): string {
  switch (t.kind) {
    case "bool":
      return "[false, true]";
    case "int":
      return `${h.use("range")}(${h.bound(t.min!)}, ${h.bound(t.max!)})`;
    case "enum":
      return lit(t.values);
    case "node":
      return `${h.use("ids")}(${h.roleCount(t.role)})`;
    case "optional":
      return `[null, ...${domainOf(t.inner, h)}]`;
    case "record":
      return `${h.use("combinations")}(${lit(t.fields.map((f) => f.name))}, [${t.fields.map((f) => domainOf(f.type, h)).join(", ")}])`;
    default:
      throw new Error(`action parameters of kind ${t.kind} have no finite domain to enumerate`);
  }
}

function domains(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const withParams = ir.actions.filter((a) => a.params.length > 0);
  return [
    "/** Every argument combination of each internal action with parameters, first parameter slowest. */",
    "function argumentDomains(p: Parameters) {",
    `return { ${withParams.map((a) => `${a.name}: ${h.use("combinations")}(${lit(a.params.map((x) => x.name))}, [${a.params.map((x) => domainOf(x.type, h)).join(", ")}])`).join(", ")} };`,
    "}",
    "",
  ];
}

/**
 * The state fingerprint (runtime/hash.ts): hashes of each node, message and the
 * ghosts, summed; and `fingerprintStep`, which gets a successor's fingerprint
 * from its parent's sums by rehashing only the parts the step changed.
 */
function fingerprints(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const lanes = h.use("Lanes");
  const hashWords = h.use("hashWords");
  const lines = [`const hashScratch = new ${h.use("WordBuffer")}();`, ""];
  ir.roles.forEach((r, ri) => {
    lines.push(`function hash${pascal(r.name)}(p: Parameters, i: number, n: ${roleStateType(r.name)}, lanes: ${lanes}): void {`, "const out = hashScratch;", "out.reset();");
    for (const f of r.fields) lines.push(...encodeValue(f.type, `n.${f.name}`, `${r.name}[\${i}].${f.name}`, h));
    lines.push(`${hashWords}(out.words, out.length, ${h.use("nodeSeed")}(${ri}, i), lanes);`, "}", "");
  });
  lines.push(
    `function hashMessage(p: Parameters, m: Message, lanes: ${lanes}): void {`,
    "hashScratch.reset();",
    "encodeMessage(p, m, hashScratch);",
    `${hashWords}(hashScratch.words, hashScratch.length, 0x6d2b79f5, lanes);`,
    "}",
    "",
    "/** A fifo network hashed whole, since the order within a channel matters. */",
    `function hashNetwork(p: Parameters, net: readonly Message[], lanes: ${lanes}): void {`,
    "hashScratch.reset();",
    "hashScratch.push(net.length);",
    "for (const m of net) encodeMessage(p, m, hashScratch);",
    `${hashWords}(hashScratch.words, hashScratch.length, 0x1b873593, lanes);`,
    "}",
    "",
    `function hashGhosts(p: Parameters, g: Ghosts, lanes: ${lanes}): void {`,
    "const out = hashScratch;",
    "out.reset();",
    ...ir.ghosts.flatMap((g) => encodeValue(g.type, `g.${g.name}`, `ghosts.${g.name}`, h)),
    `${hashWords}(out.words, out.length, 0x27d4eb2f, lanes);`,
    "}",
    "",
    "/** The lane sums of every part of the state; each node's own hash goes into `nodes` (hi, lo side by side), for the steps that change it. */",
    `function stateSums(p: Parameters, st: State, sums: ${lanes}, part: ${lanes}, nodes: NodeHashes): void {`,
    "let hi = 0;",
    "let lo = 0;",
  );
  for (const r of ir.roles) {
    lines.push(
      `for (let i = 0; i < st.nodes.${r.name}.length; i++) {`,
      `hash${pascal(r.name)}(p, i, st.nodes.${r.name}[i], part);`,
      `nodes.${r.name}[2 * i] = part.hi;`,
      `nodes.${r.name}[2 * i + 1] = part.lo;`,
      "hi = (hi + part.hi) | 0;",
      "lo = (lo + part.lo) | 0;",
      "}",
    );
  }
  if (ir.network === "fifo") lines.push("hashNetwork(p, st.network, part);", "hi = (hi + part.hi) | 0;", "lo = (lo + part.lo) | 0;");
  else lines.push("for (const m of st.network) {", "hashMessage(p, m, part);", "hi = (hi + part.hi) | 0;", "lo = (lo + part.lo) | 0;", "}");
  lines.push("hashGhosts(p, st.ghosts, part);", "sums.hi = (hi + part.hi) | 0;", "sums.lo = (lo + part.lo) | 0;", "}", "");
  lines.push(
    `type NodeHashes = { ${ir.roles.map((r) => `readonly ${r.name}: Int32Array`).join("; ")} };`,
    "",
    "/** What expanding a state needs besides the state: parameters, argument domains, and scratch lanes for fingerprints. */",
    "interface Context {",
    "readonly p: Parameters;",
    "readonly args: ReturnType<typeof argumentDomains>;",
    `readonly base: ${lanes};`,
    `readonly sums: ${lanes};`,
    `readonly part: ${lanes};`,
    `readonly fp: ${lanes};`,
    `readonly network: ${h.use("NetworkHash")}<Message>;`,
    "readonly nodes: NodeHashes;",
    "}",
    "",
    "function context(p: Parameters): Context {",
    `return { p, args: argumentDomains(p), base: new ${lanes}(), sums: new ${lanes}(), part: new ${lanes}(), fp: new ${lanes}(), network: { message: (m: Message, out: ${lanes}) => hashMessage(p, m, out), network: (net: readonly Message[], out: ${lanes}) => hashNetwork(p, net, out), part: new ${lanes}() }, nodes: { ${ir.roles.map((r) => `${r.name}: new Int32Array(2 * ${h.roleCount(r.name)})`).join(", ")} } };`,
    "}",
    "",
    "/** Sets ctx.fp to the successor's fingerprint: the parent's sums, less the old values of the parts the step changed, plus the new. */",
    "function fingerprintStep<N>(ctx: Context, st: State, hashNode: ((p: Parameters, i: number, n: N, lanes: Lanes) => void) | null, hashes: Int32Array | null, self: number, before: N | null, after: N | null, network: readonly Message[], removed: number, added: readonly Message[], ghosts: Ghosts): void {",
    "const { p, sums, part } = ctx;",
    "sums.hi = ctx.base.hi;",
    "sums.lo = ctx.base.lo;",
    "if (hashNode !== null && before !== after) {",
    "sums.hi = (sums.hi - hashes![2 * self]) | 0;",
    "sums.lo = (sums.lo - hashes![2 * self + 1]) | 0;",
    "hashNode(p, self, after!, part);",
    "sums.hi = (sums.hi + part.hi) | 0;",
    "sums.lo = (sums.lo + part.lo) | 0;",
    "}",
    `${h.use("addNetworkChange")}(st.network, network, removed, added, ORDER, ctx.network, sums);`,
    "if (ghosts !== st.ghosts) {",
    "hashGhosts(p, st.ghosts, part);",
    "sums.hi = (sums.hi - part.hi) | 0;",
    "sums.lo = (sums.lo - part.lo) | 0;",
    "hashGhosts(p, ghosts, part);",
    "sums.hi = (sums.hi + part.hi) | 0;",
    "sums.lo = (sums.lo + part.lo) | 0;",
    "}",
    `${h.use("finish")}(sums.hi, sums.lo, ctx.fp);`,
    "}",
    "",
  );
  return lines;
}

/**
 * Sinks receive each successor with what its label needs, so forEachSuccessor
 * builds no labels; with `hashing`, ctx.fp holds the successor's fingerprint
 * when the sink is called.
 */
function expand(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const lines = [
    "interface Sink {",
    "add(step: number, next: State, node: number, args: object | undefined, message: Message | undefined): void;",
    "/** Whether the successor with the fingerprint in ctx.fp need not be built. */",
    "skip(step: number): boolean;",
    "}",
    "",
    "function replaceNode<T>(nodes: readonly T[], i: number, node: T): T[] {",
    "const copy = [...nodes];",
    "copy[i] = node;",
    "return copy;",
    "}",
    "",
    "function expand(ctx: Context, st: State, sink: Sink, hashing: boolean): void {",
    "const { p, args } = ctx;",
    "const net = st.network;",
    "if (hashing) stateSums(p, st, ctx.base, ctx.part, ctx.nodes);",
  ];
  ir.actions.forEach((a, index) => lines.push(...expandAction(ir, a, index, h)));
  let step = ir.actions.length;
  const fault = (index: number, network: string, removed: string, added: string) => [
    "for (let k = 0; k < net.length; k++) {",
    `if (!${h.use("distinctAt")}(net, k, ORDER)) continue;`,
    `const network = ${network};`,
    `if (hashing) {`,
    `fingerprintStep(ctx, st, null, null, -1, null, null, network, ${removed}, ${added}, st.ghosts);`,
    `if (sink.skip(${index})) continue;`,
    "}",
    `sink.add(${index}, { nodes: st.nodes, network, ghosts: st.ghosts }, -1, undefined, net[k]);`,
    "}",
  ];
  if (ir.faults.loss) lines.push(...fault(step++, `${h.use("removeAt")}(net, k)`, "k", "[]"));
  if (ir.faults.duplication && ir.network !== "set") lines.push(...fault(step++, `${h.use("duplicatedAt")}(net, k)`, "-1", "[net[k]]"));
  for (const role of ir.faults.restart) {
    lines.push(
      `for (let self = 0; self < st.nodes.${role}.length; self++) {`,
      `const node = st.nodes.${role}[self];`,
      `const after = ${restartName(role)}(p, self, node);`,
      `if (hashing) {`,
      `fingerprintStep(ctx, st, hash${pascal(role)}, ctx.nodes.${role}, self, node, after, net, -1, [], st.ghosts);`,
      `if (sink.skip(${step})) continue;`,
      "}",
      `sink.add(${step++}, { nodes: { ...st.nodes, ${role}: replaceNode(st.nodes.${role}, self, after) }, network: net, ghosts: st.ghosts }, self, undefined, undefined);`,
      "}",
    );
  }
  lines.push("}", "");
  return lines;
}

function expandAction(ir: ProtocolIR, a: Action, index: number, h: ModuleHelpers): string[] {
  const role = a.role;
  const state = roleStateType(role);
  const call = (input: string) => (a.hasGhostEffects ? `${handlerName(a)}(p, self, node${input}, st, st.ghosts)` : `${handlerName(a)}(p, self, node${input})`);
  const ghosts = a.hasGhostEffects ? "(o as Outcome).ghosts" : "st.ghosts";
  const consumed = a.on !== null && ir.network !== "set";
  // A fifo network is hashed whole, so it is built first; a sorted one only once the successor turns out new.
  const network = (received: string) => `${h.use("withSends")}(${received}, o.send, ORDER)`;
  const deliver = (received: string, args: string, message: string) => [
    `const after = o.state as ${state};`,
    ...(ir.network === "fifo" ? [`const network = ${network(received)};`] : []),
    "if (hashing) {",
    `fingerprintStep(ctx, st, hash${pascal(role)}, ctx.nodes.${role}, self, node, after, ${ir.network === "fifo" ? "network" : "net"}, ${consumed ? "k" : "-1"}, o.send, ${ghosts});`,
    `if (sink.skip(${index})) continue;`,
    "}",
    `sink.add(${index}, { nodes: { ...st.nodes, ${role}: replaceNode(st.nodes.${role}, self, after) }, network: ${ir.network === "fifo" ? "network" : network(received)}, ghosts: ${ghosts} }, self, ${args}, ${message});`,
  ];
  const lines = [`// ${a.name}`, `for (let self = 0; self < st.nodes.${role}.length; self++) {`, `const node = st.nodes.${role}[self];`];
  if (a.on !== null) {
    lines.push("for (let k = 0; k < net.length; k++) {", "const msg = net[k];", `if (msg.type !== "${a.on}" || msg.to !== self || !${h.use("deliverable")}(net, k, ORDER)) continue;`);
    lines.push(`for (const o of ${call(", msg")}) {`, ...deliver(`${h.use("received")}(net, k, ORDER)`, "undefined", "msg"), "}", "}");
  } else if (a.params.length > 0) {
    lines.push(`for (const input of args.${a.name}) {`, `for (const o of ${call(", input as never")}) {`, ...deliver("net", "input", "undefined"), "}", "}");
  } else {
    lines.push(`for (const o of ${call("")}) {`, ...deliver("net", "undefined", "undefined"), "}");
  }
  lines.push("}");
  return lines;
}

function modelClass(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const stepNames = [...ir.actions.map((a) => a.name), ...(ir.faults.loss ? ["lose"] : []), ...(ir.faults.duplication && ir.network !== "set" ? ["duplicate"] : []), ...ir.faults.restart.map((r) => `restart ${r}`)];
  const stepRoles = [...ir.actions.map((a) => a.role), ...(ir.faults.loss ? [""] : []), ...(ir.faults.duplication && ir.network !== "set" ? [""] : []), ...ir.faults.restart];
  const symmetric = ir.roles.filter((r) => r.symmetric);
  const models = Object.fromEntries(ir.models.map((m) => [m.name, { parameters: m.parameters, invariants: m.invariants, properties: m.properties, symmetry: m.symmetry, deadlock: m.deadlock, constraint: m.constraint !== null }]));
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
    "private readonly context: Context;",
    "/** fingerprint() has scratch of its own, so calling it from a visitor leaves an expansion's sums alone. */",
    "private readonly scratch: Context;",
    "private readonly constraint: ((p: Parameters, st: State) => boolean) | undefined;",
    "private visit: (stepIndex: number, next: State, hi: number, lo: number) => void = () => {};",
    "private skip: ((stepIndex: number, hi: number, lo: number) => boolean) | undefined;",
    "private readonly hashingSink: Sink = {",
    "add: (step, next) => this.visit(step, next, this.context.fp.hi, this.context.fp.lo),",
    "skip: (step) => this.skip !== undefined && this.skip(step, this.context.fp.hi, this.context.fp.lo),",
    "};",
    "",
    "constructor(readonly parameters: Parameters, constraint?: string) {",
    "for (const [name, value] of Object.entries(parameters)) {",
    "const range = parameterRanges[name as keyof Parameters];",
    "if (range === undefined || !(value >= range.min && value <= range.max)) throw new RangeError(`parameter ${name} = ${value} is outside its range`);",
    "}",
    "this.context = context(parameters);",
    "this.scratch = context(parameters);",
    "this.constraint = constraint === undefined ? undefined : CONSTRAINTS[constraint];",
    "}",
    "",
    "initialStates(): State[] {",
    "const p = this.parameters;",
    `const nodes = { ${ir.roles.map((r) => `${r.name}: Array.from({ length: ${"const" in r.count ? r.count.const : `p.${r.count.param}`} }, (_, self) => ${initName(r.name)}(p, self))`).join(", ")} };`,
    `const st: State = { nodes, network: [], ghosts: {} as Ghosts };`,
    `return [{ ...st, ghosts: { ${ir.ghosts.map((g) => `${g.name}: ${emitExpr(g.initial, { h: new ModuleHelpers(ir), state: "st", global: "st", ghosts: "st.ghosts" })}`).join(", ")} } }];`,
    "}",
    "",
    "forEachSuccessor(st: State, visit: (stepIndex: number, next: State, hi: number, lo: number) => void, skip?: (stepIndex: number, hi: number, lo: number) => boolean): void {",
    "this.visit = visit;",
    "this.skip = skip;",
    "expand(this.context, st, this.hashingSink, true);",
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
    symmetric.length === 0
      ? "return st;"
      : `const p = this.parameters;\nreturn ${h.use("canonicalize")}(st, [${symmetric.map((r) => `{ count: (s: State) => s.nodes.${r.name}.length, signature: (s: State, i: number, out: WordWriter) => signature${pascal(r.name)}(p, s, i, out) }`).join(", ")}], (s, perms) => permuteState(p, s, perms), (s, out) => encodeState(p, s, out));`,
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
