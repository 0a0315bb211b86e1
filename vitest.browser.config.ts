/**
 * The browser test of the docs site (test/browser/*.e2e.ts): slow (it builds the
 * site with Mermaid, 1-2 minutes), so it is kept out of `npm test` and run by
 * `npm run test:browser` and .ci/run.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/browser/**/*.e2e.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
