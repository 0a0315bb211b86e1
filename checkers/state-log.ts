/**
 * Per distinct state, by number in discovery order: its parent's number and
 * which of the parent's successors it is (its place in the order the model
 * enumerates them). Enough to rebuild a shortest trace by replaying from the
 * initial state, at 8 bytes a state: no fingerprints are kept. Stored in
 * fixed chunks, so growing never copies what is there.
 */

const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;

export class StateLog {
  private readonly parents: Int32Array[] = [];
  private readonly ordinals: Int32Array[] = [];
  size = 0;

  /** Records a state; `parent` is -1 for an initial state, whose `ordinal` is its index among the initial states. */
  add(parent: number, ordinal: number): number {
    const id = this.size++;
    const chunk = id >>> CHUNK_BITS;
    if (chunk === this.parents.length) {
      this.parents.push(new Int32Array(CHUNK));
      this.ordinals.push(new Int32Array(CHUNK));
    }
    this.parents[chunk][id & (CHUNK - 1)] = parent;
    this.ordinals[chunk][id & (CHUNK - 1)] = ordinal;
    return id;
  }

  parent(id: number): number {
    return this.parents[id >>> CHUNK_BITS][id & (CHUNK - 1)];
  }

  /** Which successor of its parent the state is (for an initial state, which initial state). */
  ordinal(id: number): number {
    return this.ordinals[id >>> CHUNK_BITS][id & (CHUNK - 1)];
  }

  /** The state numbers from an initial state to `id`. */
  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at !== -1; at = this.parent(at)) path.push(at);
    return path.reverse();
  }

  get bytes(): number {
    return this.parents.length * CHUNK * 8;
  }
}
