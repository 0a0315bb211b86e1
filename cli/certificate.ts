/**
 * CERTIFICATE.json: what publish proved about a spec. It names the spec's
 * content (hash of the spec and the files it extends) and the generated code it
 * covers (hash of the generated files), so gen:check can tell when either moved
 * on without a new check.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LivenessRecord } from "./check-liveness.js";
import type { HappyPathRecord } from "./happy-path.js";
import type { ReachableRecord } from "./state-transitions.js";

/** One published model's check. */
export interface ModelCheckRecord {
  readonly model: string;
  readonly parameters: Readonly<Record<string, number>>;
  readonly symmetry: boolean;
  readonly verdict: string;
  readonly violated: string | null;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** Reached states outside the model's constraint (checked, not explored). */
  readonly outsideConstraint: number;
  /** Steps that never fired. */
  readonly neverFired: readonly string[];
  /** For a variant that held: the steps whose successors differed from its base's (where the two could not be compared, the changed steps that fired); null otherwise. */
  readonly exercised: readonly string[] | null;
  readonly seconds: number;
  /** The liveness properties the model selects, checked once its invariants held: fairness, each verdict and lasso lengths. */
  readonly liveness?: LivenessRecord;
}

/** The swarm publish ran on a bigger model: which, with what seeds and budget, and what it found. */
export interface SwarmRecord {
  readonly model: string;
  readonly seed: number;
  readonly budget: number;
  readonly longestWalk: number;
  readonly walks: number;
  readonly verdict: string;
  readonly seconds: number;
}

/** Top-level figures are the deciding check's: `ci`, or the model that refuted a variant; `checks` has every published model. */
export interface Certificate {
  readonly spec: string;
  readonly file: string;
  readonly specHash: string;
  readonly generatedHash: string;
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
  readonly checks: readonly ModelCheckRecord[];
  /** null when the spec has no deep model, or is a variant that must break an invariant. */
  readonly swarm: SwarmRecord | null;
  /** For a base spec: each `if` or `choose` of an action that went one way only (or never ran) in every published model. */
  readonly branchesNeverRun?: readonly string[];
  /** For a base spec: its `ci` model's states per depth and each role enum field's transitions in its reachable graph (state-transitions.ts), which its page draws. */
  readonly reachable?: ReachableRecord;
  /** For a base spec with a narrative: the shortest fault-free run to each goal it marks (happy-path.ts). */
  readonly happyPaths?: readonly HappyPathRecord[];
}

export const CERTIFICATE = "CERTIFICATE.json";

const posix = (path: string): string => path.split("\\").join("/");

/** The hash of the spec's own text and of every file it extends. */
export function specHash(files: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${posix(file)}\n${readFileSync(file, "utf8")}\n`);
  return `sha256:${hash.digest("hex")}`;
}

export function generatedHash(files: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const name of [...files.keys()].sort()) hash.update(`${name}\n${files.get(name)}\n`);
  return `sha256:${hash.digest("hex")}`;
}

export function readCertificate(dir: string): Certificate | null {
  const path = join(dir, CERTIFICATE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Certificate) : null;
}

const untimed = (c: Certificate): string => JSON.stringify(c, (key, value: unknown) => (key === "seconds" ? 0 : value));

/** The certificate's text; the timings alone changing do not make a new one. */
export function certificateText(certificate: Certificate, previous: Certificate | null): string {
  const same = previous !== null && untimed(previous) === untimed(certificate);
  return JSON.stringify(same ? previous : certificate, null, 2) + "\n";
}
