/**
 * A recursive-descent parser for the expression language. Precedence, lowest
 * first: quantifiers, `let` and `if` (their body reaches as far right as it can),
 * `implies`, `or`, `and`, `not`, comparisons and `in`/`subset`, `..`,
 * `+ - union minus`, `* / % intersect`, unary minus, then `.field` and `[index]`.
 * The full grammar is docs/reference/expressions.md.
 */
import type { Ast, BinaryOp, Binder } from "./ast.js";
import { LexError, tokenize, type Token } from "./lexer.js";

export class ParseError extends Error {
  constructor(message: string, readonly pos: number) {
    super(message);
  }
}

/** Words the expression language reads as itself: a spec name spelt so could never be read. */
export const KEYWORDS: ReadonlySet<string> = new Set(["and", "or", "not", "implies", "in", "notin", "subset", "union", "intersect", "minus", "forall", "exists", "if", "then", "else", "true", "false", "null", "for", "let"]);

export function parseExpression(source: string): Ast {
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (e) {
    if (e instanceof LexError) throw new ParseError(e.message, e.pos);
    throw e;
  }
  const parser = new Parser(tokens);
  const ast = parser.expression();
  parser.expectEnd();
  checkDepth(ast);
  return ast;
}

/**
 * How deep an expression may nest (parentheses, `not`s, and chains such as
 * `a and b and c`, which nest one level per operator): everything after the
 * parser walks the tree recursively, and this keeps it far from the stack's end.
 */
export const MAX_EXPR_DEPTH = 128;

function tooDeep(pos: number): ParseError {
  return new ParseError(`the expression nests deeper than ${MAX_EXPR_DEPTH} levels (a chain of operators counts one level each): split it with let or a definition`, pos);
}

/** The parsed tree's depth, counted without recursion: a long chain parses in a loop yet makes a deep tree. */
function checkDepth(ast: Ast): void {
  const stack: [unknown, number][] = [[ast, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    const node = value as { kind?: unknown; pos?: number };
    const inner = typeof node.kind === "string" ? depth + 1 : depth;
    if (inner > MAX_EXPR_DEPTH) throw tooDeep(node.pos ?? 0);
    for (const child of Object.values(value)) if (typeof child === "object" && child !== null) stack.push([child, inner]);
  }
}

class Parser {
  private i = 0;
  /** Nested calls of the rules that recurse, so that deep nesting is an error before it is a stack overflow. */
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private nested<T>(rule: () => T): T {
    if (++this.depth > MAX_EXPR_DEPTH) throw tooDeep(this.token.pos);
    try {
      return rule();
    } finally {
      this.depth--;
    }
  }

  private get token(): Token {
    return this.tokens[this.i];
  }

  private peek(offset: number): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private is(text: string): boolean {
    const t = this.token;
    return (t.kind === "op" || t.kind === "ident") && t.text === text;
  }

  private accept(...texts: string[]): Token | undefined {
    if (texts.some((t) => this.is(t))) return this.tokens[this.i++];
    return undefined;
  }

  private expect(text: string): Token {
    const t = this.accept(text);
    if (t === undefined) throw this.error(`expected '${text}'`);
    return t;
  }

  private error(expected: string): ParseError {
    const t = this.token;
    const found = t.kind === "eof" ? "the end of the expression" : `'${t.text}'`;
    // A lone '=' binds only in `let x = e: ...`; anywhere else it is a comparison mistyped.
    const hint = t.kind === "op" && t.text === "=" ? " (compare with ==)" : "";
    return new ParseError(`${expected}, found ${found}${hint}`, t.pos);
  }

  expectEnd(): void {
    if (this.token.kind !== "eof") throw this.error("expected an operator or the end of the expression");
  }

  expression(): Ast {
    return this.nested(() => {
      if (this.is("forall") || this.is("exists")) return this.quantifier();
      if (this.is("if")) return this.conditional();
      if (this.is("let")) return this.letIn();
      return this.implication();
    });
  }

  /** `let x = e: body` names a value for the body. */
  private letIn(): Ast {
    const start = this.expect("let");
    const name = this.identifier("a name to bind");
    this.expect("=");
    const value = this.expression();
    this.expect(":");
    return { kind: "let", pos: start.pos, name: name.text, value, body: this.expression() };
  }

  private quantifier(): Ast {
    const start = this.tokens[this.i++];
    const binders = [this.binder()];
    while (this.accept(",")) binders.push(this.binder());
    this.expect(":");
    const body = this.expression();
    return { kind: "quantifier", pos: start.pos, q: start.text as "forall" | "exists", binders, body };
  }

  private conditional(): Ast {
    const start = this.expect("if");
    const cond = this.expression();
    this.expect("then");
    const then = this.expression();
    this.expect("else");
    return { kind: "if", pos: start.pos, cond, then, else: this.expression() };
  }

  private binder(): Binder {
    const name = this.identifier("a variable name");
    this.expect("in");
    return { name: name.text, pos: name.pos, domain: this.range() };
  }

  private identifier(what: string): Token {
    const t = this.token;
    if (t.kind !== "ident" || KEYWORDS.has(t.text)) throw this.error(`expected ${what}`);
    this.i++;
    return t;
  }

  private implication(): Ast {
    const left = this.disjunction();
    const op = this.accept("implies", "=>");
    if (op === undefined) return left;
    const right = this.is("forall") || this.is("exists") || this.is("if") || this.is("let") ? this.expression() : this.nested(() => this.implication());
    return { kind: "binary", pos: op.pos, op: "implies", left, right };
  }

  private disjunction(): Ast {
    let left = this.conjunction();
    for (let op = this.accept("or", "||"); op; op = this.accept("or", "||")) {
      left = { kind: "binary", pos: op.pos, op: "or", left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Ast {
    let left = this.negation();
    for (let op = this.accept("and", "&&"); op; op = this.accept("and", "&&")) {
      left = { kind: "binary", pos: op.pos, op: "and", left, right: this.negation() };
    }
    return left;
  }

  private negation(): Ast {
    const op = this.accept("not", "!");
    if (op) return { kind: "unary", pos: op.pos, op: "not", operand: this.nested(() => this.negation()) };
    return this.comparison();
  }

  private comparison(): Ast {
    const left = this.range();
    const op = this.accept("==", "!=", "<=", ">=", "<", ">", "in", "notin", "subset");
    if (op === undefined) return left;
    return { kind: "binary", pos: op.pos, op: op.text as BinaryOp, left, right: this.range() };
  }

  private range(): Ast {
    const from = this.additive();
    const op = this.accept("..");
    if (op === undefined) return from;
    return { kind: "range", pos: op.pos, from, to: this.additive() };
  }

  private additive(): Ast {
    let left = this.multiplicative();
    for (let op = this.accept("+", "-", "union", "minus"); op; op = this.accept("+", "-", "union", "minus")) {
      left = { kind: "binary", pos: op.pos, op: op.text as BinaryOp, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Ast {
    let left = this.unary();
    for (let op = this.accept("*", "/", "%", "intersect"); op; op = this.accept("*", "/", "%", "intersect")) {
      left = { kind: "binary", pos: op.pos, op: op.text as BinaryOp, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Ast {
    const op = this.accept("-");
    if (op) return { kind: "unary", pos: op.pos, op: "neg", operand: this.nested(() => this.unary()) };
    return this.postfix();
  }

  private postfix(): Ast {
    let target = this.primary();
    for (;;) {
      const dot = this.accept(".");
      if (dot) {
        const name = this.identifier("a field name");
        target = { kind: "field", pos: name.pos, target, name: name.text };
        continue;
      }
      const open = this.accept("[");
      if (open) {
        const index = this.expression();
        this.expect("]");
        target = { kind: "index", pos: open.pos, target, index };
        continue;
      }
      return target;
    }
  }

  private primary(): Ast {
    const t = this.token;
    if (t.kind === "number") {
      this.i++;
      return { kind: "number", pos: t.pos, value: Number(t.text) };
    }
    if (t.kind === "string") {
      this.i++;
      return { kind: "string", pos: t.pos, value: t.text };
    }
    if (this.accept("(")) {
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (this.is("{")) return this.braces();
    if (this.accept("[")) return this.brackets(t.pos);
    if (this.is("forall") || this.is("exists")) return this.quantifier();
    if (this.is("if")) return this.conditional();
    if (this.accept("true")) return { kind: "bool", pos: t.pos, value: true };
    if (this.accept("false")) return { kind: "bool", pos: t.pos, value: false };
    if (this.accept("null")) return { kind: "null", pos: t.pos };
    const name = this.identifier("a value");
    if (!this.accept("(")) return { kind: "name", pos: name.pos, name: name.text };
    if (name.text === "count" && this.peek(0).kind === "ident" && this.peek(1).text === "in") {
      const binder = this.binder();
      this.expect("|");
      const where = this.expression();
      this.expect(")");
      return { kind: "count", pos: name.pos, binder, where };
    }
    return { kind: "call", pos: name.pos, fn: name.text, args: this.list(")") };
  }

  private list(close: string): Ast[] {
    const items: Ast[] = [];
    if (this.accept(close)) return items;
    do items.push(this.expression());
    while (this.accept(","));
    this.expect(close);
    return items;
  }

  /** `[a, b]` sequence; `[e for x in D]` the sequence of e for each element of D, in D's order. */
  private brackets(pos: number): Ast {
    if (this.accept("]")) return { kind: "seqLit", pos, items: [] };
    const first = this.expression();
    if (this.accept("for")) {
      const binder = this.binder();
      this.expect("]");
      return { kind: "image", pos, of: "seq", element: first, binder };
    }
    const items = [first];
    while (this.accept(",")) items.push(this.expression());
    this.expect("]");
    return { kind: "seqLit", pos, items };
  }

  /** `{}` `{a, b}` set; `{x in S | p}` filter; `{e for x in S}` image; `{f: e, ...}` record. */
  private braces(): Ast {
    const open = this.expect("{");
    if (this.accept("}")) return { kind: "setLit", pos: open.pos, items: [] };
    if (this.token.kind === "ident" && this.peek(1).text === ":" && this.peek(1).kind === "op") return this.record(open.pos);
    if (this.token.kind === "ident" && this.peek(1).text === "in" && !KEYWORDS.has(this.token.text)) {
      const save = this.i;
      const binder = this.binder();
      if (this.accept("|")) {
        const where = this.expression();
        this.expect("}");
        return { kind: "filter", pos: open.pos, binder, where };
      }
      this.i = save;
    }
    const first = this.expression();
    if (this.accept("for")) {
      const binder = this.binder();
      this.expect("}");
      return { kind: "image", pos: open.pos, of: "set", element: first, binder };
    }
    const items = [first];
    while (this.accept(",")) items.push(this.expression());
    this.expect("}");
    return { kind: "setLit", pos: open.pos, items };
  }

  private record(pos: number): Ast {
    const fields: { name: string; value: Ast }[] = [];
    do {
      const name = this.identifier("a field name");
      this.expect(":");
      fields.push({ name: name.text, value: this.expression() });
    } while (this.accept(","));
    this.expect("}");
    return { kind: "recordLit", pos, fields };
  }
}
