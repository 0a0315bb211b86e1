/**
 * Branch coverage for check and publish: the interpreter runs, on each state a
 * search expands, the actions that still have an `if` or a `choose` not seen
 * both ways, until every one has been (then it costs nothing more).
 */
import type { GlobalState } from "../checkers/model.js";
import { coverBranches } from "../generator/interpret.js";
import { BranchTally, type BranchGap } from "../generator/interpret/branches.js";
import type { ProtocolIR } from "../generator/ir.js";

export { BranchTally, type BranchGap };

/** The onExpand hook that feeds `tally` under the given parameters. */
export function branchHook(ir: ProtocolIR, parameters: Readonly<Record<string, number>>, tally: BranchTally): (state: GlobalState) => void {
  return (state) => {
    if (!tally.complete) coverBranches(ir, parameters, state, tally.openActions(), tally);
  };
}

export const gapLine = (g: BranchGap): string => `${g.action} ${g.pointer.replace(/^\/(actions|blocks)\/[^/]+\//, "")}: ${g.what}`;
