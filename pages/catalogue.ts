/** docs/protocols/index.md: every protocol, its size, what its certificate says, and its variants. */
import { verdictText } from "./checks.js";
import type { ProtocolPageInput } from "./input.js";
import { blocks, cell, firstSentence, table } from "./markdown.js";
import { generatedHeader } from "./protocol-page.js";

export function cataloguePage(pages: readonly ProtocolPageInput[]): string {
  const rows = pages.map(({ base, variants }) => {
    const { ir } = base.compiled;
    const c = base.certificate;
    const states = c === null ? "" : `${c.distinctStates.toLocaleString("en")} states, depth ${c.depth}`;
    const refuted = variants.filter((v) => v.certificate?.violated != null).length;
    return [`[${cell(ir.title)}](./${ir.name}.md)`, cell(firstSentence(ir.description)), ir.roles.map((r) => r.name).join(", "), states, verdictText(c), `${variants.length} (${refuted} refuted)`];
  });
  const sources = pages.map((p) => p.base.compiled.ir.file.split("\\").join("/"));
  return (
    blocks(
      ["---", 'title: "Protocols"', "---"].join("\n"),
      generatedHeader(sources),
      "# Protocols",
      "Every page here is generated from a spec in `specs/` and the certificates `protoforge publish` wrote: the protocol's state, messages and actions, the invariants the checker verified, and every variant with its verdict and, when the checker refutes it, its shortest counterexample.",
      table(["protocol", "in one sentence", "roles", "`ci` model", "result", "variants"], rows),
    ) + "\n"
  );
}
