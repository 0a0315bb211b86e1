/**
 * A TextMate grammar for the code blocks of generated protocol pages
 * (```protoforge): actions as pages/action-code.ts prints them, and the
 * expression language of docs/reference/expressions.md. Shiki highlights with it.
 */
import type { LanguageRegistration } from "shiki";

export const protoforgeLanguage: LanguageRegistration = {
  name: "protoforge",
  scopeName: "source.protoforge",
  patterns: [
    { name: "comment.line.number-sign.protoforge", match: "#.*$" },
    { name: "string.quoted.single.protoforge", match: "'[^']*'" },
    { name: "constant.numeric.protoforge", match: "\\b\\d+\\b" },
    { name: "keyword.control.protoforge", match: "\\b(action|of|on|as|for each|when|do|if|then|else|choose|from|where|let|send|to|with|broadcast|multicast|including|ghost|skip|block|call)\\b" },
    { name: "keyword.operator.word.protoforge", match: "\\b(forall|exists|in|notin|subset|and|or|not|implies|union|intersect|minus|count|next)\\b" },
    { name: "constant.language.protoforge", match: "\\b(true|false|null|self|msg)\\b" },
    { name: "support.function.protoforge", match: "\\b[a-zA-Z_]\\w*(?=\\()" },
    { name: "keyword.operator.protoforge", match: ":=|==|!=|<=|>=|=>|\\.\\.|[<>+\\-*/%|]" },
    { name: "entity.name.type.protoforge", match: "\\b[A-Z]\\w*\\b" },
  ],
  repository: {},
};
