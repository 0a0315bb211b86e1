/** Small Markdown builders the page generators share; every page goes through them so escaping is done once. */

/** Text safe inside a table cell: pipes escaped, line breaks turned into `<br>`. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** Inline code that survives a table cell and Vue's template compiler (VitePress pages are Vue components). */
export function code(text: string): string {
  const ticks = text.includes("`") ? "``" : "`";
  const pad = ticks.length > 1 ? " " : "";
  return `${ticks}${pad}${text.replace(/\|/g, "\\|")}${pad}${ticks}`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A fenced block; the fence grows past any backtick run inside the text. */
export function fence(lang: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const marks = "`".repeat(longest + 1);
  return `${marks}${lang}\n${text.replace(/\n$/, "")}\n${marks}`;
}

/** `1 step`, `2 steps`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Joins blocks with one blank line between them, dropping empty ones. */
export function blocks(...parts: readonly (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === "string" && p.length > 0).join("\n\n");
}

/** An id for an explicit heading anchor (`## Title {#id}`), so links between generated pages never depend on slug rules. */
export function slug(...parts: readonly string[]): string {
  return parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** One line of plain text from a Markdown paragraph, for table cells and search snippets. */
export function firstSentence(text: string): string {
  const paragraph = text.split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
  const end = paragraph.search(/[.!?](\s|$)/);
  return end === -1 ? paragraph : paragraph.slice(0, end + 1);
}
