/** How the CLI talks: results on stdout, errors on stderr, and the exit codes every command shares. */
import { formatError, type SpecError } from "../generator/errors.js";

export const EXIT = { ok: 0, violation: 1, specError: 2, internal: 3 } as const;

export class UsageError extends Error {}

/** `1 step`, `2 steps`. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export function printErrors(errors: readonly SpecError[]): void {
  for (const e of errors) process.stderr.write(formatError(e) + "\n");
}

export function say(line: string): void {
  process.stdout.write(line + "\n");
}
