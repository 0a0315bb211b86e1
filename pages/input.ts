/**
 * What the page generators read: compiled specs (the loaded spec for the text
 * as written, the IR for resolved types) and what publish recorded about them.
 * The record types are the parts of CERTIFICATE.json a page shows, so pages/
 * depends on no CLI code.
 */
import type { Compiled } from "../generator/compile.js";
import type { ExplorerTrace } from "./explorer-trace.js";

/** The figures and verdict publish wrote in generated/<spec>/CERTIFICATE.json. */
export interface CheckRecord {
  readonly model: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  readonly symmetry: boolean;
  readonly expected: "holds" | "equivalent" | { readonly violates: readonly string[]; readonly model?: string };
  readonly verdict: string;
  readonly violated: string | null;
  readonly counterexample: readonly string[] | null;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly seconds: number;
  /** Every published model's check; the top-level figures are the deciding one's. */
  readonly checks?: readonly ModelCheck[];
  /** For a base spec: each `if` that went one way only and each `choose` value never taken, in every published model. */
  readonly branchesNeverRun?: readonly string[];
  /** For a base spec: its states per depth and each role enum field's transitions the checker saw, in the reachable graph of one model. */
  readonly reachable?: Reachable;
  /** For a base spec with a narrative: the shortest fault-free run to each goal the narrative marks, as a Mermaid diagram. */
  readonly happyPaths?: readonly { readonly goal: string; readonly steps: number; readonly mermaid: string }[];
  /** The swarm publish ran past the exhaustive models, if any. */
  readonly swarm?: { readonly model: string; readonly seed: number; readonly budget: number; readonly longestWalk: number; readonly walks: number; readonly verdict: string } | null;
}

/** One model's reachable graph as the pages draw it: states per depth, and the transitions of each role enum field the checker saw, by action, with how many transitions made each. */
export interface Reachable {
  readonly model: string;
  readonly states: number;
  readonly statesPerDepth: readonly number[];
  readonly fields: readonly { readonly role: string; readonly field: string; readonly transitions: readonly { readonly from: string; readonly to: string; readonly action: string; readonly count: number }[] }[];
}

/** One published model's figures, as CERTIFICATE.json's `checks` lists them. */
export interface ModelCheck {
  readonly model: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly symmetry: boolean;
  readonly verdict: string;
  readonly violated: string | null;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly seconds: number;
  readonly liveness?: LivenessRecord;
}

/** What publish found of a model's liveness properties: fairness, and each verdict with its lasso's lengths. */
export interface LivenessRecord {
  readonly fairness: Readonly<Record<string, string>>;
  readonly faultsStop: boolean;
  readonly states: number;
  readonly properties: readonly { readonly name: string; readonly verdict: string; readonly prefix: number | null; readonly cycle: number | null }[];
}

/** A spec with what publish left for it: its certificate and, when refuted, the Mermaid counterexample and what the trace explorer steps through. */
export interface CheckedSpec {
  readonly compiled: Compiled;
  readonly certificate: CheckRecord | null;
  readonly counterexampleMermaid: string | null;
  readonly explorer: ExplorerTrace | null;
}

/** One protocol page: a base spec, every variant that extends it, and the narrative written for it (docs/narratives/<protocol>.md), if any. */
export interface ProtocolPageInput {
  readonly base: CheckedSpec;
  readonly variants: readonly CheckedSpec[];
  readonly narrative?: string | null;
}
