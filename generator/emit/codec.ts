/**
 * Emits the packed encoding of values (encode, decode), the renaming of node
 * ids under a permutation, and the permutation-invariant signature used to
 * sort nodes before canonicalisation. See docs/reference/semantics.md for the
 * value order the words follow.
 */
import type { Type } from "../ir.js";
import type { ModuleHelpers } from "./module.js";

/** Statements that append value `v` to `out`; `path` is a template-literal body naming it in errors. */
/**
 * Statements that push the value's words. With `mask`, ids of those roles are
 * left out (the value's key under renaming of them): an id becomes -1, a set of
 * them its size, a map keyed by them nothing.
 */
export function encodeValue(t: Type, v: string, path: string, h: ModuleHelpers, depth = 0, mask: ReadonlySet<string> | null = null): string[] {
  const x = `x${depth}`;
  switch (t.kind) {
    case "bool":
      return [`out.push(${v} ? 1 : 0);`];
    case "int": {
      // A payload is any JSON value at run time; a check model draws it from the integers of its bounds.
      const value = t.payload ? `${v} as number` : v;
      const integer = t.payload ? `typeof ${x} === "number" && ` : "";
      return [`{ const ${x} = ${value}; if (!(${integer}${x} >= ${h.bound(t.min!)} && ${x} <= ${h.bound(t.max!)})) ${h.use("overflow")}(\`${path}\`, ${x}, \`an integer in \${${h.bound(t.min!)}}..\${${h.bound(t.max!)}}\`); out.push(${x}); }`];
    }
    case "node":
      if (mask?.has(t.role)) return ["out.push(-1);"];
      return [`{ const ${x} = ${v}; ${nodeCheck(t.role, x, path, h)} out.push(${x}); }`];
    case "enum":
      return [`out.push(${h.enumIndex(t.values)}(${v}));`];
    case "record":
      return t.fields.flatMap((f) => encodeValue(f.type, `${v}.${f.name}`, `${path}.${f.name}`, h, depth, mask));
    case "seq":
    case "set": {
      const limit = t.kind === "seq" || t.max !== undefined ? h.bound(t.max!) : null;
      const check = limit === null ? "" : `if (${x}.length > ${limit}) ${h.use("overflow")}(\`${path}\`, ${x}.length, \`at most \${${limit}} items\`); `;
      if (mask !== null && [...mask].some((role) => mentions(t.elem, role)) && t.kind === "set") return [`out.push(${v}.length);`];
      const each = encodeValue(t.elem, `e${depth}`, `${path}[]`, h, depth + 1, mask);
      return [`{ const ${x} = ${v}; ${check}out.push(${x}.length); ${eachLoop(x, depth, each)}`, ...each, "} }"];
    }
    case "map": {
      if (mask !== null && t.key.kind === "node" && mask.has(t.key.role)) return [];
      const each = encodeValue(t.value, `e${depth}`, `${path}[]`, h, depth + 1, mask);
      return [
        `{ const ${x} = ${v}; if (${x}.length !== ${h.keyCount(t.key)}) ${h.use("overflow")}(\`${path}\`, ${x}.length, \`one entry per key (\${${h.keyCount(t.key)}})\`); ${eachLoop(x, depth, each)}`,
        ...each,
        "} }",
      ];
    }
    case "optional":
      return [`if (${v} === null) out.push(0); else {`, "out.push(1);", ...encodeValue(t.inner, v, path, h, depth, mask), "}"];
    case "message":
      return [`encodeMessage(p, ${v}, out);`];
  }
}

/** The loop over the items of array `x` for the statements `each`: masking can leave an item nothing to read but its place. */
function eachLoop(x: string, depth: number, each: readonly string[]): string {
  return each.some((line) => line.includes(`e${depth}`)) ? `for (const e${depth} of ${x}) {` : `for (let k${depth} = 0; k${depth} < ${x}.length; k${depth}++) {`;
}

/** The statement that raises an overflow unless `x` is an id of the role. */
export function nodeCheck(role: string, x: string, path: string, h: ModuleHelpers): string {
  return `if (!(${x} >= 0 && ${x} < ${h.roleCount(role)})) ${h.use("overflow")}(\`${path}\`, ${x}, "a ${role} id");`;
}

/** The next word of the packed state. */
const READ = "input.words[input.offset++]";

/**
 * An expression that reads one value of type t from `input` (a WordReader).
 * Object literals evaluate their fields in order, so words are read in order;
 * each kind of array is read by a module-level function of its own, a plain
 * loop with no closure per element.
 */
export function decodeValue(t: Type, h: ModuleHelpers): string {
  switch (t.kind) {
    case "bool":
      return `${READ} === 1`;
    case "int":
    case "node":
      return READ;
    case "enum":
      return `${h.constant("values", JSON.stringify(t.values))}[${READ}]`;
    case "record":
      return `{ ${t.fields.map((f) => `${f.name}: ${decodeValue(f.type, h)}`).join(", ")} }`;
    case "seq":
    case "set":
      return `${arrayReader(t.elem, READ, h)}(p, input)`;
    case "map":
      return `${arrayReader(t.value, h.keyCount(t.key), h)}(p, input)`;
    case "optional":
      return `(${READ} === 0 ? null : ${decodeValue(t.inner, h)})`;
    case "message":
      return "decodeMessage(p, input)";
  }
}

/** The module function that reads `length` (an expression, read first) values of type `elem`. */
function arrayReader(elem: Type, length: string, h: ModuleHelpers): string {
  return h.constant("read", `(p: Parameters, input: WordReader) => { const n = ${length}; const out = []; for (let i = 0; i < n; i++) out.push(${decodeValue(elem, h)}); return out; }`);
}

/** Whether values of type t hold ids of the role. */
export function mentions(t: Type, role: string): boolean {
  switch (t.kind) {
    case "node":
      return t.role === role;
    case "record":
      return t.fields.some((f) => mentions(f.type, role));
    case "seq":
    case "set":
      return mentions(t.elem, role);
    case "map":
      return mentions(t.key, role) || mentions(t.value, role);
    case "optional":
      return mentions(t.inner, role);
    case "message":
      return true;
    default:
      return false;
  }
}

/** An expression for value v with every id of the role renamed through `perm`. */
export function renameValue(t: Type, v: string, role: string, h: ModuleHelpers, depth = 0): string {
  if (!mentions(t, role)) return v;
  const e = `e${depth}`;
  switch (t.kind) {
    case "node":
      return `perm[${v}]`;
    case "record":
      // Parenthesised: as an arrow function's body, a bare `{` would open a block.
      return `({ ${t.fields.map((f) => `${f.name}: ${renameValue(f.type, `${v}.${f.name}`, role, h, depth)}`).join(", ")} })`;
    case "seq":
      return `${v}.map((${e}) => ${renameValue(t.elem, e, role, h, depth + 1)})`;
    case "set":
      // A renaming is one-to-one: renamed ids need sorting again, never deduplicating.
      if (t.elem.kind === "node") return `${h.use("renameIds")}(${v}, perm)`;
      return `${h.use("setOf")}(${v}.map((${e}) => ${renameValue(t.elem, e, role, h, depth + 1)}), ${h.compare(t.elem)})`;
    case "map": {
      const values = `${v}.map((${e}) => ${renameValue(t.value, e, role, h, depth + 1)})`;
      return t.key.kind === "node" && t.key.role === role ? `${h.use("permuteEntries")}(${values}, perm)` : values;
    }
    case "optional":
      return `(${v} === null ? null : ${renameValue(t.inner, v, role, h, depth)})`;
    default:
      throw new Error(`a ${t.kind} value cannot be part of a node's state`);
  }
}

/** How renamed encoders name, for each symmetric role, its permutation (old id -> new id) and its inverse. */
export type RenamedRoles = ReadonlyMap<string, { readonly perm: string; readonly inverse: string }>;

/**
 * Statements that push the words `encodeValue` would push for value v with
 * every id of the roles renamed, without building the renamed value: an id is
 * read through its permutation, a set of ids is sorted again where it lies in
 * `out` (a WordBuffer), and entry j of a map keyed by a role is old entry
 * inverse[j]. Other sets of values that hold ids are renamed and built first.
 */
export function encodeRenamed(t: Type, v: string, path: string, h: ModuleHelpers, roles: RenamedRoles, depth = 0): string[] {
  if (![...roles.keys()].some((role) => mentions(t, role))) return encodeValue(t, v, path, h, depth);
  const x = `x${depth}`;
  const e = `e${depth}`;
  switch (t.kind) {
    case "node":
      return [`{ const ${x} = ${roles.get(t.role)!.perm}[${v}]; ${nodeCheck(t.role, x, path, h)} out.push(${x}); }`];
    case "record":
      return t.fields.flatMap((f) => encodeRenamed(f.type, `${v}.${f.name}`, `${path}.${f.name}`, h, roles, depth));
    case "seq":
    case "set": {
      if (t.kind === "set" && t.elem.kind !== "node") return [`{ const ${x} = ${renameAll(t, v, h, roles)};`, ...encodeValue(t, x, path, h, depth + 1), "}"];
      const limit = t.kind === "seq" || t.max !== undefined ? h.bound(t.max!) : null;
      const check = limit === null ? "" : `if (${x}.length > ${limit}) ${h.use("overflow")}(\`${path}\`, ${x}.length, \`at most \${${limit}} items\`); `;
      const sorted = t.kind === "set" ? [`const from${depth} = out.length;`] : [];
      const sort = t.kind === "set" ? [`${h.use("sortTail")}(out, from${depth});`] : [];
      return [`{ const ${x} = ${v}; ${check}out.push(${x}.length);`, ...sorted, `for (const ${e} of ${x}) {`, ...encodeRenamed(t.elem, e, `${path}[]`, h, roles, depth + 1), "}", ...sort, "}"];
    }
    case "map": {
      const keyed = t.key.kind === "node" ? roles.get(t.key.role) : undefined;
      const entry = keyed === undefined ? `${x}[j${depth}]` : `${x}[${keyed.inverse}[j${depth}]]`;
      return [
        `{ const ${x} = ${v}; if (${x}.length !== ${h.keyCount(t.key)}) ${h.use("overflow")}(\`${path}\`, ${x}.length, \`one entry per key (\${${h.keyCount(t.key)}})\`);`,
        `for (let j${depth} = 0; j${depth} < ${x}.length; j${depth}++) { const ${e} = ${entry};`,
        ...encodeRenamed(t.value, e, `${path}[]`, h, roles, depth + 1),
        "} }",
      ];
    }
    case "optional":
      return [`if (${v} === null) out.push(0); else {`, "out.push(1);", ...encodeRenamed(t.inner, v, path, h, roles, depth), "}"];
    default:
      throw new Error(`a ${t.kind} value cannot be part of a node's state`);
  }
}

/** An expression for value v renamed through every role's permutation, one role after another. */
function renameAll(t: Type, v: string, h: ModuleHelpers, roles: RenamedRoles): string {
  let renamed = v;
  for (const [role, { perm }] of roles) if (mentions(t, role)) renamed = `((perm: readonly number[]) => ${renameValue(t, renamed, role, h)})(${perm})`;
  return renamed;
}
