/** How the CLI talks: results on stdout, errors on stderr, and the exit codes every command shares. */
import { readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import { formatErrorIn } from "../generator/error-excerpt.js";
import type { SpecError } from "../generator/errors.js";

/** 3: a search that stopped before the end (`--max-states`) proves nothing, so it never exits 0. */
export const EXIT = { ok: 0, violation: 1, specError: 2, incomplete: 3, internal: 4, interrupted: 130, terminated: 143 } as const;

export class UsageError extends Error {}

/** An error that ends a command, said in one line on stderr; its exit code: a usage or file-system problem is the user's (2), anything else an internal error. */
export function reportFailure(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`protoforge: ${e.message}\n`);
    return EXIT.specError;
  }
  // A path given to --out or --trace-out that cannot be written, a full disk: the user's to fix, not a bug of ours.
  const problem = fileSystemProblem(e);
  if (problem !== null) {
    process.stderr.write(`protoforge: ${problem}\n`);
    return EXIT.specError;
  }
  process.stderr.write(`protoforge: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
  return EXIT.internal;
}

/** An error of the file system (Node's, with a code and a syscall), as one line: `cannot open /x/t.mmd: no such file or directory (ENOENT)`. */
export function fileSystemProblem(e: unknown): string | null {
  const reason = systemReason(e);
  if (reason === null) return null;
  const { syscall, path } = e as NodeJS.ErrnoException;
  return `cannot ${syscall}${path === undefined ? "" : ` ${path}`}: ${reason}`;
}

/** What went wrong in a system error, in words and code: `no space left on device (ENOSPC)`; null for any other error. */
export function systemReason(e: unknown): string | null {
  if (!(e instanceof Error)) return null;
  const { code, syscall } = e as NodeJS.ErrnoException;
  if (typeof code !== "string" || typeof syscall !== "string") return null;
  return `${/^[A-Z]+: ([^,]*)/.exec(e.message)?.[1] ?? e.message} (${code})`;
}

/** A usage error before any work when `file` cannot be written: its folder must exist, and it must not be a folder itself. */
export function writableFile(flag: string, file: string): void {
  const folder = statSync(dirname(file), { throwIfNoEntry: false });
  if (folder === undefined || !folder.isDirectory()) throw new UsageError(`${flag} ${file}: ${dirname(file)} is not a folder that exists`);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${flag} ${file}: that is a folder, not a file`);
}

/** A flag's value as a whole number of at least `min`; a usage error otherwise. */
export function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} ${value}: expected a whole number${min > 0 ? ` of at least ${min}` : ""}`);
  return n;
}

/** `--workers`: the number given, or one per core. */
export const workerCount = (value: string | undefined): number => (value === undefined ? availableParallelism() : wholeNumber("--workers", value, 1));

/** Seconds to the millisecond, for JSON and certificates: what a clock this noisy can tell. */
export const roundedSeconds = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/** `1 step`, `2 steps`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `1 state`, `33,966 states`. */
export const count = (n: number, word: string): string => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

/** Each error placed in its file, read again now: loading keeps no text, and errors are rare. */
export function printErrors(errors: readonly SpecError[]): void {
  const texts = new Map<string, string | undefined>();
  for (const e of errors) {
    if (!texts.has(e.file)) texts.set(e.file, fileText(e.file));
    process.stderr.write(formatErrorIn(e, texts.get(e.file)) + "\n");
  }
}

/** A file's text, or undefined when it cannot be read. */
export function fileText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export function say(line: string): void {
  process.stdout.write(line + "\n");
}
