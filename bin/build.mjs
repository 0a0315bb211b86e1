// npm run build (and npm ci, through `prepare`): compiles protoforge with tsc
// into dist/, copies the spec schema it reads, and stamps the build with the
// hash of its sources. bin/protoforge.mjs runs dist/ only while that stamp matches.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sourceHash } from "./source-hash.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;
// No stamp while building: a half-made build is never taken for a fresh one.
rmSync(`${dist}/BUILD.json`, { force: true });
rmSync(`${dist}/.models`, { recursive: true, force: true });
const source = sourceHash(root);
execFileSync(`${root}node_modules/.bin/tsc`, ["-p", `${root}tsconfig.build.json`], { stdio: "inherit" });
mkdirSync(`${dist}/specs`, { recursive: true });
cpSync(`${root}specs/schema`, `${dist}/specs/schema`, { recursive: true });
writeFileSync(`${dist}/BUILD.json`, JSON.stringify({ source }) + "\n");
