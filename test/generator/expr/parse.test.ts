/** Deep expressions (generator/expr/parse.ts): a clear error past MAX_EXPR_DEPTH levels, never a stack overflow later. */
import { describe, expect, it } from "vitest";
import { MAX_EXPR_DEPTH, parseExpression, ParseError } from "../../../generator/expr/parse.js";

const chain = (op: string, n: number) => Array.from({ length: n }, () => "true").join(` ${op} `);

describe("how deep an expression may nest", () => {
  // The reproducers of issue 12: 690 parentheses and a 1,052-term `and` chain exhausted the stack.
  it.each([
    ["690 nested parentheses", `${"(".repeat(690)}true${")".repeat(690)}`],
    ["5,000 nested parentheses", `${"(".repeat(5000)}true${")".repeat(5000)}`],
    ["a 1,052-term and chain", chain("and", 1052)],
    ["3,000 implies", chain("implies", 3000)],
    ["5,000 nots", `${"not ".repeat(5000)}true`],
    ["3,000 nested sequence literals", `${"[".repeat(3000)}${"]".repeat(3000)}`],
    ["a 2,000-step field path", `x${".f".repeat(2000)}`],
  ])("%s: a ParseError that says how to split it", (_what, source) => {
    expect(() => parseExpression(source)).toThrow(ParseError);
    expect(() => parseExpression(source)).toThrow(new RegExp(`nests deeper than ${MAX_EXPR_DEPTH} levels.*split it with let or a definition`));
  });

  it("just under the limit parses: 120 parentheses, a 126-term chain", () => {
    expect(parseExpression(`${"(".repeat(120)}true${")".repeat(120)}`)).toMatchObject({ kind: "bool", value: true });
    expect(parseExpression(chain("and", 126))).toMatchObject({ kind: "binary", op: "and" });
  });
});
