/** The protoforge command line: parses arguments and maps every outcome to an exit code. */
import { Command, CommanderError } from "commander";
import type { CheckFlags } from "./check.js";
import type { SimulateFlags } from "./simulate.js";
import { versionText } from "./build-info.js";
import { runFromProjectRoot } from "./project-root.js";
import { runOnThread } from "./off-thread.js";
import { EXIT, reportFailure, systemReason } from "./report.js";

// Each command's module is imported when the command runs, so `--help` and `validate` never load the code generator (ts-morph) or the checker;
// check, simulate and publish run on a worker thread (off-thread.ts), so that a signal is heard whatever they are doing.

/** What `check` and `simulate` share: the spec, which model, parameter overrides, output. */
/** Where check and simulate say how their progress lines are paced (cli/check-progress.ts). */
const PROGRESS_HELP = "\nProgress goes to stderr: redrawn in place on a terminal, else a line every 30 s (PROTOFORGE_PROGRESS_SECONDS=N sets the interval; a run shorter than it writes none).";

function withModel(command: Command): Command {
  return command
    .argument("<spec>", "spec file")
    .option("--model <name>", "which of the spec's models", "ci")
    .option("-p, --param <name=value>", "override a parameter (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--json", "print one JSON object at the end")
    .option("--trace-out <file>", "write the counterexample as ITF (.itf.json) or a Mermaid diagram (.mmd)");
}

function program(setExit: (code: number) => void): Command {
  const cli = new Command("protoforge")
    .description("Distributed protocols as JSON specs: typed TypeScript, a sans-IO state machine, and an exhaustive model checker.")
    .version(versionText(), "-V, --version", "which protoforge runs: its version, and the compiled build or the sources")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })
    .hook("preAction", (_cli, command) => runFromProjectRoot(command as unknown as Parameters<typeof runFromProjectRoot>[0]));
  cli
    .command("validate")
    .description("check specs against the spec format and type-check their expressions (all specs when none is named)")
    .argument("[spec...]", "spec files")
    .option("--json", "print one JSON object: the valid specs, and each error with its file, line, column, pointer and code")
    .action(async (specs: string[], options: { json?: boolean }) => setExit((await import("./validate.js")).validateCommand(specs, options)));
  cli
    .command("gen")
    .description("generate generated/<protocol>/ from specs (all specs when none is named)")
    .argument("[spec...]", "spec files")
    .option("--check", "write nothing; exit 1 when generated/ differs from what the specs generate")
    .option("--out <dir>", "where to write", "generated")
    .action(async (specs: string[], options: { check?: boolean; out: string }) => setExit((await import("./generate.js")).genCommand(specs, options)));
  withModel(cli.command("check").description("explore every reachable state of a model of the spec and check its invariants"))
    .option("--symmetry", "reduce by symmetric node ids even where the model turns it off")
    .option("--no-symmetry", "do not reduce by symmetric node ids")
    .option("--invariant <name>", "check only this invariant or action property (repeatable); the others are not checked", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--no-vacuity", "for a variant that holds, do not compare its successors with its base's (the vacuity check)")
    .option("--deadlock", "report a reachable state with no enabled step")
    .option("--branches", "also report every if of an action whose condition never (or always) held, and every choose value never taken (runs the interpreter on each state: slower)")
    .option("--max-states <n>", "stop after this many distinct states, with the figures so far: the check is then NOT exhaustive (exit 3)")
    .option("--swarm [model]", "then also run seeded random walks on a bigger model (default: the spec's deep model) for a fixed budget of steps")
    .option("--swarm-budget <n>", "the swarm's budget of steps in all (default 20000)")
    .option("--max-memory <MiB>", "stop, with the figures so far, once the process holds this much memory (default: 3/4 of the machine's); the check is then NOT exhaustive (exit 3)")
    .option("--workers <n>", "worker threads for big levels (default: the number of cores); every figure and the trace are the same for any number")
    .addHelpText("after", PROGRESS_HELP)
    .action(async (spec: string, flags: CheckFlags) => setExit(await runOnThread({ command: "check", args: [spec, flags], json: flags.json === true })));
  withModel(cli.command("simulate").description("seeded random walks that check the invariants at every step, for clusters too big to exhaust"))
    .option("--runs <n>", "how many walks", "100")
    .option("--steps <n>", "the longest walk", "100")
    .option("--seed <n>", "the random seed; run r uses seed + r", "1")
    .option("--workers <n>", "worker threads, each walking a range of the seeds (default: the number of cores); the result is the same for any number")
    .option("--deadlock", "report a state with no enabled step")
    .addHelpText("after", PROGRESS_HELP)
    .action(async (spec: string, flags: SimulateFlags) => setExit(await runOnThread({ command: "simulate", args: [spec, flags], json: flags.json === true })));
  cli
    .command("publish")
    .description("regenerate specs (all when none is named), check each ci model against what the spec expects, and write only what passes, with a certificate")
    .argument("[spec...]", "spec files")
    .option("--out <dir>", "where to write", "generated")
    .option("--docs <dir>", "where to regenerate the docs pages of what is published (default: docs, when --out is generated)")
    .action(async (specs: string[], options: { out: string; docs?: string }) => setExit(await runOnThread({ command: "publish", args: [specs, options], json: false })));
  cli
    .command("docs")
    .description("write the docs site's generated pages: a page per protocol (all when no spec is named) with its variants and certificates, the catalogue and the spec-format reference")
    .argument("[spec...]", "spec files; a variant stands for its base's page")
    .option("--out <dir>", "the docs folder", "docs")
    .option("--generated <dir>", "where the certificates and counterexamples are read", "generated")
    .action(async (specs: string[], options: { out: string; generated: string }) => setExit((await import("./docs.js")).docsCommand(specs, options)));
  cli
    .command("run")
    .description("start a local cluster of the spec's generated machine: a process per node, TCP between them on loopback, persistent fields in fsync'd files, an HTTP endpoint per node for its client actions")
    .argument("<spec>", "spec file (its internal actions must say their trigger)")
    .option("--nodes <n>", "how many nodes, for a spec with one role whose size is a parameter")
    .option("-p, --param <name=value>", "set a parameter of the cluster (repeatable); check bounds are no parameters of a cluster", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--base-port <port>", "the first port: peers listen from it on, client endpoints after them", "7400")
    .option("--data <dir>", "where each node keeps its persistent fields (default: .protoforge/run/<protocol>)")
    .action(async (spec: string, flags: import("./run.js").RunFlags) => setExit(await (await import("./run.js")).runCommand(spec, flags)));
  cli
    .command("validate-trace")
    .description("check that a run's recorded steps (protoforge run writes <data>/<role>-<id>.trace.jsonl) are a behaviour of the spec, replayed on its IR, with every invariant holding in every state")
    .argument("<spec>", "spec file")
    .argument("<trace...>", "each node's trace file")
    .option("-p, --param <name=value>", "a parameter the cluster ran with (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .action(async (spec: string, traces: string[], flags: { param: string[] }) => setExit((await import("./validate-trace.js")).validateTraceCommand(spec, traces, flags)));
  cli
    .command("check-history")
    .description("check that the client operations of a run (protoforge run writes <data>/<role>-<id>.history.jsonl) keep a consistency model: linearizable, session (read-your-writes, monotonic reads) or causal")
    .argument("<spec>", "spec file")
    .argument("<history...>", "each node's history file, or a history of read and write events in Jepsen's form")
    .option("--model <model>", "linearizable, session or causal", "linearizable")
    .option("--write <action=path>", "the client action that writes, and where its value is: args.<argument>, state.<field> (the node at the return) or message.<field> (the message that ended it)")
    .option("--read <action=path>", "the client action that reads, and where its result is, e.g. StartRead=message.value")
    .option("--key <path>", "where an operation's key is, for a store with one register per key (default: one register)")
    .option("--initial <json>", "every register's value before any write", "null")
    .action(async (spec: string, histories: string[], flags: import("./check-history.js").CheckHistoryFlags) => setExit((await import("./check-history.js")).checkHistoryCommand(spec, histories, flags)));
  cli
    .command("test-from-trace")
    .description("turn a refuted variant's counterexample into a vitest file that replays it on the base's generated machine and asserts where the two part ways")
    .argument("<variant>", "variant spec file (it extends its base)")
    .option("--model <name>", "the model that refutes it (default: the one its expect names, else ci)")
    .requiredOption("--out <file>", "the test file to write (.test.ts)")
    .action(async (variant: string, flags: import("./test-from-trace.js").TestFromTraceFlags) => setExit(await (await import("./test-from-trace.js")).testFromTraceCommand(variant, flags)));
  cli
    .command("explore")
    .description("serve the trace explorer on a local page for one model: the counterexample a check finds (or the initial state), or an ITF trace; pick a state, see the steps it enables, follow one")
    .argument("<spec>", "spec file")
    .option("--model <name>", "which of the spec's models", "ci")
    .option("-p, --param <name=value>", "override a parameter (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--trace <file>", "an ITF trace to open (check --trace-out FILE.itf.json writes one), replayed on the model instead of checking it")
    .option("--port <port>", "the port on 127.0.0.1 (0: any free port)", "7700")
    .action(async (spec: string, flags: import("./explore.js").ExploreFlags) => setExit(await (await import("./explore.js")).exploreCommand(spec, flags)));
  cli
    .command("lsp")
    .description("a language server for editors over stdio: a spec's errors as diagnostics while it is edited, and completions inside expressions")
    .option("--stdio", "talk over standard input and output (the only way; editors' clients pass it)")
    .action(async () => (await import("./lsp/server.js")).lspCommand());
  return cli;
}

async function run(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  try {
    await program((c) => (code = c)).parseAsync(argv as string[], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.specError;
    return reportFailure(e);
  }
  return code;
}

// A reader that stops early (`protoforge check ... | head`) closes the pipe: that is not an error of ours.
// Any other failure to write the output (`> /dev/full`) is said in one line, with exit 2.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`protoforge: cannot write the standard output: ${systemReason(e) ?? e.message}\n`);
    process.exit(EXIT.specError);
  });
}

process.exitCode = await run(process.argv.slice(2));
