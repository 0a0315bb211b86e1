/**
 * The transport of a local cluster: TCP on loopback, one JSON message per
 * line. A node listens on its own port and opens one connection to each peer
 * it sends to; a message to a peer that is down, or on a connection that
 * breaks, is lost, as on a real network (the protocols resend what matters).
 * What arrives is handed over as parsed JSON, or as the raw line when it is
 * not JSON, for the node to validate and count.
 */
import { connect, createServer, type Server, type Socket } from "node:net";
import type { WireMessage } from "./protocol.js";

export const LOOPBACK = "127.0.0.1";

/** Where each node listens, by `role:id`. */
export type PeerPorts = Readonly<Record<string, number>>;

export class TcpTransport {
  private server: Server | null = null;
  private readonly outgoing = new Map<string, Socket>();
  private readonly incoming = new Set<Socket>();
  lost = 0;

  constructor(
    private readonly ports: PeerPorts,
    private readonly onValue: (value: unknown) => void,
  ) {}

  listen(port: number): Promise<void> {
    this.server = createServer((socket) => {
      this.incoming.add(socket);
      socket.on("close", () => this.incoming.delete(socket));
      socket.on("error", () => socket.destroy());
      readLines(socket, (line) => this.onValue(parse(line)));
    });
    return new Promise((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, LOOPBACK, () => resolve());
    });
  }

  send(message: WireMessage, toRole: string): void {
    const key = `${toRole}:${message.to}`;
    const port = this.ports[key];
    if (port === undefined) {
      this.lost++;
      return;
    }
    let socket = this.outgoing.get(key);
    if (socket === undefined || socket.destroyed) {
      socket = connect({ host: LOOPBACK, port });
      socket.setNoDelay(true);
      const opened = socket;
      opened.on("error", () => {
        this.lost++;
        opened.destroy();
      });
      opened.on("close", () => {
        if (this.outgoing.get(key) === opened) this.outgoing.delete(key);
      });
      this.outgoing.set(key, opened);
    }
    socket.write(`${JSON.stringify(message)}\n`);
  }

  close(): Promise<void> {
    for (const socket of [...this.outgoing.values(), ...this.incoming]) socket.destroy();
    this.outgoing.clear();
    return new Promise((resolve) => (this.server === null ? resolve() : this.server.close(() => resolve())));
  }
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

/** Calls `each` with every complete line the socket delivers. */
export function readLines(socket: Socket, each: (line: string) => void): void {
  let buffered = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line !== "") each(line);
      end = buffered.indexOf("\n");
    }
  });
}
