import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import LongestFirst from "./test/support/longest-first.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // vitest's default in run mode is one worker fewer than the cores: on a 2-core machine, one file at a time.
    maxWorkers: availableParallelism(),
    // Without isolation a worker imports the generator, checker and runtime once for all the files it runs,
    // not once per file: a quarter less CPU on a 2-core machine (forks and threads measured alike; forks keep
    // one pid per worker, which staging folder names rely on). No test mocks a module or changes
    // process-wide state, and a generated model is imported from a path that no other content reuses.
    isolate: false,
    sequence: { sequencer: LongestFirst },
  },
});
