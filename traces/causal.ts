/**
 * Causal consistency and the session guarantees of a history of reads and
 * writes in which every write of a key writes a value of its own (so a read
 * says which write it saw). Happens-before is the transitive closure of
 * session order (a process's operations in the order it ran them) and
 * reads-from (a write before each read that returned its value).
 *
 * Causal consistency is checked by the bad patterns of Bouajjani, Enea,
 * Guerraoui and Hamza (On Verifying Causal Consistency, POPL 2017) for CC:
 * a read of a value never written (thin air); a cycle in happens-before; a
 * read of the initial value after a write of its key happened before it; and
 * a read of a write that another write of the key overwrote before the read
 * (w1 before w2 before the read, which returns w1).
 *
 * The session guarantees of Terry et al. are the last two patterns with the
 * overwriting write, or the read that went further, in the reader's session:
 * read-your-writes (a read never misses an earlier write of its own session),
 * monotonic reads (a read never returns a write older than one an earlier read
 * of its session returned).
 */
import { canonical, describe, HistoryError, pending, type Operation } from "./history.js";

export type Guarantee = "read-your-writes" | "monotonic-reads" | "causal";

export type CausalVerdict =
  | { readonly ok: true; readonly operations: number; readonly guarantees: readonly Guarantee[] }
  | { readonly ok: false; readonly operations: number; readonly guarantee: Guarantee; readonly witness: readonly Operation[]; readonly explanation: string };

/** The session guarantees: read-your-writes and monotonic reads. */
export function checkSessionGuarantees(operations: readonly Operation[], initial: unknown = null): CausalVerdict {
  const h = new Causality(operations, initial);
  const found = h.readYourWrites() ?? h.monotonicReads();
  return found === null ? { ok: true, operations: operations.length, guarantees: ["read-your-writes", "monotonic-reads"] } : { ok: false, operations: operations.length, ...found };
}

/** Causal consistency (which implies both session guarantees). */
export function checkCausal(operations: readonly Operation[], initial: unknown = null): CausalVerdict {
  const h = new Causality(operations, initial);
  const found = h.thinAir() ?? h.cycle() ?? h.overwritten(() => true, "causal");
  return found === null ? { ok: true, operations: operations.length, guarantees: ["causal"] } : { ok: false, operations: operations.length, ...found };
}

type Finding = { readonly guarantee: Guarantee; readonly witness: readonly Operation[]; readonly explanation: string };

class Causality {
  private readonly ops: Operation[];
  private readonly initial: string;
  /** For each read, the write it returned: an index, -1 for the initial value, null for a value never written. */
  private readonly source: (number | null)[];
  /** before[i] holds j when operation j happens before operation i. */
  private readonly before: Bits[];
  /** For each operation, the operations before it in its own session. */
  private readonly sessionBefore: Bits[];

  constructor(operations: readonly Operation[], initial: unknown) {
    this.ops = operations.filter((op) => !(op.f === "read" && pending(op)));
    this.initial = canonical(initial);
    const writers = new Map<string, number>();
    this.ops.forEach((op, i) => {
      if (op.f !== "write") return;
      const tag = `${op.key}|${canonical(op.value)}`;
      if (writers.has(tag) || canonical(op.value) === this.initial) throw new HistoryError(`${describe(op)}: every write of a key must write a value of its own (and not the initial value), so that a read says which write it saw`);
      writers.set(tag, i);
    });
    this.source = this.ops.map((op) => (op.f === "read" ? (canonical(op.value) === this.initial ? -1 : (writers.get(`${op.key}|${canonical(op.value)}`) ?? null)) : null));
    const n = this.ops.length;
    this.sessionBefore = this.ops.map((op) => {
      const row = new Bits(n);
      this.ops.forEach((other, j) => other !== op && other.process === op.process && other.invoke < op.invoke && row.add(j));
      return row;
    });
    this.before = this.sessionBefore.map((row, i) => {
      const copy = row.copy();
      const s = this.source[i];
      if (s !== null && s >= 0) copy.add(s);
      return copy;
    });
    // Transitive closure (Warshall's, a row at a time).
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (this.before[i].has(k)) this.before[i].addAll(this.before[k]);
  }

  thinAir(): Finding | null {
    const i = this.source.findIndex((s, j) => s === null && this.ops[j].f === "read");
    return i < 0 ? null : { guarantee: "causal", witness: [this.ops[i]], explanation: `a read returned a value no write wrote:\n  ${describe(this.ops[i])}` };
  }

  cycle(): Finding | null {
    const i = this.ops.findIndex((_, j) => this.before[j].has(j));
    if (i < 0) return null;
    const loop = this.ops.filter((_, j) => this.before[i].has(j) && this.before[j].has(i));
    return { guarantee: "causal", witness: loop, explanation: ["these operations happen before one another in a cycle (session order and reads of writes):", ...loop.map((op) => `  ${describe(op)}`)].join("\n") };
  }

  readYourWrites(): Finding | null {
    return this.overwritten((read, write) => this.sessionBefore[read].has(write), "read-your-writes");
  }

  /** A read that returns a write older than (or the initial value before) the write an earlier read of its session returned. */
  monotonicReads(): Finding | null {
    for (let r2 = 0; r2 < this.ops.length; r2++) {
      const later = this.source[r2];
      if (this.ops[r2].f !== "read" || later === null) continue;
      for (let r1 = 0; r1 < this.ops.length; r1++) {
        const earlier = this.source[r1];
        if (!this.sessionBefore[r2].has(r1) || this.ops[r1].f !== "read" || this.ops[r1].key !== this.ops[r2].key || earlier === null || earlier < 0 || earlier === later) continue;
        if (later === -1 || this.before[earlier].has(later)) {
          const witness = [...(later >= 0 ? [this.ops[later]] : []), this.ops[earlier], this.ops[r1], this.ops[r2]];
          return { guarantee: "monotonic-reads", witness, explanation: [`a read went back in time: its session had read a newer write${later === -1 ? " and it read the initial value" : ""}:`, ...witness.map((op) => `  ${describe(op)}`)].join("\n") };
        }
      }
    }
    return null;
  }

  /** A read of the initial value, or of a write w1, although a write w2 of its key happened before it (and after w1); `counts` says which w2 the guarantee is about. */
  overwritten(counts: (read: number, write: number) => boolean, guarantee: Guarantee): Finding | null {
    for (let r = 0; r < this.ops.length; r++) {
      const s = this.source[r];
      if (this.ops[r].f !== "read" || s === null) continue;
      for (let w2 = 0; w2 < this.ops.length; w2++) {
        if (w2 === s || this.ops[w2].f !== "write" || this.ops[w2].key !== this.ops[r].key || !this.before[r].has(w2) || !counts(r, w2)) continue;
        if (s === -1 || this.before[w2].has(s)) {
          const witness = [...(s >= 0 ? [this.ops[s]] : []), this.ops[w2], this.ops[r]];
          const what = s === -1 ? "the initial value" : "a write";
          return { guarantee, witness, explanation: [`a read returned ${what} that a write it ${guarantee === "read-your-writes" ? "had made itself" : "depends on"} overwrote:`, ...witness.map((op) => `  ${describe(op)}`)].join("\n") };
        }
      }
    }
    return null;
  }
}

/** A set of operation indexes, 32 to a word. */
class Bits {
  private readonly words: Uint32Array;

  constructor(size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array(Math.ceil(size / 32));
  }

  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }

  addAll(other: Bits): void {
    for (let w = 0; w < this.words.length; w++) this.words[w] |= other.words[w];
  }

  copy(): Bits {
    return new Bits(0, Uint32Array.from(this.words));
  }
}
