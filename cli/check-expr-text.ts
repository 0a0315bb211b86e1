/**
 * An IR expression written back in the spec's expression syntax, to name the
 * part of an invariant that was false (cli/check-witness.ts), with the
 * parentheses the parser needs to read it back the same, and no others but
 * around what `not` negates.
 */
import type { Expr } from "../generator/ir.js";

/** How tightly each form binds, as the parser reads them (generator/expr/parse.ts): quantifiers, if and let reach as far right as they can. */
const LEVEL: Readonly<Record<string, number>> = { implies: 1, or: 2, and: 3, not: 4, "==": 5, "!=": 5, "<": 5, "<=": 5, ">": 5, ">=": 5, in: 5, notin: 5, subset: 5, range: 6, "+": 7, "-": 7, union: 7, minus: 7, "*": 8, "/": 8, "%": 8, intersect: 8, neg: 9 };

function level(e: Expr): number {
  if (e.kind === "quantifier" || e.kind === "if" || e.kind === "letIn") return 0;
  if (e.kind === "binary" || e.kind === "unary") return LEVEL[e.op];
  if (e.kind === "range") return LEVEL.range;
  return 10;
}

/** An operand that must bind at least as tightly as `min`, in parentheses when it does not. */
function operand(e: Expr, min: number): string {
  return level(e) >= min ? exprText(e) : `(${exprText(e)})`;
}

/** `l op r`: left-associative, but `implies` (right-associative) and comparisons (which do not chain). */
function binaryText(e: Extract<Expr, { kind: "binary" }>): string {
  const l = LEVEL[e.op];
  const left = e.op === "implies" || l === LEVEL["=="] ? l + 1 : l;
  const right = e.op === "implies" ? l : l + 1;
  return `${operand(e.left, left)} ${e.op} ${operand(e.right, right)}`;
}

const list = (items: readonly Expr[]): string => items.map(exprText).join(", ");

function literal(value: boolean | number | string | null): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

export function exprText(e: Expr): string {
  switch (e.kind) {
    case "lit":
      return literal(e.value);
    case "param":
    case "field":
    case "ghost":
    case "local":
      return e.name;
    case "self":
      return "self";
    case "msg":
      return "msg";
    case "roleIds":
      return e.role;
    case "nodeState":
      return `${e.role}[${exprText(e.id)}]`;
    case "messages":
      return `messages(${e.message})`;
    case "inFlight":
      return `inFlight(${e.message ?? ""})`;
    case "callDef":
      return `${e.name}(${list(e.args)})`;
    case "call":
      return `${e.fn}(${list(e.args)})`;
    case "get":
      return `${operand(e.target, 10)}.${e.name}`;
    case "index":
      return `${operand(e.target, 10)}[${exprText(e.index)}]`;
    case "unary":
      // `not a < b` reads as (not a) < b to most people, though the parser takes it as not (a < b).
      return e.op === "not" ? `not ${operand(e.operand, 10)}` : `-${operand(e.operand, LEVEL.neg)}`;
    case "binary":
      return binaryText(e);
    case "if":
      return `if ${exprText(e.cond)} then ${exprText(e.then)} else ${exprText(e.else)}`;
    case "letIn":
      return `let ${e.name} = ${exprText(e.value)}: ${exprText(e.body)}`;
    case "quantifier":
      return `${e.q} ${e.name} in ${operand(e.domain, LEVEL.range)}: ${exprText(e.body)}`;
    case "count":
      return `count(${e.name} in ${operand(e.domain, LEVEL.range)} | ${exprText(e.where)})`;
    case "filter":
      return `{${e.name} in ${operand(e.domain, LEVEL.range)} | ${exprText(e.where)}}`;
    case "image":
      return e.type.kind === "seq" ? `[${exprText(e.element)} for ${e.name} in ${operand(e.domain, LEVEL.range)}]` : `{${exprText(e.element)} for ${e.name} in ${operand(e.domain, LEVEL.range)}}`;
    case "setLit":
      return `{${list(e.items)}}`;
    case "seqLit":
      return `[${list(e.items)}]`;
    case "recordLit":
      return `{${e.fields.map((f) => `${f.name}: ${exprText(f.value)}`).join(", ")}}`;
    case "range":
      return `${operand(e.from, LEVEL.range + 1)} .. ${operand(e.to, LEVEL.range + 1)}`;
    case "next":
      return `next(${exprText(e.inner)})`;
  }
}
