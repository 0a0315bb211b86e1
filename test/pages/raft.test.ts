/**
 * The generated Raft page where variants write only what they change (issue 13):
 * the block every handler calls, and variants that change one definition or one
 * field of a role, shown as such with the code that replaced the base's.
 */
import { describe, expect, it } from "vitest";
import { protocolPage } from "../../pages/protocol-page.js";
import { variantPage } from "../../pages/variant-page.js";
import { pageInput } from "./support.js";

const input = pageInput("specs/raft.json");
const page = protocolPage(input);
const ownPage = (name: string): string => variantPage(input.base, input.variants.find((v) => v.compiled.ir.name === name)!);

describe("the Raft page", () => {
  it("shows the updateTerm block once, with its parameter, and each handler calling it", () => {
    expect(page).toContain("## Blocks {#blocks}");
    expect(page).toContain("block updateTerm of server(term: integer 0..maxTerm)\n  do\n    if term > currentTerm:\n      currentTerm := term");
    const actions = page.slice(page.indexOf("## Actions {#actions}"), page.indexOf("\n## ", page.indexOf("## Actions {#actions}") + 1));
    expect(actions.match(/^ {4}call updateTerm with \{ term: msg\.term \}$/gm)).toHaveLength(4);
  });

  it("a variant that replaces one definition says so, and its own page shows only that definition", () => {
    const rival = ownPage("raft-vote-for-rival");
    expect(rival).toContain("- changes definition `mayVoteFor` (`expr`; the rest is the base's)");
    expect(rival).toContain("mayVoteFor(votedFor: server id or null, candidate: server id): boolean =\n  true");
    expect(rival).not.toContain("action HandleRequestVote");
  });

  it("lists the variants in a table linking their own pages, and gives a variant that holds a page of its own too", () => {
    const variants = page.slice(page.indexOf("## Variants {#variants}"));
    expect(variants).not.toContain("```");
    expect(variants.match(/^\| <span id="variant-raft-[a-z-]+"><\/span>\[[^\]]+\]\(\.\/raft\/raft-[a-z-]+\.md\) \|/gm)).toHaveLength(input.variants.length);
    expect(variants).toContain('| <span id="variant-raft-lossy-network"></span>[Raft on a network that loses messages](./raft/raft-lossy-network.md) | every invariant holds | every invariant holds |');
    const lossy = ownPage("raft-lossy-network");
    expect(lossy).toContain("**Expected:** every invariant holds. **Found:** every invariant holds");
    expect(lossy).not.toContain("TraceExplorer");
  });

  it("a variant that makes one field volatile changes that field of the role, nothing else", () => {
    expect(ownPage("raft-volatile-log")).toContain("- changes role `server` (`state.log`; the rest is the base's)");
  });
});
