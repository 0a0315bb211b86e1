#!/usr/bin/env node
// The protoforge command: runs the compiled build in dist/ when it was made
// from exactly these sources (npm ci makes it), else the TypeScript sources
// through tsx's loader, which is slower to start but never stale.
import { fileURLToPath } from "node:url";
import { freshBuild } from "./source-hash.mjs";

if (freshBuild(fileURLToPath(new URL("..", import.meta.url)))) {
  await import("../dist/cli/main.js");
} else {
  (await import("tsx/esm/api")).register();
  await import("../cli/main.ts");
}
