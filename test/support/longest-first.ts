/**
 * vitest's file order. Without timings from an earlier run (a clean clone,
 * CI), vitest starts the largest files first; the fuzz and oracle files are
 * among the smallest and the longest, so they came last and the run waited on
 * them with one core idle. The longest files go first; the rest keep vitest's
 * own order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that run longest, longest first, as measured on the 2-core CI
 * machine: each is small for its running time (its work is in test/support/,
 * or in the processes it starts), so vitest alone would start it late.
 */
const LONGEST = [
  "generator/fuzz",
  "generator/oracle-stores",
  "generator/oracle-paxos",
  "generator/oracle-rest",
  "cli/generated",
  "cli/vacuity",
  "checkers/parallel",
  "generator/oracle-realworld",
  "generator/oracle-merkle-2pc",
  "generator/oracle-raft",
].map((name) => `/test/${name}.test.ts`);

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
