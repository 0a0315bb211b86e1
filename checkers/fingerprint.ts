/**
 * 64-bit fingerprints of packed states: two independent 32-bit murmur3-style
 * lanes over the words, with fixed seeds, so counts and traces are the same on
 * every run. The result lands in `hi`/`lo` instead of a fresh object.
 */

const SEED_HI = 0x9747b28c;
const SEED_LO = 0x5bd1e995;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function finish(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Fingerprint {
  hi = 0;
  lo = 0;

  of(words: Int32Array, length: number): this {
    let a = SEED_HI;
    let b = SEED_LO;
    for (let i = 0; i < length; i++) {
      const w = words[i];
      let k = Math.imul(w, 0xcc9e2d51);
      k = Math.imul(rotl(k, 15), 0x1b873593);
      a = Math.imul(rotl(a ^ k, 13), 5) + 0xe6546b64;
      let j = Math.imul(w ^ 0x2545f491, 0x85ebca77);
      j = Math.imul(rotl(j, 17), 0xc2b2ae3d);
      b = Math.imul(rotl(b ^ j, 11), 9) + 0x27d4eb2f;
    }
    this.hi = finish(a, length);
    this.lo = finish(b ^ a, length);
    return this;
  }
}

/**
 * TLC's optimistic estimate of the chance that two distinct states shared a
 * fingerprint and one was never explored: distinct * (generated - distinct) / 2^64.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(generated - distinct, 0)) / 2 ** 64;
}
