/**
 * The local HTTP server of `protoforge explore`, on loopback only: the page
 * and its scripts, and a small JSON API over one ExploreSession.
 *   GET  /api/session           the trace as it is now
 *   GET  /api/enabled?step=N    the steps state N enables
 *   POST /api/follow {step, choice}   keep states 0..step, take that step
 *   POST /api/reset             back to the first trace
 * A request the session refuses (no such state or step) gets 400 and
 * `{ error }`; nothing a client sends can stop the server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { PageAssets } from "./page.js";
import type { ExploreSession } from "./session.js";

export interface RunningExplorer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown): void => send(res, status, "application/json; charset=utf-8", JSON.stringify(value));

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_BODY) throw new RangeError("the request body is too long");
  }
  const value = text === "" ? {} : (JSON.parse(text) as unknown);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new RangeError("expected a JSON object");
  return value as Record<string, unknown>;
}

async function api(session: ExploreSession, req: IncomingMessage, url: URL): Promise<unknown> {
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case "GET /api/session":
      return session.view();
    case "GET /api/enabled":
      return session.enabled(Number(url.searchParams.get("step")));
    case "POST /api/follow": {
      const { step, choice } = await body(req);
      return session.follow(Number(step), Number(choice));
    }
    case "POST /api/reset":
      return session.reset();
    default:
      return undefined;
  }
}

async function handle(session: ExploreSession, assets: PageAssets, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname.startsWith("/api/")) {
    try {
      const result = await api(session, req, url);
      if (result === undefined) json(res, 404, { error: `no such request: ${req.method} ${url.pathname}` });
      else json(res, 200, result);
    } catch (e) {
      // The session's refusals and malformed bodies are the client's mistakes; a model that throws is reported the same way.
      json(res, 400, { error: (e as Error).message });
    }
    return;
  }
  const file = req.method === "GET" ? assets.files.get(url.pathname) : undefined;
  if (file === undefined) send(res, 404, "text/plain; charset=utf-8", "not found\n");
  else send(res, 200, file.type, file.body);
}

/** Serves the session on 127.0.0.1:`port` (0: any free port). */
export function serveExplorer(session: ExploreSession, assets: PageAssets, port: number): Promise<RunningExplorer> {
  const server = createServer((req, res) => void handle(session, assets, req, res));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}/`,
        close: () => new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
