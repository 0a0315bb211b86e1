/** The packed form of states: a growable buffer of 32-bit words, and the overflow a bad value raises. */
import type { WordWriter } from "../checkers/model.js";

/** A value left its declared type: the spec lets a field grow past its bound. */
export class BoundOverflow extends Error {
  constructor(readonly path: string, readonly value: unknown, readonly expected: string) {
    super(`${path} = ${JSON.stringify(value)} is outside its type (${expected})`);
  }
}

export class WordBuffer implements WordWriter {
  words: Int32Array;
  length = 0;

  constructor(capacity = 256) {
    this.words = new Int32Array(capacity);
  }

  push(word: number): void {
    if (this.length === this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    this.words[this.length++] = word;
  }

  reset(): void {
    this.length = 0;
  }
}

/** Raises the overflow of a value at `path`; generated encoders call it only on a bad value. */
export function overflow(path: string, value: unknown, expected: string): never {
  throw new BoundOverflow(path, value, expected);
}
