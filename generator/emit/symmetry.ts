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
  const permuted = ir.network === "fifo" ? "null" : "(s: State, perms: readonly (readonly number[])[], inverses: readonly (readonly number[])[], out: Lanes) => fingerprintPermuted(p, s, perms, inverses, out)";
  return [
    "/** The symmetric roles, renaming, encoding and fingerprints, as canonicalisation takes them. */",
    `export function symmetryOf(p: Parameters, fingerprint: (s: State, out: ${h.use("Lanes")}) => void) {`,
    `return { roles: [${roles.join(", ")}], permute: (s: State, perms: readonly (readonly number[])[]) => permuteState(p, s, perms), encode: (s: State, out: WordWriter) => encodeState(p, s, out), fingerprint, fingerprintPermuted: ${permuted} };`,
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
  const renamed: RenamedRoles = new Map(symmetric.map((r, k) => [r.name, { perm: `perms[${k}]`, inverse: `inverses[${k}]` }]));
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
    lines.push("/** hashMessage of the message renamed. */", `function hashRenamedMessage(p: Parameters, m: Message, ${permsParams}, lanes: ${lanes}): void {`, "const out = hashScratch;", "out.reset();", "switch (m.type) {");
    const packed = packedHeads(ir);
    ir.messages.forEach((m, index) => {
      const end = (role: string, field: string): string => (renamed.has(role) ? `${renamed.get(role)!.perm}[m.${field}]` : `m.${field}`);
      lines.push(`case "${m.name}": {`, `const from = ${end(m.from, "from")};`, `const to = ${end(m.to, "to")};`, nodeCheck(m.from, "from", `${m.name}.from`, h), nodeCheck(m.to, "to", `${m.name}.to`, h));
      lines.push(packed ? `out.push(${index * 1048576} + from * 1024 + to);` : `out.push(${index});\nout.push(from);\nout.push(to);`);
      lines.push(...m.fields.flatMap((f) => encodeRenamed(f.type, `m.${f.name}`, `${m.name}.${f.name}`, h, renamed)), "break;", "}");
    });
    lines.push("}", `${hashWords}(out.words, out.length, 0x6d2b79f5, lanes);`, "}", "");
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
  return lines;
}

