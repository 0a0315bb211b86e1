/**
 * The unformatted emission (generator/emit/source.ts), which the model cache
 * and the test helpers compile, is the committed generated code token for
 * token: formatting changes only the space between tokens.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { emitProtocolSource } from "../../../generator/emit/source.js";
import { compileOrThrow, REPO_ROOT } from "../../support/checker.js";

/** The tokens of a file, template literals rescanned after each `${...}` (the scanner alone cannot tell a template's `}` from a block's). */
function tokens(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, true, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  const templates: number[] = [];
  let braces = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.OpenBraceToken) braces++;
    if (kind === ts.SyntaxKind.CloseBraceToken) {
      if (templates.at(-1) === braces) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) templates.pop();
      } else braces--;
    }
    if (kind === ts.SyntaxKind.TemplateHead) templates.push(braces);
    out.push(scanner.getTokenText());
  }
  return out;
}

const SPECS = ["specs/two-phase-commit.json", "specs/raft.json", "specs/variants/raft-count-stale-votes.json", "specs/crdt-or-set.json", "specs/multi-paxos.json"];

describe("unformatted emission", () => {
  it.each(SPECS)("%s: the same tokens as the committed generated files", (spec) => {
    const ir = compileOrThrow(spec);
    const files = emitProtocolSource(ir);
    expect([...files.keys()].sort()).toEqual(["machine.ts", "message-schemas.d.ts", "message-schemas.js", "model.ts", "protocol.ts", "types.ts", "validators.ts"]);
    for (const [name, text] of files) {
      const committed = readFileSync(join(REPO_ROOT, "generated", ir.name, name), "utf8");
      if (name.endsWith(".js")) expect(text, name).toBe(committed);
      else expect(tokens(text), name).toEqual(tokens(committed));
    }
  });
});
