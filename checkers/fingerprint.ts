/** What the fingerprints of a search promise: TLC's estimate of the chance that one collision hid a state. */

/**
 * TLC's optimistic estimate of the chance that two distinct states shared a
 * fingerprint and one was never explored: distinct * (generated - distinct) / 2^64.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * Math.max(generated - distinct, 0)) / 2 ** 64;
}
