/**
 * `protoforge validate-trace <spec> <trace...>`: whether the steps recorded by
 * the nodes of a run (`protoforge run` writes <data>/<role>-<id>.trace.jsonl)
 * make a behaviour of the spec, replayed on its IR (traces/validate.ts).
 * A trace file that is not one JSON record per line, or names what the spec
 * does not have, is refused with the file and line (exit 2); a run the spec
 * does not allow is reported at the step where it leaves the spec (exit 1).
 */
import { readFileSync } from "node:fs";
import { parseParameters } from "./load-model.js";
import { EXIT, printErrors, say, UsageError } from "./report.js";
import { compileAll } from "./validate.js";
import { validateRun, type RecordedStep } from "../traces/validate.js";
import type { ProtocolIR } from "../generator/ir.js";

export function validateTraceCommand(spec: string, traces: readonly string[], flags: { readonly param: readonly string[] }): number {
  const { compiled, errors } = compileAll([spec]);
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  const { ir } = compiled[0];
  if (traces.length === 0) throw new UsageError("name the trace files of the run (each node's <role>-<id>.trace.jsonl)");
  const records = traces.flatMap((file) => readTrace(ir, file));
  const verdict = validateRun(ir, parseParameters(flags.param), records);
  if (verdict.ok) {
    say(`ok: the run is a behaviour of ${ir.file}: ${verdict.steps} steps of ${new Set(records.map((r) => `${r.node.role} ${r.node.self}`)).size} nodes replayed, and ${verdict.invariants.join(", ") || "no invariant"} ${verdict.invariants.length === 1 ? "holds" : "hold"} in all ${verdict.states} states`);
    return EXIT.ok;
  }
  say(`violation: ${verdict.problem}`);
  if (verdict.at !== null) say(`  at ${verdict.at.node.role} ${verdict.at.node.self}'s step ${verdict.at.seq}: ${verdict.at.kind === "step" ? verdict.at.action : verdict.at.kind}${verdict.at.message === undefined ? "" : ` on ${JSON.stringify(verdict.at.message)}`}`);
  for (const d of verdict.differences) say(`  ${d}`);
  say(`  after ${verdict.steps} steps that the spec allows`);
  return EXIT.violation;
}

function readTrace(ir: ProtocolIR, file: string): RecordedStep[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new UsageError(`${file}: cannot read the trace file`);
  }
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not a JSON record: expected one step per line, as protoforge run records them`);
    }
    const problem = recordProblem(ir, value);
    if (problem !== null) throw new UsageError(`${file}:${i + 1}: ${problem}`);
    return [value as RecordedStep];
  });
}

/** What is wrong with a trace record, or null. */
function recordProblem(ir: ProtocolIR, value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected an object with node, seq, t, kind and after";
  const r = value as Partial<RecordedStep>;
  if (typeof r.node !== "object" || r.node === null || typeof r.node.role !== "string" || !Number.isInteger(r.node.self)) return "expected node: { role, self }";
  if (!ir.roles.some((x) => x.name === r.node!.role)) return `the spec has no role ${r.node.role} (roles: ${ir.roles.map((x) => x.name).join(", ")})`;
  if (!Number.isInteger(r.seq) || typeof r.t !== "number") return "expected seq (an integer) and t (a time in ms)";
  if (r.kind !== "start" && r.kind !== "restart" && r.kind !== "step") return `kind must be start, restart or step, not ${JSON.stringify(r.kind)}`;
  if (typeof r.after !== "object" || r.after === null) return "expected after: the node's state after the step";
  if (r.kind === "step") {
    const action = ir.actions.find((a) => a.name === r.action);
    if (action === undefined) return `the spec has no action ${JSON.stringify(r.action)} (actions: ${ir.actions.map((a) => a.name).join(", ")})`;
    if (action.role !== r.node.role) return `${action.name} is an action of role ${action.role}, not ${r.node.role}`;
    if (action.on !== null && (typeof r.message !== "object" || r.message === null || r.message.type !== action.on)) return `${action.name} runs on a ${action.on} message: expected message`;
    if (!Array.isArray(r.sent)) return "expected sent: the messages the step sent";
  }
  return null;
}
