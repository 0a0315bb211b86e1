/**
 * The visited set: an open-addressing table of 64-bit fingerprints, the two
 * halves side by side in one Uint32Array, with the state's number beside each.
 * No JS Set or Map: a state costs 12 bytes of table at most half full.
 */

const EMPTY = 0;

export class FingerprintSet {
  private keys: Uint32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 16) {
    this.keys = new Uint32Array(capacity * 2);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds the fingerprint for state number `id`; returns -1 when it is new, else the number stored with it. */
  insert(hi: number, lo: number, id: number): number {
    hi >>>= 0;
    lo >>>= 0;
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const stored = this.ids[slot];
      if (stored === EMPTY) break;
      if (this.keys[2 * slot] === hi && this.keys[2 * slot + 1] === lo) return stored - 1;
      slot = (slot + 1) & this.mask;
    }
    this.keys[2 * slot] = hi;
    this.keys[2 * slot + 1] = lo;
    this.ids[slot] = id + 1;
    if (++this.size * 2 > this.ids.length) this.grow();
    return -1;
  }

  has(hi: number, lo: number): boolean {
    hi >>>= 0;
    lo >>>= 0;
    for (let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask; this.ids[slot] !== EMPTY; slot = (slot + 1) & this.mask) {
      if (this.keys[2 * slot] === hi && this.keys[2 * slot + 1] === lo) return true;
    }
    return false;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    const capacity = oldIds.length * 2;
    this.keys = new Uint32Array(capacity * 2);
    this.ids = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < oldIds.length; i++) {
      if (oldIds[i] === EMPTY) continue;
      const hi = oldKeys[2 * i];
      const lo = oldKeys[2 * i + 1];
      let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
      while (this.ids[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keys[2 * slot] = hi;
      this.keys[2 * slot + 1] = lo;
      this.ids[slot] = oldIds[i];
    }
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength + this.ids.byteLength;
  }
}
