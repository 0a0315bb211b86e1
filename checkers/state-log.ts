/**
 * Per distinct state, by number in discovery order: its parent's number and the
 * step that reached it (TLC's trace file, kept in memory). Enough to rebuild a
 * shortest trace by replaying from the initial state.
 */

function grow(a: Int32Array, n: number): Int32Array {
  if (n < a.length) return a;
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

export class StateLog {
  private parents: Int32Array = new Int32Array(1 << 16);
  private steps: Int32Array = new Int32Array(1 << 16);
  private fingerprints: Int32Array = new Int32Array(1 << 17);
  size = 0;

  /** Records a state and its fingerprint; `parent` is -1 for an initial state, whose `step` is its index among the initial states. */
  add(parent: number, step: number, hi: number, lo: number): number {
    const id = this.size++;
    this.parents = grow(this.parents, id);
    this.steps = grow(this.steps, id);
    this.fingerprints = grow(this.fingerprints, 2 * id + 1);
    this.parents[id] = parent;
    this.steps[id] = step;
    this.fingerprints[2 * id] = hi;
    this.fingerprints[2 * id + 1] = lo;
    return id;
  }

  /** Whether state `id` has this fingerprint. */
  hasFingerprint(id: number, hi: number, lo: number): boolean {
    return this.fingerprints[2 * id] === (hi | 0) && this.fingerprints[2 * id + 1] === (lo | 0);
  }

  parent(id: number): number {
    return this.parents[id];
  }

  step(id: number): number {
    return this.steps[id];
  }

  /** The state numbers from an initial state to `id`. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at !== -1; at = this.parents[at]) path.push(at);
    return path.reverse();
  }

  get bytes(): number {
    return this.parents.byteLength + this.steps.byteLength + this.fingerprints.byteLength;
  }
}
