/**
 * The generated files of an IR, emitted once per test run: formatting every
 * file through ts-morph is the dearest part of emitting, and several test
 * files emit the same specs. Emitted files are kept in memory for the process
 * and on disk under test-output/.emitted/<hash of protoforge's sources>/, keyed
 * by the IR, so any change to the generator (or anything else it is made from)
 * starts a fresh cache; global-setup.ts removes the stale ones.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sourceHash } from "../../bin/source-hash.mjs";
import type { ProtocolIR } from "../../generator/ir.js";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const EMITTED_DIR = join(REPO_ROOT, "test-output", ".emitted");

const emittedByIR = new Map<string, ReadonlyMap<string, string>>();
let cacheDir: string | undefined;

export async function emitted(ir: ProtocolIR): Promise<ReadonlyMap<string, string>> {
  const json = JSON.stringify(ir);
  let files = emittedByIR.get(json);
  if (files === undefined) {
    files = await fromDisk(json, ir);
    emittedByIR.set(json, files);
  }
  return files;
}

async function fromDisk(json: string, ir: ProtocolIR): Promise<ReadonlyMap<string, string>> {
  cacheDir ??= join(EMITTED_DIR, sourceHash(REPO_ROOT));
  const file = join(cacheDir, `${createHash("sha256").update(json).digest("hex").slice(0, 32)}.json`);
  try {
    return new Map(JSON.parse(readFileSync(file, "utf8")) as [string, string][]);
  } catch {
    const { emitProtocol } = await import("../../generator/emit/index.js");
    const files = emitProtocol(ir);
    // Written aside and renamed into place: another test process never reads half a file.
    mkdirSync(cacheDir, { recursive: true });
    const staging = `${file}.${process.pid}-${randomBytes(4).toString("hex")}`;
    writeFileSync(staging, JSON.stringify([...files]));
    renameSync(staging, file);
    return files;
  }
}
