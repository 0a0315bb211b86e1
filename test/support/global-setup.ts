/**
 * vitest's global setup: test processes stage generated models under
 * test-output/ for as long as they run (test/support/checker.ts), and vitest
 * ends them without an exit event, so the run removes the staging folders when
 * it is over (and any left by a run that was killed, when it starts). */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** test/support/checker.ts's STAGE_DIR. */
const STAGE_DIR = fileURLToPath(new URL("../../test-output", import.meta.url));

function removeStaged(): void {
  if (!existsSync(STAGE_DIR)) return;
  for (const name of readdirSync(STAGE_DIR)) if (/^\..+\.check-\d+-[0-9a-f]+$/.test(name)) rmSync(join(STAGE_DIR, name), { recursive: true, force: true });
}

export function setup(): () => void {
  removeStaged();
  return removeStaged;
}
