/**
 * generated/<protocol>/machine.ts: the sans-IO runtime. Per role an initial
 * state, one pure handler per action, a dispatcher over the role's events, and
 * a restart that resets volatile fields. No ghosts, no network.
 */
import type { Action, ProtocolIR, Role } from "../ir.js";
import { emitExpr, local } from "./expr.js";
import { handlerBody } from "./handler.js";
import { header } from "./header.js";
import { docComment } from "./text.js";
import { ModuleHelpers, pascal, usedNames } from "./module.js";
import { nodeIdType, roleStateType, tsType } from "./tstype.js";

export const handlerName = (a: Action): string => `step${pascal(a.name)}`;
export const initName = (role: string): string => `init${pascal(role)}`;
export const restartName = (role: string): string => `restart${pascal(role)}`;
export const eventType = (role: string): string => `${pascal(role)}Event`;

const argsType = (a: Action): string => `{ ${a.params.map((p) => `readonly ${p.name}: ${tsType(p.type)}`).join("; ")} }`;

export function handlerSignature(a: Action): string {
  const state = roleStateType(a.role);
  const input = a.on !== null ? `, msg: ${a.on}` : a.params.length > 0 ? `, args: ${argsType(a)}` : "";
  return `(p: Parameters, self: ${nodeIdType(a.role)}, state: ${state}${input})`;
}

export function emitMachineFile(ir: ProtocolIR): string {
  const h = new ModuleHelpers(ir);
  const body: string[] = definitionsObject(ir, h);
  for (const role of ir.roles) body.push(...roleFunctions(ir, role, h));
  const typeNames = ["Parameters", "Message", "Outcome", "Payload", ...ir.roles.map((r) => roleStateType(r.name)), ...ir.roles.map((r) => nodeIdType(r.name)), ...ir.messages.map((m) => m.name), ...ir.types.map((t) => t.name)];
  const used = usedNames(body.join("\n"), typeNames);
  const imports = [
    `import type { ${used.sort().join(", ")} } from "./types.js";`,
    ...h.imports(),
  ].filter((l) => l !== "");
  const declarations = h.declarations();
  return [header(ir.file, `The ${ir.title} state machine: pure handlers a program drives with its own network and storage.`), ...imports, "", ...(declarations.length > 0 ? [...declarations, ""] : []), ...body].join("\n") + "\n";
}

/**
 * The spec's definitions as one exported object, so their names never clash
 * with the runtime helpers this file imports.
 */
function definitionsObject(ir: ProtocolIR, h: ModuleHelpers): string[] {
  if (ir.definitions.length === 0) return [];
  const env = { h, state: "state", global: "st", ghosts: "g" };
  const out = ["/** The spec's named functions, pure in their arguments and the parameters. */", "export const definitions = {"];
  for (const d of ir.definitions) {
    out.push(docComment(d.description));
    out.push(`${d.name}(p: Parameters${d.params.map((a) => `, ${local(a.name)}: ${tsType(a.type)}`).join("")}): ${tsType(d.returns)} {`);
    out.push(`return ${emitExpr(d.body, env)};`, "},");
  }
  out.push("};", "");
  return out;
}

function roleFunctions(ir: ProtocolIR, role: Role, h: ModuleHelpers): string[] {
  const state = roleStateType(role.name);
  const actions = ir.actions.filter((a) => a.role === role.name);
  const initEnv = { h, state: "state", global: "st", ghosts: "g" };
  const out: string[] = [
    `/** The state a ${role.name} node starts in. */`,
    `export function ${initName(role.name)}(p: Parameters, self: ${nodeIdType(role.name)}): ${state} {`,
    `return { ${role.fields.map((f) => `${f.name}: ${emitExpr(f.initial, initEnv)}`).join(", ")} };`,
    "}",
    "",
    `/** The state after a crash and restart: persistent fields kept, volatile ones back to their initial values. */`,
    `export function ${restartName(role.name)}(p: Parameters, self: ${nodeIdType(role.name)}, state: ${state}): ${state} {`,
    ...(role.fields.some((f) => !f.persistent) ? [`const fresh = ${initName(role.name)}(p, self);`] : []),
    `return { ${role.fields.map((f) => `${f.name}: ${f.persistent ? "state" : "fresh"}.${f.name}`).join(", ")} };`,
    "}",
    "",
  ];
  for (const a of actions) {
    if (a.description) out.push(docComment(`${a.name}: ${a.description}`));
    out.push(`export function ${handlerName(a)}${handlerSignature(a)}: Outcome<${state}>[] {`);
    out.push(...handlerBody(a, h, "runtime", `Outcome<${state}>`), "}", "");
  }
  const events = actions.map((a) => `{ readonly action: "${a.name}"${a.on !== null ? `; readonly message: ${a.on}` : a.params.length > 0 ? `; readonly args: ${argsType(a)}` : ""} }`);
  out.push(`/** Everything that can happen to a ${role.name} node: one of its internal actions, or a message arriving. */`);
  out.push(`export type ${eventType(role.name)} = ${events.join(" | ") || "never"};`, "");
  out.push(
    `/** Runs the handler of an event; no outcome means the action is not enabled in this state. It trusts its inputs: check a received message with validators.ts first, and keep self a ${role.name} id; an action the role does not have is a TypeError. */`,
  );
  out.push(`export function step${pascal(role.name)}(p: Parameters, self: ${nodeIdType(role.name)}, state: ${state}, event: ${eventType(role.name)}): Outcome<${state}>[] {`);
  // A role with no actions has events of type never: there is nothing to switch on.
  if (actions.length > 0) out.push("switch (event.action) {");
  for (const a of actions) {
    const input = a.on !== null ? ", event.message" : a.params.length > 0 ? ", event.args" : "";
    out.push(`case "${a.name}": return ${handlerName(a)}(p, self, state${input});`);
  }
  if (actions.length > 0) out.push("}");
  out.push(`throw new TypeError(\`a ${role.name} node has no action \${JSON.stringify((event as { action?: unknown }).action)}\`);`, "}", "");
  return out;
}
