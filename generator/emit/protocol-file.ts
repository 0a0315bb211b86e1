/**
 * generated/<protocol>/protocol.ts: what a host (host/) needs to run the
 * machine: each role's initial state, restart and handler, the persistent
 * fields, which actions a message runs, each internal action's trigger and the
 * run-time domain of its arguments, and the message validator. Check bounds
 * are not part of it: an argument whose type a checkOnly parameter bounds is
 * as unbounded here as at run time.
 */
import type { Bound, ProtocolIR, Type } from "../ir.js";
import { header } from "./header.js";
import { docComment } from "./text.js";
import { eventType, initName, restartName } from "./machine-file.js";
import { ModuleHelpers, pascal } from "./module.js";
import { roleStateType } from "./tstype.js";

export function emitProtocolFile(ir: ProtocolIR): string {
  const h = new ModuleHelpers(ir);
  const bound = (b: Bound | null): string => h.runtimeBound(b) ?? "null";
  const domain = (t: Type): string => {
    switch (t.kind) {
      case "node":
        return `{ kind: "node", role: "${t.role}" }`;
      case "enum":
        return `{ kind: "enum", values: ${JSON.stringify(t.values)} }`;
      case "bool":
        return `{ kind: "bool" }`;
      case "int":
        return t.payload ? `{ kind: "payload" }` : `{ kind: "int", min: ${bound(t.min)}, max: ${bound(t.max)} }`;
      default:
        return `{ kind: "payload" }`;
    }
  };
  const roles = ir.roles.map((r) => {
    const count = bound(r.count);
    const persistent = r.fields.filter((f) => f.persistent).map((f) => JSON.stringify(f.name));
    const state = roleStateType(r.name);
    return [
      "{",
      `name: "${r.name}",`,
      `count: (p: Parameters) => ${count},`,
      `init: ${initName(r.name)},`,
      `restart: (p: Parameters, self: number, state: object) => ${restartName(r.name)}(p, self, state as ${state}),`,
      `step: (p: Parameters, self: number, state: object, event: HostEvent) => step${pascal(r.name)}(p, self, state as ${state}, event as ${eventType(r.name)}),`,
      `persistent: [${persistent.join(", ")}],`,
      "},",
    ].join("\n");
  });
  const actions = ir.actions.filter((a) => a.on === null).map((a) => {
    const trigger = a.trigger === null ? "null" : a.trigger.kind === "timer" ? `{ kind: "timer", min: ${a.trigger.min}, max: ${a.trigger.max}, restartOn: ${JSON.stringify(a.trigger.restartOn)} }` : `{ kind: "${a.trigger.kind}" }`;
    const params = a.params.map((q) => {
      // Only an integer's bounds can read a parameter (node ids are counted by the host).
      const reads = q.type.kind === "int" && !q.type.payload && [q.type.min, q.type.max].some((b) => h.runtimeBound(b) !== null && !(b !== null && "const" in b));
      return `{ name: "${q.name}", domain: (${reads ? "p" : "_p"}: Parameters): ArgumentDomain => (${domain(q.type)}) }`;
    });
    return `{ name: "${a.name}", role: "${a.role}", trigger: ${trigger}, params: [${params.join(", ")}] },`;
  });
  const receipts = ir.messages.map((m) => {
    const handlers = ir.actions.filter((a) => a.on === m.name).map((a) => JSON.stringify(a.name));
    return `${m.name}: { role: "${m.to}", actions: [${handlers.join(", ")}] },`;
  });
  const machine = [...ir.roles.flatMap((r) => [initName(r.name), restartName(r.name), `step${pascal(r.name)}`])].sort();
  const types = ["Parameters", ...ir.roles.flatMap((r) => [roleStateType(r.name)])].sort();
  const events = ir.roles.map((r) => eventType(r.name)).sort();
  return [
    header(ir.file, `The ${ir.title} protocol as a host runs it: roles, triggers, receipts and the validator.`),
    `import type { ${actions.some((a) => a.includes("ArgumentDomain")) ? "ArgumentDomain, " : ""}HostEvent, HostedProtocol } from "../../host/protocol.js";`,
    `import { ${machine.join(", ")}, type ${events.join(", type ")} } from "./machine.js";`,
    `import { defaultParameters, parameterRanges, type ${types.join(", type ")} } from "./types.js";`,
    `import { validateMessage } from "./validators.js";`,
    "",
    docComment(`Everything a host needs to run ${ir.title} nodes; no check bound is in it.`),
    "export const protocol: HostedProtocol<Parameters> = {",
    `name: ${JSON.stringify(ir.name)},`,
    `title: ${JSON.stringify(ir.title)},`,
    "defaultParameters,",
    "parameterRanges,",
    `roles: [\n${roles.join("\n")}\n],`,
    `actions: [\n${actions.join("\n")}\n],`,
    `receipts: {\n${receipts.join("\n")}\n},`,
    "validateMessage: (value: unknown, p: Parameters) => validateMessage(value, p),",
    "};",
  ].join("\n") + "\n";
}
