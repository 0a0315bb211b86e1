/**
 * The visited set: an open-addressing table of 64-bit fingerprints, the two
 * halves side by side in one Int32Array, kept at most 3/4 full. No JS Set or
 * Map, and nothing beside each key: a state costs 8 bytes per slot, 11-21
 * bytes of table. The table lives in a SharedArrayBuffer, so that worker
 * threads can look fingerprints up while no one writes (see parallel.ts).
 * The pair (0, 0) marks an empty slot; a real (0, 0) is kept aside.
 */

export interface FingerprintTable {
  readonly keys: Int32Array;
  readonly zero: boolean;
}

export class FingerprintSet {
  private keys: Int32Array;
  private mask: number;
  private zero = false;
  size = 0;

  constructor(capacity = 1 << 16) {
    this.keys = new Int32Array(new SharedArrayBuffer(capacity * 8));
    this.mask = capacity - 1;
  }

  /** Adds the fingerprint; returns true when it was new. */
  insert(hi: number, lo: number): boolean {
    hi |= 0;
    lo |= 0;
    if (hi === 0 && lo === 0) {
      if (this.zero) return false;
      this.zero = true;
    } else {
      const keys = this.keys;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
      for (;;) {
        const h = keys[2 * slot];
        const l = keys[2 * slot + 1];
        if (h === 0 && l === 0) break;
        if (h === hi && l === lo) return false;
        slot = (slot + 1) & this.mask;
      }
      keys[2 * slot] = hi;
      keys[2 * slot + 1] = lo;
    }
    if (++this.size * 4 > (this.mask + 1) * 3) this.grow();
    return true;
  }

  has(hi: number, lo: number): boolean {
    return tableHas(this.keys, this.mask, this.zero, hi, lo);
  }

  /** The table as it is now, for readers in other threads; valid until the next insert that grows it. */
  get table(): FingerprintTable {
    return { keys: this.keys, zero: this.zero };
  }

  private grow(): void {
    const old = this.keys;
    const capacity = (this.mask + 1) * 2;
    const keys = new Int32Array(new SharedArrayBuffer(capacity * 8));
    const mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i];
      const lo = old[i + 1];
      if (hi === 0 && lo === 0) continue;
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
      while (keys[2 * slot] !== 0 || keys[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      keys[2 * slot] = hi;
      keys[2 * slot + 1] = lo;
    }
    this.keys = keys;
    this.mask = mask;
  }

  /** Empties the set, keeping its table. */
  clear(): void {
    this.keys.fill(0);
    this.zero = false;
    this.size = 0;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength;
  }
}

/** Whether the table holds the fingerprint: the lookup `FingerprintSet.has` makes, on a table shared with another thread. */
export function tableHas(keys: Int32Array, mask: number, zero: boolean, hi: number, lo: number): boolean {
  hi |= 0;
  lo |= 0;
  if (hi === 0 && lo === 0) return zero;
  for (let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
    const h = keys[2 * slot];
    const l = keys[2 * slot + 1];
    if (h === hi && l === lo) return true;
    if (h === 0 && l === 0) return false;
  }
}
