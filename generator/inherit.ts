/**
 * How a variant's maps merge over its base's: a new entry is added, a null
 * entry removes the base's, and an entry of a name the base has inherits every
 * key it does not restate (a null key drops the base's). A model's parameters
 * and a role's state fields inherit one by one; a named type is replaced whole,
 * since a JSON Schema fragment merged key by key would mix two types.
 */
import { pointer } from "./errors.js";
import { MERGED_MAPS, type ProtocolSpec } from "./spec.js";

type Entry = Record<string, unknown>;

/** The keys of an entry whose values are maps that inherit name by name, in their turn entries that inherit key by key (when `deep`). */
export const NESTED_MAPS: Readonly<Record<string, Readonly<Record<string, { readonly deep: boolean }>>>> = {
  models: { parameters: { deep: false } },
  roles: { state: { deep: true } },
};

/** The maps whose entries inherit; the others' entries replace the base's whole. */
export const INHERITING: ReadonlySet<string> = new Set(MERGED_MAPS.filter((key) => key !== "types"));

export interface Merged {
  readonly spec: ProtocolSpec;
  /** Pointers of what the variant wrote, and so everything under them: an entry it added, removed or replaced whole, or a key (a nested name) it restated. */
  readonly written: ReadonlySet<string>;
  /** Entries the variant restated in part: the entry itself is the variant's, what is under it may be the base's. */
  readonly restated: ReadonlySet<string>;
}

export function mergeVariant(base: ProtocolSpec, variant: ProtocolSpec): Merged {
  const merged: Record<string, unknown> = { ...base, ...variant };
  delete merged.extends;
  const written = new Set<string>();
  const restated = new Set<string>();
  for (const key of MERGED_MAPS) {
    const entries: Record<string, unknown> = { ...(base[key] ?? {}) };
    for (const [name, value] of Object.entries(variant[key] ?? {})) {
      const inherited = entries[name];
      if (value === null || inherited === undefined || !INHERITING.has(key)) {
        written.add(pointer(key, name));
        if (value === null) delete entries[name];
        else entries[name] = INHERITING.has(key) ? withoutNulls(value as Entry) : value;
        continue;
      }
      entries[name] = inheritEntry(inherited as Entry, value as Entry, NESTED_MAPS[key] ?? {}, [key, name], { written, restated });
      restated.add(pointer(key, name));
    }
    merged[key] = entries;
  }
  return { spec: merged as unknown as ProtocolSpec, written, restated };
}

/** Where a merge records what the variant wrote (see Merged). */
interface Origins {
  readonly written: Set<string>;
  readonly restated: Set<string>;
}

function inheritEntry(base: Entry, own: Entry, nested: Readonly<Record<string, { readonly deep: boolean }>>, at: readonly string[], origins: Origins): Entry {
  const entry: Entry = { ...base };
  for (const [key, value] of Object.entries(own)) {
    const map = nested[key];
    if (map !== undefined && value !== null && base[key] !== undefined) {
      entry[key] = inheritMap(base[key] as Entry, value as Entry, map.deep, [...at, key], origins);
      continue;
    }
    origins.written.add(pointer(...at, key));
    if (value === null) delete entry[key];
    else entry[key] = value;
  }
  return entry;
}

function inheritMap(base: Entry, own: Entry, deep: boolean, at: readonly string[], origins: Origins): Entry {
  const map: Entry = { ...base };
  for (const [name, value] of Object.entries(own)) {
    if (deep && value !== null && base[name] !== undefined) {
      map[name] = inheritEntry(base[name] as Entry, value as Entry, {}, [...at, name], origins);
      origins.restated.add(pointer(...at, name));
      continue;
    }
    origins.written.add(pointer(...at, name));
    if (value === null) delete map[name];
    else map[name] = deep ? withoutNulls(value as Entry) : value;
  }
  return map;
}

/** A new entry's null keys drop nothing: the entry is as if they were not written. */
function withoutNulls(entry: Entry): Entry {
  if (!isEntry(entry)) return entry;
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== null));
}

function isEntry(value: unknown): value is Entry {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
