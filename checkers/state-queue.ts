/** One BFS level of packed states: their words end to end, with offsets and state numbers beside. */

export class StateQueue {
  words = new Int32Array(1 << 16);
  private offsets = new Int32Array(1 << 12);
  private ids = new Int32Array(1 << 12);
  size = 0;
  private used = 0;

  push(words: Int32Array, length: number, id: number): void {
    if (this.used + length > this.words.length) {
      const bigger = new Int32Array(Math.max(this.words.length * 2, this.used + length));
      bigger.set(this.words.subarray(0, this.used));
      this.words = bigger;
    }
    if (this.size + 1 >= this.offsets.length) {
      const offsets = new Int32Array(this.offsets.length * 2);
      offsets.set(this.offsets);
      this.offsets = offsets;
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.words.set(words.subarray(0, length), this.used);
    this.offsets[this.size] = this.used;
    this.ids[this.size] = id;
    this.used += length;
    this.size++;
  }

  offset(i: number): number {
    return this.offsets[i];
  }

  id(i: number): number {
    return this.ids[i];
  }

  clear(): void {
    this.size = 0;
    this.used = 0;
  }

  get bytes(): number {
    return this.words.byteLength + this.offsets.byteLength + this.ids.byteLength;
  }
}
