import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
const server = spawn("node_modules/.bin/vitepress", ["preview", "docs", "--host", "127.0.0.1", "--port", "4781"], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 3000));
const ctx = await chromium.launchPersistentContext(mkdtempSync("/tmp/chr-"), { executablePath: "/usr/bin/chromium", headless: true, viewport: { width: 1280, height: 900 }, args: ["--no-sandbox", "--disable-gpu"] });
const page = await ctx.newPage();
await page.goto(`http://127.0.0.1:4781${process.argv[2]}`);
await page.waitForTimeout(2000);
const tops = await page.evaluate(() => [...document.querySelectorAll(".vp-doc h2, .vp-doc h3")].map((h) => [h.tagName, h.textContent.slice(0, 50), Math.round(h.getBoundingClientRect().top + scrollY)]));
let prev = null;
for (const t of tops) { if (prev) console.log(prev[0], String(t[2] - prev[2]).padStart(6), prev[1]); prev = t; }
console.log(prev[0], "  end ", prev[1], await page.evaluate(() => document.documentElement.scrollHeight) - prev[2]);
await ctx.close();
server.kill();
