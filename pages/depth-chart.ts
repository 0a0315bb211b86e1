/**
 * The check results as a picture: how many distinct states the breadth-first
 * search found at each depth of a model, from the certificate, as an inline
 * SVG bar chart (in a box that scrolls when the search went deep).
 */
import type { Reachable } from "./input.js";
import { blocks, code } from "./markdown.js";

const STEP = 40;
const BAR = 28;
const HEIGHT = 160;
const TOP = 20;
const BOTTOM = 36;

const count = (n: number): string => n.toLocaleString("en");

/** The bars, one per depth, each with its count above it and its depth below; the tallest bar is HEIGHT px. */
export function depthChartSvg(statesPerDepth: readonly number[]): string {
  const most = Math.max(1, ...statesPerDepth);
  const width = statesPerDepth.length * STEP + 8;
  const bars = statesPerDepth.map((n, d) => {
    const h = Math.max(1, Math.round((n / most) * HEIGHT));
    const x = 4 + d * STEP;
    const y = TOP + HEIGHT - h;
    return [
      `<rect class="depth-bar" x="${x}" y="${y}" width="${BAR}" height="${h}"><title>depth ${d}: ${count(n)} states</title></rect>`,
      `<text class="depth-count" x="${x + BAR / 2}" y="${y - 4}" text-anchor="middle">${count(n)}</text>`,
      `<text class="depth-index" x="${x + BAR / 2}" y="${TOP + HEIGHT + 16}" text-anchor="middle">${d}</text>`,
    ].join("");
  });
  const axis = `<text class="depth-axis" x="4" y="${TOP + HEIGHT + 32}">depth</text>`;
  return `<div class="depth-chart"><svg width="${width}" height="${TOP + HEIGHT + BOTTOM}" viewBox="0 0 ${width} ${TOP + HEIGHT + BOTTOM}" role="img" aria-label="Distinct states at each depth">${bars.join("")}${axis}</svg></div>`;
}

export function depthChart(reachable: Reachable): string | null {
  const levels = reachable.statesPerDepth;
  if (levels.length === 0) return null;
  const widest = levels.indexOf(Math.max(...levels));
  return blocks(
    `How the ${code(reachable.model)} model's ${count(levels.reduce((a, b) => a + b, 0))} distinct states spread over the ${levels.length} levels of the breadth-first search (the state space is widest at depth ${widest}, with ${count(levels[widest])} states):`,
    depthChartSvg(levels),
  );
}
