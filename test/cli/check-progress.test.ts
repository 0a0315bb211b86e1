/**
 * When and how progress is written (cli/check-progress.ts), fed figures with
 * the seconds they claim, so nothing here waits on a clock.
 */
import { describe, expect, it } from "vitest";
import { elapsedText, progressInterval, ProgressWriter, type ProgressFigures, type ProgressMode } from "../../cli/check-progress.js";

const at = (seconds: number, states = 1000): ProgressFigures => ({ seconds, figures: [["distinct states", "distinctStates", states], ["generated", "statesGenerated", 2 * states], ["queue", "queue", 10], ["depth", "depth", 3], ["states/s", "statesPerSecond", 500]] });

function written(mode: ProgressMode, interval: number, reports: readonly ProgressFigures[], end = true): string[] {
  const out: string[] = [];
  const writer = new ProgressWriter(mode, interval, (text) => out.push(text));
  for (const r of reports) writer.report(r);
  if (end) writer.end();
  return out;
}

describe("progress lines", () => {
  it("not a terminal: nothing before the first interval, so a short check stays quiet", () => {
    expect(written("lines", 30, [at(0), at(1), at(29.9)])).toEqual([]);
  });

  it("not a terminal: one full line per interval, at 30 s, 60 s, ..., however late the report that crosses it", () => {
    const out = written("lines", 30, [at(30.2, 5), at(31, 6), at(59, 7), at(75, 8), at(89, 9), at(90, 10)]);
    expect(out.map((l) => /^progress: (\d+) distinct states/.exec(l)![1])).toEqual(["5", "8", "10"]);
    for (const line of out) expect(line).toMatch(/^progress: \d+ distinct states, \d+ generated, queue 10, depth 3, 500 states\/s, elapsed 0:0\d:\d\d, [\d,]+ MiB RSS\n$/);
    expect(out[1]).toContain("elapsed 0:01:15");
  });

  it("--json: the same schedule, one JSON object a line", () => {
    const [line, ...rest] = written("json", 30, [at(10), at(30)]);
    expect(rest).toEqual([]);
    const { progress } = JSON.parse(line) as { progress: Record<string, number> };
    expect(progress).toMatchObject({ distinctStates: 1000, statesGenerated: 2000, queue: 10, depth: 3, statesPerSecond: 500, seconds: 30 });
    expect(progress.rssBytes).toBeGreaterThan(0);
  });

  it("a terminal: redrawn in place at most once a second, and cleared at the end", () => {
    const out = written("terminal", 30, [at(0), at(0.5), at(1), at(1.2), at(2.5)]);
    expect(out).toHaveLength(4);
    for (const line of out.slice(0, 3)) expect(line).toMatch(/^\r1,000 distinct states, .*MiB RSS\x1b\[K$/);
    expect(out[3]).toBe("\r\x1b[K");
    expect(written("terminal", 30, [], true)).toEqual([]);
  });

  it("elapsed time as h:mm:ss", () => {
    expect([0, 59.9, 61, 3600 + 62].map(elapsedText)).toEqual(["0:00:00", "0:00:59", "0:01:01", "1:01:02"]);
  });

  it("PROTOFORGE_PROGRESS_SECONDS: 30 by default, a number of seconds, else a usage error", () => {
    expect(progressInterval({})).toBe(30);
    expect(progressInterval({ PROTOFORGE_PROGRESS_SECONDS: "0" })).toBe(0);
    expect(progressInterval({ PROTOFORGE_PROGRESS_SECONDS: "2.5" })).toBe(2.5);
    for (const bad of ["-1", "soon", "1e3"]) expect(() => progressInterval({ PROTOFORGE_PROGRESS_SECONDS: bad })).toThrow(`PROTOFORGE_PROGRESS_SECONDS=${bad}: expected a number of seconds (0 or more)`);
  });
});
