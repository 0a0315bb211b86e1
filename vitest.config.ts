import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // vitest's default in run mode is one worker fewer than the cores: on a 2-core machine, one file at a time.
    maxWorkers: availableParallelism(),
  },
});
