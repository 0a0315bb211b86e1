/** `protoforge gen`: specs -> IR -> generated/, all or nothing. */
import { emitProtocol } from "../generator/emit/index.js";
import { diffFolder, leftovers, recoverFolders, strayFolders, writeFolder } from "../generator/write.js";
import { join } from "node:path";
import { generatedHash, readCertificate, specHash } from "./certificate.js";
import { docsDirFor, docsFiles, docsProblems, variantSchemaStale } from "./docs.js";
import { VARIANT_SCHEMA_FILE } from "../generator/variant-schema.js";
import { EXIT, printErrors, say } from "./report.js";
import { compileAll, specsToRun } from "./validate.js";

export function genCommand(files: readonly string[], options: { check?: boolean; out: string }): number {
  const all = files.length === 0;
  const { compiled, errors } = compileAll(specsToRun(files));
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  const outputs = compiled.map(({ ir, loaded }) => ({ name: ir.name, files: emitProtocol(ir), sources: loaded.files }));
  if (options.check) return Math.max(check(outputs, options.out, all), checkPages(files, options.out));
  recoverFolders(options.out);
  for (const { name, files: content } of outputs) {
    const diff = diffFolder(options.out, name, content);
    if (diff.changed.length === 0) {
      say(`unchanged ${options.out}/${name}`);
      continue;
    }
    writeFolder(options.out, name, content);
    say(`wrote ${options.out}/${name} (${diff.changed.join(", ")})`);
  }
  return EXIT.ok;
}

/** Why the folder's certificate does not vouch for the spec and code as they are now, or null when it does. */
function certificateProblem(out: string, name: string, files: ReadonlyMap<string, string>, sources: readonly string[]): string | null {
  const certificate = readCertificate(join(out, name));
  if (certificate === null) return "has no CERTIFICATE.json";
  if (certificate.specHash !== specHash(sources)) return "CERTIFICATE.json was made for another version of the spec";
  if (certificate.generatedHash !== generatedHash(files)) return "CERTIFICATE.json was made for other generated code";
  return null;
}

function check(outputs: readonly { name: string; files: ReadonlyMap<string, string>; sources: readonly string[] }[], out: string, all: boolean): number {
  const stale = outputs.map(({ name, files }) => diffFolder(out, name, files)).filter((d) => d.changed.length > 0);
  const strays = all ? strayFolders(out, new Set(outputs.map((o) => o.name))) : [];
  const uncertified = outputs.map((o) => ({ name: o.name, problem: certificateProblem(out, o.name, o.files, o.sources) })).filter((c) => c.problem !== null);
  for (const d of stale) process.stderr.write(`stale: ${out}/${d.name}: ${d.changed.join(", ")} differ from what the spec generates; run \`npm run main\`\n`);
  for (const s of strays) process.stderr.write(`stale: ${out}/${s} comes from no spec; delete it\n`);
  for (const c of uncertified) process.stderr.write(`stale: ${out}/${c.name} ${c.problem}; run \`npm run main\` (protoforge publish)\n`);
  const left = leftovers(out);
  for (const l of left) process.stderr.write(`stale: ${out}/${l.folder} was left by a run that did not finish; \`protoforge gen\` ${l.kind === "retired" ? `puts ${l.name} back if it is missing and ` : ""}removes it\n`);
  if (stale.length > 0 || strays.length > 0 || uncertified.length > 0 || left.length > 0) return EXIT.violation;
  say(`generated code is up to date (${outputs.length} specs)`);
  return EXIT.ok;
}

/** The generated docs pages, as `protoforge docs` would write them from these specs and certificates. */
function checkPages(files: readonly string[], out: string): number {
  const docsDir = docsDirFor(out);
  if (docsDir === null) return EXIT.ok;
  // Named specs answer for their own protocols' pages; the catalogue is checked with everything.
  const build = docsFiles(files, out, files.length === 0);
  if (build.errors.length > 0) {
    printErrors(build.errors);
    return EXIT.specError;
  }
  const { stale, strays } = docsProblems(build, docsDir, files.length === 0);
  for (const path of stale) process.stderr.write(`stale: ${join(docsDir, path)} differs from what the specs and certificates generate; run \`npx protoforge docs\`\n`);
  for (const path of strays) process.stderr.write(`stale: ${join(docsDir, path)} comes from no spec; run \`npx protoforge docs\`\n`);
  const schema = files.length === 0 && variantSchemaStale();
  if (schema) process.stderr.write(`stale: ${VARIANT_SCHEMA_FILE} differs from what the meta-schema derives; run \`npx protoforge docs\`\n`);
  if (stale.length > 0 || strays.length > 0 || schema) return EXIT.violation;
  say(`docs pages are up to date (${build.files.size} pages)`);
  return EXIT.ok;
}
