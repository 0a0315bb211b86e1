/** The fenced code blocks of the docs site's Markdown pages, for the tests that run them. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DOCS = join(ROOT, "docs");

export interface Block {
  readonly page: string;
  readonly lang: string;
  readonly text: string;
  /** The language of the next block on the page, which holds the output of a program. */
  readonly next: Block | null;
}

/** Every Markdown page of the site, hand-written and generated, relative to docs/. */
export function pages(dir = DOCS): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith(".")) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? pages(path) : e.name.endsWith(".md") ? [relative(DOCS, path)] : [];
  });
}

export function blocksOf(page: string): Block[] {
  const lines = readFileSync(join(DOCS, page), "utf8").split("\n");
  const found: { lang: string; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})(\S*)\s*$/.exec(lines[i]);
    if (open === null) continue;
    const end = lines.findIndex((l, j) => j > i && l === open[1]);
    found.push({ lang: open[2], text: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  const blocks: Block[] = [];
  for (let i = found.length - 1; i >= 0; i--) blocks.unshift({ page, ...found[i], next: blocks[0] ?? null });
  return blocks;
}
