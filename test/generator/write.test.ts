/**
 * Writing generated/ (generator/write.ts): whole folders or nothing, and what a
 * killed run leaves is put right by the next one: a protocol folder retired
 * between the two renames comes back, half-made folders go.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { leftovers, recoverFolders, writeFolder } from "../../generator/write.js";

/** The pid of a process that has exited. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid!;

function folderWith(dir: string, files: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

describe("writeFolder", () => {
  it("replaces the folder whole, keeps the certificate, and leaves nothing beside it", () => {
    const out = mkdtempSync(join(tmpdir(), "write-"));
    folderWith(join(out, "proto"), { "model.ts": "old", "CERTIFICATE.json": "{}", "gone.ts": "x" });
    writeFolder(out, "proto", new Map([["model.ts", "new"]]));
    expect(readdirSync(join(out, "proto")).sort()).toEqual(["CERTIFICATE.json", "model.ts"]);
    expect(readFileSync(join(out, "proto", "model.ts"), "utf8")).toBe("new");
    expect(readdirSync(out)).toEqual(["proto"]);
  });
});

describe("what killed runs leave", () => {
  it("a run killed between the two renames: the retired folder is put back", () => {
    const out = mkdtempSync(join(tmpdir(), "write-"));
    const pid = deadPid();
    folderWith(join(out, `.proto.retired-${pid}`), { "model.ts": "old" });
    folderWith(join(out, `.proto.staging-${pid}`), { "model.ts": "half" });
    expect(leftovers(out).map((l) => l.kind)).toEqual(["retired", "staging"]);
    recoverFolders(out);
    expect(readdirSync(out)).toEqual(["proto"]);
    expect(readFileSync(join(out, "proto", "model.ts"), "utf8")).toBe("old");
  });

  it("a run killed after the new folder moved in: the retired one is only removed", () => {
    const out = mkdtempSync(join(tmpdir(), "write-"));
    folderWith(join(out, "proto"), { "model.ts": "new" });
    folderWith(join(out, `.proto.retired-${deadPid()}`), { "model.ts": "old" });
    recoverFolders(out);
    expect(readdirSync(out)).toEqual(["proto"]);
    expect(readFileSync(join(out, "proto", "model.ts"), "utf8")).toBe("new");
  });

  it("a killed check's staging folder goes; the folders of runs still running stay", () => {
    const out = mkdtempSync(join(tmpdir(), "write-"));
    folderWith(join(out, `.proto.check-${deadPid()}-0a1b2c3d`), { "model.ts": "x" });
    folderWith(join(out, `.proto.check-${process.pid}-0a1b2c3d`), { "model.ts": "x" });
    expect(leftovers(out)).toHaveLength(1);
    recoverFolders(out);
    expect(readdirSync(out)).toEqual([`.proto.check-${process.pid}-0a1b2c3d`]);
    expect(existsSync(join(out, "proto"))).toBe(false);
  });
});
