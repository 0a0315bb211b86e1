/**
 * Structural 64-bit fingerprints of states, as two 32-bit lanes. A state's
 * fingerprint is a final mix of the lane-wise sums of its parts' hashes: each
 * node (seeded by its role and id), each message in flight, the ghosts. A sum
 * does not care about order, so a step's successor is fingerprinted from its
 * parent's sums by taking out the parts that changed and adding their new
 * values: no need to encode the whole successor to find it was seen before.
 */

/** A pair of 32-bit lanes, filled in place so hashing allocates nothing. */
export class Lanes {
  hi = 0;
  lo = 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Two independent murmur3-style lanes over the words, from a seed. */
export function hashWords(words: Int32Array, length: number, seed: number, out: Lanes): void {
  let a = seed ^ 0x9747b28c;
  let b = Math.imul(seed, 0x2545f491) ^ 0x5bd1e995;
  for (let i = 0; i < length; i++) {
    const w = words[i];
    a = Math.imul(rotl(a ^ Math.imul(rotl(Math.imul(w, 0xcc9e2d51), 15), 0x1b873593), 13), 5) + 0xe6546b64;
    b = Math.imul(rotl(b ^ Math.imul(rotl(Math.imul(w ^ 0x2545f491, 0x85ebca77), 17), 0xc2b2ae3d), 11), 9) + 0x27d4eb2f;
  }
  out.hi = avalanche(a ^ length);
  out.lo = avalanche(b ^ Math.imul(length, 0x9e3779b1));
}

/** The fingerprint of a state whose parts' hashes sum to (hi, lo): a bijection of the 64 bits, so no sums collide here. */
export function finish(hi: number, lo: number, out: Lanes): void {
  const a = avalanche(hi ^ avalanche(lo));
  out.hi = a >>> 0;
  out.lo = avalanche(lo ^ a) >>> 0;
}

/** The seed of node `id` of role number `role`. */
export function nodeSeed(role: number, id: number): number {
  return Math.imul(role + 1, 0x61c88647) ^ Math.imul(id + 1, 0x9e3779b1);
}
