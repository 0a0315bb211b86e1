/**
 * Writing generated/: whole protocol folders or nothing. A folder is built
 * beside its target and renamed into place, so no reader, and no crash, ever
 * sees a half-written one. Files that later stages own (the certificate) are
 * carried over.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Files in a protocol folder that `gen` does not produce and must keep: publish writes them. */
export const KEPT_FILES = ["CERTIFICATE.json", "counterexample.mmd", "counterexample.itf.json"] as const;

export type FolderDiff = { readonly name: string; readonly changed: readonly string[] };

/** What differs between the files as generated now and the folder on disk. */
export function diffFolder(outDir: string, name: string, files: ReadonlyMap<string, string>): FolderDiff {
  const dir = join(outDir, name);
  const changed: string[] = [];
  for (const [file, content] of files) {
    const path = join(dir, file);
    if (!existsSync(path) || readFileSync(path, "utf8") !== content) changed.push(file);
  }
  if (existsSync(dir)) {
    for (const file of readdirSync(dir)) {
      if (!files.has(file) && !(KEPT_FILES as readonly string[]).includes(file)) changed.push(file);
    }
  }
  return { name, changed };
}

export function writeFolder(outDir: string, name: string, files: ReadonlyMap<string, string>): void {
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, name);
  const staging = join(outDir, `.${name}.staging-${process.pid}`);
  const retired = join(outDir, `.${name}.retired-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  for (const [file, content] of files) writeFileSync(join(staging, file), content);
  for (const kept of KEPT_FILES) {
    if (!files.has(kept) && existsSync(join(target, kept))) writeFileSync(join(staging, kept), readFileSync(join(target, kept)));
  }
  if (existsSync(target)) renameSync(target, retired);
  renameSync(staging, target);
  rmSync(retired, { recursive: true, force: true });
}

/** Protocol folders in generated/ that no spec produces any more. */
export function strayFolders(outDir: string, names: ReadonlySet<string>): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !names.has(e.name))
    .map((e) => e.name)
    .sort();
}
