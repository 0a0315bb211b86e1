/**
 * The sections of a protocol page that say what the checker found: the base
 * spec's certificate, then each variant with its verdict and, when refuted,
 * a link to the page of its shortest counterexample (variant-page.ts).
 */
import { pointer } from "../generator/errors.js";
import { NESTED_MAPS } from "../generator/inherit.js";
import type { ProtocolIR } from "../generator/ir.js";
import { MERGED_MAPS, type ProtocolSpec } from "../generator/spec.js";
import { typeText } from "../generator/types.js";
import { actionCode, blockCode, CODE_LANGUAGE } from "./action-code.js";
import { parseTrace } from "./counterexample.js";
import { depthChart } from "./depth-chart.js";
import type { CheckedSpec, CheckRecord, ModelCheck } from "./input.js";
import { blocks, cell, code, fence, plural, slug, table } from "./markdown.js";

const count = (n: number): string => n.toLocaleString("en");
const parameterList = (p: Readonly<Record<string, number>>): string => Object.entries(p).map(([k, v]) => `${k} = ${v}`).join(", ");

export function expectationText(expected: ProtocolIR["expect"]): string {
  if (expected === null || "holds" in expected) return "every invariant holds";
  if ("equivalent" in expected) return "behaves exactly as its base";
  return `violates ${expected.violates.map(code).join(" or ")}`;
}

/** What the certificate says was found, in a few words. */
export function verdictText(c: CheckRecord | null): string {
  if (c === null) return "not published yet";
  if (c.verdict === "ok") return c.expected === "equivalent" ? "behaves exactly as its base" : "every invariant holds";
  const steps = c.counterexample === null ? 0 : parseTrace(c.counterexample).filter((s) => s.index > 0).length;
  return c.violated === null ? c.verdict : `${code(c.violated)} violated in ${plural(steps, "step")}`;
}

/** One row per published model; the deciding one (the top-level figures) with its trace length. */
function resultsTable(c: CheckRecord): string {
  const checked = [...c.invariants, ...c.properties].map(code).join(", ");
  const row = (m: ModelCheck, verdict: string) => [code(m.model), cell(parameterList(m.parameters)), checked, m.symmetry ? "on" : "off", verdict, count(m.distinctStates), count(m.statesGenerated), String(m.depth), `${m.seconds} s`];
  const others = (c.checks ?? []).filter((m) => m.model !== c.model);
  return table(
    ["model", "parameters", "checked", "symmetry", "result", "distinct states", "states generated", "depth", "time"],
    [row(c, verdictText(c)), ...others.map((m) => row(m, m.verdict === "ok" ? "every invariant holds" : m.violated === null ? m.verdict : `${code(m.violated)} violated`))],
  );
}

export function checkResultsSection(base: CheckedSpec): string {
  const { ir } = base.compiled;
  const c = base.certificate;
  const published = c === null
    ? `No certificate yet: run ${code(`npx protoforge publish ${ir.file}`)}.`
    : blocks(`${code("protoforge publish")} explored every reachable state of ${(c.checks ?? []).length > 1 ? `each published model (${(c.checks ?? []).map((m) => code(m.model)).join(", ")})` : `the ${code(c.model)} model`} breadth-first and recorded this in ${code(`generated/${ir.name}/CERTIFICATE.json`)}:`, resultsTable(c));
  const models = ir.models.map((m) => [code(m.name), cell(m.publish ? `${parameterList(m.parameters)} (published)` : parameterList(m.parameters)), cell(m.description ?? ""), code(`npx protoforge check ${ir.file} --model ${m.name}`)]);
  const s = c?.swarm ?? null;
  const swarm = s === null ? "" : `Past the exhaustive models, publish also ran a swarm: ${count(s.walks)} seeded random walks (seeds ${s.seed} on, up to ${s.longestWalk} steps each, ${count(s.budget)} steps in all) on the ${code(s.model)} model, which found ${s.verdict === "ok" ? "nothing" : s.verdict}.`;
  const gaps = c?.branchesNeverRun ?? [];
  const unexercised = gaps.length === 0 ? "" : blocks("What no published model exercises (each `if` went one way only, or a `choose` value was never taken, in every reached state):", gaps.map((g) => `- ${code(g)}`).join("\n"));
  const chart = c?.reachable === undefined ? null : depthChart(c.reachable);
  return blocks("## Check results {#check-results}", published, chart, swarm, unexercised, "The spec's models (the checker explores any of them on demand):", table(["model", "parameters", "what it covers", "command"], models));
}

interface ChangedEntry {
  readonly key: string;
  readonly name: string;
  readonly change: "adds" | "replaces" | "changes" | "removes";
  /** For an entry that inherits the rest from its base: the keys the variant restated (`state.log` for a role's field). */
  readonly restated: readonly string[];
}

type SpecMaps = Record<string, Record<string, unknown> | undefined>;

/** The keys of a merged entry that the variant's file wrote, a role's state fields and a model's parameters one by one; empty when it wrote the whole entry. */
function restatedKeys(variant: CheckedSpec, key: string, name: string, entry: Record<string, unknown>): string[] {
  const { loaded } = variant.compiled;
  const own = (...at: string[]) => loaded.originOf(pointer(key, name, ...at)) === loaded.file;
  const keys = Object.keys(entry).flatMap((k) => {
    const nested = NESTED_MAPS[key]?.[k] !== undefined ? Object.keys(entry[k] as object) : null;
    if (nested === null) return own(k) ? [k] : [];
    const mine = nested.filter((n) => own(k, n));
    return mine.length === nested.length ? [k] : mine.map((n) => `${k}.${n}`);
  });
  if (keys.length === Object.keys(entry).length) return [];
  // Prose is no change to show beside the others.
  return keys.length > 1 ? keys.filter((k) => k !== "description") : keys;
}

/** The entries of the merged spec that the variant's own file adds, replaces, changes in part or removes. */
function changedEntries(variant: CheckedSpec, baseSpec: ProtocolSpec): ChangedEntry[] {
  const { loaded } = variant.compiled;
  const merged = loaded.spec as unknown as SpecMaps;
  const base = baseSpec as unknown as SpecMaps;
  return MERGED_MAPS.flatMap((key) => {
    const own = Object.keys(merged[key] ?? {}).filter((name) => loaded.originOf(pointer(key, name)) === loaded.file);
    const removed = Object.keys(base[key] ?? {}).filter((name) => !(name in (merged[key] ?? {})));
    const entry = (name: string): ChangedEntry => {
      if (!(name in (base[key] ?? {}))) return { key, name, change: "adds", restated: [] };
      const restated = restatedKeys(variant, key, name, merged[key]![name] as Record<string, unknown>);
      return { key, name, change: restated.length === 0 ? "replaces" : "changes", restated };
    };
    return [...own.map(entry), ...removed.map((name): ChangedEntry => ({ key, name, change: "removes", restated: [] }))];
  });
}

/** The variant's own code for a changed action, block, definition or predicate, or null when there is none to show. */
function changedCode(variant: CheckedSpec, e: ChangedEntry): string | null {
  const { loaded, ir } = variant.compiled;
  if (e.change === "removes") return null;
  if (e.key === "actions") return fence(CODE_LANGUAGE, actionCode(e.name, loaded.spec.actions![e.name], ir.actions.find((a) => a.name === e.name)));
  if (e.key === "blocks") {
    const block = ir.blocks.find((b) => b.name === e.name);
    return block === undefined ? null : fence(CODE_LANGUAGE, blockCode(e.name, loaded.spec.blocks![e.name], block.params.map((p) => `${p.name}: ${typeText(p.type)}`)));
  }
  if (e.key === "definitions") {
    const d = ir.definitions.find((x) => x.name === e.name);
    return d === undefined ? null : fence(CODE_LANGUAGE, `${d.name}(${d.params.map((p) => `${p.name}: ${typeText(p.type)}`).join(", ")}): ${typeText(d.returns)} =\n  ${d.text}`);
  }
  const predicate = e.key === "invariants" ? loaded.spec.invariants?.[e.name] : e.key === "properties" ? loaded.spec.properties?.[e.name] : undefined;
  return predicate === undefined ? null : fence(CODE_LANGUAGE, predicate.expr);
}

const singular = (key: string): string => (key.endsWith("ies") ? `${key.slice(0, -3)}y` : key.slice(0, -1));

/** The entries of the base that the variant changes, a line each. */
function changesList(variant: CheckedSpec, baseSpec: ProtocolSpec): string {
  const changed = changedEntries(variant, baseSpec);
  if (changed.length === 0) return "It changes no entry of the base spec.";
  const list = changed.map((e) => `- ${e.change} ${singular(e.key)} ${code(e.name)}${e.restated.length === 0 ? "" : ` (${e.restated.map(code).join(", ")}; the rest is the base's)`}`).join("\n");
  return blocks(`What ${code(variant.compiled.loaded.file)} changes:`, list);
}

/** What the variant changes, with the variant's code for each changed entry: for its own page. */
export function changesBlock(variant: CheckedSpec, baseSpec: ProtocolSpec): string {
  return blocks(changesList(variant, baseSpec), ...changedEntries(variant, baseSpec).map((e) => changedCode(variant, e)));
}

/** The path of a variant's own page from its protocol's page. */
export const variantPagePath = (protocol: string, variant: string): string => `./${protocol}/${variant}.md`;

/**
 * The protocol page's list of variants: a row each, linking the variant's own
 * page (its description, the code it changes, its counterexample). Each row
 * keeps the variant's anchor, so links to #variant-<name> still land on it.
 */
export function variantsSection(base: CheckedSpec, variants: readonly CheckedSpec[]): string | null {
  if (variants.length === 0) return null;
  const protocol = base.compiled.ir.name;
  const rows = variants.map((v) => {
    const { ir } = v.compiled;
    return [`<span id="${slug("variant", ir.name)}"></span>[${cell(ir.title)}](${variantPagePath(protocol, ir.name)})`, expectationText(ir.expect), verdictText(v.certificate)];
  });
  return blocks(
    "## Variants {#variants}",
    "Each variant changes a rule of the protocol and says what the checker must find; publish checks that it does. Each has a page of its own: what it changes and why that matters, the code, what the checker found and, when it is refuted, its shortest counterexample in the trace explorer.",
    table(["variant", "expected", "found"], rows),
  );
}
