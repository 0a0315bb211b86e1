/**
 * vitest's file order. Without timings from an earlier run (a clean clone,
 * CI), vitest starts the largest files first; the fuzz and oracle files are
 * among the smallest (their work is in test/support/) and the longest, so they
 * came last and the run waited on them with one core idle. They go first,
 * longest first; the rest keep vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** The files that run longest, longest first (measured on the 2-core CI machine). */
const LONGEST = ["fuzz", "oracle-stores", "oracle-paxos", "oracle-rest", "oracle-merkle-2pc", "oracle-raft"].map((name) => `/test/generator/${name}.test.ts`);

const rank = (file: TestSpecification): number => {
  const i = LONGEST.findIndex((suffix) => file.moduleId.endsWith(suffix));
  return i === -1 ? LONGEST.length : i;
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // Array.prototype.sort is stable: files outside LONGEST keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
