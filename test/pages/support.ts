/** Page inputs built the way `protoforge docs` builds them, from the repository's specs and certificates. */
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { compileSpec, type Compiled } from "../../generator/compile.js";
import { discoverSpecs } from "../../generator/discover.js";
import { checkedSpec as checkedSpecOf, narrativeOf } from "../../cli/docs.js";
import type { CheckedSpec, ProtocolPageInput } from "../../pages/input.js";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function compileOrThrow(file: string): Compiled {
  const result = compileSpec(relative(process.cwd(), join(ROOT, file)));
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

export function checkedSpec(compiled: Compiled): CheckedSpec {
  return checkedSpecOf(compiled, join(ROOT, "generated"));
}

/** A base spec and the variants in specs/variants/ that extend it. */
export function pageInput(baseFile: string): ProtocolPageInput {
  const base = compileOrThrow(baseFile);
  const variants = discoverSpecs(ROOT)
    .filter((f) => f.startsWith(join("specs", "variants")))
    .map((f) => JSON.parse(readFileSync(join(ROOT, f), "utf8")) as { extends?: string; name: string } & Record<string, unknown>)
    .filter((v) => v.extends === `../${baseFile.replace(/^specs\//, "")}`)
    .map((v) => compileOrThrow(join("specs", "variants", `${v.name}.json`)))
    .sort((a, b) => a.ir.name.localeCompare(b.ir.name));
  return { base: checkedSpec(base), variants: variants.map(checkedSpec), narrative: narrativeOf(base.ir.name) };
}
