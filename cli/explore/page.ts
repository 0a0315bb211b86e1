/**
 * The page `protoforge explore` serves and its scripts: Vue's browser build,
 * the docs site's TraceExplorer and the explore app, both compiled from their
 * single-file components when the server starts (no bundler, nothing built in
 * advance), and the docs theme's CSS with the VitePress colours it reads.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { compileScript, parse } from "vue/compiler-sfc";
import { buildHash, CODE_ROOT } from "../build-info.js";

/** The project's own files: the compiled build runs from dist/, one folder below them. */
const SOURCE_ROOT = buildHash() === null ? CODE_ROOT : join(CODE_ROOT, "..");

export interface PageAssets {
  /** Path (as the page asks for it) to content type and body. */
  readonly files: ReadonlyMap<string, { readonly type: string; readonly body: string }>;
}

/** A single-file component as an ES module importing "vue" (the page's import map resolves it). */
async function compiledComponent(file: string, id: string): Promise<string> {
  const { descriptor, errors } = parse(readFileSync(file, "utf8"), { filename: file });
  if (errors.length > 0) throw new Error(`${file}: ${errors[0].message}`);
  const script = compileScript(descriptor, { id, inlineTemplate: true, isProd: true });
  const { transpile } = await import("../transpile.js");
  return transpile(`${id}.ts`, script.content);
}

const JS = "text/javascript; charset=utf-8";

/** The colours and fonts the theme's CSS reads, as VitePress's light theme sets them. */
const PAGE_CSS = `
:root { --vp-c-text-1: #3c3c43; --vp-c-text-2: #67676c; --vp-c-text-3: #929295; --vp-c-divider: #e2e2e3; --vp-c-bg: #ffffff; --vp-c-bg-soft: #f6f6f7;
  --vp-c-brand-1: #3451b2; --vp-c-brand-soft: rgba(100, 108, 255, 0.14); --vp-c-danger-1: #b8272c; --vp-c-danger-soft: rgba(244, 63, 94, 0.14);
  --vp-c-warning-1: #915930; --vp-c-yellow-soft: rgba(234, 179, 8, 0.14); }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: var(--vp-c-text-1); background: var(--vp-c-bg); }
code { font-family: ui-monospace, monospace; font-size: 13px; }
.explore { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
.ex-header h1 { font-size: 24px; margin: 0 0 4px; }
.ex-model { font-size: 15px; font-weight: normal; color: var(--vp-c-text-2); }
.ex-header p { margin: 2px 0; color: var(--vp-c-text-2); }
.ex-problem { color: var(--vp-c-danger-1); font-weight: 600; }
.ex-reset, .ex-follow { font: inherit; font-size: 13px; border: 1px solid var(--vp-c-divider); border-radius: 6px; background: var(--vp-c-bg-soft); padding: 2px 10px; cursor: pointer; }
.ex-enabled h2 { font-size: 18px; margin: 24px 0 4px; }
.ex-count, .ex-cut, .ex-none { color: var(--vp-c-text-2); }
.ex-steps { padding-left: 24px; }
.ex-step { margin: 8px 0; }
.ex-label { overflow-wrap: anywhere; }
.ex-badge { margin-left: 8px; font-size: 13px; padding: 1px 6px; border-radius: 4px; background: var(--vp-c-bg-soft); color: var(--vp-c-text-2); }
.ex-badge-bad { background: var(--vp-c-danger-soft); color: var(--vp-c-danger-1); font-weight: 600; }
.ex-changes { margin: 2px 0 0; color: var(--vp-c-text-2); }
.ex-changes code { overflow-wrap: anywhere; }
`;

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>protoforge explore</title>
<link rel="stylesheet" href="/assets/explore.css">
<script type="importmap">{ "imports": { "vue": "/assets/vue.js" } }</script>
</head>
<body>
<div id="app"></div>
<script type="module">
import { createApp } from "vue";
import TraceExplorer from "/assets/trace-explorer.js";
import ExploreApp from "/assets/explore-app.js";
createApp(ExploreApp).component("TraceExplorer", TraceExplorer).mount("#app");
</script>
</body>
</html>
`;

export async function pageAssets(): Promise<PageAssets> {
  const vue = createRequire(import.meta.url).resolve("vue/dist/vue.runtime.esm-browser.prod.js");
  const theme = join(SOURCE_ROOT, "docs", ".vitepress", "theme");
  const files = new Map([
    ["/", { type: "text/html; charset=utf-8", body: HTML }],
    ["/assets/vue.js", { type: JS, body: readFileSync(vue, "utf8") }],
    ["/assets/trace-explorer.js", { type: JS, body: await compiledComponent(join(theme, "TraceExplorer.vue"), "trace-explorer") }],
    ["/assets/explore-app.js", { type: JS, body: await compiledComponent(join(SOURCE_ROOT, "cli", "explore", "ExploreApp.vue"), "explore-app") }],
    ["/assets/explore.css", { type: "text/css; charset=utf-8", body: PAGE_CSS + readFileSync(join(theme, "custom.css"), "utf8") }],
  ]);
  return { files };
}
