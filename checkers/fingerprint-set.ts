/**
 * The visited set: an open-addressing table of 64-bit fingerprints, the two
 * halves side by side in one Int32Array, kept at most 3/4 full. No JS Set or
 * Map, and nothing beside each key: a state costs 8 bytes per slot, 11-21
 * bytes of table. The table lives in a growable SharedArrayBuffer, so that
 * worker threads can look fingerprints up while no one writes (parallel.ts),
 * and so that it doubles in place: no second table, and no old one left for
 * the garbage collector. The pair (0, 0) marks an empty slot; a real (0, 0)
 * is kept aside.
 */

import { growableBuffer, MAX_GROWABLE_BYTES, type GrowableBuffer } from "./growable.js";

export interface FingerprintTable {
  readonly keys: Int32Array;
  readonly zero: boolean;
}

/** A fingerprint's home slot in an open-addressing table of `mask + 1` slots (the liveness graph's ids use it too). */
export const home = (hi: number, lo: number, mask: number): number => (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;

export class FingerprintSet {
  private readonly buffer: GrowableBuffer;
  /** A view of the whole buffer, made again after it grows: V8 reads a fixed-length view 3-4 times faster than one that tracks the length. */
  private keys: Int32Array;
  private mask: number;
  private zero = false;
  size = 0;

  constructor(capacity = 1 << 16) {
    this.buffer = growableBuffer(capacity * 8);
    this.keys = new Int32Array(this.buffer, 0, 2 * capacity);
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
      let slot = home(hi, lo, this.mask);
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

  /**
   * Doubles the table in place. Each key not yet moved is taken out and put
   * where the bigger table wants it; a key met there that has not moved yet
   * is displaced and placed next. A probe passes only over moved keys, which
   * never move again, so every moved key stays reachable.
   */
  private grow(): void {
    const old = this.mask + 1;
    const capacity = 2 * old;
    // At 2^29 slots (room for 400 million states) the buffer can grow no more: the search stops as on any refused allocation.
    if (capacity * 8 > MAX_GROWABLE_BYTES) throw new RangeError("Array buffer allocation failed: the visited set is at its largest, 2^29 slots");
    this.buffer.grow(capacity * 8);
    const keys = (this.keys = new Int32Array(this.buffer, 0, 2 * capacity));
    const mask = capacity - 1;
    const moved = new Uint8Array(capacity >>> 3);
    const isMoved = (slot: number) => (moved[slot >>> 3] & (1 << (slot & 7))) !== 0;
    for (let i = 0; i < old; i++) {
      if (isMoved(i) || (keys[2 * i] === 0 && keys[2 * i + 1] === 0)) continue;
      let hi = keys[2 * i];
      let lo = keys[2 * i + 1];
      keys[2 * i] = 0;
      keys[2 * i + 1] = 0;
      for (;;) {
        let slot = home(hi, lo, mask);
        while (isMoved(slot)) slot = (slot + 1) & mask;
        const h = keys[2 * slot];
        const l = keys[2 * slot + 1];
        keys[2 * slot] = hi;
        keys[2 * slot + 1] = lo;
        moved[slot >>> 3] |= 1 << (slot & 7);
        if (h === 0 && l === 0) break;
        hi = h;
        lo = l;
      }
    }
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
  for (let slot = home(hi, lo, mask); ; slot = (slot + 1) & mask) {
    const h = keys[2 * slot];
    const l = keys[2 * slot + 1];
    if (h === hi && l === lo) return true;
    if (h === 0 && l === 0) return false;
  }
}
