/**
 * Running protoforge from tests: the real CLI as a child process (exit code,
 * stdout, stderr), and the same compile-and-format path in-process, which is
 * ~1 s cheaper per spec and so carries the per-fixture tables.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compileSpec } from "../../generator/compile.js";
import { formatErrorIn } from "../../generator/error-excerpt.js";

/** The repository root, where the CLI runs. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/protoforge.mjs ...args` from the repository root. */
export function runCli(args: readonly string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(ROOT, "bin/protoforge.mjs"), ...args],
      { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A path under the repository root, as a path relative to the working directory (how the loader names files). */
export function fromCwd(pathFromRoot: string): string {
  return relative(process.cwd(), resolve(ROOT, pathFromRoot));
}

/** Compiles one spec in-process; its errors formatted exactly as the CLI prints them (empty when it compiles). */
export function compileErrors(pathFromRoot: string): string[] {
  const result = compileSpec(fromCwd(pathFromRoot));
  return result.ok ? [] : result.errors.map((e) => formatErrorIn(e, readFileSync(e.file, "utf8")));
}
