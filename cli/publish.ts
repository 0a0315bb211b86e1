/**
 * `protoforge publish`: the gate. Every spec is regenerated and its `ci` model
 * checked against what the spec expects (a base spec: every invariant holds; a
 * variant: its `expect`). Only a spec that meets it gets its generated folder
 * written, with a certificate; a failing spec's previous folder is left as it was.
 */
import { join } from "node:path";
import { discoverSpecs } from "../generator/discover.js";
import { emitProtocol } from "../generator/emit/index.js";
import type { Compiled } from "../generator/compile.js";
import { traceItf, traceMermaid, traceText } from "../checkers/trace-format.js";
import { writeFolder } from "../generator/write.js";
import { CERTIFICATE, certificateText, generatedHash, readCertificate, specHash, type Certificate } from "./certificate.js";
import { reportText, verdictLine } from "./check-report.js";
import { docsDirFor, docsFiles, writeDocs } from "./docs.js";
import { compileAll } from "./generate.js";
import { discard, importModel, stage } from "./load-model.js";
import { EXIT, plural, printErrors, say } from "./report.js";
import { runCheck, type CheckOutcome } from "./run-check.js";

function meetsExpectation(c: Compiled, o: CheckOutcome): boolean {
  const expect = c.ir.expect ?? { holds: true };
  const f = o.result.finding;
  if ("holds" in expect) return o.result.verdict === "ok";
  return f !== null && (f.kind === "invariant" || f.kind === "property") && expect.violates.includes(f.name);
}

function certificateOf(c: Compiled, o: CheckOutcome, files: ReadonlyMap<string, string>): Certificate {
  const f = o.result.finding;
  const expect = c.ir.expect;
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
    expected: expect === null || "holds" in expect ? "holds" : { violates: expect.violates },
    verdict: o.result.verdict,
    violated: f !== null && (f.kind === "invariant" || f.kind === "property") ? f.name : null,
    counterexample: o.trace === null ? null : traceText(o.trace, o.request.model.messageRoles),
    distinctStates: o.result.distinctStates,
    statesGenerated: o.result.statesGenerated,
    depth: o.result.depth,
    seconds: Math.round(o.result.seconds * 1000) / 1000,
  };
}

async function publishOne(c: Compiled, out: string): Promise<boolean> {
  const files = emitProtocol(c.ir);
  const dir = stage(out, c.ir.name, files);
  try {
    const { model, parameters } = await importModel(dir, c.ir, "ci", {});
    const outcome = runCheck({ ir: c.ir, model, modelName: "ci", parameters });
    if (!meetsExpectation(c, outcome)) {
      const wanted = c.ir.expect === null || "holds" in c.ir.expect ? "every invariant to hold" : `a violation of ${c.ir.expect.violates.join(" or ")}`;
      process.stderr.write(`not published: ${c.ir.file}: expected ${wanted}, found: ${verdictLine(outcome)}\n${reportText(outcome)}`);
      return false;
    }
    const certificate = certificateOf(c, outcome, files);
    const written = new Map(files);
    written.set(CERTIFICATE, certificateText(certificate, readCertificate(join(out, c.ir.name))));
    if (outcome.trace !== null) {
      const roles = model.messageRoles;
      written.set("counterexample.mmd", traceMermaid(outcome.trace, roles, verdictLine(outcome)));
      written.set("counterexample.itf.json", JSON.stringify(traceItf(outcome.trace, model, certificate.file, verdictLine(outcome), roles), null, 2) + "\n");
    }
    writeFolder(out, c.ir.name, written);
    const found = certificate.violated === null ? "every invariant holds" : `refuted: ${certificate.violated} violated in ${plural(outcome.trace!.steps.length - 1, "step")}`;
    say(`published ${out}/${c.ir.name}: ${found} (${certificate.distinctStates.toLocaleString("en")} states, depth ${certificate.depth}, ${certificate.seconds} s)`);
    return true;
  } finally {
    discard(dir);
  }
}

/** Regenerates the docs pages of the protocols just published, from their new certificates. */
function republishPages(published: readonly Compiled[], all: boolean, generatedDir: string, docsDir: string): void {
  if (published.length === 0) return;
  const build = docsFiles(all ? [] : published.map((c) => c.ir.file), generatedDir);
  if (build.errors.length > 0) printErrors(build.errors);
  else writeDocs(build, docsDir, all);
}

export async function publishCommand(files: readonly string[], options: { out: string; docs?: string }): Promise<number> {
  const all = files.length === 0;
  const { compiled, errors } = compileAll(all ? discoverSpecs() : files);
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  const published: Compiled[] = [];
  for (const c of compiled) if (await publishOne(c, options.out)) published.push(c);
  const docsDir = options.docs ?? docsDirFor(options.out);
  if (docsDir !== null) republishPages(published, all && published.length === compiled.length, options.out, docsDir);
  const failed = compiled.length - published.length;
  if (failed > 0) process.stderr.write(`${failed} of ${compiled.length} specs not published\n`);
  return failed > 0 ? EXIT.violation : EXIT.ok;
}
