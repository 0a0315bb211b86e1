/**
 * Durable storage of a node's persistent fields: an append-only file of JSON
 * lines, one record per step that changed them, fsync'd before the step's
 * messages leave (the host sends only after save returns). An append-only file
 * rather than an embedded store: one write and one fsync per step, nothing to
 * install, and a record is readable by eye. A crash can cut only the last
 * record short, and that step sent nothing, so a last line without its newline
 * is dropped (cut from the file, and said); any other damage stops the node with the file and
 * the line, never a silent reset. Past COMPACT_AFTER records the file is
 * rewritten with the last one only, through a temporary file and a rename.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export interface Storage {
  /** The last saved fields, or null for a node that never saved. */
  load(): Record<string, unknown> | null;
  save(fields: Record<string, unknown>): void;
  close(): void;
}

export class StorageError extends Error {}

const COMPACT_AFTER = 1000;

export class FileStorage implements Storage {
  private fd: number | null = null;
  private records = 0;
  /** Said when load dropped a torn last record. */
  torn = false;

  constructor(readonly file: string) {}

  load(): Record<string, unknown> | null {
    if (!existsSync(this.file)) return null;
    const text = readFileSync(this.file, "utf8");
    const lines = text.split("\n");
    const last = lines.pop()!;
    this.torn = last !== "";
    // The torn record goes, or the next save would be glued to it and leave a corrupt line in the middle.
    if (this.torn) truncateSync(this.file, Buffer.byteLength(text) - Buffer.byteLength(last));
    let fields: Record<string, unknown> | null = null;
    lines.forEach((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new StorageError(`${this.file}:${i + 1}: not a JSON record (the file is corrupt; the node will not start from it)`);
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) throw new StorageError(`${this.file}:${i + 1}: expected an object of persistent fields`);
      fields = value as Record<string, unknown>;
    });
    this.records = lines.length;
    return fields;
  }

  save(fields: Record<string, unknown>): void {
    if (this.records >= COMPACT_AFTER) this.compact(fields);
    else this.append(`${JSON.stringify(fields)}\n`);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private append(line: string): void {
    this.fd ??= openSync(this.file, "a");
    writeSync(this.fd, line);
    fsyncSync(this.fd);
    this.records++;
  }

  private compact(fields: Record<string, unknown>): void {
    this.close();
    const temporary = `${this.file}.compact`;
    const fd = openSync(temporary, "w");
    writeSync(fd, `${JSON.stringify(fields)}\n`);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, this.file);
    const dir = openSync(dirname(this.file), "r");
    fsyncSync(dir);
    closeSync(dir);
    this.records = 1;
  }
}

/** Storage that forgets nothing until the process ends: for tests and in-process clusters. */
export class MemoryStorage implements Storage {
  saved: Record<string, unknown> | null = null;
  saves = 0;
  load(): Record<string, unknown> | null {
    return this.saved === null ? null : structuredClone(this.saved);
  }
  save(fields: Record<string, unknown>): void {
    this.saved = structuredClone(fields);
    this.saves++;
  }
  close(): void {}
}
