/**
 * `protoforge explore`: the session it serves (cli/explore/session.ts) steps
 * through a check's counterexample, lists what each state enables with what
 * each step changes and breaks, follows a step and goes back; its server
 * answers the page's requests and refuses bad ones without stopping; the
 * command serves a check's trace or an ITF file until Ctrl-C, and refuses a
 * bad --trace or --port with one line and exit 2.
 */
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatLabel } from "../../checkers/trace-format.js";
import { pageAssets } from "../../cli/explore/page.js";
import { serveExplorer, type RunningExplorer } from "../../cli/explore/server.js";
import { ExploreSession } from "../../cli/explore/session.js";
import { verdictLine } from "../../cli/check-report.js";
import { check, loadModel, STAGE_DIR } from "../support/checker.js";
import { startExplore } from "../support/explore.js";
import { runCli } from "./helpers.js";

const VARIANT = "specs/variants/two-phase-commit-commit-on-prepare.json";

async function session(): Promise<{ session: ExploreSession; labels: (step: number) => string[] }> {
  const outcome = await check(VARIANT);
  const { ir, model } = await loadModel(VARIANT);
  const header = { spec: ir.file, model: "ci", parameters: outcome.request.parameters, origin: verdictLine(outcome) };
  const s = new ExploreSession(ir, model, { invariants: outcome.invariants, properties: outcome.properties }, header, outcome.trace!);
  return { session: s, labels: (step) => model.transitions(outcome.trace!.steps[step].state).map((t) => formatLabel(t.label, model.messageRoles)) };
}

describe("the explore session", () => {
  it("starts at the check's counterexample, with the invariant its last state breaks", async () => {
    const { session: s } = await session();
    const view = s.view();
    expect(view.original).toBe(true);
    expect(view.trace.steps.map((step) => `${step.node}: ${step.action}`)).toEqual([": initial state", "rm 0: RMPrepare", "rm 1: RMChooseToAbort"]);
    expect(view.trace.violation?.name).toBe("Consistent");
    expect(view.header.origin).toMatch(/^invariant Consistent is violated/);
  });

  it("lists each state's enabled steps in the model's order, with what they change and break", async () => {
    const { session: s, labels } = await session();
    const enabled = s.enabled(1);
    expect(enabled.map((e) => e.label)).toEqual(labels(1));
    expect(enabled.map((e) => e.choice)).toEqual(enabled.map((_, i) => i));
    const abort = enabled.find((e) => e.label === "rm 1: RMChooseToAbort")!;
    expect(abort.changes).toEqual(['rm[1].rmState: "working" → "aborted"']);
    expect(abort.breaks).toBe("Consistent");
    expect(enabled.filter((e) => e.breaks !== null).length).toBeLessThan(enabled.length);
    expect(s.enabled(0).every((e) => e.breaks === null && !e.outsideConstraint)).toBe(true);
  });

  it("follows a step from any state, cutting the trace there, and goes back to the first trace", async () => {
    const { session: s } = await session();
    const prepare = s.enabled(0).findIndex((e) => e.label === "rm 2: RMPrepare");
    const followed = s.follow(0, prepare);
    expect(followed.original).toBe(false);
    expect(followed.trace.steps.map((step) => step.action)).toEqual(["initial state", "RMPrepare"]);
    expect(followed.trace.violation).toBeNull();
    expect(followed.trace.messages.map((m) => `${m.type} ${m.from} → ${m.to} at ${m.sentAt}`)).toEqual(["Prepared rm 2 → tm 0 at 1"]);
    const again = s.follow(1, s.enabled(1).findIndex((e) => e.label === "tm 0: TMRcvPrepared, receives Prepared rm 2 → tm 0"));
    expect(again.trace.steps).toHaveLength(3);
    expect(again.trace.messages[0].deliveredAt).toEqual([2]);
    const back = s.reset();
    expect(back.original).toBe(true);
    expect(back.trace.steps).toHaveLength(3);
    expect(back.trace.violation?.name).toBe("Consistent");
  });

  it("refuses a state or a step that is not there", async () => {
    const { session: s } = await session();
    expect(() => s.enabled(3)).toThrow("the trace has states 0 to 2: there is no state 3");
    expect(() => s.enabled(Number.NaN)).toThrow("there is no state NaN");
    const n = s.enabled(0).length;
    expect(() => s.follow(0, n)).toThrow(`state 0 enables ${n} steps: there is no step ${n}`);
  });
});

describe("the explore server", () => {
  let server: RunningExplorer;

  beforeAll(async () => {
    const { session: s } = await session();
    server = await serveExplorer(s, await pageAssets(), 0);
  });
  afterAll(async () => server?.close());

  const get = (path: string) => fetch(new URL(path, server.url));
  const post = (path: string, body: string) => fetch(new URL(path, server.url), { method: "POST", body, headers: { "content-type": "application/json" } });

  it("serves the page, Vue, the two compiled components and the theme's CSS", async () => {
    const page = await get("/");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script type="importmap">');
    for (const path of ["/assets/vue.js", "/assets/trace-explorer.js", "/assets/explore-app.js"]) {
      const script = await get(path);
      expect(script.headers.get("content-type"), path).toMatch(/^text\/javascript/);
      expect(/export default|export ?\{/.test(await script.text()), path).toBe(true);
    }
    expect(/: Plain\b|interface Trace/.test(await (await get("/assets/trace-explorer.js")).text())).toBe(false);
    expect(await (await get("/assets/explore.css")).text()).toContain(".te-log-entry");
  });

  it("answers the API, and refuses bad requests with 400 or 404 and a reason", async () => {
    const view = (await (await get("/api/session")).json()) as { trace: { steps: unknown[] } };
    expect(view.trace.steps).toHaveLength(3);
    const enabled = (await (await get("/api/enabled?step=0")).json()) as unknown[];
    expect(enabled.length).toBeGreaterThan(0);
    const followed = (await (await post("/api/follow", JSON.stringify({ step: 0, choice: 0 }))).json()) as { trace: { steps: unknown[] } };
    expect(followed.trace.steps).toHaveLength(2);
    const bad = await post("/api/follow", "{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/JSON/);
    const missing = await get("/api/enabled?step=9");
    expect([missing.status, ((await missing.json()) as { error: string }).error]).toEqual([400, "the trace has states 0 to 1: there is no state 9"]);
    expect((await get("/api/nothing")).status).toBe(404);
    expect((await get("/elsewhere")).status).toBe(404);
    expect(((await (await post("/api/reset", "")).json()) as { trace: { steps: unknown[] } }).trace.steps).toHaveLength(3);
  });
});

describe("protoforge explore", () => {
  it("checks the model and serves the initial state when it holds, until Ctrl-C (exit 130)", async () => {
    const { child, url, output } = await startExplore(["specs/two-phase-commit.json"]);
    const view = (await (await fetch(new URL("/api/session", url))).json()) as { header: { origin: string; parameters: object }; trace: { steps: unknown[] } };
    expect(view.header.parameters).toEqual({ resourceManagers: 3 });
    expect(view.header.origin).toMatch(/^ok: .*: explore it from the initial state$/);
    expect(view.trace.steps).toHaveLength(1);
    expect(output().split("\n")[0]).toBe(view.header.origin);
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    expect(code).toBe(130);
  }, 60_000);

  it("replays an ITF trace given with --trace", async () => {
    const itf = "generated/raft-commit-previous-term/counterexample.itf.json";
    const { child, url } = await startExplore(["specs/variants/raft-commit-previous-term.json", "--trace", itf]);
    const view = (await (await fetch(new URL("/api/session", url))).json()) as { header: { origin: string }; trace: { steps: unknown[]; violation: { name: string } | null; logs: unknown[] } };
    expect(view.header.origin).toMatch(new RegExp(`^${itf}, replayed on the model: \\d+ steps$`));
    expect(view.trace.steps.length).toBeGreaterThan(20);
    expect(view.trace.violation?.name).toBe("LeaderCompleteness");
    expect(view.trace.logs).toEqual([{ role: "server", field: "log", term: "term" }]);
    child.kill("SIGTERM");
    expect((await once(child, "exit"))[0]).toBe(143);
  }, 60_000);

  it("refuses a --trace that is not ITF, or that the model cannot take, and a bad --port, in one line with exit 2", async () => {
    const notJson = join(STAGE_DIR, `explore-not-json-${process.pid}.json`);
    writeFileSync(notJson, "states: []");
    const cases: [string[], string][] = [
      [["--trace", notJson], `protoforge: --trace ${notJson}: not JSON: expected an ITF trace (check --trace-out FILE.itf.json writes one)\n`],
      [["--trace", "specs/two-phase-commit.json"], "protoforge: --trace specs/two-phase-commit.json: expected an ITF trace: `states` is missing or not an array\n"],
      [["--trace", "generated/raft-commit-previous-term/counterexample.itf.json"], "protoforge: --trace generated/raft-commit-previous-term/counterexample.itf.json: /states/0 lacks a variable of the model: expected tm, rm, network\n"],
      [["--trace", "no/such.itf.json"], "protoforge: --trace no/such.itf.json: cannot read the file\n"],
      [["--port", "70000"], "protoforge: --port 70000: expected a port number, 0 to 65535 (0: any free port)\n"],
    ];
    for (const [flags, stderr] of cases) {
      const r = await runCli(["explore", "specs/two-phase-commit.json", ...flags]);
      expect([r.code, r.stderr, r.stdout], flags.join(" ")).toEqual([2, stderr, ""]);
    }
  }, 60_000);
});

