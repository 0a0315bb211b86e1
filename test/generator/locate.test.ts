/** JSON pointer -> line and column in the text (generator/locate.ts), and the excerpt of a placed error (generator/error-excerpt.ts). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatErrorIn } from "../../generator/error-excerpt.js";
import { ErrorCode, pointer } from "../../generator/errors.js";
import { decodedUpTo, lineColumn, locate, pointerKeys, stringAt } from "../../generator/locate.js";

const TEXT = `{
  "name": "x",
  "actions": {
    "A": { "guard": "a \\"b\\" \\u00e9 c == 1" },
    "B": { "effects": [ { "set": "x", "to": "y" }, 7 ] }
  },
  "a/b~c": true,
  "dup": 1,
  "dup": 2
}`;

/** The located character and the rest of its line, to read in the assertions. */
const at = (p: string, column?: number) => {
  const l = locate(TEXT, p, column);
  return l === null ? null : { line: l.line, column: l.column, from: TEXT.slice(l.offset, l.end) };
};

describe("locate", () => {
  it("finds a value by its pointer: its line, its column and its extent", () => {
    expect(at("/name")).toEqual({ line: 2, column: 11, from: '"x"' });
    expect(at("/actions/B/effects/1")).toEqual({ line: 5, column: 52, from: "7" });
    expect(at("/actions/B/effects/0/to")).toEqual({ line: 5, column: 45, from: '"y"' });
    expect(at("")).toEqual({ line: 1, column: 1, from: TEXT });
    expect(at("/")).toEqual(at(""));
  });

  it("reads ~1 and ~0 in a pointer as / and ~", () => {
    expect(at(pointer("a/b~c"))).toEqual({ line: 7, column: 12, from: "true" });
  });

  it("places a column inside a string past its escapes, on the word there", () => {
    // The expression is: a "b" é c == 1 (column 9 is the c; \" and \u00e9 are one character each).
    expect(at("/actions/A/guard", 1)).toEqual({ line: 4, column: 22, from: "a" });
    expect(at("/actions/A/guard", 9)).toEqual({ line: 4, column: 37, from: "c" });
    expect(at("/actions/A/guard", 7)).toEqual({ line: 4, column: 30, from: "\\u00e9" });
    expect(at("/actions/A/guard", 3)).toEqual({ line: 4, column: 24, from: '\\"' });
    // Past the end (an expression that ends too soon): the closing quote.
    expect(at("/actions/A/guard", 99)).toEqual({ line: 4, column: 43, from: '"' });
  });

  it("a missing last key locates the object that should hold it; a missing path leads nowhere", () => {
    expect(at("/actions/A/effects")?.from).toBe('{ "guard": "a \\"b\\" \\u00e9 c == 1" }');
    expect(at("/actions/Z/guard")).toBeNull();
    expect(at("/name/x")).toEqual({ line: 2, column: 11, from: '"x"' });
    expect(locate("{ not json", "/a")).toBeNull();
  });

  it("of equal keys, the last (the one JSON.parse keeps, and a duplicate is reported at)", () => {
    expect(at("/dup")).toEqual({ line: 9, column: 10, from: "2" });
  });

  it("counts lines at \\n, with a \\r before it part of the break", () => {
    expect(lineColumn("a\r\nbc", 4)).toEqual({ line: 2, column: 2 });
  });

  /** Every pointer in a JSON value, with the value there; but `/`, which errors use for the root (spec keys are never empty). */
  const entries = (value: unknown, keys: (string | number)[] = []): [string, unknown][] => {
    const inner = typeof value === "object" && value !== null ? Object.entries(value).map(([k, v]) => entries(v, [...keys, Array.isArray(value) ? Number(k) : k])) : [];
    return [[pointer(...keys), value] as [string, unknown], ...inner.flat()].filter(([p]) => p !== "/");
  };
  /** JSON text as people and programs write it: any indentation, non-ASCII characters raw or escaped. */
  const asText = (value: unknown, indent: number, escapeAll: boolean) => {
    const text = JSON.stringify(value, null, indent);
    return escapeAll ? text.replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
  };
  const jsonText = fc.record({ value: fc.jsonValue({ maxDepth: 4 }), indent: fc.integer({ min: 0, max: 4 }), escapeAll: fc.boolean() });

  it("property: the value at every pointer of a JSON text is located where that value's text is", () => {
    fc.assert(
      fc.property(jsonText, ({ value, indent, escapeAll }) => {
        const text = asText(value, indent, escapeAll);
        for (const [p, v] of entries(value)) {
          const l = locate(text, p);
          expect(l).not.toBeNull();
          expect(JSON.parse(text.slice(l!.offset, l!.end))).toEqual(v);
          const lines = text.split("\n");
          expect(lines.slice(0, l!.line - 1).join("\n").length + (l!.line > 1 ? 1 : 0) + l!.column - 1).toBe(l!.offset);
        }
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it("property: a column inside a string is the character that many characters after its quote, escapes undone, and the cursor there is in that string", () => {
    const withString = jsonText.chain((t) => {
      const strings = entries(t.value).filter(([, v]) => typeof v === "string") as [string, string][];
      return strings.length === 0 ? fc.constant(null) : fc.record({ t: fc.constant(t), entry: fc.constantFrom(...strings), column: fc.nat() });
    });
    fc.assert(
      fc.property(withString, (c) => {
        if (c === null) return;
        const [p, s] = c.entry;
        const column = (c.column % (s.length + 1)) + 1;
        const text = asText(c.t.value, c.t.indent, c.t.escapeAll);
        const start = locate(text, p)!.offset;
        const l = locate(text, p, column)!;
        expect(JSON.parse(`"${text.slice(start + 1, l.offset)}"`)).toBe(s.slice(0, column - 1));
        expect(stringAt(text, l.offset)?.keys).toEqual(pointerKeys(p));
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});

describe("stringAt: which string value a cursor is in", () => {
  it("gives the keys of the string holding the offset and what precedes the cursor, decoded", () => {
    const cursor = TEXT.indexOf("c == 1");
    const found = stringAt(TEXT, cursor)!;
    expect(found.keys).toEqual(["actions", "A", "guard"]);
    expect(decodedUpTo(TEXT, found.contentStart, cursor)).toBe('a "b" é ');
    expect(stringAt(TEXT, TEXT.indexOf('"actions"'))).toBeNull();
  });
});

describe("formatErrorIn", () => {
  const error = { file: "t.json", pointer: "/actions/A/guard", code: ErrorCode.unknownIdentifier, message: "unknown name 'c'", column: 9 };

  it("puts file:line:column first, then the pointer, the line and a caret under the offending word", () => {
    expect(formatErrorIn(error, TEXT)).toBe(
      [
        "t.json:4:37: unknown name 'c' [PF011]",
        "  in /actions/A/guard, column 9 of the expression",
        ' 4 |     "A": { "guard": "a \\"b\\" \\u00e9 c == 1" },',
        "   |                                     ^",
      ].join("\n"),
    );
  });

  it("falls back to the one-line form when there is no text or the pointer leads nowhere", () => {
    expect(formatErrorIn(error, undefined)).toBe("t.json:/actions/A/guard (column 9): unknown name 'c' [PF011]");
    expect(formatErrorIn({ ...error, pointer: "/nowhere/at/all" }, TEXT)).toBe("t.json:/nowhere/at/all (column 9): unknown name 'c' [PF011]");
  });

  it("places text that is not JSON at its first syntax error", () => {
    expect(formatErrorIn({ file: "t.json", pointer: "", code: ErrorCode.notJson, message: "not valid JSON" }, '{\n  "a": 1,\n}').split("\n")[0]).toBe("t.json:3:1: not valid JSON [PF001]");
  });
});
