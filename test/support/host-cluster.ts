/** In-process stand-ins for a host's clock and network, so a cluster of HostNodes runs deterministically in a test. */
import type { HostNode, Timers, Transport } from "../../host/node.js";
import type { WireMessage } from "../../host/protocol.js";

/** A clock the test moves: timers fire in time order when it advances. */
export class ManualTimers implements Timers {
  now = 0;
  private next = 0;
  private readonly pending = new Map<number, { at: number; run: () => void }>();
  set(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, run });
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  /** Moves time on by ms, firing each timer due (and those they set) in order, delivering messages after each. */
  advance(ms: number, deliver: () => void): void {
    const end = this.now + ms;
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= end).sort(([a, x], [b, y]) => x.at - y.at || a - b)[0];
      if (due === undefined) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].run();
      deliver();
    }
    this.now = end;
  }
}

/** Messages in flight, serialised as JSON on the way, delivered in the order sent; `cut` nodes neither send nor receive. */
export class MemoryNetwork<P> implements Transport {
  readonly inFlight: string[] = [];
  readonly cut = new Set<number>();
  nodes: HostNode<P>[] = [];
  events: string[] = [];
  send(message: WireMessage): void {
    this.events.push(`send ${message.type} ${message.from}->${message.to}`);
    if (!this.cut.has(message.from) && !this.cut.has(message.to)) this.inFlight.push(JSON.stringify(message));
  }
  deliverAll(): void {
    for (let n = 0; this.inFlight.length > 0 && n < 10_000; n++) {
      const wire = JSON.parse(this.inFlight.shift()!) as WireMessage;
      this.nodes[wire.to].receive(wire);
    }
  }
}

