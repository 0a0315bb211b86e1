/**
 * Where the site links the repository: package.json's `repository` (npm's
 * field, a string or `{ "url" }`) names it. Its pages then get an "Edit this
 * page" link: a generated page's goes to the spec it was generated from (its
 * frontmatter's `spec`), since that is what to edit, a hand-written page's to
 * its Markdown. With no repository named there are no such links, rather than
 * links to a guess.
 */

export interface PackageJson {
  readonly repository?: string | { readonly url?: string };
}

/** The repository's web address: `git+https://host/o/r.git` and `github:o/r` made plain; null when none is named. */
export function repositoryUrl(pkg: PackageJson): string | null {
  const raw = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  if (raw === undefined || raw.trim() === "") return null;
  const shorthand = /^(github|gitlab|bitbucket):(.+)$/.exec(raw);
  if (shorthand !== null) return `https://${shorthand[1]}.${shorthand[1] === "bitbucket" ? "org" : "com"}/${shorthand[2]}`;
  if (/^[\w.-]+\/[\w.-]+$/.test(raw)) return `https://github.com/${raw}`;
  return raw.replace(/^git\+/, "").replace(/^git@([^:]+):/, "https://$1/").replace(/\.git$/, "");
}

/** What a page tells the edit link: its Markdown path inside docs/, and its frontmatter. */
export interface PageRef {
  readonly filePath: string;
  readonly frontmatter: { readonly spec?: unknown };
}

/**
 * The edit link's pattern, on the branch the project works on (main).
 * VitePress runs a function pattern in the browser from its source text, so it
 * may use nothing but its argument: the repository is written into its body.
 */
export function editLinkPattern(repository: string): (page: PageRef) => string {
  const base = JSON.stringify(`${repository}/edit/main/`);
  return new Function("page", `return ${base} + (typeof page.frontmatter.spec === "string" ? page.frontmatter.spec : "docs/" + page.filePath);`) as (page: PageRef) => string;
}
