/**
 * A variant's own page, docs/protocols/<protocol>/<variant>.md: what it
 * changes, with the code, and what the checker found; for a refuted one, then
 * its shortest counterexample in the trace explorer (its data beside the page,
 * explorer-files.ts), as a Mermaid sequence diagram for the overview, and as a
 * step table. Its protocol's page lists it in a row that links here, so that
 * page stays short enough to read.
 */
import { changesBlock, expectationText, verdictText } from "./checks.js";
import { parseTrace, stepTable } from "./counterexample.js";
import { explorerTag, traceImports } from "./explorer-files.js";
import type { CheckedSpec } from "./input.js";
import { blocks, code, fence, slug } from "./markdown.js";
import { frontmatter, generatedHeader } from "./protocol-page.js";

const count = (n: number): string => n.toLocaleString("en");

function counterexampleBlock(variant: CheckedSpec): string | null {
  if (variant.certificate?.counterexample == null) return null;
  const { ir } = variant.compiled;
  const c = variant.certificate!;
  const explorer = variant.explorer === null
    ? null
    : blocks(
        "Step through it with the buttons or, once you click the explorer, the arrow keys. Each node's state sits under its lifeline, with the fields this step changed marked and their old value beside them; a message is drawn from the step that sent it to the one that received it, dashed while it is in flight.",
        explorerTag(ir.name),
      );
  const diagram = variant.counterexampleMermaid === null ? null : blocks("### The whole trace {#whole-trace}", "As a sequence diagram, at its own size (scroll it, or click it to enlarge):", fence("mermaid", variant.counterexampleMermaid));
  return blocks(
    `## Shortest counterexample {#${slug("counterexample", ir.name)}}`,
    `Breadth-first search finds no shorter path to the violation. Reproduce it with ${code(`npx protoforge check ${ir.file}`)}.`,
    explorer,
    diagram,
    blocks("### Step by step {#steps}", "Each step's node and action, the message it received, and only what changed:", stepTable(parseTrace(c.counterexample!))),
  );
}

export function variantPage(base: CheckedSpec, variant: CheckedSpec): string {
  const { ir, loaded } = variant.compiled;
  const protocol = base.compiled.ir;
  const c = variant.certificate;
  const figures = c === null ? "" : ` (${count(c.distinctStates)} distinct states, depth ${c.depth}, ${c.seconds} s)`;
  return (
    blocks(
      frontmatter(ir.title, ir.file),
      generatedHeader([protocol.file, ir.file].map((f) => f.split("\\").join("/"))),
      `# ${ir.title}`,
      `A variant of [${protocol.title}](../${protocol.name}.md#${slug("variant", ir.name)}), in ${code(loaded.file.split("\\").join("/"))}.`,
      ir.description,
      changesBlock(variant, base.compiled.loaded.spec),
      `**Expected:** ${expectationText(ir.expect)}. **Found:** ${verdictText(c)}${figures}.`,
      counterexampleBlock(variant),
      traceImports(protocol.name, variant.explorer === null ? [] : [ir.name], protocol.name),
    ) + "\n"
  );
}
