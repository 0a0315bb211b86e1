/** `protoforge explore` for tests: started on any free port, with the address it prints once it serves. */
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { REPO_ROOT } from "./checker.js";

export interface RunningExplore {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly url: string;
  /** What it has printed on stdout so far. */
  output(): string;
}

export async function startExplore(args: readonly string[]): Promise<RunningExplore> {
  const child = spawn(process.execPath, [resolve(REPO_ROOT, "bin/protoforge.mjs"), "explore", ...args, "--port", "0"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d));
  const url = await new Promise<string>((done, fail) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d;
      const found = / at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(out);
      if (found !== null) done(found[1]);
    });
    child.once("exit", (code) => fail(new Error(`protoforge explore exited with ${code}:\n${out}\n${err}`)));
  });
  return { child, url, output: () => out };
}
