/**
 * `protoforge run <spec>`: a local cluster of the spec's generated machine, one
 * process per node (host/node-main.ts), TCP between them on loopback, each
 * node's persistent fields in its own fsync'd file under --data, and an HTTP
 * endpoint per node for the spec's client actions. It runs the committed
 * generated code, so generated/<protocol>/ must be what the spec generates.
 * Each node's log lines are printed with its name; Ctrl-C stops them all.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { emitProtocol } from "../generator/emit/index.js";
import { roleCount } from "../generator/interpret/values.js";
import type { ProtocolIR } from "../generator/ir.js";
import { diffFolder } from "../generator/write.js";
import { CODE_ROOT, buildHash } from "./build-info.js";
import { parseParameters } from "./load-model.js";
import { EXIT, printErrors, say, UsageError } from "./report.js";
import { compileAll } from "./validate.js";

export interface RunFlags {
  readonly nodes?: string;
  readonly param: readonly string[];
  readonly basePort: string;
  readonly data?: string;
}

/** The project the generated code and host/ live in (the sources, whichever build runs the CLI). */
const PROJECT = buildHash() === null ? CODE_ROOT : join(CODE_ROOT, "..");

export async function runCommand(spec: string, flags: RunFlags): Promise<number> {
  const { compiled, errors } = compileAll([spec]);
  if (errors.length > 0) {
    printErrors(errors);
    return EXIT.specError;
  }
  const { ir } = compiled[0];
  const untriggered = ir.actions.filter((a) => a.on === null && a.trigger === null).map((a) => a.name);
  if (untriggered.length > 0) throw new UsageError(`${ir.file}: ${untriggered.join(", ")} say no trigger, so a host cannot tell when to take them: give each action a "trigger" (see docs/reference/spec-format.md)`);
  const parameters = clusterParameters(ir, flags);
  const stale = diffFolder("generated", ir.name, emitProtocol(ir));
  if (stale.changed.length > 0) throw new UsageError(`generated/${ir.name} is not what ${spec} generates (${stale.changed.join(", ")}): run \`protoforge gen ${spec}\` first`);
  const nodes = ir.roles.flatMap((r) => Array.from({ length: roleCount(ir, r.name, parameters) }, (_, self) => ({ role: r.name, self })));
  const base = Number(flags.basePort);
  if (!Number.isInteger(base) || base < 1024 || base + 2 * nodes.length > 65535) throw new UsageError(`--base-port ${flags.basePort}: expected a port from 1024 on, with room for ${2 * nodes.length} ports`);
  const peers = Object.fromEntries(nodes.map((n, i) => [`${n.role}:${n.self}`, base + i]));
  const dataDir = resolve(flags.data ?? join(".protoforge", "run", ir.name));
  const module = join(PROJECT, "generated", ir.name, "protocol.ts");
  if (!existsSync(module)) throw new UsageError(`no ${module}: run \`protoforge gen ${spec}\` first`);
  say(`${ir.title}: ${nodes.length} nodes (${Object.entries(parameters).map(([k, v]) => `${k} = ${v}`).join(", ")}), storage in ${dataDir}`);
  const children = nodes.map((n, i) => {
    const config = { module, role: n.role, self: n.self, parameters, peers, clientPort: base + nodes.length + i, dataDir };
    say(`  ${n.role} ${n.self}: client http://127.0.0.1:${config.clientPort} (GET /state, POST /actions/<action>), peers on ${peers[`${n.role}:${n.self}`]}`);
    return startNode(`${n.role} ${n.self}`, config);
  });
  return await new Promise<number>((done) => {
    let stopping = false;
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      for (const c of children) c.kill("SIGTERM");
      Promise.all(children.map((c) => new Promise((exited) => (c.exitCode !== null ? exited(null) : c.once("exit", exited))))).then(() => done(code));
    };
    process.once("SIGINT", () => stop(EXIT.interrupted));
    process.once("SIGTERM", () => stop(EXIT.terminated));
    for (const c of children) c.once("exit", (code) => {
      if (!stopping && code !== 0) {
        process.stderr.write(`protoforge: a node exited with code ${code}; stopping the cluster\n`);
        stop(EXIT.specError);
      }
    });
  });
}

function startNode(name: string, config: object): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT, "host", "node-main.ts"), JSON.stringify(config)], { cwd: PROJECT, stdio: ["ignore", "pipe", "pipe"] });
  createInterface({ input: child.stdout! }).on("line", (line) => process.stdout.write(`${line}\n`));
  createInterface({ input: child.stderr! }).on("line", (line) => process.stderr.write(`[${name}] ${line}\n`));
  return child;
}

/** The spec's defaults, then -p, then --nodes for the one role whose count is a parameter. */
function clusterParameters(ir: ProtocolIR, flags: RunFlags): Record<string, number> {
  const runtime = ir.parameters.filter((p) => !p.checkOnly);
  const given = parseParameters(flags.param);
  const out: Record<string, number> = Object.fromEntries(runtime.map((p) => [p.name, p.default]));
  for (const [name, value] of Object.entries(given)) {
    const p = ir.parameters.find((q) => q.name === name);
    if (p === undefined) throw new UsageError(`-p ${name}: ${ir.name} has no parameter ${name} (parameters: ${runtime.map((q) => q.name).join(", ")})`);
    if (p.checkOnly) throw new UsageError(`-p ${name}: ${name} is a check bound, which a running cluster does not have`);
    out[name] = value;
  }
  if (flags.nodes !== undefined) {
    const counted = ir.roles.filter((r) => "param" in r.count);
    if (counted.length !== 1) throw new UsageError(`--nodes: ${ir.name} has ${counted.length} roles whose size is a parameter; set each with -p (${counted.map((r) => ("param" in r.count ? r.count.param : "")).join(", ")})`);
    const count = counted[0].count as { readonly param: string; readonly scale: number; readonly offset: number };
    const n = Number(flags.nodes);
    if (!Number.isInteger(n) || (n - count.offset) % count.scale !== 0) throw new UsageError(`--nodes ${flags.nodes}: expected a node count of role ${counted[0].name}`);
    out[count.param] = (n - count.offset) / count.scale;
  }
  for (const p of runtime) if (!(out[p.name] >= p.min && out[p.name] <= p.max)) throw new UsageError(`${p.name} = ${out[p.name]} is outside ${p.min}..${p.max}`);
  return out;
}
