/**
 * One action -> one handler function body. Effects run in order on a working
 * copy of the node's state (`s0`); a `choose` forks into a loop whose body
 * carries on with the effects after it, so every branch ends in one outcome.
 * In "runtime" mode ghost effects are left out; in "model" mode they update `g0`.
 */
import type { Action, Effect, Expr, LValue, Type } from "../ir.js";
import { emitExpr, local, widenedType, type ExprEnv } from "./expr.js";
import type { ModuleHelpers } from "./module.js";
import { namesOf } from "../ir-nodes.js";

export type HandlerMode = "runtime" | "model";

interface Depth {
  readonly d: number;
  readonly env: ExprEnv;
}

export function handlerBody(action: Action, h: ModuleHelpers, mode: HandlerMode, outcomeType: string): string[] {
  const guardEnv: ExprEnv = { h, state: "state", global: "st", ghosts: "g" };
  const lines: string[] = [`const out: ${outcomeType}[] = [];`];
  const read = localsRead([action.guard, action.effects], mode);
  for (const param of action.params.filter((q) => read.has(q.name))) lines.push(`const ${local(param.name)} = args.${param.name};`);
  if (!(action.guard.kind === "lit" && action.guard.value === true)) lines.push(`if (!(${emitExpr(action.guard, guardEnv)})) return out;`);
  lines.push("let s0 = state;", "const send0: Message[] = [];");
  if (mode === "model") lines.push("let g0 = g;");
  lines.push(...block(action.effects, { d: 0, env: { h, state: "s0", global: "st", ghosts: "g0" } }, action.role, mode, true));
  lines.push("return out;");
  return lines;
}

/** The locals that the code emitted for `value` reads: in runtime mode ghost effects are left out, and what only they read goes unbound. */
function localsRead(value: unknown, mode: HandlerMode): Set<string> {
  return namesOf(value, "local", mode === "runtime" ? "ghostAssign" : undefined);
}

function containsChoose(effects: readonly Effect[]): boolean {
  return effects.some((e) => e.kind === "choose" || (e.kind === "if" && (containsChoose(e.then) || containsChoose(e.else))));
}

/** The statements of the effects; a `terminal` block ends its branch by recording the outcome. */
function block(effects: readonly Effect[], at: Depth, role: string, mode: HandlerMode, terminal: boolean): string[] {
  const lines: string[] = [];
  const { d, env } = at;
  for (let i = 0; i < effects.length; i++) {
    const e = effects[i];
    const rest = effects.slice(i + 1);
    switch (e.kind) {
      case "assign": {
        const run = plainAssigns(effects, i);
        if (run.length > 1) {
          // One copy of the state for a run of plain field assignments, none of which reads a field set before it in the run.
          lines.push(`s${d} = { ...s${d}, ${run.map((a) => `${a.target.root}: ${emitExpr(a.value, env)}`).join(", ")} };`);
          i += run.length - 1;
        } else lines.push(`s${d} = ${update(`s${d}`, e.target, e.value, env)};`);
        break;
      }
      case "ghostAssign":
        if (mode === "model") lines.push(`g${d} = ${update(`g${d}`, e.target, e.value, env)};`);
        break;
      case "let":
        // An unused let is still evaluated (it may fail, as in the interpreter), but binds nothing tsc would flag.
        if (localsRead(rest, mode).has(e.name)) {
          const widened = widenedType(e.value);
          lines.push(`const ${local(e.name)}${widened === null ? "" : `: ${widened}`} = ${emitExpr(e.value, env)};`);
        } else lines.push(`void (${emitExpr(e.value, env)});`);
        break;
      case "send":
        lines.push(`send${d}.push(${messageLiteral(e.message, e.to === null ? "0" : emitExpr(e.to, env), e.fields, env)});`);
        break;
      case "broadcast": {
        const message = env.h.message(e.message);
        const skipSelf = message.to === role && !e.includeSelf;
        lines.push(`for (let to = 0; to < ${env.h.roleCount(message.to)}; to++) {`);
        if (skipSelf) lines.push("if (to === self) continue;");
        lines.push(`send${d}.push(${messageLiteral(e.message, "to", e.fields, env)});`, "}");
        break;
      }
      case "multicast":
        lines.push(`for (const to of ${emitExpr(e.to, env)}) send${d}.push(${messageLiteral(e.message, "to", e.fields, env)});`);
        break;
      case "if":
        if (containsChoose([e])) {
          lines.push(`if (${emitExpr(e.cond, env)}) {`, ...block([...e.then, ...rest], at, role, mode, terminal), "} else {", ...block([...e.else, ...rest], at, role, mode, terminal), "}");
          return lines;
        }
        lines.push(`if (${emitExpr(e.cond, env)}) {`, ...block(e.then, at, role, mode, false), "}");
        if (e.else.length > 0) lines.push("else {", ...block(e.else, at, role, mode, false), "}");
        break;
      case "choose": {
        const inner: Depth = { d: d + 1, env: { ...env, state: `s${d + 1}`, ghosts: mode === "model" ? `g${d + 1}` : env.ghosts } };
        // tsc lets a loop's `_` go unread: a choice that only forks the step.
        const bound = localsRead([e.where, e.body, rest], mode).has(e.name) ? local(e.name) : "_";
        lines.push(`for (const ${bound} of ${emitExpr(e.domain, env)}) {`);
        if (e.where !== null) lines.push(`if (!(${emitExpr(e.where, env)})) continue;`);
        lines.push(`let s${d + 1} = s${d};`, `const send${d + 1} = [...send${d}];`);
        if (mode === "model") lines.push(`let g${d + 1} = g${d};`);
        lines.push(...block([...e.body, ...rest], inner, role, mode, terminal), "}");
        return lines;
      }
    }
  }
  if (terminal) lines.push(`out.push({ state: s${d}, send: send${d}${mode === "model" ? `, ghosts: g${d}` : ""} });`);
  return lines;
}

/** The assignments from effects[i] on that set whole fields (no index or subfield) and read no field set earlier among them. */
function plainAssigns(effects: readonly Effect[], i: number): Extract<Effect, { kind: "assign" }>[] {
  const run: Extract<Effect, { kind: "assign" }>[] = [];
  const set = new Set<string>();
  for (let j = i; j < effects.length; j++) {
    const e = effects[j];
    // A field set twice in one object literal is an error of tsc's: the second starts a new run.
    if (e.kind !== "assign" || e.target.steps.length > 0 || set.has(e.target.root)) break;
    if ([...namesOf([e.value], "field")].some((name) => set.has(name))) break;
    run.push(e);
    set.add(e.target.root);
  }
  return run;
}

function messageLiteral(name: string, to: string, fields: readonly { name: string; value: Expr }[], env: ExprEnv): string {
  const message = env.h.message(name);
  const values = message.fields.map((f) => `${f.name}: ${emitExpr(fields.find((g) => g.name === f.name)!.value, env)}`);
  return `{ ${[`type: "${name}"`, "from: self", `to: ${to}`, ...values].join(", ")} }`;
}

/** The root object with the value at the lvalue's path replaced, copying only along the path. */
function update(root: string, target: LValue, value: Expr, env: ExprEnv): string {
  return `{ ...${root}, ${target.root}: ${replaceAt(`${root}.${target.root}`, target.rootType, target.steps, emitExpr(value, env), env)} }`;
}

function replaceAt(base: string, type: Type, steps: LValue["steps"], value: string, env: ExprEnv): string {
  if (steps.length === 0) return value;
  const [step, ...rest] = steps;
  if (step.kind === "field") {
    return `{ ...${base}, ${step.name}: ${replaceAt(`${base}.${step.name}`, step.type, rest, value, env)} }`;
  }
  const index = emitExpr(step.index, env);
  if (type.kind === "map") {
    const position = env.h.keyPosition(type.key, index);
    return `${env.h.use("mapSet")}(${base}, ${position}, ${replaceAt(`${base}[${position}]`, step.type, rest, value, env)})`;
  }
  return `${env.h.use("seqSet")}(${base}, ${index}, ${replaceAt(`${env.h.use("at")}(${base}, ${index})`, step.type, rest, value, env)})`;
}
