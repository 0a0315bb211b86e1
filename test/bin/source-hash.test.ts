/** The launcher runs dist/ only while its stamp is the hash of the sources beside it: any change sends it back to the sources. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshBuild, sourceHash } from "../../bin/source-hash.mjs";

let root: string;

function write(path: string, text: string): void {
  mkdirSync(join(root, path, ".."), { recursive: true });
  writeFileSync(join(root, path), text);
}

function stampBuild(): void {
  write("dist/BUILD.json", JSON.stringify({ source: sourceHash(root) }));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "protoforge-hash-"));
  write("cli/main.ts", "export {};\n");
  write("runtime/values.ts", "export const a = 1;\n");
  write("specs/schema/protocol.schema.json", "{}\n");
  write("package-lock.json", "{}\n");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("the compiled build's freshness", () => {
  it("a build stamped with the sources' hash is fresh; no build, or an unreadable stamp, is not", () => {
    expect(freshBuild(root)).toBe(false);
    write("dist/BUILD.json", "not json");
    expect(freshBuild(root)).toBe(false);
    stampBuild();
    expect(freshBuild(root)).toBe(true);
  });

  it.each([
    ["an edited source", () => write("cli/main.ts", "export const b = 2;\n")],
    ["a new source", () => write("generator/new.ts", "export {};\n")],
    ["a removed source", () => rmSync(join(root, "runtime/values.ts"))],
    ["a renamed source", () => (rmSync(join(root, "runtime/values.ts")), write("runtime/value.ts", "export const a = 1;\n"))],
    ["an edited schema", () => write("specs/schema/protocol.schema.json", "{ }\n")],
    ["an edited lockfile", () => write("package-lock.json", "{ }\n")],
  ])("%s makes the build stale", (_, change) => {
    stampBuild();
    change();
    expect(freshBuild(root)).toBe(false);
  });

  it("what is not compiled (specs, docs, tests) does not make it stale", () => {
    stampBuild();
    write("specs/raft.json", "{}\n");
    write("test/x.test.ts", "export {};\n");
    write("docs/index.md", "# x\n");
    expect(freshBuild(root)).toBe(true);
  });
});
