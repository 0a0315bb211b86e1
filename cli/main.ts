/** The protoforge command line: parses arguments and maps every outcome to an exit code. */
import { Command, CommanderError } from "commander";
import { genCommand, validateCommand } from "./generate.js";
import { EXIT, UsageError } from "./report.js";

function program(setExit: (code: number) => void): Command {
  const cli = new Command("protoforge")
    .description("Distributed protocols as JSON specs: typed TypeScript, a sans-IO state machine, and an exhaustive model checker.")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  cli
    .command("validate")
    .description("check specs against the spec format and type-check their expressions (all specs when none is named)")
    .argument("[spec...]", "spec files")
    .action((specs: string[]) => setExit(validateCommand(specs)));
  cli
    .command("gen")
    .description("generate generated/<protocol>/ from specs (all specs when none is named)")
    .argument("[spec...]", "spec files")
    .option("--check", "write nothing; exit 1 when generated/ differs from what the specs generate")
    .option("--out <dir>", "where to write", "generated")
    .action((specs: string[], options: { check?: boolean; out: string }) => setExit(genCommand(specs, options)));
  return cli;
}

function run(argv: readonly string[]): number {
  let code: number = EXIT.ok;
  try {
    program((c) => (code = c)).parse(argv as string[], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.specError;
    if (e instanceof UsageError) {
      process.stderr.write(`protoforge: ${e.message}\n`);
      return EXIT.specError;
    }
    process.stderr.write(`protoforge: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.internal;
  }
  return code;
}

process.exitCode = run(process.argv.slice(2));
