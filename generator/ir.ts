/**
 * The intermediate representation: a spec with extends resolved, every type
 * resolved and every expression parsed and type-checked. Emitters and the
 * interpreter read only this. Bounds stay symbolic (a constant or a parameter)
 * because one spec is checked under several parameter sets.
 */

/** A literal, or `scale * $param + offset`. */
export type Bound = { readonly const: number } | { readonly param: string; readonly scale: number; readonly offset: number };

export type Type =
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly min: Bound | null; readonly max: Bound | null; readonly payload?: true }
  | { readonly kind: "enum"; readonly name?: string; readonly values: readonly string[] }
  | { readonly kind: "node"; readonly role: string }
  | { readonly kind: "record"; readonly name?: string; readonly fields: readonly FieldType[] }
  | { readonly kind: "seq"; readonly elem: Type; readonly max: Bound }
  | { readonly kind: "set"; readonly elem: Type; readonly max?: Bound }
  | { readonly kind: "map"; readonly key: Type; readonly value: Type }
  | { readonly kind: "optional"; readonly inner: Type }
  | { readonly kind: "message"; readonly name: string };

export interface FieldType {
  readonly name: string;
  readonly type: Type;
  readonly description?: string;
}

/** Where a piece of IR came from, for errors raised after lowering. */
export interface Source {
  readonly pointer: string;
}

export type Expr =
  | { readonly kind: "lit"; readonly type: ExprType; readonly value: boolean | number | string | null }
  | { readonly kind: "param"; readonly type: ExprType; readonly name: string }
  | { readonly kind: "self"; readonly type: ExprType }
  | { readonly kind: "field"; readonly type: ExprType; readonly name: string }
  | { readonly kind: "ghost"; readonly type: ExprType; readonly name: string }
  | { readonly kind: "local"; readonly type: ExprType; readonly name: string }
  | { readonly kind: "msg"; readonly type: ExprType }
  | { readonly kind: "roleIds"; readonly type: ExprType; readonly role: string }
  | { readonly kind: "nodeState"; readonly type: ExprType; readonly role: string; readonly id: Expr }
  | { readonly kind: "messages"; readonly type: ExprType; readonly message: string }
  | { readonly kind: "callDef"; readonly type: ExprType; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: "inFlight"; readonly type: ExprType; readonly message: string | null }
  | { readonly kind: "get"; readonly type: ExprType; readonly target: Expr; readonly name: string }
  | { readonly kind: "index"; readonly type: ExprType; readonly target: Expr; readonly index: Expr }
  | { readonly kind: "unary"; readonly type: ExprType; readonly op: "not" | "neg"; readonly operand: Expr }
  | { readonly kind: "binary"; readonly type: ExprType; readonly op: IrBinaryOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "if"; readonly type: ExprType; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: "letIn"; readonly type: ExprType; readonly name: string; readonly bound: Type; readonly value: Expr; readonly body: Expr }
  | { readonly kind: "quantifier"; readonly type: ExprType; readonly q: "forall" | "exists"; readonly name: string; readonly domain: Expr; readonly body: Expr }
  | { readonly kind: "count"; readonly type: ExprType; readonly name: string; readonly domain: Expr; readonly where: Expr }
  | { readonly kind: "filter"; readonly type: ExprType; readonly name: string; readonly domain: Expr; readonly where: Expr }
  | { readonly kind: "image"; readonly type: ExprType; readonly name: string; readonly domain: Expr; readonly element: Expr }
  | { readonly kind: "setLit"; readonly type: ExprType; readonly items: readonly Expr[] }
  | { readonly kind: "seqLit"; readonly type: ExprType; readonly items: readonly Expr[] }
  | { readonly kind: "recordLit"; readonly type: ExprType; readonly fields: readonly { readonly name: string; readonly value: Expr }[] }
  | { readonly kind: "range"; readonly type: ExprType; readonly from: Expr; readonly to: Expr }
  | { readonly kind: "call"; readonly type: ExprType; readonly fn: Builtin; readonly args: readonly Expr[] }
  | { readonly kind: "next"; readonly type: ExprType; readonly inner: Expr };

export type IrBinaryOp =
  | "implies" | "or" | "and"
  | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "in" | "notin" | "subset"
  | "+" | "-" | "*" | "/" | "%"
  | "union" | "intersect" | "minus";

export type Builtin =
  | "len" | "last" | "append" | "slice" | "contains" | "size" | "min" | "max" | "minOf" | "maxOf" | "sum" | "reverse"
  | "union" | "intersect" | "minus" | "quorum" | "majority" | "isPrefix" | "head" | "tail" | "isEmpty" | "unwrap" | "subsets";

/**
 * The type an expression computes: a value type (where integers computed by
 * arithmetic have no bounds) or what only expressions have: a string literal
 * not yet matched to an enum, the empty collection whose element type is not
 * known yet, and `null`.
 */
export type ExprType =
  | Type
  | { readonly kind: "stringLit"; readonly value: string }
  | { readonly kind: "empty"; readonly of: "set" | "seq" }
  | { readonly kind: "null" };

export interface StateField {
  readonly name: string;
  readonly type: Type;
  readonly initial: Expr;
  readonly persistent: boolean;
  readonly description?: string;
  readonly source: Source;
}

export interface Role {
  readonly name: string;
  readonly description?: string;
  readonly count: Bound;
  readonly symmetric: boolean;
  readonly fields: readonly StateField[];
}

export interface Message {
  readonly name: string;
  readonly description?: string;
  readonly from: string;
  readonly to: string;
  readonly fields: readonly FieldType[];
}

export type Effect =
  | { readonly kind: "assign"; readonly target: LValue; readonly value: Expr; readonly source: Source }
  | { readonly kind: "ghostAssign"; readonly target: LValue; readonly value: Expr; readonly source: Source }
  | { readonly kind: "send"; readonly message: string; readonly to: Expr | null; readonly fields: readonly { readonly name: string; readonly value: Expr }[]; readonly source: Source }
  | { readonly kind: "broadcast"; readonly message: string; readonly includeSelf: boolean; readonly fields: readonly { readonly name: string; readonly value: Expr }[]; readonly source: Source }
  | { readonly kind: "multicast"; readonly message: string; readonly to: Expr; readonly fields: readonly { readonly name: string; readonly value: Expr }[]; readonly source: Source }
  | { readonly kind: "choose"; readonly name: string; readonly domain: Expr; readonly where: Expr | null; readonly body: readonly Effect[]; readonly source: Source }
  | { readonly kind: "if"; readonly cond: Expr; readonly then: readonly Effect[]; readonly else: readonly Effect[]; readonly source: Source }
  | { readonly kind: "let"; readonly name: string; readonly value: Expr; readonly source: Source };

/** A path into a node's state (or a ghost): a root variable then fields and indexes. */
export interface LValue {
  readonly root: string;
  readonly rootType: Type;
  readonly steps: readonly ({ readonly kind: "field"; readonly name: string; readonly type: Type } | { readonly kind: "index"; readonly index: Expr; readonly type: Type })[];
  readonly type: Type;
}

export interface ActionParam {
  readonly name: string;
  readonly type: Type;
}

export interface Action {
  readonly name: string;
  readonly description?: string;
  readonly role: string;
  readonly on: string | null;
  readonly params: readonly ActionParam[];
  readonly guard: Expr;
  /** What check models add to the guard; the runtime never tests it. */
  readonly checkGuard: Expr | null;
  /** What makes a host take the action (internal actions only); null when the spec does not say. */
  readonly trigger: Trigger | null;
  readonly effects: readonly Effect[];
  readonly hasGhostEffects: boolean;
  /** The action's own fairness; a check model may override it. */
  readonly fairness: Fairness;
}

/** Whether infinite runs must give an action its turn: per node, and per message for a receipt (docs/reference/semantics.md, Liveness). */
export type Fairness = "weak" | "strong" | null;

export type TemporalKind = "eventually" | "alwaysEventually" | "leadsTo";

/** `eventually P`, `alwaysEventually P` or `P leadsTo Q`: `predicates` is [P] or [P, Q]. */
export interface LivenessProperty {
  readonly name: string;
  readonly description: string;
  readonly kind: TemporalKind;
  readonly predicates: readonly Expr[];
  readonly texts: readonly string[];
}

/** A client request; as soon as enabled; a timer of a random delay in min..max ms, started over by the steps of `restartOn`. */
export type Trigger = { readonly kind: "client" } | { readonly kind: "whenEnabled" } | { readonly kind: "timer"; readonly min: number; readonly max: number; readonly restartOn: readonly string[] };

export interface Ghost {
  readonly name: string;
  readonly description?: string;
  readonly type: Type;
  readonly initial: Expr;
}

export interface Predicate {
  readonly name: string;
  readonly description: string;
  readonly expr: Expr;
  readonly text: string;
}

export interface Parameter {
  readonly name: string;
  readonly description?: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** A check bound: in check models only, never in the runtime's Parameters. */
  readonly checkOnly: boolean;
}

export interface CheckModel {
  readonly name: string;
  readonly description?: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly liveness: readonly string[];
  /** Each action's fairness in this model: its own, or the model's override. */
  readonly fairness: Readonly<Record<string, Fairness>>;
  /** Liveness is judged only over runs whose faults stop. */
  readonly faultsStop: boolean;
  readonly symmetry: boolean;
  readonly constraint: Expr | null;
  readonly deadlock: boolean;
  /** Whether publish checks it (always for `ci`). */
  readonly publish: boolean;
}

export type NetworkKind = "multiset" | "set" | "fifo";

export interface Faults {
  readonly loss: boolean;
  readonly duplication: boolean;
  readonly restart: readonly string[];
}

/** A named pure function of its arguments and the parameters. */
export interface Definition {
  readonly name: string;
  readonly description: string;
  readonly params: readonly { readonly name: string; readonly type: Type }[];
  readonly returns: Type;
  readonly body: Expr;
  readonly text: string;
}

/** A block as the docs show it: its effects are inlined where actions call it, so nothing else reads it. */
export interface Block {
  readonly name: string;
  readonly description?: string;
  readonly role: string;
  readonly params: readonly { readonly name: string; readonly type: Type }[];
}

/** `equivalent`: every invariant holds and every step's successors are the base's in every reached state (a refactoring). */
export type Expectation = { readonly holds: true } | { readonly equivalent: true } | { readonly violates: readonly string[]; readonly model?: string };

export interface ProtocolIR {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly file: string;
  /** The spec file this one extends, when it is a variant. */
  readonly base: string | null;
  readonly references: readonly { readonly title: string; readonly url: string }[];
  readonly parameters: readonly Parameter[];
  readonly types: readonly { readonly name: string; readonly type: Type; readonly description?: string }[];
  readonly roles: readonly Role[];
  readonly messages: readonly Message[];
  readonly network: NetworkKind;
  readonly faults: Faults;
  readonly ghosts: readonly Ghost[];
  readonly definitions: readonly Definition[];
  readonly blocks: readonly Block[];
  readonly actions: readonly Action[];
  readonly invariants: readonly Predicate[];
  readonly properties: readonly Predicate[];
  readonly liveness: readonly LivenessProperty[];
  readonly models: readonly CheckModel[];
  readonly expect: Expectation | null;
}
