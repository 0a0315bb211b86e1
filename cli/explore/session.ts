/**
 * What `protoforge explore` steps through, like TLA+'s trace explorer and
 * Stateright's Explorer: a trace of concrete states of one model (a check's
 * counterexample, an ITF file replayed, or the initial state), the steps each
 * of its states enables, and following one, which cuts the trace after that
 * state and extends it. The view is the docs site's explorer data
 * (pages/explorer-trace.ts), so the page draws it with the same component.
 */
import type { GlobalState, Model, StepLabel } from "../../checkers/model.js";
import type { Trace, TraceStep } from "../../checkers/trace.js";
import { changes, formatLabel, traceItf } from "../../checkers/trace-format.js";
import type { ProtocolIR } from "../../generator/ir.js";
import { explorerTrace, type ExplorerTrace } from "../../pages/explorer-trace.js";

export interface ExploreHeader {
  readonly spec: string;
  readonly model: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** Where the first trace came from: the check's verdict, or the ITF file. */
  readonly origin: string;
}

export interface ExploreView {
  readonly header: ExploreHeader;
  readonly trace: ExplorerTrace;
  /** Whether the trace is still the one the session started with. */
  readonly original: boolean;
  /** For a lasso: the state its loop goes back to. */
  readonly loopStart: number | null;
}

export interface EnabledStep {
  /** Which transition of the state, in the model's order: what `follow` takes. */
  readonly choice: number;
  readonly label: string;
  /** What the step changes, as the text trace prints it. */
  readonly changes: readonly string[];
  /** The invariant the successor breaks, or the action property the step breaks; null when it breaks none. */
  readonly breaks: string | null;
  /** The check would not explore on from the successor: it is outside the model's state constraint. */
  readonly outsideConstraint: boolean;
}

/** The invariants and action properties a session judges states and steps by: the check model's. */
export interface Judged {
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
}

export class ExploreSession {
  private steps: TraceStep<GlobalState>[];
  private loopStart: number | null;
  private original = true;

  constructor(
    private readonly ir: ProtocolIR,
    private readonly model: Model,
    private readonly judged: Judged,
    private readonly header: ExploreHeader,
    private readonly start: Trace<GlobalState>,
  ) {
    this.steps = [...start.steps];
    this.loopStart = start.loop?.start ?? null;
  }

  view(): ExploreView {
    const trace: Trace<GlobalState> = { steps: this.steps };
    const itf = traceItf(trace, this.model, this.ir.file, this.header.origin, this.model.messageRoles) as Parameters<typeof explorerTrace>[0];
    return { header: this.header, trace: explorerTrace(itf, this.ir, this.broken()), original: this.original, loopStart: this.loopStart };
  }

  /** The steps state `step` of the trace enables, in the model's order. */
  enabled(step: number): EnabledStep[] {
    const state = this.stateAt(step);
    return this.model.transitions(state).map((t, choice) => ({
      choice,
      label: formatLabel(t.label, this.model.messageRoles),
      changes: changes(state, t.next, this.model.messageRoles),
      breaks: this.breaks(state, t.next),
      outsideConstraint: !this.model.withinConstraint(t.next),
    }));
  }

  /** Keeps the trace up to state `step`, then takes its enabled step `choice`. */
  follow(step: number, choice: number): ExploreView {
    const state = this.stateAt(step);
    const transitions = this.model.transitions(state);
    if (!Number.isInteger(choice) || choice < 0 || choice >= transitions.length) throw new RangeError(`state ${step} enables ${transitions.length} steps: there is no step ${choice}`);
    const t = transitions[choice];
    this.steps = [...this.steps.slice(0, step + 1), { label: t.label as StepLabel, state: t.next }];
    this.loopStart = null;
    this.original = false;
    return this.view();
  }

  /** Back to the trace the session started with. */
  reset(): ExploreView {
    this.steps = [...this.start.steps];
    this.loopStart = this.start.loop?.start ?? null;
    this.original = true;
    return this.view();
  }

  private stateAt(step: number): GlobalState {
    if (!Number.isInteger(step) || step < 0 || step >= this.steps.length) throw new RangeError(`the trace has states 0 to ${this.steps.length - 1}: there is no state ${step}`);
    return this.steps[step].state;
  }

  /** What the last step breaks, for the explorer's last-step panel. */
  private broken(): string | null {
    const last = this.steps[this.steps.length - 1].state;
    const before = this.steps.length > 1 ? this.steps[this.steps.length - 2].state : null;
    return this.breaks(before, last);
  }

  private breaks(before: GlobalState | null, after: GlobalState): string | null {
    const { model } = this;
    const invariant = this.judged.invariants.find((name) => !model.invariant(model.invariantNames.indexOf(name), after));
    if (invariant !== undefined || before === null) return invariant ?? null;
    return this.judged.properties.find((name) => !model.property(model.propertyNames.indexOf(name), before, after)) ?? null;
  }
}
