/**
 * Writing generated/: whole protocol folders or nothing. A folder is built
 * beside its target and renamed into place, so no reader, and no crash, ever
 * sees a half-written one. Files that later stages own (the certificate) are
 * carried over. The old folder is renamed aside before the new one moves in,
 * so a run killed between the two renames leaves it retired, not lost:
 * recoverFolders puts it back, and removes what killed runs left half made.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
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

/** Whether outDir/name holds these files already, byte for byte, and nothing a write would drop (what writeFolder keeps aside). */
export function holdsAlready(outDir: string, name: string, files: ReadonlyMap<string, string>): boolean {
  const target = join(outDir, name);
  if (!existsSync(target)) return false;
  const present = readdirSync(target);
  if (present.some((f) => !files.has(f) && !(KEPT_FILES as readonly string[]).includes(f))) return false;
  return [...files].every(([file, content]) => present.includes(file) && readFileSync(join(target, file), "utf8") === content);
}

/** Protocol folders in generated/ that no spec produces any more. */
export function strayFolders(outDir: string, names: ReadonlySet<string>): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith(".") && !names.has(e.name))
    .map((e) => e.name)
    .sort();
}

/** A hidden folder a run makes in an output folder: `.name.staging-PID`, `.name.retired-PID`, or a check's `.name.check-PID-HEX`. */
const RUN_FOLDER = /^\.(.+)\.(staging|retired|check)-(\d+)(?:-[0-9a-f]+)?$/;

function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the path is a folder; when it is not one (or under a file), writing there reports why. */
function isFolder(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** The hidden folders of runs that are no longer running, with what each was. */
export function leftovers(outDir: string): { readonly folder: string; readonly name: string; readonly kind: "staging" | "retired" | "check" }[] {
  if (!isFolder(outDir)) return [];
  return readdirSync(outDir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => {
      const m = RUN_FOLDER.exec(e.name);
      return m === null || running(Number(m[3])) ? [] : [{ folder: e.name, name: m[1], kind: m[2] as "staging" | "retired" | "check" }];
    })
    .sort((a, b) => (a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0));
}

/** Puts back each protocol folder a killed run left retired (when nothing took its place), and removes the rest of what killed runs left. */
export function recoverFolders(outDir: string): void {
  for (const l of leftovers(outDir)) {
    const target = join(outDir, l.name);
    if (l.kind === "retired" && !existsSync(target)) renameSync(join(outDir, l.folder), target);
    else rmSync(join(outDir, l.folder), { recursive: true, force: true });
  }
}
