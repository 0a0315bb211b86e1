/**
 * The model's successor function: argument domains of internal actions, the
 * structural fingerprints (runtime/hash.ts) of nodes, messages and ghosts, and
 * `expand`, which runs every enabled handler on the modelled network and hands
 * each successor, fingerprinted from its parent's sums, to a sink.
 */
import type { Action, ProtocolIR, Type } from "../ir.js";
import { namesOf } from "../ir-nodes.js";
import { encodeValue } from "./codec.js";
import { emitExpr, local } from "./expr.js";
import { handlerName, handlerSignature, restartName } from "./machine-file.js";
import { pascal, type ModuleHelpers } from "./module.js";
import { roleStateType } from "./tstype.js";

const lit = (value: unknown): string => JSON.stringify(value);

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
    case "set":
      return `${h.use("subsets")}(${domainOf(t.elem, h)}, ${t.max === undefined ? "Infinity" : h.bound(t.max)}, ${h.compare(t)})`;
    case "seq":
      return `${h.use("sequences")}(${domainOf(t.elem, h)}, ${h.bound(t.max)}, ${h.compare(t)})`;
    case "map":
      return `${h.use("maps")}(${domainOf(t.value, h)}, ${h.keyCount(t.key)}, ${h.compare(t)})`;
    case "message":
      throw new Error("an action parameter cannot be a message");
  }
}

export function domains(ir: ProtocolIR, h: ModuleHelpers): string[] {
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
export function fingerprints(ir: ProtocolIR, h: ModuleHelpers): string[] {
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
export function expand(ir: ProtocolIR, h: ModuleHelpers): string[] {
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
    ir.actions.some((a) => a.params.length > 0) ? "const { p, args } = ctx;" : "const { p } = ctx;",
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

const checkGuardName = (a: Action): string => `checkGuard${pascal(a.name)}`;

/** Each action's check bound (`checkGuard`), which the model tests before the runtime's handler runs: the runtime has no such bound. */
export function checkGuards(ir: ProtocolIR, h: ModuleHelpers): string[] {
  return ir.actions.flatMap((a) => {
    if (a.checkGuard === null) return [];
    const read = namesOf(a.checkGuard, "local");
    return [
      `/** ${a.name}'s check bound: the checker takes the step only when this holds as well as the guard. */`,
      `function ${checkGuardName(a)}${handlerSignature(a)}: boolean {`,
      ...a.params.filter((q) => read.has(q.name)).map((q) => `const ${local(q.name)} = args.${q.name};`),
      `return ${emitExpr(a.checkGuard, { h, state: "state", global: "st", ghosts: "g" })};`,
      "}",
      "",
    ];
  });
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
  const bounded = (input: string): string[] => (a.checkGuard === null ? [] : [`if (!${checkGuardName(a)}(p, self, node${input})) continue;`]);
  const lines = [`// ${a.name}`, `for (let self = 0; self < st.nodes.${role}.length; self++) {`, `const node = st.nodes.${role}[self];`];
  if (a.on !== null) {
    lines.push("for (let k = 0; k < net.length; k++) {", "const msg = net[k];", `if (msg.type !== "${a.on}" || msg.to !== self || !${h.use("deliverable")}(net, k, ORDER)) continue;`);
    lines.push(...bounded(", msg"), `for (const o of ${call(", msg")}) {`, ...deliver(`${h.use("received")}(net, k, ORDER)`, "undefined", "msg"), "}", "}");
  } else if (a.params.length > 0) {
    lines.push(`for (const input of args.${a.name}) {`, ...bounded(", input as never"), `for (const o of ${call(", input as never")}) {`, ...deliver("net", "input", "undefined"), "}", "}");
  } else {
    lines.push(...bounded(""), `for (const o of ${call("")}) {`, ...deliver("net", "undefined", "undefined"), "}");
  }
  lines.push("}");
  return lines;
}

