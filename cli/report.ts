/** How the CLI talks: results on stdout, errors on stderr, and the exit codes every command shares. */
import { availableParallelism } from "node:os";
import { formatError, type SpecError } from "../generator/errors.js";

/** 3: a search that stopped before the end (`--max-states`) proves nothing, so it never exits 0. */
export const EXIT = { ok: 0, violation: 1, specError: 2, incomplete: 3, internal: 4, interrupted: 130 } as const;

export class UsageError extends Error {}

/** A flag's value as a whole number of at least `min`; a usage error otherwise. */
export function wholeNumber(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} ${value}: expected a whole number${min > 0 ? ` of at least ${min}` : ""}`);
  return n;
}

/** `--workers`: the number given, or one per core. */
export const workerCount = (value: string | undefined): number => (value === undefined ? availableParallelism() : wholeNumber("--workers", value, 1));

/** `1 step`, `2 steps`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `1 state`, `33,966 states`. */
export const count = (n: number, word: string): string => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

export function printErrors(errors: readonly SpecError[]): void {
  for (const e of errors) process.stderr.write(formatError(e) + "\n");
}

export function say(line: string): void {
  process.stdout.write(line + "\n");
}
