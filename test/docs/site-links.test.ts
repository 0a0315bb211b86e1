/**
 * The site's repository and edit links (docs/.vitepress/links.ts): the
 * repository is read from package.json's `repository` in each form npm
 * accepts, and a page's edit link goes to the spec a generated page came from
 * (its frontmatter names it) or to a hand-written page's Markdown; the
 * sidebar names protocols by their titles' short form.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { editLinkPattern, repositoryUrl } from "../../docs/.vitepress/links.js";
import { shortTitle } from "../../docs/.vitepress/sidebar.js";
import { DOCS } from "./markdown-blocks.js";

const frontmatterOf = (file: string): Record<string, string> => {
  const block = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(DOCS, file), "utf8"))![1];
  return Object.fromEntries(block.split("\n").map((l) => /^(\w+): "?(.*?)"?$/.exec(l)!).map((m) => [m[1], m[2]]));
};

describe("the site's links to the repository", () => {
  it("reads the repository from package.json in each form npm accepts, and none when it names none", () => {
    expect(repositoryUrl({})).toBeNull();
    expect(repositoryUrl({ repository: { url: "" } })).toBeNull();
    expect(repositoryUrl({ repository: { url: "git+https://github.com/owner/protoforge.git" } })).toBe("https://github.com/owner/protoforge");
    expect(repositoryUrl({ repository: "git@gitlab.com:owner/protoforge.git" })).toBe("https://gitlab.com/owner/protoforge");
    expect(repositoryUrl({ repository: "github:owner/protoforge" })).toBe("https://github.com/owner/protoforge");
    expect(repositoryUrl({ repository: "owner/protoforge" })).toBe("https://github.com/owner/protoforge");
  });

  it("sends a generated page's edit link to its spec, and a hand-written page's to its Markdown", () => {
    const repo = "https://github.com/owner/protoforge";
    const pattern = editLinkPattern(repo);
    // VitePress sends the pattern to the browser as its source text: rebuilt from that alone, it must work the same.
    const editLinkOf = (_repo: string, page: Parameters<typeof pattern>[0]) => (new Function(`return ${pattern.toString()}`)() as typeof pattern)(page);
    expect(editLinkOf(repo, { filePath: "protocols/raft.md", frontmatter: frontmatterOf("protocols/raft.md") })).toBe(`${repo}/edit/main/specs/raft.json`);
    expect(editLinkOf(repo, { filePath: "protocols/raft/raft-commit-previous-term.md", frontmatter: frontmatterOf("protocols/raft/raft-commit-previous-term.md") })).toBe(`${repo}/edit/main/specs/variants/raft-commit-previous-term.json`);
    expect(editLinkOf(repo, { filePath: "concepts/cap.md", frontmatter: {} })).toBe(`${repo}/edit/main/docs/concepts/cap.md`);
  });
});

describe("the sidebar's protocol names", () => {
  it("are the titles cut at a parenthesis or a colon", () => {
    expect(shortTitle("Paxos consensus (single-decree Basic Paxos)")).toBe("Paxos consensus");
    expect(shortTitle("G-Counter: a grow-only counter CRDT replicated by gossip")).toBe("G-Counter");
    expect(shortTitle("Raft")).toBe("Raft");
  });
});
