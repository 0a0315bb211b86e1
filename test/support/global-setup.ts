/**
 * vitest's global setup: test processes stage generated models under
 * test-output/ for as long as they run (test/support/checker.ts), and vitest
 * ends them without an exit event, so the run removes the staging folders when
 * it is over (and any left by a run that was killed, when it starts). Only
 * folders of processes that are gone: a test may start a vitest run of its
 * own (test-from-trace's), whose setup must leave this run's folders alone.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** test/support/checker.ts's STAGE_DIR. */
const STAGE_DIR = fileURLToPath(new URL("../../test-output", import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeStaged(): void {
  if (!existsSync(STAGE_DIR)) return;
  for (const name of readdirSync(STAGE_DIR)) {
    const staged = /^\..+\.check-(\d+)-[0-9a-f]+$/.exec(name);
    if (staged !== null && !alive(Number(staged[1]))) rmSync(join(STAGE_DIR, name), { recursive: true, force: true });
  }
}

export function setup(): () => void {
  removeStaged();
  return removeStaged;
}
