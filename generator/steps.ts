/** The step names of a spec, as coverage and labels name them: its actions, then the fault steps it enables. */
import type { ProtocolIR } from "./ir.js";

export interface StepName {
  readonly name: string;
  /** The role that takes the step; "" for a network fault. */
  readonly role: string;
}

export function stepsOf(ir: ProtocolIR): StepName[] {
  return [
    ...ir.actions.map((a) => ({ name: a.name, role: a.role })),
    ...(ir.faults.loss ? [{ name: "lose", role: "" }] : []),
    ...(ir.faults.duplication && ir.network !== "set" ? [{ name: "duplicate", role: "" }] : []),
    ...ir.faults.restart.map((r) => ({ name: `restart ${r}`, role: r })),
  ];
}
