/**
 * `protoforge publish`: the gate. Every spec is regenerated and each of its
 * published models (`ci`, and those marked `publish`) checked against what the
 * spec expects (see expectation.ts); a variant that holds is compared with its
 * base to show its change was exercised. Only a spec that meets its
 * expectation gets its generated folder written, with a certificate; a failing
 * spec's previous folder is left as it was.
 */
import { join } from "node:path";
import { emitProtocol } from "../generator/emit/index.js";
import type { Compiled } from "../generator/compile.js";
import type { CheckModel } from "../generator/ir.js";
import { traceItf, traceMermaid, traceText } from "../checkers/trace-format.js";
import { holdsAlready, recoverFolders, writeFolder } from "../generator/write.js";
import { CERTIFICATE, certificateText, generatedHash, readCertificate, specHash, type Certificate, type ModelCheckRecord, type SwarmRecord } from "./certificate.js";
import { reportText, verdictLine } from "./check-report.js";
import { docsDirFor, docsFiles, writeDocs } from "./docs.js";
import { expectationJson, expectationOf, shortfall, violatedIn, wantedText } from "./expectation.js";
import { livenessRecord, overallVerdict } from "./check-liveness.js";
import { branchHook, BranchTally, gapLine } from "./branches.js";
import { compileAll, specsToRun } from "./validate.js";
import { importModel, modelFiles, type ModelFiles } from "./load-model.js";
import { count, EXIT, plural, printErrors, roundedSeconds, say } from "./report.js";
import { runCheck, type CheckOutcome } from "./run-check.js";
import { exitOnStop, signalName, type Shared, type StopRequest } from "./stop.js";
import { runSwarm, swarmLines, swarmModelOf, SWARM, type SwarmOutcome } from "./swarm.js";
import { vacuityOf, type Vacuity } from "./vacuity.js";
import { happyPaths, type HappyPathRecord } from "./happy-path.js";
import { ReachableTally, reachableHook, type ReachableRecord } from "./state-transitions.js";
import type { GlobalState } from "../checkers/model.js";

/** Seconds as certificates and the published line give them: to the millisecond. */

interface PublishedCheck {
  readonly outcome: CheckOutcome;
  readonly vacuity: Vacuity | null;
}

/** The model a refuted variant names first, then `ci`, then the other published models in the spec's order. */
function publishedModels(c: Compiled): CheckModel[] {
  const first = c.ir.expect !== null && "violates" in c.ir.expect ? c.ir.expect.model : undefined;
  const rank = (m: CheckModel): number => (m.name === first ? 0 : m.name === "ci" ? 1 : 2);
  return c.ir.models.filter((m) => m.publish).sort((a, b) => rank(a) - rank(b));
}

function modelRecord(check: PublishedCheck): ModelCheckRecord {
  const { outcome: o, vacuity: v } = check;
  return {
    model: o.request.modelName,
    parameters: o.request.parameters,
    symmetry: o.symmetry,
    verdict: overallVerdict(o),
    violated: violatedIn({ result: o.result, vacuity: v, liveness: o.liveness }),
    distinctStates: o.result.distinctStates,
    statesGenerated: o.result.statesGenerated,
    depth: o.result.depth,
    outsideConstraint: o.result.outsideConstraint,
    neverFired: o.result.coverage.filter((s) => s.count === 0).map((s) => s.step),
    exercised: v === null ? null : v.compared ? v.exercised : v.changed.filter((s) => !v.changedNeverFired.includes(s)),
    seconds: roundedSeconds(o.result.seconds),
    ...(o.liveness === null ? {} : { liveness: livenessRecord(o.liveness) }),
  };
}

/** The counterexample a check found: the shortest trace to a broken invariant, or the lasso refuting a liveness property. */
const counterexampleOf = (o: CheckOutcome) => o.trace ?? o.liveness?.result.trace ?? null;

/** A trace's length, or for a lasso, its prefix and loop. */
function lassoText(trace: NonNullable<ReturnType<typeof counterexampleOf>>): string {
  const steps = trace.steps.length - 1;
  if (trace.loop === undefined) return `in ${plural(steps, "step")}`;
  if (trace.loop.back === null) return `by a lasso of ${plural(trace.loop.start, "step")}, then staying there forever`;
  return `by a lasso of ${plural(trace.loop.start, "step")} and a loop of ${plural(steps - trace.loop.start + 1, "step")}`;
}

function swarmRecord(s: SwarmOutcome | null): SwarmRecord | null {
  if (s === null) return null;
  return { model: s.modelName, seed: SWARM.seed, budget: s.budget, longestWalk: SWARM.steps, walks: s.result.runs, verdict: s.result.verdict, seconds: roundedSeconds(s.result.seconds) };
}

function certificateOf(c: Compiled, decisive: PublishedCheck, checks: readonly PublishedCheck[], swarm: SwarmOutcome | null, branches: BranchTally | null, reachable: ReachableRecord | null, paths: readonly HappyPathRecord[], files: ReadonlyMap<string, string>): Certificate {
  const o = decisive.outcome;
  return {
    spec: c.ir.name,
    file: c.ir.file.split("\\").join("/"),
    specHash: specHash(c.loaded.files),
    generatedHash: generatedHash(files),
    model: o.request.modelName,
    parameters: o.request.parameters,
    invariants: o.invariants,
    properties: o.properties,
    symmetry: o.symmetry,
    expected: expectationJson(c.ir.expect),
    verdict: overallVerdict(o),
    violated: violatedIn({ result: o.result, vacuity: decisive.vacuity, liveness: o.liveness }),
    counterexample: counterexampleOf(o) === null ? null : traceText(counterexampleOf(o)!, o.request.model.messageRoles),
    distinctStates: o.result.distinctStates,
    statesGenerated: o.result.statesGenerated,
    depth: o.result.depth,
    seconds: roundedSeconds(o.result.seconds),
    checks: checks.map(modelRecord),
    swarm: swarmRecord(swarm),
    ...(branches === null ? {} : { branchesNeverRun: branches.gaps().map(gapLine) }),
    ...(reachable === null ? {} : { reachable }),
    ...(paths.length === 0 ? {} : { happyPaths: paths }),
  };
}

/** The hooks a search runs on each expanded state, as one (none when there are none). */
function expandHooks(...hooks: ((state: GlobalState) => void)[]): ((state: GlobalState) => void) | undefined {
  if (hooks.length === 0) return undefined;
  return hooks.length === 1 ? hooks[0] : (state) => hooks.forEach((h) => h(state));
}

async function checkModel(c: Compiled, files: ModelFiles, m: CheckModel, branches: BranchTally | null, reachable: ReachableTally | null, stop: StopRequest): Promise<PublishedCheck> {
  const { model, parameters } = await importModel(files, c.ir, m.name, {});
  const onExpand = expandHooks(...(branches === null ? [] : [branchHook(c.ir, parameters, branches)]), ...(reachable === null ? [] : [reachableHook(model, reachable)]));
  const outcome = runCheck({ ir: c.ir, model, modelName: m.name, parameters, onExpand, stop });
  const wantsComparison = c.ir.base !== null && outcome.result.verdict === "ok" && !("violates" in expectationOf(c.ir.expect));
  return { outcome, vacuity: wantsComparison ? await vacuityOf(outcome, c.baseIr) : null };
}

function refuse(c: Compiled, why: string, checks: readonly PublishedCheck[]): "refused" {
  const expect = expectationOf(c.ir.expect);
  process.stderr.write(`not published: ${c.ir.file}: expected ${wantedText(expect)}, but ${why}\n`);
  for (const check of checks) process.stderr.write(reportText(check.outcome, check.vacuity));
  return "refused";
}

/** Coverage gaps of a base spec in its published models (a step or branch that ran in none): reported, not refused. */
function coverageNotes(checks: readonly PublishedCheck[], branches: BranchTally): string[] {
  const steps = checks[0].outcome.result.coverage.map((s) => s.step).filter((step) => checks.every((k) => k.outcome.result.coverage.find((s) => s.step === step)?.count === 0));
  return [...(steps.length === 0 ? [] : [`  never fired in any published model: ${steps.join(", ")}`]), ...branches.gaps().map((g) => `  never ran in any published model: ${gapLine(g)}`)];
}

type Published = "published" | "unchanged" | "refused" | "stopped";

/**
 * Checks one spec and writes its folder when it meets its expectation
 * ("unchanged" when the folder already holds exactly that); "stopped" when a
 * stop request cut a check short (nothing is written).
 */
async function publishOne(c: Compiled, out: string, stop: StopRequest): Promise<Published> {
  const files = emitProtocol(c.ir);
  const loadable = await modelFiles(c.ir, files);
  try {
    const checks: PublishedCheck[] = [];
    const branches = c.ir.base === null ? new BranchTally(c.ir) : null;
    // A base spec's state diagrams and depth chart are drawn from its ci model's reachable graph.
    const ci = c.ir.models.find((m) => m.name === "ci");
    const tally = c.ir.base === null && ci !== undefined ? new ReachableTally(c.ir, ci.symmetry) : null;
    const expect = expectationOf(c.ir.expect);
    for (const m of publishedModels(c)) {
      const check = await checkModel(c, loadable, m, branches, m.name === "ci" ? tally : null, stop);
      if (stop.requested) return "stopped";
      checks.push(check);
      if ("violates" in expect && (check.outcome.result.verdict !== "ok" || (check.outcome.liveness !== null && check.outcome.liveness.result.verdict !== "ok"))) break;
    }
    const why = shortfall(expect, checks.map((k) => ({ result: k.outcome.result, vacuity: k.vacuity, liveness: k.outcome.liveness })), c.ir.base !== null);
    if (why !== null) return refuse(c, why, checks);
    if (stop.requested) return "stopped";
    const swarmModel = "violates" in expect ? null : swarmModelOf(c.ir);
    const swarm = swarmModel === null ? null : await runSwarm(c.ir, loadable, swarmModel);
    if (swarm !== null && swarm.result.verdict !== "ok") {
      process.stderr.write(`not published: ${c.ir.file}: expected ${wantedText(expect)}, but the swarm found a problem\n${swarmLines(swarm).join("\n")}\n`);
      return "refused";
    }
    // A refuted variant's checks stop at the model that refuted it; every other spec is decided by ci.
    const decisive = "violates" in expect ? checks[checks.length - 1] : checks[0];
    const reachable = tally === null || !checks.some((k) => k.outcome.request.modelName === "ci") ? null : tally.record("ci");
    const paths = c.ir.base === null && ci !== undefined ? happyPaths(c.ir.name, (await importModel(loadable, c.ir, "ci", {})).model) : [];
    const certificate = certificateOf(c, decisive, checks, swarm, branches, reachable, paths, files);
    const written = new Map(files);
    written.set(CERTIFICATE, certificateText(certificate, readCertificate(join(out, c.ir.name))));
    const o = decisive.outcome;
    const counterexample = counterexampleOf(o);
    if (counterexample !== null) {
      const roles = o.request.model.messageRoles;
      written.set("counterexample.mmd", traceMermaid(counterexample, roles, verdictLine(o)));
      written.set("counterexample.itf.json", JSON.stringify(traceItf(counterexample, o.request.model, certificate.file, verdictLine(o), roles), null, 2) + "\n");
    }
    const unchanged = holdsAlready(out, c.ir.name, written);
    if (!unchanged) writeFolder(out, c.ir.name, written);
    const found = certificate.violated === null ? ("equivalent" in expect ? "behaves exactly as its base" : "every invariant holds") : `refuted: ${certificate.violated} violated ${lassoText(counterexample!)}`;
    const models = checks.map((k) => `${k.outcome.request.modelName}: ${count(k.outcome.result.distinctStates, "state")}, depth ${k.outcome.result.depth}, ${roundedSeconds(k.outcome.result.seconds)} s`);
    if (swarm !== null) models.push(`swarm on ${swarm.modelName}: ${count(swarm.result.stepsTaken, "step")}, ${roundedSeconds(swarm.result.seconds)} s`);
    say(`${unchanged ? "unchanged" : "published"} ${out}/${c.ir.name}: ${found} (${models.join("; ")})`);
    if (branches !== null) for (const line of coverageNotes(checks, branches)) say(line);
    return unchanged ? "unchanged" : "published";
  } finally {
    loadable.dispose();
  }
}

/** Regenerates the docs pages of the protocols just published, from their new certificates. */
function republishPages(published: readonly Compiled[], all: boolean, generatedDir: string, docsDir: string): void {
  if (published.length === 0) return;
  const build = docsFiles(all ? [] : published.map((c) => c.ir.file), generatedDir);
  if (build.errors.length > 0) printErrors(build.errors);
  else writeDocs(build, docsDir, all);
}

export async function publishCommand(files: readonly string[], options: { out: string; docs?: string }, shared: Shared): Promise<number> {
  const all = files.length === 0;
  const { stop } = shared;
  const { compiled, errors } = compileAll(specsToRun(files), stop);
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  if (stop.requested) {
    say(`stopped (${signalName(stop)}) while reading the specs: nothing was published`);
    return exitOnStop(stop);
  }
  recoverFolders(options.out);
  const published: Compiled[] = [];
  const tally = { published: 0, unchanged: 0, refused: 0 };
  let stoppedAt: Compiled | null = null;
  for (const c of compiled) {
    const done = await publishOne(c, options.out, stop);
    if (done === "stopped") {
      stoppedAt = c;
      break;
    }
    tally[done]++;
    if (done !== "refused") published.push(c);
  }
  const docsDir = options.docs ?? docsDirFor(options.out);
  if (docsDir !== null) republishPages(published, all && published.length === compiled.length, options.out, docsDir);
  if (stoppedAt !== null) {
    say(`stopped (${signalName(stop)}) while checking ${stoppedAt.ir.file}: ${published.length} of ${compiled.length} specs published before it; it and the rest were left as they were`);
    return exitOnStop(stop);
  }
  say(`${compiled.length} specs: ${tally.published} published, ${tally.unchanged} unchanged, ${tally.refused} refused`);
  const failed = compiled.length - published.length;
  if (failed > 0) process.stderr.write(`${failed} of ${compiled.length} specs not published\n`);
  return failed > 0 ? EXIT.violation : EXIT.ok;
}
