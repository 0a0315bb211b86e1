/**
 * One running node of a generated protocol. It holds the node's state and
 * takes steps through the generated handler: a message that arrives (checked
 * by the generated validator first: a malformed one is dropped, counted and
 * logged, never thrown), a timer that fires, a client request, and, after any
 * step, the actions marked `whenEnabled` until none is. A step's persistent
 * fields are saved (and synced) before its messages leave. Nothing here knows
 * a protocol: it all comes from generated/<protocol>/protocol.ts.
 */
import type { ArgumentDomain, HostedAction, HostedProtocol, HostedRole, HostEvent, HostOutcome, WireMessage } from "./protocol.js";
import type { Storage } from "./storage.js";

export interface Transport {
  /** Sends without waiting; a message to an unreachable node is lost, as on a real network. */
  send(message: WireMessage, toRole: string): void;
}

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** One step as the node took it: for logs and, later, trace validation. */
export interface StepRecord {
  readonly action: string;
  readonly message?: WireMessage;
  readonly args?: Readonly<Record<string, unknown>>;
  readonly before: object;
  readonly after: object;
  readonly sent: readonly WireMessage[];
}

/**
 * A client operation as the node saw it, for the history of the run (what
 * Jepsen calls a history): `invoke` when a client request was taken, `ok`
 * when the operation is over, which is when the same request (action and
 * arguments) is enabled again: the node is ready for the next one. The return
 * carries the node's state and the message whose receipt ended the operation,
 * where its result is (protoforge check-history says which field to read).
 */
export type ClientEvent =
  | { readonly type: "invoke"; readonly action: string; readonly args: Readonly<Record<string, unknown>>; readonly t: number }
  | { readonly type: "ok"; readonly action: string; readonly t: number; readonly state: object; readonly message?: WireMessage };

export interface NodeOptions {
  readonly transport: Transport;
  readonly storage: Storage;
  readonly timers?: Timers;
  /** In [0, 1): picks timer delays and, when a step has several outcomes, which one happens. */
  readonly random?: () => number;
  readonly log?: (event: string, detail: Record<string, unknown>) => void;
  readonly onStep?: (step: StepRecord) => void;
  readonly onClientEvent?: (event: ClientEvent) => void;
  /** Wall-clock time in milliseconds, for the history. */
  readonly now?: () => number;
}

export interface NodeStats {
  steps: number;
  received: number;
  malformed: number;
  notEnabled: number;
  sent: number;
  saved: number;
}

export type RequestResult = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** How many `whenEnabled` steps one step may set off before the node says so (a spec whose eager actions never stop). */
const EAGER_LIMIT = 1000;

const realTimers: Timers = { set: (run, ms) => setTimeout(run, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) };

export class HostNode<P> {
  state: object;
  /** Whether the node started from its storage (a restart) rather than from its initial state. */
  readonly restarted: boolean;
  readonly stats: NodeStats = { steps: 0, received: 0, malformed: 0, notEnabled: 0, sent: 0, saved: 0 };
  private readonly role: HostedRole<P>;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly log: (event: string, detail: Record<string, unknown>) => void;
  /** Armed timers, by action and arguments. */
  private readonly armed = new Map<string, unknown>();
  private stopped = false;
  /** The client operation under way: invoked once its first step is taken, over when its request is enabled again. */
  private operation: { readonly action: string; readonly args: Readonly<Record<string, unknown>>; readonly t: number; invoked: boolean } | null = null;

  constructor(
    private readonly protocol: HostedProtocol<P>,
    private readonly p: P,
    roleName: string,
    readonly self: number,
    private readonly options: NodeOptions,
  ) {
    const role = protocol.roles.find((r) => r.name === roleName);
    if (role === undefined) throw new Error(`${protocol.name} has no role ${roleName} (roles: ${protocol.roles.map((r) => r.name).join(", ")})`);
    const count = role.count(p);
    if (!(Number.isInteger(self) && self >= 0 && self < count)) throw new Error(`${roleName} ${self} is not a node of the cluster (${count} ${roleName} nodes)`);
    this.role = role;
    this.timers = options.timers ?? realTimers;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => {});
    const untriggered = this.actions().filter((a) => a.trigger === null);
    if (untriggered.length > 0) throw new Error(`${protocol.name}: ${untriggered.map((a) => a.name).join(", ")} of role ${roleName} say no trigger, so a host cannot tell when to take them (give each a "trigger")`);
    const stored = options.storage.load();
    const initial = role.init(p, self);
    // A restart keeps the persistent fields and resets the rest, as the spec's restart does.
    this.restarted = stored !== null;
    this.state = stored === null ? initial : role.restart(p, self, { ...initial, ...stored });
    this.log(stored === null ? "start" : "restart", { role: roleName, self, state: this.state });
  }

  /** Arms the timers and takes the steps that are enabled from the start. */
  start(): void {
    for (const action of this.actions()) if (action.trigger?.kind === "timer") for (const args of this.combinations(action)) this.arm(action, args);
    this.runEager();
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.armed.values()) this.timers.clear(handle);
    this.armed.clear();
    this.options.storage.close();
  }

  /** A value off the wire: validated, then handled by the receiving role's actions for its type. */
  receive(value: unknown): void {
    if (this.stopped) return;
    this.stats.received++;
    const checked = this.protocol.validateMessage(value, this.p);
    if (!checked.ok) return this.malformed(value, checked.error);
    const message = checked.message;
    const receipt = this.protocol.receipts[message.type];
    if (receipt.role !== this.role.name || message.to !== this.self) return this.malformed(value, `/to: the message is for ${receipt.role} ${message.to}, and this is ${this.role.name} ${this.self}`);
    const options = receipt.actions.flatMap((action) => this.outcomes({ action, message }).map((outcome) => ({ action, outcome })));
    if (options.length === 0) {
      this.stats.notEnabled++;
      this.log("not enabled", { message });
      return;
    }
    const pick = options[Math.floor(this.random() * options.length)];
    this.commit(pick.action, { message }, pick.outcome);
    this.runEager();
  }

  /** A client request for one of the role's client actions. */
  request(actionName: string, args: Readonly<Record<string, unknown>>): RequestResult {
    const action = this.actions().find((a) => a.name === actionName);
    if (action === undefined || action.trigger?.kind !== "client") return { ok: false, error: `${this.role.name} has no client action ${actionName} (client actions: ${this.clientActions().join(", ") || "none"})` };
    for (const param of action.params) {
      const error = argumentError(args[param.name], param.domain(this.p), this.protocol, this.p);
      if (error !== null) return { ok: false, error: `${param.name}: ${error}` };
    }
    const unknown = Object.keys(args).filter((k) => !action.params.some((q) => q.name === k));
    if (unknown.length > 0) return { ok: false, error: `${actionName} takes no ${unknown.join(", ")}` };
    if (this.operation !== null) return { ok: false, error: `${this.operation.action} is still under way: one client operation at a time` };
    this.operation = { action: action.name, args, t: (this.options.now ?? Date.now)(), invoked: false };
    if (!this.take(action.name, action.params.length > 0 ? { args } : {})) {
      this.operation = null;
      return { ok: false, error: `${actionName} is not enabled in this state` };
    }
    this.runEager();
    return { ok: true };
  }

  clientActions(): string[] {
    return this.actions().filter((a) => a.trigger?.kind === "client").map((a) => a.name);
  }

  private actions(): HostedAction<P>[] {
    return this.protocol.actions.filter((a) => a.role === this.role.name);
  }

  private malformed(value: unknown, error: string): void {
    this.stats.malformed++;
    this.log("malformed", { error, value: typeof value === "string" ? value.slice(0, 200) : value });
  }

  private outcomes(event: HostEvent): readonly HostOutcome[] {
    return this.role.step(this.p, this.self, this.state, event);
  }

  /** Takes the action if it is enabled; several outcomes (a `choose`) are picked among at random. */
  private take(action: string, input: { readonly message?: WireMessage; readonly args?: Readonly<Record<string, unknown>> }): boolean {
    const outcomes = this.outcomes({ action, ...input });
    if (outcomes.length === 0) return false;
    this.commit(action, input, outcomes[Math.floor(this.random() * outcomes.length)]);
    return true;
  }

  private commit(action: string, input: { readonly message?: WireMessage; readonly args?: Readonly<Record<string, unknown>> }, outcome: HostOutcome): void {
    const before = this.state;
    this.state = outcome.state;
    this.stats.steps++;
    if (this.persistentChanged(before, outcome.state)) {
      this.options.storage.save(this.persistentFields(outcome.state));
      this.stats.saved++;
    }
    // Recorded once it is saved and before its messages leave: a receipt in a trace never comes before its send.
    this.options.onStep?.({ action, ...input, before, after: outcome.state, sent: outcome.send });
    for (const m of outcome.send) {
      this.options.transport.send(m, this.protocol.receipts[m.type].role);
      this.stats.sent++;
    }
    this.log("step", { action, ...input, sent: outcome.send.length });
    this.followOperation(input.message);
    for (const timer of this.actions()) if (timer.trigger?.kind === "timer" && timer.trigger.restartOn.includes(action)) for (const args of this.combinations(timer)) this.arm(timer, args);
  }

  /** Says when the client operation under way starts (its first step) and ends (its request is enabled again). */
  private followOperation(message: WireMessage | undefined): void {
    const op = this.operation;
    if (op === null) return;
    if (!op.invoked) {
      op.invoked = true;
      this.options.onClientEvent?.({ type: "invoke", action: op.action, args: op.args, t: op.t });
    }
    const request = this.actions().find((a) => a.name === op.action)!;
    if (this.outcomes({ action: op.action, ...(request.params.length > 0 ? { args: op.args } : {}) }).length === 0) return;
    this.operation = null;
    this.options.onClientEvent?.({ type: "ok", action: op.action, t: (this.options.now ?? Date.now)(), state: this.state, ...(message === undefined ? {} : { message }) });
  }

  /** After a step from outside: the `whenEnabled` actions, each as long as it is enabled. */
  private runEager(): void {
    const eager = this.actions().filter((a) => a.trigger?.kind === "whenEnabled");
    for (let taken = 0; taken < EAGER_LIMIT; taken++) {
      const next = eager.flatMap((a) => this.combinations(a).map((args) => ({ a, args }))).find(({ a, args }) => this.outcomes({ action: a.name, ...(a.params.length > 0 ? { args } : {}) }).length > 0);
      if (next === undefined) return;
      this.take(next.a.name, next.a.params.length > 0 ? { args: next.args } : {});
    }
    this.log("eager limit", { limit: EAGER_LIMIT });
  }

  private arm(action: HostedAction<P>, args: Readonly<Record<string, unknown>>): void {
    if (this.stopped || action.trigger?.kind !== "timer") return;
    const key = `${action.name} ${JSON.stringify(args)}`;
    const old = this.armed.get(key);
    if (old !== undefined) this.timers.clear(old);
    const { min, max } = action.trigger;
    const delay = min + Math.floor(this.random() * (max - min + 1));
    this.armed.set(
      key,
      this.timers.set(() => {
        this.armed.delete(key);
        if (this.stopped) return;
        this.take(action.name, action.params.length > 0 ? { args } : {});
        this.arm(action, args);
        this.runEager();
      }, delay),
    );
  }

  /** Every combination of the action's arguments over their run-time domains (one, empty, for an action without). */
  private combinations(action: HostedAction<P>): Record<string, unknown>[] {
    let all: Record<string, unknown>[] = [{}];
    for (const param of action.params) {
      const values = domainValues(param.domain(this.p), this.protocol, this.p);
      if (values === null) throw new Error(`${action.name}'s ${param.name} has no finite domain at run time, so a ${action.trigger?.kind} trigger cannot enumerate it (make the action a client request)`);
      all = all.flatMap((combo) => values.map((v) => ({ ...combo, [param.name]: v })));
    }
    return all;
  }

  private persistentChanged(before: object, after: object): boolean {
    return this.role.persistent.some((f) => (before as Record<string, unknown>)[f] !== (after as Record<string, unknown>)[f]);
  }

  private persistentFields(state: object): Record<string, unknown> {
    return Object.fromEntries(this.role.persistent.map((f) => [f, (state as Record<string, unknown>)[f]]));
  }
}

/** The values of a finite run-time domain, or null when it has none (a payload, an unbounded integer). */
function domainValues<P>(domain: ArgumentDomain, protocol: HostedProtocol<P>, p: P): unknown[] | null {
  switch (domain.kind) {
    case "node":
      return Array.from({ length: protocol.roles.find((r) => r.name === domain.role)!.count(p) }, (_, i) => i);
    case "enum":
      return [...domain.values];
    case "bool":
      return [false, true];
    case "int":
      return domain.min === null || domain.max === null ? null : Array.from({ length: domain.max - domain.min + 1 }, (_, i) => domain.min! + i);
    case "payload":
      return null;
  }
}

/** What is wrong with a client's argument, or null. */
function argumentError<P>(value: unknown, domain: ArgumentDomain, protocol: HostedProtocol<P>, p: P): string | null {
  if (value === undefined) return "missing";
  switch (domain.kind) {
    case "payload":
      return null;
    case "bool":
      return typeof value === "boolean" ? null : "must be a boolean";
    case "enum":
      return domain.values.includes(value as string) ? null : `must be one of ${domain.values.join(", ")}`;
    case "node":
    case "int": {
      const values = domain.kind === "node" ? domainValues(domain, protocol, p)! : null;
      if (!Number.isSafeInteger(value)) return "must be an integer";
      const n = value as number;
      if (values !== null) return values.includes(n) ? null : `must be a ${domain.kind === "node" ? domain.role : ""} id in 0..${values.length - 1}`;
      if (domain.kind === "int" && ((domain.min !== null && n < domain.min) || (domain.max !== null && n > domain.max))) return `must be within ${domain.min ?? "-inf"}..${domain.max ?? "inf"}`;
      return null;
    }
  }
}
