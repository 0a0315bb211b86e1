/**
 * Where a command runs from: the project root, so that its results do not
 * depend on the working directory. The root is the nearest folder, from the
 * working directory up (or else from the first spec named), that holds a
 * specs/ folder (see projectRoot). The command resolves the paths it was
 * given against the working directory, then runs from the root. Spec paths in generated headers
 * and certificates, the default --out (generated/) and the specs found when
 * none is named are then the same from anywhere in the project.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The nearest folder from `start` up that holds a specs/ folder and a
 * package.json (a fixture folder named specs/ inside a project does not make
 * a root), else the nearest that holds a specs/ folder, else null.
 */
export function projectRoot(start: string): string | null {
  return nearest(start, (dir) => hasSpecs(dir) && existsSync(join(dir, "package.json"))) ?? nearest(start, hasSpecs);
}

const hasSpecs = (dir: string): boolean => statSync(join(dir, "specs"), { throwIfNoEntry: false })?.isDirectory() === true;

function nearest(start: string, is: (dir: string) => boolean): string | null {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (is(dir)) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/** The options of every command that name a path. */
const PATH_OPTIONS = ["out", "docs", "generated", "traceOut"] as const;

interface ParsedCommand {
  readonly processedArgs: unknown[];
  opts(): Record<string, unknown>;
  getOptionValueSource(key: string): string | undefined;
  setOptionValue(key: string, value: unknown): unknown;
}

/**
 * Makes the command's spec arguments and the path options the user gave
 * absolute, then moves to the project root; with no root, nothing moves.
 */
export function runFromProjectRoot(command: ParsedCommand): void {
  const cwd = process.cwd();
  const absolute = (path: string) => resolve(cwd, path);
  const [first] = command.processedArgs.flat().filter((a): a is string => typeof a === "string");
  const root = projectRoot(cwd) ?? (first === undefined ? null : projectRoot(dirname(absolute(first))));
  if (root === null) return;
  command.processedArgs.forEach((arg, i) => {
    if (typeof arg === "string") command.processedArgs[i] = absolute(arg);
    else if (Array.isArray(arg)) arg.forEach((a, j) => typeof a === "string" && (arg[j] = absolute(a)));
  });
  for (const key of PATH_OPTIONS) {
    const value = command.opts()[key];
    if (typeof value === "string" && command.getOptionValueSource(key) === "cli") command.setOptionValue(key, absolute(value));
  }
  process.chdir(root);
}
