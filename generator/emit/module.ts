/**
 * What one generated file needs besides its functions: module-level helper
 * constants (comparators, enum indexes) created once at load time and named by
 * the type they serve, so the same type always gets the same name.
 */
import type { Bound, ExprType, Message, ProtocolIR, Role, Type } from "../ir.js";

/** Runtime helpers that live outside runtime/values.ts. */
const HELPER_MODULES: Readonly<Record<string, string>> = {
  overflow: "words",
  BoundOverflow: "words",
  messagesOf: "network",
  messagesOfSorted: "network",
  messagesOfSet: "network",
  countOfType: "network",
  deliverable: "network",
  distinctAt: "network",
  duplicatedAt: "network",
  received: "network",
  removeAt: "network",
  withSends: "network",
  canonicalize: "symmetry",
  canonicalFingerprint: "symmetry",
  encodeCanonical: "symmetry",
  sortTail: "symmetry",
  Symmetry: "symmetry",
  addNetworkChange: "network",
  NetworkHash: "network",
  WordBuffer: "words",
  Lanes: "hash",
  finish: "hash",
  hashWords: "hash",
  nodeSeed: "hash",
};

export class ModuleHelpers {
  private readonly constants = new Map<string, { name: string; code: string }>();
  readonly runtimeImports = new Set<string>();

  /** Module-level functions lifted out of expressions (quantifiers in predicates), so evaluating one allocates no closure. */
  readonly functions: string[] = [];

  constructor(readonly ir: ProtocolIR) {}

  /** Adds a module-level function made by `make(name)` and returns its name. */
  lift(prefix: string, make: (name: string) => string): string {
    const slot = this.functions.push("") - 1;
    const name = `${prefix}${slot}`;
    this.functions[slot] = make(name);
    return name;
  }

  /** The name of a module constant, declared once per distinct `code`. */
  constant(prefix: string, code: string): string {
    const existing = this.constants.get(code);
    if (existing) return existing.name;
    const name = `${prefix}${this.constants.size}`;
    this.constants.set(code, { name, code });
    return name;
  }

  use(name: string): string {
    this.runtimeImports.add(name);
    return name;
  }

  /** The import lines for every runtime helper used, each from its module. */
  imports(): string[] {
    const byModule = new Map<string, string[]>();
    for (const name of [...this.runtimeImports].sort()) {
      const module = HELPER_MODULES[name] ?? "values";
      byModule.set(module, [...(byModule.get(module) ?? []), name]);
    }
    return [...byModule].sort(([a], [b]) => a.localeCompare(b)).map(([module, names]) => `import { ${names.join(", ")} } from "../../runtime/${module}.js";`);
  }

  declarations(): string[] {
    return [...this.constants.values()].map((c) => `const ${c.name} = ${c.code};`);
  }

  compare(t: ExprType): string {
    switch (t.kind) {
      case "bool":
        return this.use("compareBool");
      case "int":
        return this.use(t.payload ? "comparePayload" : "compareNumber");
      case "node":
        return this.use("compareNumber");
      case "enum":
      {
        const index = this.enumIndex(t.values);
        return this.constant("compare", `(a: string, b: string): number => ${index}(a) - ${index}(b)`);
      }
      case "record":
        return this.constant("compare", `${this.use("compareRecord")}([${t.fields.map((f) => `["${f.name}", ${this.compare(f.type)}]`).join(", ")}])`);
      case "seq":
      case "set":
        return this.constant("compare", `${this.use("compareSeq")}(${this.compare(t.elem)})`);
      case "map":
        return this.constant("compare", `${this.use("compareSeq")}(${this.compare(t.value)})`);
      case "optional":
        return this.constant("compare", `${this.use("compareOptional")}(${this.compare(t.inner)})`);
      case "message":
        return "compareMessage";
      default:
        return this.use("compareNumber");
    }
  }

  /** A function from an enum value to its position: a switch, which V8 runs faster than a Map lookup. */
  enumIndex(values: readonly string[]): string {
    const cases = values.map((v, i) => `case ${JSON.stringify(v)}: return ${i};`).join(" ");
    return this.constant("indexOf", `(value: string): number => { switch (value) { ${cases} default: return -1; } }`);
  }

  /** The TypeScript expression of a bound, given the parameters in `p`. */
  bound(b: Bound): string {
    if ("const" in b) return String(b.const);
    const scaled = b.scale === 1 ? `p.${b.param}` : `${b.scale} * p.${b.param}`;
    return b.offset === 0 ? scaled : `(${scaled} ${b.offset < 0 ? "-" : "+"} ${Math.abs(b.offset)})`;
  }

  /** The bound as the runtime has it: null for one of a checkOnly parameter, which only check models have. */
  runtimeBound(b: Bound | null): string | null {
    if (b === null || ("param" in b && this.ir.parameters.some((q) => q.name === b.param && q.checkOnly))) return null;
    return this.bound(b);
  }

  roleCount(role: string): string {
    return this.bound(this.role(role).count);
  }

  role(name: string): Role {
    return this.ir.roles.find((r) => r.name === name)!;
  }

  message(name: string): Message {
    return this.ir.messages.find((m) => m.name === name)!;
  }

  /** How many keys a map type has, as an expression. */
  keyCount(key: Type): string {
    switch (key.kind) {
      case "node":
        return this.roleCount(key.role);
      case "enum":
        return String(key.values.length);
      case "bool":
        return "2";
      case "int":
        return `(${this.bound(key.max!)} - ${this.bound(key.min!)} + 1)`;
      default:
        throw new Error(`map key of kind ${key.kind}`);
    }
  }

  /** The position of key `k` in a map's array. */
  keyPosition(key: ExprType, k: string): string {
    switch (key.kind) {
      case "enum":
        return `${this.enumIndex(key.values)}(${k})`;
      case "bool":
        return `Number(${k})`;
      case "int":
        return `(${k} - ${this.bound(key.min!)})`;
      default:
        return k;
    }
  }
}

/** The names among `names` that the code uses as identifiers (comments and strings do not count), so imports name only those. */
export function usedNames(code: string, names: readonly string[]): string[] {
  const bare = code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
  // Not as a property: an action may share a type's name (`args.Write`, `{ Write: ... }`).
  return names.filter((n, i) => names.indexOf(n) === i && new RegExp(`(?<![.\\w$])${n}\\b(?!\\s*:)`).test(bare));
}

export function pascal(name: string): string {
  return name.replace(/(^|[-_])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export function camel(name: string): string {
  const p = pascal(name);
  return p[0].toLowerCase() + p.slice(1);
}
