/**
 * `protoforge test-from-trace <variant> --out <file.test.ts>`: a refuted
 * variant's counterexample as a vitest regression test against the shipped
 * code of its base. The variant's model is checked here for its shortest
 * counterexample; each step becomes the node, its event, and the node state
 * and sends the variant recorded. The test replays them on the base's
 * generated machine (traces/machine-replay.ts) and asserts how many it takes
 * as recorded and where it parts way, with the reason, so that the bug the
 * variant shows stays impossible in the base's code. Steps of the network
 * (a message lost or duplicated) are no machine's: the base's network either
 * allows them (they are left out) or does not (the replay ends there).
 */
import { writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { AnyMessage, GlobalState } from "../checkers/model.js";
import type { Trace } from "../checkers/trace.js";
import type { ProtocolIR } from "../generator/ir.js";
import type { HostedProtocol } from "../host/protocol.js";
import { replayOnMachine, type MachineStep, type RecordedMessage } from "../traces/machine-replay.js";
import { CODE_ROOT, buildHash } from "./build-info.js";
import { importModel, modelFiles } from "./load-model.js";
import { EXIT, printErrors, say, UsageError } from "./report.js";
import { runCheck } from "./run-check.js";
import { compileAll } from "./validate.js";

export interface TestFromTraceFlags {
  readonly model?: string;
  readonly out: string;
}

/** The project the generated code lives in (the sources, whichever build runs the CLI). */
const PROJECT = buildHash() === null ? CODE_ROOT : join(CODE_ROOT, "..");

export async function testFromTraceCommand(variant: string, flags: TestFromTraceFlags): Promise<number> {
  const { compiled, errors } = compileAll([variant]);
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  const { ir } = compiled[0];
  if (ir.base === null) throw new UsageError(`${ir.file} is no variant: it extends no spec, so there is no base to test against`);
  const baseCompiled = compileAll([ir.base]);
  if (baseCompiled.errors.length > 0) {
    printErrors(baseCompiled.errors);
    return EXIT.specError;
  }
  const base = baseCompiled.compiled[0].ir;
  const modelName = flags.model ?? (ir.expect !== null && "violates" in ir.expect ? ir.expect.model : undefined) ?? "ci";
  const trace = await counterexample(ir, modelName);
  const parameters = runtimeParameters(base, ir, modelName);
  const { steps, networkStop } = machineSteps(trace, base);
  const protocolFile = join(PROJECT, "generated", base.name, "protocol.ts");
  const { tsImport } = await import("tsx/esm/api");
  const { protocol } = (await tsImport(protocolFile, import.meta.url)) as { protocol: HostedProtocol<Record<string, number>> };
  const replay = replayOnMachine(protocol, parameters, steps);
  const out = resolve(flags.out);
  const violated = trace.violated;
  writeFileSync(out, testFile({ ir, base, modelName, violated, trace: trace.trace, parameters, steps, replay, networkStop, out }));
  const where = replay.refused !== null ? `parts way at step ${replay.refused.step}: ${replay.refused.reason}` : networkStop !== null ? `takes all ${steps.length} node steps, and then ${networkStop}` : `takes all ${steps.length} steps as the variant did (the variant differs in what is checked, not in what the nodes do)`;
  say(`wrote ${flags.out}: ${base.name}'s generated machine takes ${replay.taken} of the ${steps.length} steps of ${ir.name}'s counterexample (model ${modelName}, ${violated}) and ${where}`);
  return EXIT.ok;
}

async function counterexample(ir: ProtocolIR, modelName: string): Promise<{ trace: Trace<GlobalState>; violated: string }> {
  const files = await modelFiles(ir);
  try {
    const loaded = await importModel(files, ir, modelName, {});
    const outcome = runCheck({ ir, model: loaded.model, modelName, parameters: loaded.parameters });
    const finding = outcome.result.finding;
    if (outcome.trace === null || finding === null || outcome.trace.steps.length < 2) throw new UsageError(`${ir.file}: model ${modelName} finds no counterexample with steps, so there is nothing to turn into a test (name the model that refutes it with --model)`);
    return { trace: outcome.trace, violated: finding.kind === "invariant" || finding.kind === "property" ? `${finding.name} violated` : finding.kind };
  } finally {
    files.dispose();
  }
}

/** The base's runtime parameters, as the variant's model set them. */
function runtimeParameters(base: ProtocolIR, ir: ProtocolIR, modelName: string): Record<string, number> {
  const model = ir.models.find((m) => m.name === modelName)!;
  return Object.fromEntries(base.parameters.filter((p) => !p.checkOnly).map((p) => [p.name, model.parameters[p.name] ?? ir.parameters.find((q) => q.name === p.name)?.default ?? p.default]));
}

/** The trace's node steps; a network step the base does not allow ends them. */
function machineSteps(trace: { readonly trace: Trace<GlobalState> }, base: ProtocolIR): { steps: MachineStep[]; networkStop: string | null } {
  const steps: MachineStep[] = [];
  const states = trace.trace.steps;
  for (let i = 1; i < states.length; i++) {
    const label = states[i].label!;
    const { state } = states[i];
    if (label.kind === "lose" || label.kind === "duplicate") {
      const allowed = label.kind === "lose" ? base.faults.loss : base.faults.duplication;
      if (!allowed) return { steps, networkStop: `at step ${i} the network ${label.kind === "lose" ? "loses" : "duplicates"} a ${label.message.type}, which ${base.name}'s network never does` };
      continue;
    }
    const received = label.kind === "action" ? label.message : undefined;
    const sent = base.network === "set" ? null : sentBy(states[i - 1].state.network, received, state.network);
    steps.push({
      role: label.role,
      self: label.node,
      action: label.kind === "restart" ? "restart" : label.action,
      ...(received === undefined ? {} : { message: received as RecordedMessage }),
      ...(label.kind === "action" && label.args !== undefined && Object.keys(label.args).length > 0 ? { args: label.args } : {}),
      after: state.nodes[label.role][label.node],
      sent,
    });
  }
  return { steps, networkStop: null };
}

/** What a step added to the network: the messages after it, less those in flight before it (but the one received). */
function sentBy(before: readonly AnyMessage[], received: AnyMessage | undefined, after: readonly AnyMessage[]): RecordedMessage[] {
  const left = before.map((m) => JSON.stringify(m));
  if (received !== undefined) left.splice(left.indexOf(JSON.stringify(received)), 1);
  return after.filter((m) => {
    const i = left.indexOf(JSON.stringify(m));
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  }) as RecordedMessage[];
}

interface TestFileParts {
  readonly ir: ProtocolIR;
  readonly base: ProtocolIR;
  readonly modelName: string;
  readonly violated: string;
  readonly trace: Trace<GlobalState>;
  readonly parameters: Readonly<Record<string, number>>;
  readonly steps: readonly MachineStep[];
  readonly replay: ReturnType<typeof replayOnMachine>;
  readonly networkStop: string | null;
  readonly out: string;
}

function testFile(t: TestFileParts): string {
  const from = (file: string): string => {
    const path = relative(dirname(t.out), join(PROJECT, file)).split("\\").join("/");
    return path.startsWith(".") ? path : `./${path}`;
  };
  const parting = t.replay.refused;
  const stepName = (n: number): string => {
    const s = t.steps[n - 1];
    return `${s.role} ${s.self}'s ${s.action}`;
  };
  const summary =
    parting !== null
      ? [`The base takes the first ${t.replay.taken} steps as the variant did and parts way at step ${parting.step}:`, `${parting.reason}.`]
      : t.networkStop !== null
        ? [`The base takes all ${t.steps.length} node steps as the variant did; then ${t.networkStop}.`]
        : [`The base takes all ${t.steps.length} steps as the variant did: the variant differs in what is checked.`];
  const tests =
    parting !== null
      ? [`  it("takes the first ${t.replay.taken} steps as the variant did", () => expect(replay.taken).toBe(${t.replay.taken}));`, `  it(${JSON.stringify(`parts way at step ${parting.step}: ${stepName(parting.step)}`)}, () => expect(replay.refused).toEqual(${JSON.stringify(parting)}));`]
      : [`  it("takes all ${t.steps.length} steps as the variant did", () => expect(replay).toEqual({ taken: ${t.steps.length}, refused: null }));`];
  return [
    `// Generated by protoforge test-from-trace from ${t.ir.file}. Do not edit: run \`protoforge test-from-trace ${t.ir.file} --out <this file>\` again.`,
    "/**",
    ` * ${t.ir.name}'s counterexample (model ${t.modelName}: ${t.violated} in ${t.trace.steps.length - 1} steps),`,
    ` * replayed on the generated machine of its base, ${t.base.name} (${t.base.file}).`,
    ...summary.map((l) => ` * ${l}`),
    " */",
    'import { describe, expect, it } from "vitest";',
    `import { protocol } from "${from(`generated/${t.base.name}/protocol.js`)}";`,
    `import { replayOnMachine, type MachineStep } from "${from("traces/machine-replay.js")}";`,
    "",
    `const parameters = ${JSON.stringify(t.parameters)};`,
    "",
    `/** Each node step of the counterexample${parting === null ? "" : ` up to where the base parts way`}: the node, its event, and the state and sends the variant recorded. */`,
    "const steps: MachineStep[] = [",
    ...t.steps.slice(0, parting?.step ?? t.steps.length).map((s) => `  ${JSON.stringify(s)},`),
    "];",
    "",
    `describe(${JSON.stringify(`${t.ir.name}'s counterexample on ${t.base.name}'s generated machine`)}, () => {`,
    "  const replay = replayOnMachine(protocol, parameters, steps);",
    ...tests,
    "});",
    "",
  ].join("\n");
}
