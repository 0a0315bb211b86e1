/** docs/reference/cli.md lists every command and every option the program defines (read from its --help). */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DOCS, ROOT } from "./markdown-blocks.js";

const page = readFileSync(join(DOCS, "reference", "cli.md"), "utf8");

function help(...command: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile(process.execPath, ["bin/protoforge.mjs", ...command, "--help"], { cwd: ROOT, encoding: "utf8" }, (error, stdout) => (error === null ? done(stdout) : fail(error)));
  });
}

/** The commands listed by `protoforge --help`, without commander's own `help`. */
async function commands(): Promise<string[]> {
  const text = await help();
  const section = text.slice(text.indexOf("Commands:"));
  return [...section.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]).filter((c) => c !== "help");
}

describe("the CLI reference page", async () => {
  const names = await commands();

  it("knows the commands", () => {
    expect(names).toEqual(expect.arrayContaining(["validate", "gen", "check", "simulate", "publish", "docs"]));
  });

  it.each(names)("documents `%s` and each of its options", async (name) => {
    expect(page).toContain(`\n## ${name}\n`);
    const section = page.slice(page.indexOf(`\n## ${name}\n`)).split(/\n## /)[1];
    const options = [...(await help(name)).matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((o) => o !== "--help");
    for (const option of options) expect(section, `${name} ${option}`).toContain(option);
  });

  it("gives every exit code the commands use", () => {
    for (const code of ["0", "1", "2", "3", "130"]) expect(page).toMatch(new RegExp(`^\\| ${code} \\|`, "m"));
  });
});
