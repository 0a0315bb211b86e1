/**
 * Replays recorded steps on a generated machine (generated/<protocol>/protocol.ts),
 * for the regression tests `protoforge test-from-trace` writes: each node
 * starts in the machine's initial state, and each step runs the machine's
 * handler for the recorded event on the node's current state. A step is the
 * machine's when one of its outcomes is the recorded state with the recorded
 * sends; the replay stops at the first that is not, and says why.
 */
import type { HostedProtocol, WireMessage } from "../host/protocol.js";
import { canonical } from "./history.js";

/** A message with its fields, as a trace records it. */
export type RecordedMessage = WireMessage & { readonly [field: string]: unknown };

export interface MachineStep {
  readonly role: string;
  readonly self: number;
  /** An action, or "restart" for a crash and restart. */
  readonly action: string;
  readonly message?: RecordedMessage;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly after: object;
  /** The messages the step sent, in any order; null when they are not compared (a network that is a set). */
  readonly sent: readonly RecordedMessage[] | null;
}

export interface MachineReplay {
  /** How many steps, from the first, the machine takes as recorded. */
  readonly taken: number;
  /** The first step it does not take, counting from 1, and why; null when it takes them all. */
  readonly refused: { readonly step: number; readonly reason: string } | null;
}

export function replayOnMachine<P>(protocol: HostedProtocol<P>, p: P, steps: readonly MachineStep[]): MachineReplay {
  const states = new Map<string, object>();
  const stateOf = (role: string, self: number): object => states.get(`${role} ${self}`) ?? protocol.roles.find((r) => r.name === role)!.init(p, self);
  for (const [i, step] of steps.entries()) {
    const role = protocol.roles.find((r) => r.name === step.role);
    if (role === undefined) return { taken: i, refused: { step: i + 1, reason: `${protocol.name} has no role ${step.role}` } };
    const before = stateOf(step.role, step.self);
    const node = `${step.role} ${step.self}`;
    if (step.action === "restart") {
      const restarted = role.restart(p, step.self, before);
      if (canonical(restarted) !== canonical(step.after)) return { taken: i, refused: { step: i + 1, reason: `${node} restarts with ${differences(restarted, step.after).join(", ")}` } };
    } else {
      const outcomes = role.step(p, step.self, before, { action: step.action, ...(step.message === undefined ? {} : { message: step.message }), ...(step.args === undefined ? {} : { args: step.args }) });
      if (outcomes.length === 0) return { taken: i, refused: { step: i + 1, reason: `${step.action} is not enabled at ${node}` } };
      const sameState = outcomes.filter((o) => canonical(o.state) === canonical(step.after));
      if (sameState.length === 0) return { taken: i, refused: { step: i + 1, reason: `${node}'s ${step.action} ends in ${outcomes.map((o) => differences(o.state, step.after).join(", ")).join("; or ")}` } };
      if (step.sent !== null && !sameState.some((o) => sameMessages(o.send, step.sent!))) return { taken: i, refused: { step: i + 1, reason: `${node}'s ${step.action} sends ${canonical(sameState[0].send)}, not ${canonical(step.sent)}` } };
    }
    states.set(node, step.after);
  }
  return { taken: steps.length, refused: null };
}

function sameMessages(a: readonly WireMessage[], b: readonly WireMessage[]): boolean {
  return canonical(a.map(canonical).sort()) === canonical(b.map(canonical).sort());
}

/** Each field where the machine's state differs from the recorded one. */
function differences(machine: object, recorded: object): string[] {
  const fields = [...new Set([...Object.keys(machine), ...Object.keys(recorded)])];
  return fields.filter((f) => canonical((machine as Record<string, unknown>)[f]) !== canonical((recorded as Record<string, unknown>)[f])).map((f) => `${f} = ${canonical((machine as Record<string, unknown>)[f])} (recorded: ${canonical((recorded as Record<string, unknown>)[f])})`);
}
