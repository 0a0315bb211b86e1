/** Free text as comments (generator/emit/text.ts): whatever a spec's text holds, the comment ends where the emitter ends it. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { docComment, lineComment } from "../../../generator/emit/text.js";

const LINE_BREAKS = /[\r\n\u2028\u2029]/;

describe("comments of free text", () => {
  it("a line comment keeps to one line whatever breaks the text holds", () => {
    expect(lineComment("a\nb\r\nc\u2028d\u2029e")).toBe("// a b c d e");
  });

  it("a doc comment cannot be closed early", () => {
    expect(docComment("x */ throw 1; /* y")).toBe("/** x *\\/ throw 1; /* y */");
  });

  it("for any text: one line, and the doc comment's only */ is its last two characters (fast-check)", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", "*", "/", "\n", "\r", "\u2028", "\u2029", "\\"), maxLength: 40 });
    fc.assert(
      fc.property(text, (t) => {
        const doc = docComment(t);
        expect(LINE_BREAKS.test(lineComment(t))).toBe(false);
        expect(LINE_BREAKS.test(doc)).toBe(false);
        expect(doc.indexOf("*/")).toBe(doc.length - 2);
      }),
      { seed: 20_241_201, numRuns: 2000 },
    );
  });
});
