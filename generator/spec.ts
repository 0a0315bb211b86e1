/**
 * The shape of a spec file once it has passed the meta-schema
 * (specs/schema/protocol.schema.json) and its `extends` chain is merged.
 */

export type BoundSpec = number | string;

export type TypeSpec =
  | { readonly $ref: string; readonly description?: string }
  | { readonly type: "boolean"; readonly description?: string }
  | { readonly type: "integer"; readonly minimum?: BoundSpec; readonly maximum?: BoundSpec; readonly payload?: boolean; readonly description?: string }
  | { readonly enum: readonly string[]; readonly description?: string }
  | { readonly node: string; readonly description?: string }
  | { readonly type: "object"; readonly properties: Readonly<Record<string, TypeSpec>>; readonly description?: string }
  | {
      readonly type: "array";
      readonly items: TypeSpec;
      readonly maxItems?: BoundSpec;
      readonly uniqueItems?: boolean;
      readonly indexedBy?: TypeSpec;
      readonly description?: string;
    }
  | { readonly anyOf: readonly TypeSpec[]; readonly description?: string }
  | { readonly type: "null" };

export interface ParameterSpec {
  readonly description?: string;
  readonly default: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly checkOnly?: boolean;
}

export interface FieldSpec {
  readonly description?: string;
  readonly type: TypeSpec;
  readonly initial: string;
  readonly persistent?: boolean;
}

export interface RoleSpec {
  readonly description?: string;
  readonly count: number | string;
  readonly symmetric?: boolean;
  readonly state: Readonly<Record<string, FieldSpec>>;
}

export interface MessageSpec {
  readonly description?: string;
  readonly from: string;
  readonly to: string;
  readonly fields: Readonly<Record<string, TypeSpec>>;
}

export type EffectSpec =
  | { readonly set: string; readonly to: string }
  | { readonly ghost: string; readonly to: string }
  | { readonly send: string; readonly to?: string; readonly with?: Readonly<Record<string, string>> }
  | { readonly broadcast: string; readonly with?: Readonly<Record<string, string>>; readonly includeSelf?: boolean }
  | { readonly multicast: string; readonly to: string; readonly with?: Readonly<Record<string, string>> }
  | { readonly choose: string; readonly from: string; readonly where?: string; readonly do: readonly EffectSpec[] }
  | { readonly if: string; readonly then: readonly EffectSpec[]; readonly else?: readonly EffectSpec[] }
  | { readonly let: string; readonly be: string }
  | { readonly call: string; readonly with?: Readonly<Record<string, string>> };

/** Effects written once and run by `call` from the actions (and blocks) of one role. */
export interface BlockSpec {
  readonly description?: string;
  readonly role: string;
  readonly params?: Readonly<Record<string, TypeSpec>>;
  readonly effects: readonly EffectSpec[];
}

export interface ActionSpec {
  readonly description?: string;
  readonly role: string;
  readonly on?: string;
  readonly params?: Readonly<Record<string, TypeSpec>>;
  readonly guard?: string;
  readonly checkGuard?: string;
  readonly trigger?: "client" | "whenEnabled" | { readonly after: readonly [number, number]; readonly restartOn?: readonly string[] };
  readonly fairness?: "weak" | "strong";
  readonly effects: readonly EffectSpec[];
}

export interface PredicateSpec {
  readonly description: string;
  readonly expr: string;
}

/** A temporal property: exactly one of its three forms (lowering checks which). */
export interface LivenessSpec {
  readonly description: string;
  readonly eventually?: string;
  readonly alwaysEventually?: string;
  readonly leadsTo?: readonly [string, string];
}

export interface GhostSpec {
  readonly description?: string;
  readonly type: TypeSpec;
  readonly initial: string;
}

export interface DefinitionSpec {
  readonly description: string;
  readonly params?: Readonly<Record<string, TypeSpec>>;
  readonly returns: TypeSpec;
  readonly expr: string;
}

export interface ModelSpec {
  readonly description?: string;
  readonly parameters?: Readonly<Record<string, number>>;
  readonly invariants?: readonly string[];
  readonly properties?: readonly string[];
  readonly liveness?: readonly string[];
  readonly fairness?: Readonly<Record<string, "weak" | "strong" | "none">>;
  readonly faultsStop?: boolean;
  readonly symmetry?: boolean;
  /** null only in a variant: the base model's constraint dropped (load.ts removes it). */
  readonly constraint?: string | null;
  readonly deadlock?: boolean;
  readonly publish?: boolean;
}

export interface ProtocolSpec {
  readonly $schema?: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly references?: readonly { readonly title: string; readonly url: string }[];
  readonly extends?: string;
  readonly expect?: "holds" | "equivalent" | { readonly violates: readonly string[]; readonly model?: string };
  readonly parameters?: Readonly<Record<string, ParameterSpec>>;
  readonly types?: Readonly<Record<string, TypeSpec>>;
  readonly roles?: Readonly<Record<string, RoleSpec>>;
  readonly messages?: Readonly<Record<string, MessageSpec>>;
  readonly network?: { readonly description?: string; readonly kind?: "multiset" | "set" | "fifo" };
  readonly faults?: { readonly loss?: boolean; readonly duplication?: boolean; readonly restart?: readonly string[] };
  readonly ghosts?: Readonly<Record<string, GhostSpec>>;
  readonly definitions?: Readonly<Record<string, DefinitionSpec>>;
  readonly blocks?: Readonly<Record<string, BlockSpec>>;
  readonly actions?: Readonly<Record<string, ActionSpec>>;
  readonly invariants?: Readonly<Record<string, PredicateSpec>>;
  readonly properties?: Readonly<Record<string, PredicateSpec>>;
  readonly liveness?: Readonly<Record<string, LivenessSpec>>;
  readonly models?: Readonly<Record<string, ModelSpec>>;
}

/** The keys whose values are maps that a variant merges entry by entry. */
export const MERGED_MAPS = ["parameters", "types", "roles", "messages", "blocks", "actions", "invariants", "properties", "liveness", "ghosts", "definitions", "models"] as const;
