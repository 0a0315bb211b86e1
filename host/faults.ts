/**
 * Faults a test harness injects into a node's sends (host/soak.ts sets them
 * through the node's HTTP endpoint): links cut to some peers (a partition is
 * cut on both sides) and a random delay per message, which reorders them.
 * Only on loopback, and only what the harness asks for.
 */
import type { Transport } from "./node.js";
import type { WireMessage } from "./protocol.js";

export interface FaultSettings {
  /** Peers (`role:id`) whose links are cut: messages to them are dropped. */
  readonly cut: readonly string[];
  /** Each message waits a random time in this range (ms) before it leaves; [0, 0] for none. */
  readonly delay: readonly [number, number];
}

export const NO_FAULTS: FaultSettings = { cut: [], delay: [0, 0] };

export class FaultyTransport implements Transport {
  settings: FaultSettings = NO_FAULTS;
  dropped = 0;
  delayed = 0;

  constructor(private readonly inner: Transport) {}

  send(message: WireMessage, toRole: string): void {
    if (this.settings.cut.includes(`${toRole}:${message.to}`)) {
      this.dropped++;
      return;
    }
    const [min, max] = this.settings.delay;
    if (max <= 0) return this.inner.send(message, toRole);
    this.delayed++;
    setTimeout(() => this.inner.send(message, toRole), min + Math.random() * (max - min));
  }
}

/** The settings in a harness's request body, or what is wrong with it. */
export function parseFaults(value: unknown): FaultSettings | string {
  if (typeof value !== "object" || value === null) return "expected { cut: [role:id, ...], delay: [min, max] }";
  const { cut = [], delay = [0, 0] } = value as { cut?: unknown; delay?: unknown };
  if (!Array.isArray(cut) || !cut.every((c) => typeof c === "string")) return "cut: expected a list of role:id";
  if (!Array.isArray(delay) || delay.length !== 2 || !delay.every((d) => typeof d === "number" && d >= 0) || delay[0] > delay[1]) return "delay: expected [min, max] in ms";
  return { cut: cut as string[], delay: [delay[0] as number, delay[1] as number] };
}
