/**
 * A protocol page's liveness section: each property in its temporal form, the
 * fairness the ci model gives the actions, and what publish found of each
 * (docs/reference/semantics.md, Liveness).
 */
import type { ProtocolIR } from "../generator/ir.js";
import type { CheckRecord, LivenessRecord } from "./input.js";
import { blocks, code, fence, slug, table } from "./markdown.js";
import { CODE_LANGUAGE } from "./action-code.js";

const FORM = { eventually: (t: readonly string[]) => `eventually ${t[0]}`, alwaysEventually: (t: readonly string[]) => `always eventually ${t[0]}`, leadsTo: (t: readonly string[]) => `${t[0]}\n  leads to ${t[1]}` } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function found(record: LivenessRecord | undefined, name: string): string {
  const p = record?.properties.find((x) => x.name === name);
  if (p === undefined) return "not checked";
  return p.verdict === "holds" ? `holds on all ${record!.states.toLocaleString("en")} states` : `violated: a lasso of ${plural(p.prefix!, "step")} and a loop of ${plural(p.cycle!, "step")}`;
}

export function livenessSection(ir: ProtocolIR, certificate: CheckRecord | null): string | null {
  if (ir.liveness.length === 0) return null;
  const record = certificate?.checks?.find((c) => c.model === "ci")?.liveness;
  const ci = ir.models.find((m) => m.name === "ci");
  const fair = Object.entries(ci?.fairness ?? {}).filter(([, f]) => f !== null);
  const stop = ci?.faultsStop ? " Faults stop: only runs with finitely many faults count." : "";
  const fairness = fair.length === 0 ? `No action is fair in the ci model: a run may ignore any of them forever.${stop}` : blocks(table(["action", "fairness"], fair.map(([a, f]) => [code(a), f!])), stop.trim() || null);
  const entries = ir.liveness.map((p) => blocks(`### ${p.name} {#${slug("liveness", p.name)}}`, p.description, fence(CODE_LANGUAGE, FORM[p.kind](p.texts)), `**Found (ci):** ${found(record, p.name)}.`));
  return blocks("## Liveness {#liveness}", "What every fair run must eventually do. The checker looks for a fair run that never does it, as a lasso: a prefix, then a loop repeated forever. The fairness of the ci model:", fairness, ...entries);
}
