/**
 * The trace explorer and the diagrams of a refuted variant in Chromium (issue
 * 16): Raft's commit-previous-term counterexample, on the variant's own page,
 * steps forward and back with the buttons and the keys, shows what each step
 * changed, the servers' logs and, on the last step, the violated invariant; its Mermaid overview keeps
 * its size in a box that scrolls and opens enlarged on a click; no text of the
 * diagrams or tables renders under 11 px, and no table cell cuts its text.
 * Screenshots at 1280 px and 390 px go to test-results/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, openSite, ROOT, smallText, type Site } from "./site.js";

const RESULTS = join(ROOT, "test-results");
const VARIANT = "raft-commit-previous-term";
const certificate = JSON.parse(readFileSync(join(ROOT, "generated", VARIANT, "CERTIFICATE.json"), "utf8")) as { violated: string; counterexample: string[] };
const lastStep = Math.max(...certificate.counterexample.map((l) => /^(\d+)\. /.exec(l)?.[1]).filter((n): n is string => n !== undefined).map(Number));
const VARIANT_PAGE = `/protocols/raft/${VARIANT}`;

let site: Site;
let page: Page;

beforeAll(async () => {
  const build = ensureBuilt();
  if (build.built) console.log(`docs build: ${build.seconds.toFixed(1)} s`);
  site = await openSite();
  page = await site.context.newPage();
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await site?.close();
});

async function explorer(): Promise<Locator> {
  await page.goto(`${site.url}${VARIANT_PAGE}`);
  const found = page.locator(`#counterexample-${VARIANT} ~ .trace-explorer[data-ready="true"]`).first();
  await found.waitFor();
  await found.scrollIntoViewIfNeeded();
  return found;
}

const position = async (e: Locator): Promise<number> => Number(await e.locator(".te-index").innerText());


describe("the trace explorer of Raft's commit-previous-term variant", () => {
  it("is on the variant's own page, which the Raft page links to", async () => {
    await page.goto(`${site.url}/protocols/raft`);
    const link = page.locator(`#variant-${VARIANT} ~ a[href$="raft/${VARIANT}"]`).first();
    await link.click();
    await page.waitForURL(`**/protocols/raft/${VARIANT}`);
    await page.locator('.trace-explorer[data-ready="true"]').waitFor();
    expect(await page.locator(".trace-explorer").count()).toBe(1);
  });

  it("steps forward and back with buttons and keys, showing each step's node, action and changed fields", async () => {
    const e = await explorer();
    expect(await position(e)).toBe(0);
    await e.locator(".te-next").click();
    expect(await position(e)).toBe(1);
    expect(await e.locator(".te-action").innerText()).toBe("server 0: Timeout");
    const changed = await e.locator('.te-node[data-node="server 0"] dt.te-changed').allInnerTexts();
    expect(changed).toEqual(["currentTerm", "votedFor", "role", "votesGranted"]);
    expect(await e.locator('.te-node[data-node="server 1"] dt.te-changed').count()).toBe(0);
    await e.press("ArrowRight");
    expect(await position(e)).toBe(2);
    expect(await e.locator(".te-received").innerText()).toContain("RequestVote");
    expect(await e.locator(".te-message").count()).toBeGreaterThanOrEqual(2);
    await e.press("ArrowLeft");
    expect(await position(e)).toBe(1);
    await e.locator(".te-prev").click();
    expect(await position(e)).toBe(0);
    expect(await e.locator(".te-message").count()).toBe(0);
  });

  it("shows the servers' logs coloured by term and, on the last step only, the violated invariant", async () => {
    const e = await explorer();
    expect(await e.locator(".te-violation").count()).toBe(0);
    await e.press("End");
    expect(await position(e)).toBe(lastStep);
    const violation = await e.locator(".te-violation").innerText();
    expect(violation).toContain(certificate.violated);
    expect(violation).toContain("commitTerm");
    const rows = e.locator(".te-log-row");
    expect(await rows.count()).toBe(3);
    const terms = await e.locator(".te-log-entry").evaluateAll((els) => els.map((el) => ({ term: el.getAttribute("data-term"), colour: getComputedStyle(el).borderTopColor })));
    expect(terms.length).toBeGreaterThan(0);
    const colourOf = new Map<string | null, Set<string>>();
    for (const t of terms) colourOf.set(t.term, (colourOf.get(t.term) ?? new Set()).add(t.colour));
    // One colour per term, and different terms in different colours.
    for (const colours of colourOf.values()) expect(colours.size).toBe(1);
    expect(new Set(terms.map((t) => t.colour)).size).toBe(colourOf.size);
    await e.screenshot({ path: join(RESULTS, "raft-explorer-last-step.png") });
    await e.locator(".te-prev").click();
    expect(await e.locator(".te-violation").count()).toBe(0);
  });

  it("keeps the Mermaid overview at its own size in a box that scrolls, and enlarges it on a click", async () => {
    await explorer();
    const box = page.locator(`#counterexample-${VARIANT} ~ div.mermaid`).first();
    const svg = box.locator('svg[aria-roledescription="sequence"]');
    await svg.waitFor({ state: "attached", timeout: 30_000 });
    await box.scrollIntoViewIfNeeded();
    const { scrollWidth, clientWidth } = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    await box.evaluate((el) => (el.scrollLeft = 300));
    expect(await box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    expect(await smallText(box, 11)).toEqual([]);
    await svg.click();
    const zoom = page.locator(".diagram-zoom");
    await zoom.waitFor();
    expect(await zoom.locator('svg[aria-roledescription="sequence"]').count()).toBe(1);
    const before = await zoom.locator("svg").evaluate((el) => el.getBoundingClientRect().width);
    await zoom.locator(".diagram-zoom-in").click();
    expect(await zoom.locator("svg").evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(before);
    await page.screenshot({ path: join(RESULTS, "raft-diagram-enlarged.png") });
    await page.keyboard.press("Escape");
    await zoom.waitFor({ state: "detached" });
  });

  it("renders no text of the explorer, the diagrams or the tables under 11 px, and cuts no table cell", async () => {
    const e = await explorer();
    await e.press("End");
    await page.locator("div.mermaid svg").first().waitFor({ state: "attached", timeout: 30_000 });
    expect(await smallText(page.locator(".trace-explorer, div.mermaid, .vp-doc table"), 11)).toEqual([]);
    const cut = await page.locator(".vp-doc td, .vp-doc th").evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => (c.textContent ?? "").slice(0, 40)));
    expect(cut).toEqual([]);
  });

  it("is usable at 1280 px and at 390 px (screenshots in test-results/)", async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const e = await explorer();
      await e.press("End");
      // The explorer and the tables scroll inside themselves rather than widening the page or cutting text.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width + 1);
      expect(await page.locator(".vp-doc td").evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length)).toBe(0);
      await page.screenshot({ path: join(RESULTS, `raft-explorer-${width}.png`) });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
