/** Ctrl-C during a long check stops it cleanly: the figures so far, a "stopped" verdict, exit 130, no stack. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("check under Ctrl-C", () => {
  it("stops with the figures so far", async () => {
    const child = spawn(process.execPath, ["bin/protoforge.mjs", "check", "specs/two-phase-commit.json", "-p", "resourceManagers=9", "--json"]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    await new Promise((resolve) => setTimeout(resolve, 6000));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(code).toBe(130);
    const report = JSON.parse(stdout) as { result: string; distinctStates: number; statesGenerated: number };
    expect(report.result).toBe("stopped");
    expect(report.distinctStates).toBeGreaterThan(0);
    expect(report.statesGenerated).toBeGreaterThan(report.distinctStates);
  });
});
