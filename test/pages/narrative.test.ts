/**
 * A narrative set into its protocol page (pages/narrative.ts) and the states
 * per depth chart (pages/depth-chart.ts): a happy-path marker becomes the
 * recorded diagram, or a note while publish has not found it; the chart has
 * a bar per depth, the tallest as high as the chart.
 */
import { describe, expect, it } from "vitest";
import { depthChartSvg } from "../../pages/depth-chart.js";
import type { CheckRecord } from "../../pages/input.js";
import { narrativeSection } from "../../pages/narrative.js";

const goal = '{"role": "rm", "field": "rmState", "is": "committed", "nodes": "every"}';
const certificate = { model: "ci", happyPaths: [{ goal, steps: 10, mermaid: "sequenceDiagram\n  participant tm0 as tm 0\n" }] } as unknown as CheckRecord;

describe("a narrative", () => {
  it("puts the recorded happy path where its marker is", () => {
    const text = narrativeSection(`## How it works\n\nBefore.\n\n<!-- happy path: ${goal} -->\n\nAfter.\n`, certificate)!;
    expect(text).toContain("The shortest run of the `ci` model with no fault that gets there, 10 steps");
    expect(text).toContain("```mermaid\nsequenceDiagram\n  participant tm0 as tm 0\n```");
    expect(text.indexOf("Before.")).toBeLessThan(text.indexOf("```mermaid"));
    expect(text.indexOf("```mermaid")).toBeLessThan(text.indexOf("After."));
    expect(text).not.toContain("<!-- happy path");
  });

  it("says so when publish has not found a marked happy path, and is nothing when there is no narrative", () => {
    expect(narrativeSection(`<!-- happy path: {"role": "tm", "field": "tmState", "is": "aborted", "nodes": "some"} -->`, certificate)).toContain("is drawn once `protoforge publish` has found it");
    expect(narrativeSection(null, certificate)).toBeNull();
  });
});

describe("the states-per-depth chart", () => {
  it("draws a bar per depth with its count, the tallest 160 px high", () => {
    const svg = depthChartSvg([1, 4, 2]);
    const heights = [...svg.matchAll(/class="depth-bar" x="\d+" y="\d+" width="\d+" height="(\d+)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([40, 160, 80]);
    expect(svg).toContain("<title>depth 1: 4 states</title>");
    expect(svg).not.toContain("{{");
  });
});
