/**
 * Pages you can learn from (issue 16): every protocol with variants has a
 * narrative (docs/narratives/<protocol>.md) that says how it works, draws a
 * happy path publish found in the model, and links, under "why each rule is
 * there", every variant that breaks a rule; each link it makes to a variant
 * names a variant of that protocol.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCS, ROOT } from "./markdown-blocks.js";

interface VariantSpec {
  readonly extends: string;
  readonly expect?: unknown;
}

const variants = readdirSync(join(ROOT, "specs", "variants"))
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ name: f.slice(0, -5), spec: JSON.parse(readFileSync(join(ROOT, "specs", "variants", f), "utf8")) as VariantSpec }));
const nameOf = (extended: string): string => extended.replace(/^.*\//, "").replace(/\.json$/, "");
/** The base spec a variant comes from, through variants of variants (their pages sit with that base's). */
function baseOf(v: VariantSpec): string {
  const parent = variants.find((x) => x.name === nameOf(v.extends));
  return parent === undefined ? nameOf(v.extends) : baseOf(parent.spec);
}
const protocols = [...new Set(variants.map((v) => baseOf(v.spec)))].sort();
const refutes = (v: VariantSpec): boolean => typeof v.expect === "object" && v.expect !== null && "violates" in v.expect;

describe.each(protocols)("the narrative of %s", (protocol) => {
  const file = join(DOCS, "narratives", `${protocol}.md`);
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const own = variants.filter((v) => baseOf(v.spec) === protocol);

  it("says how it works, and why each rule is there", () => {
    expect(existsSync(file), file).toBe(true);
    expect(text).toContain("## How it works {#how-it-works}");
    expect(text).toContain("### Why each rule is there {#why-each-rule}");
  });

  it("links every variant that breaks a rule, and only variants of its own", () => {
    const why = text.slice(text.indexOf("{#why-each-rule}"));
    for (const v of own.filter((x) => refutes(x.spec))) expect(why, `${protocol}: ${v.name}`).toContain(`](./${protocol}/${v.name}.md)`);
    const linked = [...text.matchAll(/\]\(\.\/([a-z0-9-]+)\/([a-z0-9-]+)\.md\)/g)].map((m) => `${m[1]}/${m[2]}`);
    for (const link of linked) expect(own.map((v) => `${protocol}/${v.name}`), link).toContain(link);
  });

  it("draws a happy path that publish found in the model", () => {
    const goals = [...text.matchAll(/<!-- happy path: (\{.*?\}) -->/g)].map((m) => m[1]);
    expect(goals.length).toBeGreaterThan(0);
    const certificate = JSON.parse(readFileSync(join(ROOT, "generated", protocol, "CERTIFICATE.json"), "utf8")) as { happyPaths?: { goal: string }[] };
    expect((certificate.happyPaths ?? []).map((h) => h.goal)).toEqual(goals);
  });
});
