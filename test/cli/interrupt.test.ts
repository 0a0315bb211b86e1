/** Ctrl-C (or SIGTERM) during a long check stops it cleanly: the figures so far, a "stopped" verdict, exit 130 (143), no stack. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

describe.concurrent("check under Ctrl-C and SIGTERM", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s: stops with the figures so far, exit %i", async (signal, exit) => {
    const child = spawn(process.execPath, ["bin/protoforge.mjs", "check", "specs/two-phase-commit.json", "-p", "resourceManagers=9", "--json"]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(code).toBe(exit);
    const report = JSON.parse(stdout) as { result: string; distinctStates: number; statesGenerated: number };
    expect(report.result).toBe("stopped");
    expect(report.distinctStates).toBeGreaterThan(0);
    expect(report.statesGenerated).toBeGreaterThan(report.distinctStates);
  });
});
