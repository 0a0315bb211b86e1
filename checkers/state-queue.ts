/**
 * One BFS level of packed states, as variable-length bytes: each state is its
 * word count, then its words (zigzag, 7 bits a byte: most words are small, so
 * a state takes about a quarter of its Int32 size). The bytes fill fixed
 * chunks, kept for the next level once this one is cleared, so a growing level
 * never copies what it holds. The chunks are SharedArrayBuffers, so that
 * worker threads can read a level the main thread wrote (see parallel.ts).
 */
import { growableBuffer, type GrowableBuffer } from "./growable.js";
import type { WordReader } from "./model.js";

const CHUNK = 1 << 20;

/** Where a level's states are, for a reader in any thread. */
export interface LevelView {
  readonly chunks: readonly Uint8Array[];
  readonly chunkOf: Int32Array;
  readonly offsetOf: Int32Array;
  readonly ids: Int32Array;
  readonly size: number;
}

function sharedInts(n: number): Int32Array {
  return new Int32Array(growableBuffer(4 * n), 0, n);
}

/** The same ints in their buffer grown to twice the size, in place. */
function doubled(ints: Int32Array): Int32Array {
  (ints.buffer as GrowableBuffer).grow(2 * ints.byteLength);
  return new Int32Array(ints.buffer, 0, 2 * ints.length);
}

export class StateQueue implements LevelView {
  readonly chunks: Uint8Array[] = [];
  chunkOf = sharedInts(1 << 12);
  offsetOf = sharedInts(1 << 12);
  ids = sharedInts(1 << 12);
  size = 0;
  private chunk = -1;
  private used = CHUNK;

  push(words: Int32Array, length: number, id: number): void {
    const most = 5 * (length + 1);
    if (this.chunk < 0 || this.used + most > this.chunks[this.chunk].length) this.nextChunk(most);
    if (this.size === this.ids.length) this.grow();
    const bytes = this.chunks[this.chunk];
    this.chunkOf[this.size] = this.chunk;
    this.offsetOf[this.size] = this.used;
    this.ids[this.size] = id;
    let at = writeWord(bytes, this.used, length);
    for (let i = 0; i < length; i++) at = writeWord(bytes, at, words[i]);
    this.used = at;
    this.size++;
  }

  /** Appends state i of another level as it is, bytes and all, as state number `id`. */
  pushFrom(level: LevelView, i: number, id: number): void {
    const chunk = level.chunkOf[i];
    const bytes = level.chunks[chunk];
    const from = level.offsetOf[i];
    // The next state of the same chunk starts where this one ends.
    const to = i + 1 < level.size && level.chunkOf[i + 1] === chunk ? level.offsetOf[i + 1] : stateEnd(bytes, from);
    if (this.chunk < 0 || this.used + (to - from) > this.chunks[this.chunk].length) this.nextChunk(to - from);
    if (this.size === this.ids.length) this.grow();
    this.chunkOf[this.size] = this.chunk;
    this.offsetOf[this.size] = this.used;
    this.ids[this.size] = id;
    const into = this.chunks[this.chunk];
    // A state is a few dozen bytes: a loop copies them without making a subarray for each.
    let at = this.used;
    for (let b = from; b < to; b++) into[at++] = bytes[b];
    this.used = at;
    this.size++;
  }

  private grow(): void {
    this.chunkOf = doubled(this.chunkOf);
    this.offsetOf = doubled(this.offsetOf);
    this.ids = doubled(this.ids);
  }

  private nextChunk(most: number): void {
    this.chunk++;
    this.used = 0;
    if (this.chunk === this.chunks.length) this.chunks.push(new Uint8Array(new SharedArrayBuffer(Math.max(CHUNK, most))));
    else if (this.chunks[this.chunk].length < most) this.chunks[this.chunk] = new Uint8Array(new SharedArrayBuffer(most));
  }

  /** The level as plain data, to post to a worker thread (the buffers are shared, not copied). */
  get view(): LevelView {
    return { chunks: this.chunks, chunkOf: this.chunkOf, offsetOf: this.offsetOf, ids: this.ids, size: this.size };
  }

  /** Puts state i's words into `reader` (growing its buffer when needed), from offset 0. */
  read(i: number, reader: WordReader): void {
    readState(this, i, reader);
  }

  id(i: number): number {
    return this.ids[i];
  }

  clear(): void {
    this.size = 0;
    this.chunk = -1;
    this.used = CHUNK;
  }

  get byteLength(): number {
    return this.chunks.reduce((sum, c) => sum + c.length, 0) + this.chunkOf.byteLength + this.offsetOf.byteLength + this.ids.byteLength;
  }
}

function writeWord(bytes: Uint8Array, at: number, word: number): number {
  // Zigzag: small negative words stay small.
  let v = (word << 1) ^ (word >> 31);
  while (v >>> 7 !== 0) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/** Where readWord reads next: module state, so that reading a word returns just the word. */
let cursor = 0;

/** The word at `cursor` (advancing past it): the inverse of writeWord. */
function readWord(bytes: Uint8Array): number {
  let v = 0;
  let shift = 0;
  let b: number;
  do {
    b = bytes[cursor++];
    v |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return (v >>> 1) ^ -(v & 1);
}

/** Where the state whose bytes start at `at` ends: past its word count and that many words. */
function stateEnd(bytes: Uint8Array, at: number): number {
  cursor = at;
  const length = readWord(bytes);
  for (let n = 0; n < length; n++) readWord(bytes);
  return cursor;
}

/** Decodes state i of a level into reader.words from 0: the inverse of StateQueue.push, also for another thread's view of the level. */
export function readState(level: LevelView, i: number, reader: WordReader): void {
  const bytes = level.chunks[level.chunkOf[i]];
  cursor = level.offsetOf[i];
  const length = readWord(bytes);
  if (reader.words.length < length) reader.words = new Int32Array(2 * length);
  const words = reader.words;
  for (let n = 0; n < length; n++) words[n] = readWord(bytes);
  reader.offset = 0;
}
