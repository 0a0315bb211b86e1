/**
 * Branch coverage, told by the interpreter: which way every `if` went and
 * which values every `choose` took in the states a search reached. An `if`
 * whose condition never (or always) holds is as telling as an action that
 * never fires: the model never exercises that part of the spec.
 */
import type { Effect, ProtocolIR } from "../ir.js";
import type { BranchCoverage } from "./effects.js";

/** The actions that run a point: one, or each caller of the block it is in. */
interface IfArms {
  readonly kind: "if";
  readonly actions: Set<string>;
  then: boolean;
  else: boolean;
}

interface ChooseValues {
  readonly kind: "choose";
  readonly actions: Set<string>;
  readonly name: string;
  /** Values the domain offered, and those the `where` let through. */
  readonly offered: Set<string>;
  readonly taken: Set<string>;
}

/** A part of the spec that never ran: where (JSON pointer) and what; `action` is `block B` for a part of a block. */
export interface BranchGap {
  readonly action: string;
  readonly pointer: string;
  readonly what: string;
}

function collect(action: string, effects: readonly Effect[], into: Map<string, IfArms | ChooseValues>): void {
  for (const e of effects) {
    const known = into.get(e.source.pointer);
    if (known !== undefined) known.actions.add(action);
    if (e.kind === "if") {
      if (known === undefined) into.set(e.source.pointer, { kind: "if", actions: new Set([action]), then: false, else: false });
      collect(action, e.then, into);
      collect(action, e.else, into);
    } else if (e.kind === "choose") {
      if (known === undefined) into.set(e.source.pointer, { kind: "choose", actions: new Set([action]), name: e.name.replace(/\$.*/, ""), offered: new Set(), taken: new Set() });
      collect(action, e.body, into);
    }
  }
}

/** Who a gap belongs to: the action, or the block whose effects every caller shares. */
function owner(pointer: string, p: IfArms | ChooseValues): string {
  const block = /^\/blocks\/([^/]+)\//.exec(pointer);
  return block === null ? [...p.actions][0] : `block ${block[1]}`;
}

export class BranchTally implements BranchCoverage {
  private readonly points = new Map<string, IfArms | ChooseValues>();
  private open: number;
  private openCache: Set<string> | null = null;

  constructor(ir: ProtocolIR) {
    for (const a of ir.actions) collect(a.name, a.effects, this.points);
    this.open = [...this.points.values()].filter((p) => !this.covered(p)).length;
  }

  /** Whether every arm has run and every `choose` has taken each value offered so far: no need to look further. */
  get complete(): boolean {
    return this.open === 0;
  }

  /** The actions with an `if` or `choose` not yet covered. */
  openActions(): ReadonlySet<string> {
    this.openCache ??= new Set([...this.points.values()].filter((p) => !this.covered(p)).flatMap((p) => [...p.actions]));
    return this.openCache;
  }

  branch(pointer: string, arm: "then" | "else"): void {
    const p = this.points.get(pointer);
    if (p?.kind !== "if" || p[arm]) return;
    p[arm] = true;
    if (this.covered(p)) this.closed();
  }

  choice(pointer: string, value: unknown, taken: boolean): void {
    const p = this.points.get(pointer);
    if (p?.kind !== "choose") return;
    const key = JSON.stringify(value);
    const before = this.covered(p);
    p.offered.add(key);
    if (taken) p.taken.add(key);
    const after = this.covered(p);
    if (before === after) return;
    if (after) this.closed();
    else {
      this.open++;
      this.openCache = null;
    }
  }

  private closed(): void {
    this.open--;
    this.openCache = null;
  }

  private covered(p: IfArms | ChooseValues): boolean {
    if (p.kind === "if") return p.then && p.else;
    return p.taken.size > 0 && p.taken.size === p.offered.size;
  }

  /** What never ran, in the spec's order. */
  gaps(): BranchGap[] {
    const out: BranchGap[] = [];
    for (const [pointer, p] of this.points) {
      const action = owner(pointer, p);
      if (p.kind === "if") {
        if (!p.then && !p.else) out.push({ action, pointer, what: "if: never reached" });
        else if (!p.then) out.push({ action, pointer, what: "if: the condition never holds" });
        else if (!p.else) out.push({ action, pointer, what: "if: the condition always holds" });
      } else if (p.taken.size === 0) {
        out.push({ action, pointer, what: `choose ${p.name}: never takes a value` });
      } else if (p.taken.size < p.offered.size) {
        const never = [...p.offered].filter((v) => !p.taken.has(v));
        out.push({ action, pointer, what: `choose ${p.name}: never takes ${never.join(", ")}` });
      }
    }
    return out;
  }
}
