/**
 * What symmetry reduction needs from a model: renaming the ids of a symmetric
 * role in every part of a state, and each node's permutation-invariant
 * signature (runtime/symmetry.ts sorts by it before breaking ties exactly).
 */
import type { ProtocolIR } from "../ir.js";
import { encodeValue, mentions, renameValue } from "./codec.js";
import { pascal, type ModuleHelpers } from "./module.js";

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
    lines.push(`/** What no renaming of symmetric ids changes about ${role.name} node i: its state with those ids masked. */`, `function signature${R}(p: Parameters, st: State, i: number, out: WordWriter): void {`);
    const own = role.fields.flatMap((f) => encodeValue(f.type, `n.${f.name}`, `${role.name}[\${i}].${f.name}`, h, 0, masked));
    // Masking may leave nothing of the node's own state to read.
    if (own.some((line) => line.includes("n."))) lines.push(`const n = st.nodes.${role.name}[i];`, ...own);
    for (const r of ir.roles.filter((r) => r.name !== role.name)) {
      for (const f of r.fields.filter((f) => f.type.kind === "set" && mentions(f.type, role.name) && f.type.elem.kind === "node")) {
        const has = `${h.use("setHas")}(other.${f.name}, i, ${h.use("compareNumber")})`;
        // Which node holds i matters for a fixed role; for a symmetric one only how many do.
        if (r.symmetric) lines.push(`{ let holders = 0; for (const other of st.nodes.${r.name}) if (${has}) holders++; out.push(holders); }`);
        else lines.push(`for (const other of st.nodes.${r.name}) out.push(${has} ? 1 : 0);`);
      }
    }
    const sent = ir.messages.map((m, k) => [m, k] as const).filter(([m]) => m.from === role.name);
    const got = ir.messages.map((m, k) => [m, k] as const).filter(([m]) => m.to === role.name);
    if (sent.length + got.length > 0) {
      lines.push("// How many messages of each type the node has in flight, sent and to receive: a count, so no renaming changes it.");
      lines.push(`const counts = ${h.constant("counts", `new Int32Array(${2 * ir.messages.length})`)};`, "counts.fill(0);", "for (const m of st.network) {");
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

