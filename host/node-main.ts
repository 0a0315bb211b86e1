/**
 * One node of a local cluster as its own process (`protoforge run` starts one
 * per node): the generated protocol loaded from its module, a HostNode with
 * TCP to its peers and an fsync'd file for its persistent fields, and an HTTP
 * endpoint on loopback for clients:
 *   GET  /state               the node's state and counters
 *   POST /actions/<action>    a client action; the body is its arguments as JSON
 *   POST /faults              for a test harness: links to cut and a delay per message (host/faults.ts)
 * Every line it writes to stdout is one JSON object: what the node did.
 * Beside its storage it keeps two files: its steps (<role>-<id>.trace.jsonl,
 * for protoforge validate-trace) and its client operations' invocations and
 * returns with wall-clock times (<role>-<id>.history.jsonl, for protoforge
 * check-history).
 * Its one argument is the NodeConfig, as JSON.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { FaultyTransport, parseFaults } from "./faults.js";
import { HostNode } from "./node.js";
import type { HostedProtocol } from "./protocol.js";
import { FileStorage, StorageError } from "./storage.js";
import { LOOPBACK, TcpTransport, type PeerPorts } from "./tcp.js";

export interface NodeConfig {
  /** The generated protocol.ts (or .js) to run. */
  readonly module: string;
  readonly role: string;
  readonly self: number;
  readonly parameters: Readonly<Record<string, number>>;
  readonly peers: PeerPorts;
  readonly clientPort: number;
  readonly dataDir: string;
}

const config = JSON.parse(process.argv[2]) as NodeConfig;
const name = `${config.role} ${config.self}`;
const say = (event: string, detail: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ t: Date.now(), node: name, event, ...detail })}\n`);
};

const { protocol } = (await import(pathToFileURL(config.module).href)) as { protocol: HostedProtocol<Record<string, number>> };
mkdirSync(config.dataDir, { recursive: true });
const storage = new FileStorage(join(config.dataDir, `${config.role}-${config.self}.jsonl`));
// The node's steps as it takes them, for protoforge validate-trace; written (not synced) after the step is saved and before its messages leave.
const traceFile = join(config.dataDir, `${config.role}-${config.self}.trace.jsonl`);
let seq = existsSync(traceFile) ? readFileSync(traceFile, "utf8").split("\n").filter((l) => l !== "").length : 0;
const record = (entry: Record<string, unknown>): void => appendFileSync(traceFile, `${JSON.stringify({ node: { role: config.role, self: config.self }, seq: seq++, t: Date.now(), ...entry })}\n`);
// The client operations, as HostNode reports them; one the node was in when it crashed gets an `info` return: it may or may not have happened.
const historyFile = join(config.dataDir, `${config.role}-${config.self}.history.jsonl`);
const historyEvent = (event: Record<string, unknown>): void => appendFileSync(historyFile, `${JSON.stringify({ process: name, ...event })}\n`);
const lastEvent = existsSync(historyFile) ? readFileSync(historyFile, "utf8").trim().split("\n").pop() : undefined;
const openAtCrash = /^\{.*"type":"invoke","action":"([A-Za-z_][A-Za-z0-9_]*)"/.exec(lastEvent ?? "");
if (openAtCrash !== null) historyEvent({ type: "info", action: openAtCrash[1], t: Date.now() });
/** How long a starting node waits for its peers to listen before it takes its first steps anyway. */
const PEER_WAIT_MS = 10_000;
let node: HostNode<Record<string, number>>;
const transport = new TcpTransport(config.peers, (value) => node.receive(value));
const faulty = new FaultyTransport(transport);
try {
  node = new HostNode(protocol, { ...protocol.defaultParameters, ...config.parameters }, config.role, config.self, { transport: faulty, storage, log: say, onStep: (s) => record({ kind: "step", action: s.action, ...(s.message === undefined ? {} : { message: s.message }), ...(s.args === undefined ? {} : { args: s.args }), before: s.before, after: s.after, sent: s.sent }), onClientEvent: historyEvent });
} catch (e) {
  // A corrupt storage file or a spec a host cannot run: one clear line, and the node does not start.
  process.stderr.write(`${name}: ${e instanceof StorageError || e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
if (storage.torn) say("torn record dropped", { file: storage.file });
record({ kind: node.restarted ? "restart" : "start", after: node.state });

await transport.listen(config.peers[`${config.role}:${config.self}`]);
const client = createServer((request, response) => void serve(request, response));
await new Promise<void>((resolve) => client.listen(config.clientPort, LOOPBACK, () => resolve()));
await untilPeersListen(PEER_WAIT_MS);
node.start();
say("ready", { peerPort: config.peers[`${config.role}:${config.self}`], clientPort: config.clientPort });

async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(`${JSON.stringify(body)}\n`);
  };
  const url = new URL(request.url ?? "/", "http://localhost");
  if (request.method === "GET" && url.pathname === "/state") return reply(200, { role: config.role, self: config.self, state: node.state, stats: node.stats, clientActions: node.clientActions() });
  const action = /^\/actions\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(url.pathname);
  if (request.method === "POST" && url.pathname === "/faults") {
    let body = "";
    for await (const chunk of request) body += chunk;
    let settings: ReturnType<typeof parseFaults>;
    try {
      settings = parseFaults(JSON.parse(body));
    } catch {
      settings = "the body is not JSON";
    }
    if (typeof settings === "string") return reply(400, { ok: false, error: settings });
    faulty.settings = settings;
    say("faults", { ...settings });
    return reply(200, { ok: true });
  }
  if (request.method === "POST" && action !== null) {
    let text = "";
    for await (const chunk of request) text += chunk;
    let args: unknown;
    try {
      args = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      return reply(400, { ok: false, error: "the body is not JSON: give the action's arguments as a JSON object" });
    }
    if (typeof args !== "object" || args === null || Array.isArray(args)) return reply(400, { ok: false, error: "give the action's arguments as a JSON object" });
    const result = node.request(action[1], args as Record<string, unknown>);
    return reply(result.ok ? 200 : 409, result);
  }
  reply(404, { ok: false, error: "GET /state, or POST /actions/<action> with the arguments as a JSON object" });
}

/**
 * Waits, up to `ms`, until every peer accepts connections: a cluster's nodes
 * start one by one, and a first step's messages to a peer not yet listening
 * would be lost, which a spec whose network never loses a message (Paxos's
 * single Phase1a) does not survive. A node that restarts finds its peers up.
 */
async function untilPeersListen(ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  const others = Object.entries(config.peers).filter(([peer]) => peer !== `${config.role}:${config.self}`);
  const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
      const socket = connect({ host: LOOPBACK, port }, () => resolve(true));
      socket.on("error", () => resolve(false));
      socket.on("connect", () => socket.destroy());
    });
  for (const [, port] of others) while (!(await listening(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

const stop = (): void => {
  node.stop();
  client.close();
  void transport.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
