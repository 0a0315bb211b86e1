/**
 * The generated files of an IR, emitted once per test process: the generator
 * cannot change while tests run, and formatting every file through ts-morph is
 * the dearest part of emitting.
 */
import { emitProtocol } from "../../generator/emit/index.js";
import type { ProtocolIR } from "../../generator/ir.js";

const emittedByIR = new Map<string, ReadonlyMap<string, string>>();

export function emitted(ir: ProtocolIR): ReadonlyMap<string, string> {
  const key = JSON.stringify(ir);
  let files = emittedByIR.get(key);
  if (files === undefined) {
    files = emitProtocol(ir);
    emittedByIR.set(key, files);
  }
  return files;
}
