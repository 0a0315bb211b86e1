/**
 * How a page shows a refuted variant's trace explorer: the explorer's data is
 * a JSON file beside the page (docs/protocols/<protocol>/<variant>.trace.json)
 * that the page imports in its `<script setup>` and hands to the theme's
 * TraceExplorer component (docs/.vitepress/theme/TraceExplorer.vue).
 */
import type { ExplorerTrace } from "./explorer-trace.js";

export const TRACE_SUFFIX = ".trace.json";

/** The explorer data's path inside docs/protocols/. */
export const traceFile = (protocol: string, variant: string): string => `${protocol}/${variant}${TRACE_SUFFIX}`;

const variable = (variant: string): string => `trace_${variant.replace(/[^A-Za-z0-9]/g, "_")}`;

/** The page's `<script setup>` importing each variant's explorer data, from a page in docs/protocols/ (`pageDir` ".") or beside the data (the protocol's folder). */
export function traceImports(protocol: string, variants: readonly string[], pageDir: string): string | null {
  if (variants.length === 0) return null;
  const from = (v: string) => (pageDir === protocol ? `./${v}${TRACE_SUFFIX}` : `./${traceFile(protocol, v)}`);
  return ["<script setup>", ...variants.map((v) => `import ${variable(v)} from ${JSON.stringify(from(v))};`), "</script>"].join("\n");
}

export const explorerTag = (variant: string): string => `<TraceExplorer :trace="${variable(variant)}" />`;

export const traceJson = (trace: ExplorerTrace): string => JSON.stringify(trace) + "\n";
