/**
 * What a generated protocol gives a host (generated/<protocol>/protocol.ts):
 * its roles with their initial states, restarts and handlers, which action a
 * received message runs, what triggers each internal action and over which
 * arguments, the persistent fields, and the message validator. The host has
 * no code of its own for any protocol: everything it runs comes through here.
 */

/** A message as the generated code builds it: its type, sender and receiver, then its fields. */
export interface WireMessage {
  readonly type: string;
  readonly from: number;
  readonly to: number;
}

/** What one handler call produces: the node's next state and the messages to send. */
export interface HostOutcome {
  readonly state: object;
  readonly send: readonly WireMessage[];
}

/** The event a handler runs on, as the generated `step<Role>` takes it. */
export type HostEvent = { readonly action: string; readonly message?: WireMessage; readonly args?: Readonly<Record<string, unknown>> };

export interface HostedRole<P> {
  readonly name: string;
  readonly count: (p: P) => number;
  readonly init: (p: P, self: number) => object;
  readonly restart: (p: P, self: number, state: object) => object;
  readonly step: (p: P, self: number, state: object, event: HostEvent) => readonly HostOutcome[];
  /** The fields kept across a crash: written to storage before a step's messages leave. */
  readonly persistent: readonly string[];
}

/** Where an argument of an internal action comes from at run time. */
export type ArgumentDomain =
  | { readonly kind: "node"; readonly role: string }
  | { readonly kind: "enum"; readonly values: readonly string[] }
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly min: number | null; readonly max: number | null }
  | { readonly kind: "payload" };

export type HostTrigger = { readonly kind: "client" } | { readonly kind: "whenEnabled" } | { readonly kind: "timer"; readonly min: number; readonly max: number; readonly restartOn: readonly string[] };

export interface HostedAction<P> {
  readonly name: string;
  readonly role: string;
  /** Null when the spec gives none: a host refuses to run it. */
  readonly trigger: HostTrigger | null;
  readonly params: readonly { readonly name: string; readonly domain: (p: P) => ArgumentDomain }[];
}

export type Validation = { readonly ok: true; readonly message: WireMessage } | { readonly ok: false; readonly error: string };

export interface HostedProtocol<P> {
  readonly name: string;
  readonly title: string;
  readonly defaultParameters: P;
  readonly parameterRanges: Readonly<Record<string, { readonly min: number; readonly max: number }>>;
  readonly roles: readonly HostedRole<P>[];
  /** Internal actions: timers, client requests and those run as soon as enabled. */
  readonly actions: readonly HostedAction<P>[];
  /** For each message type, its receiving role and the actions of that role that handle it (each enabled one is a possible step). */
  readonly receipts: Readonly<Record<string, { readonly role: string; readonly actions: readonly string[] }>>;
  readonly validateMessage: (value: unknown, p: P) => Validation;
}
