/**
 * The untyped syntax tree of one expression string. `pos` is the 0-based offset
 * of the node's first character in that string, for error columns.
 */

export type Ast =
  | { readonly kind: "number"; readonly pos: number; readonly value: number }
  | { readonly kind: "string"; readonly pos: number; readonly value: string }
  | { readonly kind: "bool"; readonly pos: number; readonly value: boolean }
  | { readonly kind: "null"; readonly pos: number }
  | { readonly kind: "name"; readonly pos: number; readonly name: string }
  | { readonly kind: "unary"; readonly pos: number; readonly op: "not" | "neg"; readonly operand: Ast }
  | { readonly kind: "binary"; readonly pos: number; readonly op: BinaryOp; readonly left: Ast; readonly right: Ast }
  | { readonly kind: "field"; readonly pos: number; readonly target: Ast; readonly name: string }
  | { readonly kind: "index"; readonly pos: number; readonly target: Ast; readonly index: Ast }
  | { readonly kind: "call"; readonly pos: number; readonly fn: string; readonly args: readonly Ast[] }
  | { readonly kind: "if"; readonly pos: number; readonly cond: Ast; readonly then: Ast; readonly else: Ast }
  | { readonly kind: "quantifier"; readonly pos: number; readonly q: "forall" | "exists"; readonly binders: readonly Binder[]; readonly body: Ast }
  | { readonly kind: "count"; readonly pos: number; readonly binder: Binder; readonly where: Ast }
  | { readonly kind: "filter"; readonly pos: number; readonly binder: Binder; readonly where: Ast }
  | { readonly kind: "image"; readonly pos: number; readonly of: "set" | "seq"; readonly element: Ast; readonly binder: Binder }
  | { readonly kind: "setLit"; readonly pos: number; readonly items: readonly Ast[] }
  | { readonly kind: "seqLit"; readonly pos: number; readonly items: readonly Ast[] }
  | { readonly kind: "recordLit"; readonly pos: number; readonly fields: readonly { readonly name: string; readonly value: Ast }[] }
  | { readonly kind: "range"; readonly pos: number; readonly from: Ast; readonly to: Ast }
  | { readonly kind: "let"; readonly pos: number; readonly name: string; readonly value: Ast; readonly body: Ast };

export interface Binder {
  readonly name: string;
  readonly pos: number;
  readonly domain: Ast;
}

export type BinaryOp =
  | "implies" | "or" | "and"
  | "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "notin" | "subset"
  | "+" | "-" | "*" | "/" | "%"
  | "union" | "intersect" | "minus";
