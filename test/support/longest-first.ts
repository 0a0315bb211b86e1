/**
 * vitest's file order. Without timings from an earlier run (a clean clone,
 * CI), vitest starts the largest files first; the fuzz and oracle files are
 * among the smallest and the longest, so they came last and the run waited on
 * them with one core idle. The longest files go first; the rest keep vitest's
 * own order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that run longest, longest first: the time each held a worker in a
 * full run on the 2-core CI machine (vitest's per-file duration). Most are
 * small for their running time (their work is in test/support/, or in the
 * processes and threads they start), so vitest alone would start them late.
 * Past the first few, the order matters less than that they all come before
 * the many short files, which then fill in the end of the run on both workers.
 */
const LONGEST = [
  "generator/fuzz",
  "generator/oracle-stores",
  "generator/oracle-paxos",
  "protocols/paxos",
  "protocols/multi-paxos",
  "cli/simulate",
  "cli/vacuity",
  "protocols/raft",
  "docs/docs-command",
  "cli/generated",
  "checkers/parallel",
  "generator/oracle-rest",
  "generator/oracle-realworld",
  "protocols/stores",
  "generator/subsets",
  "cli/bad-input",
  "cli/check",
  "checkers/two-phase-commit",
  "generator/oracle-merkle-2pc",
  "cli/interrupt",
  "cli/publish",
  "protocols/crdts",
  "docs/examples",
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
