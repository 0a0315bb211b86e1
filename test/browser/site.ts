/**
 * The built docs site for a browser test: built when docs/ changed since the
 * last build, served by `vitepress preview` on 127.0.0.1, and Debian's Chromium
 * driven by playwright-core (see ../shared/TOOLCHAIN.md for the flags).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Locator } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const DOCS = join(ROOT, "docs");
const BUILT = join(DOCS, ".vitepress", "dist", "index.html");
const VITEPRESS = join(ROOT, "node_modules", ".bin", "vitepress");

/** The newest modification time of the site's sources (pages, config, theme), skipping the build output and cache. */
function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === "dist" || e.name === "cache" ? 0 : newestSource(path);
      return statSync(path).mtimeMs;
    }),
  );
}

/** Builds the site unless the last build is newer than every source file. */
export function ensureBuilt(): { built: boolean; seconds: number } {
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs > newestSource(DOCS)) return { built: false, seconds: 0 };
  const started = performance.now();
  const run = spawnSync(VITEPRESS, ["build", "docs"], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`vitepress build failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return { built: true, seconds: (performance.now() - started) / 1000 };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address !== null ? done(address.port) : fail(new Error("no port"))));
    });
  });
}

async function waitForHttp(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vitepress preview exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within 30 s`);
}

export interface Site {
  readonly url: string;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, in a fresh profile, at 1280 x 900. */
export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "protoforge-chromium-")), {
    executablePath: "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Serves the built site (the vitepress binary itself, not npx, so killing its pid stops the server) and opens Chromium. */
export async function openSite(): Promise<Site> {
  const port = await freePort();
  const server = spawn(VITEPRESS, ["preview", "docs", "--host", "127.0.0.1", "--port", String(port)], { cwd: ROOT, stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(url, server);
    const context = await launchChromium();
    return {
      url,
      context,
      async close() {
        await context.close();
        server.kill("SIGTERM");
      },
    };
  } catch (e) {
    server.kill("SIGTERM");
    throw e;
  }
}

/** Text elements under `root` whose rendered size is under `min` px: font size times the scale their SVG is drawn at. */
export function smallText(root: Locator, min: number): Promise<string[]> {
  return root.evaluateAll((roots, least) => {
    const small: string[] = [];
    for (const r of roots) {
      for (const el of r.querySelectorAll<HTMLElement | SVGElement>("*")) {
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "");
        if (!own) continue;
        const rect = el.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue;
        const svg = el instanceof SVGElement ? el.ownerSVGElement : null;
        const scale = svg === null || svg.viewBox.baseVal === null || svg.viewBox.baseVal.width === 0 ? 1 : svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        const size = parseFloat(getComputedStyle(el).fontSize) * scale;
        if (size < least - 0.01) small.push(`${size.toFixed(1)} px: ${(el.textContent ?? "").trim().slice(0, 40)}`);
      }
    }
    return small;
  }, min);
}
