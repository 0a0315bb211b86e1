/**
 * A generator of valid specs, for the fuzz property (test/generator/fuzz.test.ts):
 * roles with typed state, messages, a network and faults, ghosts, definitions,
 * actions with every kind of effect, invariants, action properties and models.
 * Each expression is built from the type it must have and the names in scope,
 * so the type checker should accept nearly every spec; names are drawn now and
 * then from what JavaScript, TypeScript and the generated code hold dear
 * (`class`, `Message`, `s0`), and free text from what breaks comments.
 */
import fc from "fast-check";

export type Ty =
  | { readonly k: "bool" }
  | { readonly k: "int"; readonly lo: number; readonly hi: number; readonly hiJson?: string }
  | { readonly k: "enum"; readonly name: string; readonly values: readonly string[] }
  | { readonly k: "node"; readonly role: string }
  | { readonly k: "rec"; readonly fields: readonly (readonly [string, Ty])[] }
  | { readonly k: "seq"; readonly elem: Ty; readonly max: number }
  | { readonly k: "set"; readonly elem: Ty }
  | { readonly k: "map"; readonly key: Ty; readonly value: Ty }
  | { readonly k: "opt"; readonly inner: Ty };

/** The random choices a spec is built from. */
interface Draw {
  int(lo: number, hi: number): number;
  chance(percent: number): boolean;
  pick<T>(items: readonly T[]): T;
}

function drawFrom(g: fc.GeneratorValue): Draw {
  const int = (lo: number, hi: number) => g(fc.integer, { min: lo, max: hi });
  return { int, chance: (percent) => int(0, 99) < percent, pick: (items) => items[int(0, items.length - 1)] };
}

/** Names the generated code, TypeScript or JavaScript also use: each is a valid spec name that must not break what is generated from it. */
const EDGY_NAMES = ["class", "default", "new", "delete", "function", "var", "await", "yield", "enum", "type", "from", "of", "state", "out", "s0", "send0", "p", "value", "length", "name", "keys", "size", "arguments", "eval", "_", "x_1"];
/** PascalCase names near what the generated code declares (what it does declare, `Model` or `Sink`, and JavaScript's globals, `Error` or `Record`, are refused, and fixtures test that). */
const EDGY_TYPE_NAMES = ["Node", "Value", "Id", "Event", "Step", "Label", "Init"];
const EDGY_TEXT = ["a line\nbreak", "closes */ a comment", "a \u2028 separator", "back`tick ${x}", "quote ' and \" and \\", "<b>markup</b>", "carriage\rreturn", ""];

interface Role {
  readonly name: string;
  readonly count: number;
  readonly countJson: number | string;
  readonly symmetric: boolean;
  fields: { readonly name: string; readonly ty: Ty }[];
}
interface Msg {
  readonly name: string;
  readonly from: Role;
  readonly to: Role;
  readonly fields: readonly (readonly [string, Ty])[];
}
interface Definition {
  readonly name: string;
  readonly param: Ty & { k: "int" };
  readonly returns: Ty & { k: "int" };
}
interface Var {
  readonly text: string;
  readonly ty: Ty;
}
interface Scope {
  readonly vars: readonly Var[];
  /** The node whose code this is, or null for a global predicate. */
  readonly role: Role | null;
  /** Invariants, properties, constraints and ghost effects: other nodes' state, ghosts and the network are readable. */
  readonly verification: boolean;
  /** An action property: `next(e)` of what it reads. */
  readonly property: boolean;
}

class SpecBuilder {
  private readonly used = new Set<string>();
  private serial = 0;
  readonly params: { name: string; value: number }[] = [];
  readonly enums: (Ty & { k: "enum" })[] = [];
  readonly roles: Role[] = [];
  readonly msgs: Msg[] = [];
  readonly ghosts: Var[] = [];
  readonly defs: Definition[] = [];

  constructor(private readonly d: Draw) {}

  /** A name no other entry has, case-insensitively (generated file and type names fold case). */
  fresh(prefix: string, edgy: readonly string[] = EDGY_NAMES): string {
    if (this.d.chance(6)) {
      const name = this.d.pick(edgy);
      if (!this.used.has(name.toLowerCase())) return this.take(name);
    }
    let name = `${prefix}${this.serial++}`;
    while (this.used.has(name.toLowerCase())) name = `${prefix}${this.serial++}`;
    return this.take(name);
  }

  private take(name: string): string {
    this.used.add(name.toLowerCase());
    return name;
  }

  text(): string {
    return this.d.chance(15) ? this.d.pick(EDGY_TEXT) : `Text ${this.serial++}.`;
  }

  // ---------------------------------------------------------------- types

  /** A type whose values this generator can always write (no bare node id of a symmetric role outside `self`). */
  ty(depth: number, owner: Role | null): Ty {
    const d = this.d;
    if (depth > 0 && d.chance(35)) {
      switch (d.int(0, 4)) {
        case 0:
          return { k: "rec", fields: Array.from({ length: d.int(1, 2) }, () => [this.fresh("f"), this.ty(depth - 1, owner)] as const) };
        case 1:
          return { k: "seq", elem: this.leafTy(owner), max: d.int(1, 2) };
        case 2:
          return { k: "set", elem: this.leafTy(owner, true) };
        case 3:
          return { k: "map", key: this.keyTy(), value: this.leafTy(owner) };
        default:
          return { k: "opt", inner: this.leafTy(owner, true) };
      }
    }
    return this.leafTy(owner);
  }

  /** bool, a small int, an enum or a node id; `wrapped` when the value sits in a set or optional (so `{}` or `null` can stand for it). */
  leafTy(owner: Role | null, wrapped = false): Ty {
    const d = this.d;
    const nodeRoles = this.roles.filter((r) => wrapped || !r.symmetric || r === owner);
    switch (d.int(0, 3)) {
      case 0:
        return { k: "bool" };
      case 1:
        return this.enums.length > 0 ? d.pick(this.enums) : this.intTy();
      case 2:
        return nodeRoles.length > 0 ? { k: "node", role: d.pick(nodeRoles).name } : this.intTy();
      default:
        return this.intTy();
    }
  }

  intTy(): Ty & { k: "int" } {
    const d = this.d;
    const lo = d.int(-1, 1);
    if (this.params.length > 0 && d.chance(25)) {
      const p = d.pick(this.params);
      if (p.value >= lo) return { k: "int", lo, hi: p.value, hiJson: `$${p.name}` };
    }
    return { k: "int", lo, hi: lo + d.int(0, 2) };
  }

  keyTy(): Ty {
    const d = this.d;
    const choice = d.int(0, 2);
    if (choice === 0 && this.enums.length > 0) return d.pick(this.enums);
    if (choice === 1 && this.roles.length > 0) return { k: "node", role: d.pick(this.roles).name };
    return { k: "int", lo: 0, hi: d.int(0, 2) };
  }

  typeJson(t: Ty): unknown {
    switch (t.k) {
      case "bool":
        return { type: "boolean" };
      case "int":
        return { type: "integer", minimum: t.lo, maximum: t.hiJson ?? t.hi };
      case "enum":
        return { $ref: `#/types/${t.name}` };
      case "node":
        return { node: t.role };
      case "rec":
        return { type: "object", properties: Object.fromEntries(t.fields.map(([n, f]) => [n, this.typeJson(f)])) };
      case "seq":
        return { type: "array", items: this.typeJson(t.elem), maxItems: t.max };
      case "set":
        return { type: "array", uniqueItems: true, items: this.typeJson(t.elem) };
      case "map":
        return { type: "array", items: this.typeJson(t.value), indexedBy: this.typeJson(t.key) };
      case "opt":
        return { anyOf: this.d.chance(50) ? [{ type: "null" }, this.typeJson(t.inner)] : [this.typeJson(t.inner), { type: "null" }] };
    }
  }

  roleOf(name: string): Role {
    return this.roles.find((r) => r.name === name)!;
  }

  // ---------------------------------------------------------- expressions

  /** An expression of type `t` in `sc`, at most `depth` operators deep. */
  expr(t: Ty, sc: Scope, depth: number): string {
    const d = this.d;
    const vars = sc.vars.filter((v) => fits(t, v.ty));
    if (depth <= 0 || d.chance(30)) {
      if (vars.length > 0 && d.chance(60)) return d.pick(vars).text;
      return this.literal(t, sc);
    }
    if (d.chance(8)) return `(if ${this.bool(sc, depth - 1)} then ${this.expr(t, sc, depth - 1)} else ${this.expr(t, sc, depth - 1)})`;
    switch (t.k) {
      case "bool":
        return this.bool(sc, depth);
      case "int":
        return this.int(t, sc, depth);
      case "set":
        return this.set(t, sc, depth);
      case "seq":
        return this.seq(t, sc, depth);
      case "opt":
        return d.chance(50) && this.writable(t.inner, sc) ? this.expr(t.inner, sc, depth - 1) : this.literal(t, sc);
      case "rec":
        return `{${t.fields.map(([n, f]) => `${n}: ${this.expr(f, sc, depth - 1)}`).join(", ")}}`;
      default:
        return vars.length > 0 ? d.pick(vars).text : this.literal(t, sc);
    }
  }

  /** A constant of type `t` (for a node id of a symmetric role: `self`, or a variable holding one). */
  literal(t: Ty, sc: Scope): string {
    const d = this.d;
    switch (t.k) {
      case "bool":
        return d.pick(["true", "false"]);
      case "int":
        return String(d.int(t.lo, t.hi));
      case "enum":
        return `'${d.pick(t.values)}'`;
      case "node": {
        const role = this.roleOf(t.role);
        if (!role.symmetric) return String(d.int(0, role.count - 1));
        if (sc.role === role) return "self";
        const held = sc.vars.filter((v) => fits(t, v.ty));
        if (held.length > 0) return d.pick(held).text;
        throw new Error(`no value of ${t.role} ids in scope`);
      }
      case "rec":
        return `{${t.fields.map(([n, f]) => `${n}: ${this.literal(f, sc)}`).join(", ")}}`;
      case "seq":
        return d.chance(50) || !this.writable(t.elem, sc) ? "[]" : `[${this.literal(t.elem, sc)}]`;
      case "set":
        return d.chance(50) || !this.writable(t.elem, sc) ? "{}" : `{${this.literal(t.elem, sc)}}`;
      case "opt":
        return d.chance(50) || !this.writable(t.inner, sc) ? "null" : this.literal(t.inner, sc);
      case "map":
        return this.mapLiteral(t, sc);
    }
  }

  /** Whether `literal` can write a value of `t` here. */
  writable(t: Ty, sc: Scope): boolean {
    if (t.k === "node") {
      const role = this.roleOf(t.role);
      return !role.symmetric || sc.role === role || sc.vars.some((v) => fits(t, v.ty));
    }
    if (t.k === "rec") return t.fields.every(([, f]) => this.writable(f, sc));
    if (t.k === "map") return this.writable(t.value, sc);
    return true;
  }

  mapLiteral(t: Ty & { k: "map" }, sc: Scope): string {
    const key = t.key;
    if (key.k === "node") {
      const i = this.fresh("k");
      return `[${this.literal(t.value, { ...sc, vars: [...sc.vars, { text: i, ty: key }] })} for ${i} in ${key.role}]`;
    }
    const count = key.k === "enum" ? key.values.length : key.k === "int" ? key.hi - key.lo + 1 : 2;
    return `[${Array.from({ length: count }, () => this.literal(t.value, sc)).join(", ")}]`;
  }

  bool(sc: Scope, depth: number): string {
    const d = this.d;
    if (depth <= 0) {
      const bools = sc.vars.filter((v) => v.ty.k === "bool");
      return bools.length > 0 && d.chance(60) ? d.pick(bools).text : d.pick(["true", "false"]);
    }
    const sub = () => this.bool(sc, depth - 1);
    const anyVar = sc.vars.length > 0 ? d.pick(sc.vars) : null;
    const collections = sc.vars.filter((v) => v.ty.k === "set" || v.ty.k === "seq");
    switch (d.int(0, 11)) {
      case 0:
        return `(${sub()}) and (${sub()})`;
      case 1:
        return `(${sub()}) ${d.pick(["or", "implies", "=>", "||", "&&"])} (${sub()})`;
      case 2:
        return `${d.pick(["not", "!"])} (${sub()})`;
      case 3:
        return `${paren(this.int(anyInt, sc, depth - 1))} ${d.pick(["<", "<=", ">", ">=", "==", "!="])} ${paren(this.int(anyInt, sc, depth - 1))}`;
      case 4:
        if (anyVar !== null && this.writable(anyVar.ty, sc)) return `${anyVar.text} ${d.pick(["==", "!="])} ${paren(this.expr(anyVar.ty, sc, depth - 1))}`;
        return d.pick(["true", "false"]);
      case 5:
        if (collections.length > 0) {
          const c = d.pick(collections);
          const elem = (c.ty as { elem: Ty }).elem;
          if (this.writable(elem, sc)) return `${paren(this.expr(elem, sc, depth - 1))} ${d.pick(["in", "notin"])} ${c.text}`;
          return `isEmpty(${c.text})`;
        }
        return this.quantifier(sc, depth);
      case 6:
      case 7:
        return this.quantifier(sc, depth);
      case 8: {
        const opts = sc.vars.filter((v) => v.ty.k === "opt");
        if (opts.length === 0) return sub();
        const o = d.pick(opts);
        const inner = (o.ty as { inner: Ty }).inner;
        if (!this.writable(inner, sc)) return `${o.text} == null`;
        return `${o.text} != null and unwrap(${o.text}) == ${paren(this.expr(inner, sc, depth - 1))}`;
      }
      case 9: {
        const sets = sc.vars.filter((v) => v.ty.k === "set" && v.ty.elem.k === "node");
        if (sets.length === 0) return sub();
        const s = d.pick(sets);
        const role = (s.ty as { elem: { role: string } }).elem.role;
        if (d.chance(60)) return d.chance(50) ? `quorum(${s.text})` : `${s.text} subset ${role}`;
        // The subsets of a set of ids: 2^n of them for at most a role's handful of nodes.
        const q = this.fresh("q");
        return `${d.pick(["forall", "exists"])} ${q} in subsets(${s.text}): ${this.bool({ ...sc, vars: [...sc.vars, { text: q, ty: s.ty }] }, depth - 1)}`;
      }
      case 10:
        if (sc.verification && this.msgs.length > 0) {
          const m = d.pick(this.msgs);
          if (d.chance(50)) return `inFlight(${m.name}) <= ${d.int(0, 2)}`;
          const x = this.fresh("m");
          const vars = [{ text: `${x}.from`, ty: { k: "node", role: m.from.name } as Ty }, ...m.fields.map(([n, f]) => ({ text: `${x}.${n}`, ty: f }))];
          return `${d.pick(["forall", "exists"])} ${x} in messages(${m.name}): ${this.bool({ ...sc, vars: [...sc.vars, ...vars] }, depth - 1)}`;
        }
        return sub();
      default: {
        if (anyVar === null || !this.writable(anyVar.ty, sc)) return sub();
        const x = this.fresh("v");
        return `let ${x} = ${this.expr(anyVar.ty, sc, depth - 1)}: ${this.bool({ ...sc, vars: [...sc.vars, { text: x, ty: anyVar.ty }] }, depth - 1)}`;
      }
    }
  }

  /** forall / exists over a role's ids (and, in verification code, those nodes' state), the subsets of its ids, a set or a range. */
  quantifier(sc: Scope, depth: number): string {
    const d = this.d;
    const q = d.pick(["forall", "exists"]);
    const x = this.fresh("i");
    const sets = sc.vars.filter((v) => v.ty.k === "set");
    if (sets.length > 0 && d.chance(30)) {
      const s = d.pick(sets);
      return `${q} ${x} in ${s.text}: ${this.bool({ ...sc, vars: [...sc.vars, { text: x, ty: (s.ty as { elem: Ty }).elem }] }, depth - 1)}`;
    }
    if (this.roles.length === 0 || d.chance(15)) return `${q} ${x} in 0..${d.int(0, 2)}: ${this.bool({ ...sc, vars: [...sc.vars, { text: x, ty: { k: "int", lo: 0, hi: 2 } }] }, depth - 1)}`;
    const role = d.pick(this.roles);
    if (d.chance(10)) return `${q} ${x} in subsets(${role.name}): ${this.bool({ ...sc, vars: [...sc.vars, { text: x, ty: { k: "set", elem: { k: "node", role: role.name } } }] }, depth - 1)}`;
    const vars: Var[] = [{ text: x, ty: { k: "node", role: role.name } }];
    if (sc.verification) {
      for (const f of role.fields) {
        vars.push({ text: `${role.name}[${x}].${f.name}`, ty: f.ty });
        if (sc.property) vars.push({ text: `next(${role.name}[${x}].${f.name})`, ty: f.ty });
      }
    }
    return `${q} ${x} in ${role.name}: ${this.bool({ ...sc, vars: [...sc.vars, ...vars] }, depth - 1)}`;
  }

  int(t: Ty & { k: "int" }, sc: Scope, depth: number): string {
    const d = this.d;
    const ints = sc.vars.filter((v) => v.ty.k === "int");
    const sub = () => (depth <= 0 ? this.intLeaf(t, sc) : this.int(t, sc, depth - 1));
    if (depth <= 0) return this.intLeaf(t, sc);
    switch (d.int(0, 10)) {
      case 0:
        return `${d.pick(["min", "max"])}(${sub()}, ${sub()})`;
      case 1:
        return `${paren(sub())} ${d.pick(["+", "-", "*"])} ${paren(sub())}`;
      case 2:
        return `(${sub()}) ${d.pick(["%", "/"])} ${d.int(1, 3)}`;
      case 3: {
        const c = sc.vars.filter((v) => v.ty.k === "set" || v.ty.k === "seq" || v.ty.k === "map");
        if (c.length === 0) return this.intLeaf(t, sc);
        const v = d.pick(c);
        const sumOk = (v.ty.k === "map" ? v.ty.value : (v.ty as { elem: Ty }).elem).k === "int";
        if (v.ty.k === "map") return sumOk ? `sum(${v.text})` : this.intLeaf(t, sc);
        const fns = v.ty.k === "seq" ? ["len", "size"] : ["size"];
        return `${d.pick(sumOk ? [...fns, "sum"] : fns)}(${v.text})`;
      }
      case 4:
        if (this.roles.length === 0) return this.intLeaf(t, sc);
        return this.countOf(sc, depth);
      case 5:
        return this.roles.length > 0 ? `majority(${d.pick(this.roles).name})` : this.intLeaf(t, sc);
      case 6: {
        if (this.defs.length === 0) return sub();
        const def = d.pick(this.defs);
        return `${def.name}(${this.int(def.param, sc, depth - 1)})`;
      }
      case 7: {
        const seqs = sc.vars.filter((v) => v.ty.k === "seq" && v.ty.elem.k === "int");
        if (seqs.length === 0) return `-${paren(sub())}`;
        const s = d.pick(seqs);
        const read = `${d.pick(["last", "head"])}(${s.text})`;
        return d.chance(80) ? `(if isEmpty(${s.text}) then ${t.lo} else ${read})` : read;
      }
      case 8:
        return t.hi > t.lo && ints.length > 0 ? `(if ${d.pick(ints).text} < ${t.hi} then ${d.pick(ints).text} + 1 else ${t.lo})` : sub();
      default:
        return this.intLeaf(t, sc);
    }
  }

  countOf(sc: Scope, depth: number): string {
    const role = this.d.pick(this.roles);
    const x = this.fresh("c");
    const vars: Var[] = [{ text: x, ty: { k: "node", role: role.name } }];
    if (sc.verification) for (const f of role.fields) vars.push({ text: `${role.name}[${x}].${f.name}`, ty: f.ty });
    return `count(${x} in ${role.name} | ${this.bool({ ...sc, vars: [...sc.vars, ...vars] }, depth - 1)})`;
  }

  intLeaf(t: Ty & { k: "int" }, sc: Scope): string {
    const d = this.d;
    const ints = sc.vars.filter((v) => v.ty.k === "int");
    if (ints.length > 0 && d.chance(50)) return d.pick(ints).text;
    if (this.params.length > 0 && d.chance(20)) return d.pick(this.params).name;
    return String(d.int(t.lo, t.hi));
  }

  set(t: Ty & { k: "set" }, sc: Scope, depth: number): string {
    const d = this.d;
    const same = sc.vars.filter((v) => fits(t, v.ty));
    const base = same.length > 0 ? d.pick(same).text : this.literal(t, sc);
    const elem = this.writable(t.elem, sc) ? this.expr(t.elem, sc, depth - 1) : null;
    switch (d.int(0, 4)) {
      case 0:
        return elem === null ? base : `${paren(base)} ${d.pick(["union", "minus"])} {${elem}}`;
      case 1:
        return `${paren(base)} ${d.pick(["union", "intersect", "minus"])} ${paren(this.expr(t, sc, depth - 1))}`;
      case 2: {
        // A filter needs a domain whose type is known: not the literal `{}`.
        if (same.length === 0) return base;
        const x = this.fresh("e");
        return `{${x} in ${base} | ${this.bool({ ...sc, vars: [...sc.vars, { text: x, ty: t.elem }] }, depth - 1)}}`;
      }
      case 3:
        if (t.elem.k === "node") return t.elem.role;
        return base;
      default:
        return base;
    }
  }

  seq(t: Ty & { k: "seq" }, sc: Scope, depth: number): string {
    const d = this.d;
    const same = sc.vars.filter((v) => fits(t, v.ty));
    if (same.length === 0) return this.literal(t, sc);
    const q = d.pick(same).text;
    switch (d.int(0, 3)) {
      case 0:
        if (!this.writable(t.elem, sc)) return q;
        return d.chance(70) ? `(if len(${q}) < ${t.max} then append(${q}, ${this.expr(t.elem, sc, depth - 1)}) else ${q})` : `append(${q}, ${this.expr(t.elem, sc, depth - 1)})`;
      case 1:
        return `tail(${q})`;
      case 2:
        return `slice(${q}, 1, ${d.int(0, t.max)})`;
      default:
        return `reverse(${q})`;
    }
  }

  // ------------------------------------------------------------- the spec

  build(): Record<string, unknown> {
    const d = this.d;
    for (let i = d.int(0, 2); i > 0; i--) this.params.push({ name: this.fresh("n"), value: d.int(1, 2) });
    for (let i = d.int(0, 2); i > 0; i--) {
      const values = [...new Set(Array.from({ length: d.int(1, 3) }, () => (d.chance(10) ? d.pick(EDGY_ENUM_VALUES) : `v${d.int(0, 3)}`)))];
      this.enums.push({ k: "enum", name: this.fresh("E", EDGY_TYPE_NAMES).replace(/^./, (c) => c.toUpperCase()), values });
    }
    for (let i = d.int(1, 3); i > 0; i--) {
      const param = this.params.length > 0 && d.chance(30) ? d.pick(this.params) : null;
      const count = param?.value ?? d.int(1, 2);
      this.roles.push({ name: this.fresh("r"), count, countJson: param === null ? count : `$${param.name}`, symmetric: d.chance(40), fields: [] });
    }
    const roles: Record<string, unknown> = {};
    for (const role of this.roles) roles[role.name] = this.roleJson(role);
    for (let i = d.int(0, 3); i > 0; i--) {
      const fields = Array.from({ length: d.int(0, 2) }, () => [this.fresh("x"), this.ty(1, null)] as const);
      this.msgs.push({ name: this.fresh("M", EDGY_TYPE_NAMES).replace(/^./, (c) => c.toUpperCase()), from: d.pick(this.roles), to: d.pick(this.roles), fields });
    }
    const global: Scope = { vars: [], role: null, verification: true, property: false };
    const ghosts: Record<string, unknown> = {};
    if (d.chance(30)) {
      const ty = this.ty(1, null);
      const name = this.fresh("g");
      ghosts[name] = { type: this.typeJson(ty), initial: this.literal(ty, global) };
      this.ghosts.push({ text: name, ty });
    }
    const definitions: Record<string, unknown> = {};
    if (d.chance(30)) {
      const def: Definition = { name: this.fresh("d"), param: this.intTy(), returns: this.intTy() };
      const a = this.fresh("a");
      definitions[def.name] = { description: this.text(), params: { [a]: this.typeJson(def.param) }, returns: this.typeJson(def.returns), expr: this.int(def.returns, { vars: [{ text: a, ty: def.param }], role: null, verification: false, property: false }, 2) };
      this.defs.push(def);
    }
    const actions: Record<string, unknown> = {};
    for (let i = d.int(1, 4); i > 0; i--) actions[this.fresh("A", EDGY_TYPE_NAMES)] = this.actionJson(d.pick(this.roles));
    const verify: Scope = { ...global, vars: this.ghosts };
    const invariants: Record<string, unknown> = {};
    for (let i = d.int(1, 2); i > 0; i--) invariants[this.fresh("Inv")] = { description: this.text(), expr: this.bool(verify, d.int(1, 3)) };
    const properties: Record<string, unknown> = {};
    if (d.chance(20)) properties[this.fresh("Prop")] = { description: this.text(), expr: this.quantifier({ ...verify, property: true }, 2) };
    const model: Record<string, unknown> = { description: this.text(), parameters: Object.fromEntries(this.params.map((p) => [p.name, p.value])) };
    if (d.chance(30)) model.symmetry = d.chance(50);
    if (d.chance(15)) model.constraint = this.bool(verify, 1);
    if (d.chance(10)) model.deadlock = true;
    return {
      name: `fuzz-${d.int(0, 1e6)}`,
      title: this.text(),
      description: this.text(),
      parameters: Object.fromEntries(this.params.map((p) => [p.name, { description: this.text(), default: p.value, minimum: 1, maximum: 3 }])),
      types: Object.fromEntries(this.enums.map((e) => [e.name, { description: this.text(), enum: e.values }])),
      roles,
      messages: Object.fromEntries(this.msgs.map((m) => [m.name, { description: this.text(), from: m.from.name, to: m.to.name, fields: Object.fromEntries(m.fields.map(([n, t]) => [n, this.typeJson(t)])) }])),
      network: { kind: d.pick(["multiset", "set", "fifo"]) },
      faults: { loss: d.chance(15), duplication: d.chance(15), restart: this.roles.filter(() => d.chance(15)).map((r) => r.name) },
      ghosts,
      definitions,
      actions,
      invariants,
      properties,
      models: { ci: model },
    };
  }

  roleJson(role: Role): unknown {
    const d = this.d;
    const init: Scope = { vars: [{ text: "self", ty: { k: "node", role: role.name } }], role, verification: false, property: false };
    const state: Record<string, unknown> = {};
    for (let i = d.int(0, 3); i > 0; i--) {
      const field = { name: this.fresh("x"), ty: this.ty(2, role) };
      state[field.name] = { description: this.text(), type: this.typeJson(field.ty), initial: this.expr(field.ty, init, d.chance(20) ? 1 : 0), persistent: d.chance(50) };
      role.fields.push(field);
    }
    return { description: this.text(), count: role.countJson, symmetric: role.symmetric, state };
  }

  actionJson(role: Role): unknown {
    const d = this.d;
    const vars: Var[] = [{ text: "self", ty: { k: "node", role: role.name } }, ...role.fields.map((f) => ({ text: f.name, ty: f.ty }))];
    const action: Record<string, unknown> = { description: this.text(), role: role.name };
    const inbound = this.msgs.filter((m) => m.to === role);
    if (inbound.length > 0 && d.chance(50)) {
      const m = d.pick(inbound);
      action.on = m.name;
      vars.push({ text: "msg.from", ty: { k: "node", role: m.from.name } }, ...m.fields.map(([n, t]) => ({ text: `msg.${n}`, ty: t })));
    } else if (d.chance(40)) {
      const name = this.fresh("q");
      const ty: Ty = d.chance(40) ? { k: "node", role: d.pick(this.roles).name } : d.chance(25) ? this.ty(1, role) : this.leafTy(role);
      action.params = { [name]: this.typeJson(ty) };
      vars.push({ text: name, ty });
    }
    const sc: Scope = { vars, role, verification: false, property: false };
    if (d.chance(70)) action.guard = this.bool(sc, d.int(1, 3));
    action.effects = this.effects(sc, 2, d.int(0, 3));
    return action;
  }

  effects(sc: Scope, depth: number, count: number): unknown[] {
    const out: unknown[] = [];
    let scope = sc;
    for (let i = 0; i < count; i++) {
      const effect = this.effect(scope, depth);
      out.push(effect.json);
      scope = effect.scope;
    }
    return out;
  }

  /** One effect, and the scope of the effects after it (a `let` adds a name). */
  effect(sc: Scope, depth: number): { json: unknown; scope: Scope } {
    const d = this.d;
    const role = sc.role!;
    const outbound = this.msgs.filter((m) => m.from === role);
    const choice = d.int(0, 9);
    if (choice <= 2 && role.fields.length > 0) return { json: this.assignment(d.pick(role.fields), sc), scope: sc };
    if (choice === 3 && depth > 0) {
      const json: Record<string, unknown> = { if: this.bool(sc, 2), then: this.effects(sc, depth - 1, d.int(1, 2)) };
      if (d.chance(50)) json.else = this.effects(sc, depth - 1, d.int(0, 2));
      return { json, scope: sc };
    }
    if (choice === 4 && depth > 0) {
      const x = this.fresh("y");
      const domain = this.domain(sc);
      const inner = { ...sc, vars: [...sc.vars, { text: x, ty: domain.elem }] };
      const json: Record<string, unknown> = { choose: x, from: domain.text, do: this.effects(inner, depth - 1, d.int(1, 2)) };
      if (d.chance(50)) json.where = this.bool(inner, 1);
      return { json, scope: sc };
    }
    if (choice === 5) {
      const source = d.pick(sc.vars);
      if (this.writable(source.ty, sc)) {
        const x = this.fresh("l");
        return { json: { let: x, be: this.expr(source.ty, sc, 2) }, scope: { ...sc, vars: [...sc.vars, { text: x, ty: source.ty }] } };
      }
    }
    if (choice >= 6 && choice <= 8 && outbound.length > 0) return { json: this.send(d.pick(outbound), sc), scope: sc };
    if (choice === 9 && this.ghosts.length > 0) {
      const g = d.pick(this.ghosts);
      return { json: { ghost: g.text, to: this.expr(g.ty, { ...sc, vars: [...sc.vars, ...this.ghosts], verification: true }, 2) }, scope: sc };
    }
    if (role.fields.length > 0) return { json: this.assignment(d.pick(role.fields), sc), scope: sc };
    return outbound.length > 0 ? { json: this.send(d.pick(outbound), sc), scope: sc } : { json: { if: "false", then: [] }, scope: sc };
  }

  /** What a `choose` or quantifier ranges over: a role's ids, a set in scope or a range. */
  domain(sc: Scope): { text: string; elem: Ty } {
    const d = this.d;
    const sets = sc.vars.filter((v) => v.ty.k === "set");
    if (sets.length > 0 && d.chance(40)) {
      const s = d.pick(sets);
      return { text: s.text, elem: (s.ty as { elem: Ty }).elem };
    }
    if (d.chance(30)) {
      const hi = d.int(0, 2);
      return { text: `0..${hi}`, elem: { k: "int", lo: 0, hi } };
    }
    const role = d.pick(this.roles);
    return { text: role.name, elem: { k: "node", role: role.name } };
  }

  assignment(field: { readonly name: string; readonly ty: Ty }, sc: Scope): unknown {
    const d = this.d;
    const t = field.ty;
    if (t.k === "map" && d.chance(60) && this.writable(t.key, sc) && this.writable(t.value, sc)) {
      return { set: `${field.name}[${this.expr(t.key, sc, 1)}]`, to: this.expr(t.value, sc, 2) };
    }
    if (t.k === "rec" && d.chance(60)) {
      const [name, ft] = d.pick(t.fields);
      if (this.writable(ft, sc)) return { set: `${field.name}.${name}`, to: this.expr(ft, sc, 2) };
    }
    if (t.k === "int" && d.chance(40)) return { set: field.name, to: `if ${field.name} < ${t.hi} then ${field.name} + 1 else ${t.lo}` };
    return { set: field.name, to: this.expr(t, sc, 2) };
  }

  send(m: Msg, sc: Scope): unknown {
    const d = this.d;
    const fields = m.fields.length === 0 && d.chance(50) ? undefined : Object.fromEntries(m.fields.map(([n, t]) => [n, this.expr(t, sc, 1)]));
    const to: Ty = { k: "node", role: m.to.name };
    const kind = d.int(0, 2);
    if (kind === 0 && this.writable(to, sc)) {
      const json: Record<string, unknown> = { send: m.name, with: fields };
      if (!(m.to.countJson === 1 && d.chance(50))) json.to = this.expr(to, sc, 1);
      return json;
    }
    if (kind === 1) return { multicast: m.name, to: this.set({ k: "set", elem: to }, sc, 1), with: fields };
    return { broadcast: m.name, with: fields, includeSelf: m.to === m.from && d.chance(50) };
  }
}

const EDGY_ENUM_VALUES = ["constructor", "toString", "with space", "a-b", "0", "__proto__", "it is"];

/** Specs `validate` should accept, as JSON values, from fast-check's random choices. */
export const validSpec: fc.Arbitrary<Record<string, unknown>> = fc.gen().map((g) => new SpecBuilder(drawFrom(g)).build());

/** Whether a value of type `actual` may stand where `want` is expected (ints whatever their bounds). */
function fits(want: Ty, actual: Ty): boolean {
  if (want.k === "int") return actual.k === "int";
  if (want.k !== actual.k) return false;
  switch (want.k) {
    case "enum":
      return want.name === (actual as typeof want).name;
    case "node":
      return want.role === (actual as typeof want).role;
    case "rec": {
      const other = (actual as typeof want).fields;
      return want.fields.length === other.length && want.fields.every(([n, f], i) => other[i][0] === n && fits(f, other[i][1]) && fits(other[i][1], f));
    }
    case "seq":
    case "set":
      return sameTy(want.elem, (actual as typeof want).elem);
    case "map":
      return sameTy(want.key, (actual as typeof want).key) && sameTy(want.value, (actual as typeof want).value);
    case "opt":
      return sameTy(want.inner, (actual as typeof want).inner);
    default:
      return true;
  }
}

function sameTy(a: Ty, b: Ty): boolean {
  if (a.k === "int" && b.k === "int") return a.lo === b.lo && a.hi === b.hi && a.hiJson === b.hiJson;
  return fits(a, b) && fits(b, a);
}

const anyInt: Ty & { k: "int" } = { k: "int", lo: 0, hi: 2 };

/** `e` as an operand: in parentheses unless it is a name, a literal or a call (comparisons do not chain, and `if`, `let` and quantifiers reach right). */
function paren(e: string): string {
  return /^[\w.'-]+$/.test(e) || /^\w+\([^()]*\)$/.test(e) ? e : `(${e})`;
}
