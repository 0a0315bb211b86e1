/**
 * What the thread that hears Ctrl-C and SIGTERM (the main thread) and the
 * thread that runs a long command (cli/command-worker.ts) share: the request
 * to stop, and the command's figures so far, both in shared memory, so that
 * either side reads them at any moment, whatever the other is doing.
 */

import { EXIT } from "./report.js";

const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/** A request to stop where the command is, and the signal that made it. */
export class StopRequest {
  private readonly cell: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cell = new Int32Array(buffer);
  }

  get buffer(): SharedArrayBuffer {
    return this.cell.buffer as SharedArrayBuffer;
  }

  get requested(): boolean {
    return Atomics.load(this.cell, 0) !== 0;
  }

  get signal(): NodeJS.Signals | null {
    const code = Atomics.load(this.cell, 0);
    return code === 0 ? null : SIGNALS[code - 1];
  }

  request(signal: NodeJS.Signals): void {
    if (SIGNALS.includes(signal)) Atomics.store(this.cell, 0, SIGNALS.indexOf(signal) + 1);
  }
}

/** How a stop request is named to the user: `Ctrl-C` or `SIGTERM`. */
export const signalName = (stop: StopRequest): string => (stop.signal === "SIGTERM" ? "SIGTERM" : "Ctrl-C");

/** The exit code of a command that a stop request ended: 130 for Ctrl-C, 143 for SIGTERM. */
export const exitOnStop = (stop: StopRequest): number => (stop.signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted);

/** The figures a command shares as it goes: a check's states, generated states and depth; a simulation's runs and steps. */
export class SharedFigures {
  private readonly slots: Float64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4 * Float64Array.BYTES_PER_ELEMENT)) {
    this.slots = new Float64Array(buffer);
  }

  get buffer(): SharedArrayBuffer {
    return this.slots.buffer as SharedArrayBuffer;
  }

  set(...values: readonly number[]): void {
    values.forEach((v, i) => (this.slots[i] = v));
  }

  get values(): readonly number[] {
    return [...this.slots];
  }
}

/** What a command run off the main thread is given. */
export interface Shared {
  readonly stop: StopRequest;
  readonly figures: SharedFigures;
  /** Whether the user's stderr is a terminal, for a progress line. */
  readonly tty: boolean;
}
