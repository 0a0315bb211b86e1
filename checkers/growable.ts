/** Growable SharedArrayBuffers (ES2024): Node 20 has them, the ES2022 types this project builds with do not. */

export interface GrowableBuffer extends SharedArrayBuffer {
  grow(bytes: number): void;
}

/** The most one may hold: V8 refuses a larger maxByteLength. */
export const MAX_GROWABLE_BYTES = 2 ** 32;

type GrowableConstructor = new (bytes: number, options: { readonly maxByteLength: number }) => GrowableBuffer;

/**
 * A shared buffer of `bytes` that can grow in place up to MAX_GROWABLE_BYTES.
 * Read it through fixed-length views, made again after each grow: V8 reads a
 * view that tracks the buffer's length 3-4 times slower.
 */
export function growableBuffer(bytes: number): GrowableBuffer {
  return new (SharedArrayBuffer as unknown as GrowableConstructor)(bytes, { maxByteLength: MAX_GROWABLE_BYTES });
}
