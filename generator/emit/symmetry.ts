/**
 * What symmetry reduction needs from a model: renaming the ids of a symmetric
 * role in every part of a state, and each node's permutation-invariant
 * signature (runtime/symmetry.ts sorts by it before breaking ties exactly).
 */
import type { ProtocolIR, Type } from "../ir.js";
import { encodeRenamed, encodeValue, mentions, nodeCheck, renameValue, type RenamedRoles } from "./codec.js";
import { packedHeads } from "./model-file.js";
import { pascal, type ModuleHelpers } from "./module.js";
import { roleStateType } from "./tstype.js";

export function symmetry(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const symmetric = ir.roles.filter((r) => r.symmetric);
  // A key must not change under a renaming of any symmetric role, not only the node's own.
  const masked = new Set(symmetric.map((r) => r.name));
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
    if (ir.messages.length === 0) lines.push("const network = st.network;");
    else {
      lines.push("const renamed = st.network.map((m): Message => {", "switch (m.type) {", ...cases, "}", "});");
      lines.push(ir.network === "fifo" ? "const network = renamed.sort(compareChannel);" : "const network = renamed.sort(compareMessage);");
    }
    lines.push(`const ghosts: Ghosts = { ${ir.ghosts.map((g) => `${g.name}: ${renameValue(g.type, `st.ghosts.${g.name}`, role.name, h)}`).join(", ")} };`);
    lines.push("return { nodes, network, ghosts };", "}", "");
    lines.push(
      `/** What no renaming of symmetric ids changes about each ${role.name} node: its state with those ids masked. Node i's words go from starts[i] to starts[i + 1]. */`,
      `function signatures${R}(p: Parameters, st: State, out: ${h.use("WordBuffer")}, starts: Int32Array): void {`,
      `const count = st.nodes.${role.name}.length;`,
    );
    const sent = ir.messages.filter((m) => m.from === role.name);
    const got = ir.messages.filter((m) => m.to === role.name);
    const width = 2 * ir.messages.length;
    const counted = sent.length + got.length > 0;
    if (counted) {
      // How many messages of each type a node has in flight, sent and to receive: a count, so no renaming changes it. One pass for all nodes.
      const tally = h.constant("tally", "{ words: new Int32Array(64) }");
      lines.push(`if (${tally}.words.length < ${width} * count) ${tally}.words = new Int32Array(${2 * width} * count);`, `const counts = ${tally}.words;`, `counts.fill(0, 0, ${width} * count);`, "for (const m of st.network) {");
      if (sent.length > 0) lines.push(`if ((${sent.map((m) => `m.type === "${m.name}"`).join(" || ")}) && m.from >= 0 && m.from < count) counts[m.from * ${width} + 2 * MESSAGE_INDEX[m.type]]++;`);
      if (got.length > 0) lines.push(`if ((${got.map((m) => `m.type === "${m.name}"`).join(" || ")}) && m.to >= 0 && m.to < count) counts[m.to * ${width} + 2 * MESSAGE_INDEX[m.type] + 1]++;`);
      lines.push("}");
    }
    lines.push("for (let i = 0; i < count; i++) {", "starts[i] = out.length;");
    const own = role.fields.flatMap((f) => encodeValue(f.type, `n.${f.name}`, `${role.name}[\${i}].${f.name}`, h, 0, masked));
    // Masking may leave nothing of the node's own state to read.
    if (own.some((line) => line.includes("n."))) lines.push(`const n = st.nodes.${role.name}[i];`, ...own);
    else lines.push(...own);
    for (const r of ir.roles.filter((r) => r.name !== role.name)) {
      for (const f of r.fields.filter((f) => f.type.kind === "set" && mentions(f.type, role.name) && f.type.elem.kind === "node")) {
        const has = `${h.use("setHas")}(other.${f.name}, i, ${h.use("compareNumber")})`;
        // Which node holds i matters for a fixed role; for a symmetric one only how many do.
        if (r.symmetric) lines.push(`{ let holders = 0; for (const other of st.nodes.${r.name}) if (${has}) holders++; out.push(holders); }`);
        else lines.push(`for (const other of st.nodes.${r.name}) out.push(${has} ? 1 : 0);`);
      }
    }
    if (counted) lines.push(`for (let c = i * ${width}; c < (i + 1) * ${width}; c++) out.push(counts[c]);`);
    lines.push("}", "starts[count] = out.length;");
    lines.push("}", "");
  }
  if (symmetric.length === 0) return lines;
  lines.push("function permuteState(p: Parameters, st: State, perms: readonly (readonly number[])[]): State {");
  lines.push(`let out = st;\n${symmetric.map((r, i) => `out = rename${pascal(r.name)}(p, out, perms[${i}]);`).join("\n")}\nreturn out;`);
  lines.push("}", "");
  return [...lines, ...(ir.network === "fifo" ? [] : fingerprintPermuted(ir, h)), ...symmetryOf(ir, h)];
}

/** What runtime/symmetry.ts needs of the model, made once per parameter set so canonicalising allocates no closures. */
function symmetryOf(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const roles = ir.roles.filter((r) => r.symmetric).map((r) => `{ count: (s: State) => s.nodes.${r.name}.length, signatures: (s: State, out: WordBuffer, starts: Int32Array) => signatures${pascal(r.name)}(p, s, out, starts) }`);
  const perms = "perms: readonly (readonly number[])[], inverses: readonly (readonly number[])[]";
  const permuted = ir.network === "fifo" ? "null" : `(s: State, ${perms}, out: Lanes) => fingerprintPermuted(p, s, perms, inverses, out)`;
  const encodePermuted = permutedEncoding(ir) ? `(s: State, ${perms}, out: WordBuffer) => encodeStatePermuted(p, s, perms, inverses, out)` : "null";
  return [
    "/** The symmetric roles, renaming, encoding and fingerprints, as canonicalisation takes them. */",
    `export function symmetryOf(p: Parameters, fingerprint: (s: State, out: ${h.use("Lanes")}) => void) {`,
    `return { roles: [${roles.join(", ")}], permute: (s: State, perms: readonly (readonly number[])[]) => permuteState(p, s, perms), encode: (s: State, out: WordWriter) => encodeState(p, s, out), fingerprint, fingerprintPermuted: ${permuted}, encodePermuted: ${encodePermuted} };`,
    "}",
    "",
  ];
}

/**
 * fingerprintPermuted: the fingerprint permuteState would give, with no state
 * built. Parts are summed in any order (runtime/hash.ts), so each is hashed as
 * its renamed self where it lies: position j of a symmetric role is old node
 * inverse[j], renamed. Not for fifo networks, whose hash follows message order.
 */
function fingerprintPermuted(ir: ProtocolIR, h: ModuleHelpers): string[] {
  const symmetric = ir.roles.filter((r) => r.symmetric);
  const renamed = renamedRoles(ir);
  const mentionsAny = (t: Type): boolean => symmetric.some((r) => mentions(t, r.name));
  const lanes = h.use("Lanes");
  const hashWords = h.use("hashWords");
  const permsParams = "perms: readonly (readonly number[])[], inverses: readonly (readonly number[])[]";
  const lines: string[] = [];
  const sum = ["hi = (hi + part.hi) | 0;", "lo = (lo + part.lo) | 0;"];
  const body: string[] = [];
  ir.roles.forEach((r, ri) => {
    const R = pascal(r.name);
    const k = symmetric.indexOf(r);
    const node = k >= 0 ? `st.nodes.${r.name}[inverses[${k}][j]]` : `st.nodes.${r.name}[j]`;
    const hashedRenamed = r.fields.some((f) => mentionsAny(f.type));
    if (hashedRenamed) {
      lines.push(`/** hash${R} of node i renamed. */`, `function hashRenamed${R}(p: Parameters, i: number, n: ${roleStateType(r.name)}, ${permsParams}, lanes: ${lanes}): void {`, "const out = hashScratch;", "out.reset();");
      for (const f of r.fields) lines.push(...encodeRenamed(f.type, `n.${f.name}`, `${r.name}[\${i}].${f.name}`, h, renamed));
      lines.push(`${hashWords}(out.words, out.length, ${h.use("nodeSeed")}(${ri}, i), lanes);`, "}", "");
    }
    body.push(`for (let j = 0; j < st.nodes.${r.name}.length; j++) {`, hashedRenamed ? `hashRenamed${R}(p, j, ${node}, perms, inverses, part);` : `hash${R}(p, j, ${node}, part);`, ...sum, "}");
  });
  if (ir.messages.length > 0) {
    lines.push(...renamedMessages(ir, h, renamed), "/** hashMessage of the message renamed. */", `function hashRenamedMessage(p: Parameters, m: Message, ${permsParams}, lanes: ${lanes}): void {`);
    lines.push("hashScratch.reset();", "encodeRenamedMessage(p, m, perms, inverses, hashScratch);", `${hashWords}(hashScratch.words, hashScratch.length, 0x6d2b79f5, lanes);`, "}", "");
    body.push("for (const m of st.network) {", "hashRenamedMessage(p, m, perms, inverses, part);", ...sum, "}");
  }
  if (ir.ghosts.some((g) => mentionsAny(g.type))) {
    body.push("{", "const g = st.ghosts;", "const out = hashScratch;", "out.reset();", ...ir.ghosts.flatMap((g) => encodeRenamed(g.type, `g.${g.name}`, `ghosts.${g.name}`, h, renamed)), `${hashWords}(out.words, out.length, 0x27d4eb2f, part);`, "}");
  } else body.push("hashGhosts(p, st.ghosts, part);");
  lines.push(
    "/** The fingerprint permuteState(p, st, perms) would have, without building it; inverses[k] is perms[k]'s inverse. */",
    `function fingerprintPermuted(p: Parameters, st: State, ${permsParams}, fp: ${lanes}): void {`,
    `const part = ${h.constant("lanes", `new ${lanes}()`)};`,
    "let hi = 0;",
    "let lo = 0;",
    ...body,
    `${h.use("finish")}((hi + part.hi) | 0, (lo + part.lo) | 0, fp);`,
    "}",
    "",
  );
  if (permutedEncoding(ir)) lines.push(...encodeStatePermuted(ir, h, renamed));
  return lines;
}

/** How each symmetric role's ids are read through perms[k] and inverses[k]. */
function renamedRoles(ir: ProtocolIR): RenamedRoles {
  return new Map(ir.roles.filter((r) => r.symmetric).map((r, k) => [r.name, { perm: `perms[${k}]`, inverse: `inverses[${k}]` }]));
}

/**
 * Whether renamed messages can be ordered without building them: every field
 * that holds symmetric ids is one id, compared through its permutation.
 */
function permutedEncoding(ir: ProtocolIR): boolean {
  const symmetric = ir.roles.filter((r) => r.symmetric);
  return ir.network !== "fifo" && ir.messages.every((m) => m.fields.every((f) => f.type.kind === "node" || !symmetric.some((r) => mentions(f.type, r.name))));
}

/** encodeRenamedMessage (encodeMessage of the renamed message) and, where they can be ordered so, compareRenamedMessage (compareMessage of two renamed messages). */
function renamedMessages(ir: ProtocolIR, h: ModuleHelpers, renamed: RenamedRoles): string[] {
  const perms = "perms: readonly (readonly number[])[]";
  const lines = ["/** encodeMessage of the message renamed. */", `function encodeRenamedMessage(p: Parameters, m: Message, ${perms}, inverses: readonly (readonly number[])[], out: ${h.use("WordBuffer")}): void {`, "switch (m.type) {"];
  const packed = packedHeads(ir);
  const id = (role: string, v: string): string => (renamed.has(role) ? `${renamed.get(role)!.perm}[${v}]` : v);
  ir.messages.forEach((m, index) => {
    lines.push(`case "${m.name}": {`, `const from = ${id(m.from, "m.from")};`, `const to = ${id(m.to, "m.to")};`, nodeCheck(m.from, "from", `${m.name}.from`, h), nodeCheck(m.to, "to", `${m.name}.to`, h));
    lines.push(packed ? `out.push(${index * 1048576} + from * 1024 + to);` : `out.push(${index});\nout.push(from);\nout.push(to);`);
    lines.push(...m.fields.flatMap((f) => encodeRenamed(f.type, `m.${f.name}`, `${m.name}.${f.name}`, h, renamed)), "break;", "}");
  });
  lines.push("}", "}", "");
  if (!permutedEncoding(ir)) return lines;
  lines.push("/** compareMessage of the two messages renamed. */", `function compareRenamedMessage(a: Message, b: Message, ${perms}): number {`, "if (a.type !== b.type) return MESSAGE_INDEX[a.type] - MESSAGE_INDEX[b.type];", "switch (a.type) {");
  for (const m of ir.messages) {
    const other = (f: string): string => `(b as ${m.name}).${f}`;
    const fields = m.fields.map((f) => {
      if (f.type.kind === "node") return `${id(f.type.role, `a.${f.name}`)} - ${id(f.type.role, other(f.name))}`;
      return f.type.kind === "int" ? `a.${f.name} - ${other(f.name)}` : `${h.compare(f.type)}(a.${f.name}, ${other(f.name)})`;
    });
    lines.push(`case "${m.name}": return ${[`${id(m.from, "a.from")} - ${id(m.from, "b.from")}`, `${id(m.to, "a.to")} - ${id(m.to, "b.to")}`, ...fields].join(" || ")};`);
  }
  lines.push("}", "}", "");
  return lines;
}

/** encodeStatePermuted: the words encodeState would write for the renamed state, with no state built; its network in renamed message order. */
function encodeStatePermuted(ir: ProtocolIR, h: ModuleHelpers, renamed: RenamedRoles): string[] {
  const symmetric = ir.roles.filter((r) => r.symmetric);
  const lines = [
    "/** The words encodeState(p, permuteState(p, st, perms)) would write, without building that state; inverses[k] is perms[k]'s inverse. */",
    `function encodeStatePermuted(p: Parameters, st: State, perms: readonly (readonly number[])[], inverses: readonly (readonly number[])[], out: ${h.use("WordBuffer")}): void {`,
  ];
  for (const r of ir.roles.filter((r) => r.fields.length > 0)) {
    const k = symmetric.indexOf(r);
    lines.push(`for (let i = 0; i < st.nodes.${r.name}.length; i++) {`, `const n = st.nodes.${r.name}[${k >= 0 ? `inverses[${k}][i]` : "i"}];`);
    for (const f of r.fields) lines.push(...encodeRenamed(f.type, `n.${f.name}`, `${r.name}[\${i}].${f.name}`, h, renamed));
    lines.push("}");
  }
  lines.push("const net = st.network;", "out.push(net.length);");
  if (ir.messages.length > 0) {
    const order = h.constant("order", "{ words: new Int32Array(64) }");
    lines.push(
      `if (${order}.words.length < net.length) ${order}.words = new Int32Array(2 * net.length);`,
      `const order = ${order}.words;`,
      "// Insertion sort of positions: a network holds a handful of messages, and no two compare equal unless they are equal.",
      "for (let i = 0; i < net.length; i++) {",
      "let at = i;",
      "for (; at > 0 && compareRenamedMessage(net[order[at - 1]], net[i], perms) > 0; at--) order[at] = order[at - 1];",
      "order[at] = i;",
      "}",
      "for (let i = 0; i < net.length; i++) encodeRenamedMessage(p, net[order[i]], perms, inverses, out);",
    );
  }
  lines.push(...ir.ghosts.flatMap((g) => encodeRenamed(g.type, `st.ghosts.${g.name}`, `ghosts.${g.name}`, h, renamed)), "}", "");
  return lines;
}
