/**
 * The docs theme: VitePress's default one, with the trace explorer every
 * refuted variant's page uses, click-to-enlarge for Mermaid diagrams, and CSS
 * that lets wide diagrams and tables scroll instead of shrinking or cutting.
 */
import type { Theme } from "vitepress";
import DefaultTheme from "vitepress/theme";
import { h } from "vue";
import DiagramZoom from "./DiagramZoom.vue";
import TraceExplorer from "./TraceExplorer.vue";
import "./custom.css";

const theme: Theme = {
  extends: DefaultTheme,
  Layout: () => h(DefaultTheme.Layout, null, { "layout-bottom": () => h(DiagramZoom) }),
  enhanceApp({ app }) {
    app.component("TraceExplorer", TraceExplorer);
  },
};

export default theme;
