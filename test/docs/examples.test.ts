/**
 * The docs' examples, run: every `console` block's commands are executed and
 * their output and exit code compared with the page (times masked, they vary);
 * every JSON spec shown compiles (and equals the file it says it is); every
 * TypeScript program followed by a `text` block runs and prints that text; the
 * trace-format examples are the committed counterexample files.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { compileSpec } from "../../generator/compile.js";
import { blocksOf, pages, ROOT, type Block } from "./markdown-blocks.js";

const all = pages().flatMap(blocksOf);
const TIMES = /\d+(\.\d+)? s \([\d,]+ states\/s\)/g;
/** check's header names the threads it may use, one per core of the machine by default. */
const THREADS = /, on (one thread|up to \d+ worker threads)$/gm;
const mask = (text: string): string => text.replace(TIMES, "<time>").replace(THREADS, ", on <threads>").trimEnd();

function run(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(file, args, { cwd: ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
    });
  });
}

interface Session {
  readonly command: string;
  readonly expected: string;
}

/** A console block: `$ command` lines, each followed by the output it shows. */
function sessions(block: Block): Session[] {
  const result: { command: string; output: string[] }[] = [];
  for (const line of block.text.split("\n")) {
    if (line.startsWith("$ ")) result.push({ command: line.slice(2), output: [] });
    else result[result.length - 1].output.push(line);
  }
  return result.map((s) => ({ command: s.command, expected: s.output.join("\n") }));
}

describe.concurrent.each(all.filter((b) => b.lang === "console").map((b, i) => [`${b.page} #${i + 1}`, b] as const))("console block %s", (_, block) => {
  it("prints what the page shows and exits as it says", async () => {
    let last = 0;
    for (const { command, expected } of sessions(block)) {
      if (command === "echo $?") {
        expect(String(last), "exit code").toBe(expected);
        continue;
      }
      const words = command.split(" ");
      expect(words.slice(0, 2), `${command}: only protoforge is run from the docs`).toEqual(["npx", "protoforge"]);
      const { code, stdout } = await run(process.execPath, ["bin/protoforge.mjs", ...words.slice(2)]);
      expect(mask(stdout), command).toBe(mask(expected));
      last = code;
    }
  });
});

/** A block's JSON: a whole value, or members of a spec (`"definitions": { ... }`) shown on their own. */
function jsonOf(b: Block): Record<string, unknown> {
  try {
    return JSON.parse(b.text) as Record<string, unknown>;
  } catch {
    return JSON.parse(`{${b.text}}`) as Record<string, unknown>;
  }
}

const metaSchema = JSON.parse(readFileSync(join(ROOT, "specs/schema/protocol.schema.json"), "utf8")) as { properties: Record<string, unknown> };
const validateSpec = new Ajv2020({ allErrors: true, strict: true }).compile(metaSchema);

describe("JSON in the docs", () => {
  const json = all.filter((b) => b.lang === "json");
  const isSpec = (b: Block) => "extends" in jsonOf(b) || "roles" in jsonOf(b);

  it("parses", () => {
    for (const b of json) expect(() => jsonOf(b), b.page).not.toThrow();
  });

  it("that shows members of a spec is valid in a spec", () => {
    const fragments = json.filter((b) => !isSpec(b) && Object.keys(jsonOf(b)).every((k) => k in metaSchema.properties));
    for (const b of fragments) {
      const ok = validateSpec({ name: "example", title: "Example", description: "A docs example.", ...jsonOf(b) });
      expect(ok ? [] : validateSpec.errors, b.page).toEqual([]);
    }
  });

  it.each(json.filter(isSpec).map((b) => [b.page, b] as const))("spec in %s compiles, and is the file of that name when there is one", (_, b) => {
    const spec = JSON.parse(b.text) as { name: string; extends?: string };
    const sandbox = mkdtempSync(join(tmpdir(), "protoforge-docs-spec-"));
    cpSync(join(ROOT, "specs"), join(sandbox, "specs"), { recursive: true });
    const file = join(sandbox, "specs", spec.extends === undefined ? "" : "variants", `${spec.name}.json`);
    const committed = (() => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return null;
      }
    })();
    if (committed !== null) expect(JSON.parse(b.text)).toEqual(JSON.parse(committed));
    writeFileSync(file, b.text);
    const compiled = compileSpec(relative(process.cwd(), file));
    expect(compiled.ok ? [] : compiled.errors).toEqual([]);
  });
});

describe("TypeScript programs in the docs", () => {
  const programs = all.filter((b) => b.lang === "ts" && b.next?.lang === "text");

  it.each(programs.map((b, i) => [`${b.page} #${i + 1}`, b] as const))("%s runs and prints what the page shows", async (_, b) => {
    // The page imports from the repository root ("./generated/..."); the copy runs from a temporary folder.
    const source = b.text.replace(/from "\.\//g, `from "${ROOT.replace(/\/$/, "")}/`);
    const file = join(mkdtempSync(join(tmpdir(), "protoforge-docs-program-")), "program.ts");
    writeFileSync(file, source);
    const { code, stdout, stderr } = await run(process.execPath, ["--import", "tsx", file]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.trimEnd()).toBe(b.next!.text);
  });

  it("exist: Getting started has one", () => {
    expect(programs.map((b) => b.page)).toContain("getting-started.md");
  });
});

describe("the trace-format examples", () => {
  const dir = join(ROOT, "generated", "two-phase-commit-commit-on-majority");
  const page = blocksOf(join("reference", "trace-formats.md"));

  it("show the committed Mermaid counterexample, as source and as a diagram", () => {
    const mmd = readFileSync(join(dir, "counterexample.mmd"), "utf8").trimEnd();
    expect(page.filter((b) => b.lang === "text").map((b) => b.text)).toContain(mmd);
    expect(page.filter((b) => b.lang === "mermaid").map((b) => b.text)).toContain(mmd);
  });

  it("show the committed ITF file's header and second state", () => {
    const itf = JSON.parse(readFileSync(join(dir, "counterexample.itf.json"), "utf8")) as { "#meta": unknown; vars: unknown; states: unknown[] };
    const shown = JSON.parse(page.find((b) => b.lang === "json")!.text) as typeof itf;
    expect(shown).toEqual({ "#meta": itf["#meta"], vars: itf.vars, states: [itf.states[1]] });
  });
});

describe("the site's pages", () => {
  it("hold no `{{` outside fenced code, which VitePress's Vue compiler would read as an interpolation and fail the build on", () => {
    const outside = (page: string) =>
      readFileSync(join(ROOT, "docs", page), "utf8")
        .split(/^(`{3,}).*\n[\s\S]*?^\1\s*$/m)
        .filter((part) => !/^`{3,}$/.test(part))
        .join("");
    expect(pages().filter((page) => outside(page).includes("{{"))).toEqual([]);
  });
});
