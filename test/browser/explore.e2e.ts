/**
 * `protoforge explore` in Chromium (issue 16): the command serves Raft's
 * commit-previous-term counterexample (its ITF file, replayed on the model)
 * in the docs site's trace explorer; the test steps to the last step and
 * finds the violated invariant and the servers' logs, picks an earlier state,
 * sees the steps it enables, follows one and goes back; no text renders under
 * 11 px no step label is cut, and no action name runs past the timeline's edge. Screenshots at 1280 px and 390 px go to
 * test-results/.
 */
import { once } from "node:events";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startExplore, type RunningExplore } from "../support/explore.js";
import { launchChromium, ROOT, smallText } from "./site.js";

const RESULTS = join(ROOT, "test-results");
const VARIANT = "raft-commit-previous-term";
const ITF = `generated/${VARIANT}/counterexample.itf.json`;
const certificate = JSON.parse(readFileSync(join(ROOT, "generated", VARIANT, "CERTIFICATE.json"), "utf8")) as { violated: string };
const lastStep = (JSON.parse(readFileSync(join(ROOT, ITF), "utf8")) as { states: unknown[] }).states.length - 1;

let explore: RunningExplore["child"];
let url: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ child: explore, url } = await startExplore([`specs/variants/${VARIANT}.json`, "--trace", ITF]));
  context = await launchChromium();
  page = await context.newPage();
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  if (explore?.exitCode === null) {
    explore.kill("SIGINT");
    await once(explore, "exit");
  }
});

async function opened(): Promise<Locator> {
  await page.goto(url);
  await page.locator('.explore[data-ready="true"] .trace-explorer[data-ready="true"]').waitFor();
  return page.locator(".trace-explorer");
}

const position = async (e: Locator): Promise<number> => Number(await e.locator(".te-index").innerText());
const enabledAt = async (): Promise<number> => Number(await page.locator(".ex-enabled").getAttribute("data-step"));

describe("protoforge explore on Raft's commit-previous-term counterexample", () => {
  it("serves the replayed trace, and on the last step shows the violated invariant and the servers' logs", async () => {
    const e = await opened();
    expect(await page.locator(".ex-origin").innerText()).toBe(`${ITF}, replayed on the model: ${lastStep} steps`);
    expect(await position(e)).toBe(0);
    await e.press("End");
    expect(await position(e)).toBe(lastStep);
    expect(await e.locator(".te-violation").innerText()).toContain(certificate.violated);
    expect(await e.locator(".te-log-row").count()).toBe(3);
    expect(await e.locator(".te-log-entry").count()).toBeGreaterThan(0);
    await page.waitForFunction((n) => document.querySelector(".ex-enabled")?.getAttribute("data-step") === String(n), lastStep);
    expect(await page.locator(".ex-step").count()).toBeGreaterThan(0);
  });

  it("shows what a picked state enables, follows one of its steps, and goes back to the first trace", async () => {
    const e = await opened();
    await e.press("End");
    await e.press("ArrowLeft");
    const picked = lastStep - 1;
    await page.waitForFunction((n) => document.querySelector(".ex-enabled")?.getAttribute("data-step") === String(n), picked);
    expect(await enabledAt()).toBe(picked);
    expect(await page.locator(".ex-enabled h2").innerText()).toMatch(new RegExp(`^Steps enabled in state ${picked} \\(\\d+\\)$`));
    expect(await page.locator(".ex-cut").innerText()).toBe(`Following one keeps states 0 to ${picked} and drops the 1 after them.`);
    // The trace's own last step is among them, and it breaks the invariant.
    const taken = page.locator(".ex-step", { has: page.locator(".ex-badge-bad", { hasText: `breaks ${certificate.violated}` }) });
    expect(await taken.count()).toBeGreaterThan(0);
    const harmless = page.locator(".ex-step:not(.ex-breaks)").first();
    const label = await harmless.locator(".ex-label").innerText();
    await harmless.locator(".ex-follow").click();
    await page.locator(".ex-reset").waitFor();
    expect(await page.locator(".ex-origin").innerText()).toBe("a path you followed, from the trace above it");
    expect(await position(e)).toBe(lastStep);
    expect(await e.locator(".te-action").innerText()).toBe(label.replace(/, receives .*$/, ""));
    expect(await e.locator(".te-violation").count()).toBe(0);
    await page.waitForFunction((n) => document.querySelector(".ex-enabled")?.getAttribute("data-step") === String(n), lastStep);
    await page.screenshot({ path: join(RESULTS, "explore-followed.png"), fullPage: true });
    await page.locator(".ex-reset").click();
    await page.locator(".ex-reset").waitFor({ state: "detached" });
    expect(await page.locator(".ex-origin").innerText()).toBe(`${ITF}, replayed on the model: ${lastStep} steps`);
    expect(await e.locator(".te-violation").innerText()).toContain(certificate.violated);
  });

  it("renders no text under 11 px and cuts no step label or timeline text, at 1280 px and at 390 px (screenshots in test-results/)", async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const e = await opened();
      await e.press("End");
      await page.waitForFunction((n) => document.querySelector(".ex-enabled")?.getAttribute("data-step") === String(n), lastStep);
      expect(await smallText(page.locator(".explore"), 11), `${width} px`).toEqual([]);
      const cut = await page.locator(".ex-label, .ex-changes code").evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => (el.textContent ?? "").slice(0, 40)));
      expect(cut, `${width} px`).toEqual([]);
      const clipped = await page.locator(".te-timeline").evaluate((svg) => {
        const edge = svg.getBoundingClientRect().right;
        return [...svg.querySelectorAll("text")].filter((t) => t.getBoundingClientRect().right > edge + 1).map((t) => t.textContent);
      });
      expect(clipped, `${width} px: timeline text past the diagram's edge`).toEqual([]);
      // The explorer scrolls inside itself rather than widening the page.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width + 1);
      await page.screenshot({ path: join(RESULTS, `explore-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
