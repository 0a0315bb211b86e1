/** Which protoforge is running: its compiled build in dist/ (stamped with its sources' hash) or its TypeScript sources. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder this code runs from: dist/ for the compiled build, else the project itself. */
export const CODE_ROOT = fileURLToPath(new URL("..", import.meta.url));
const STAMP = join(CODE_ROOT, "BUILD.json");

/** The hash of the sources the running build was made from, or null when the sources run themselves. */
export function buildHash(): string | null {
  if (!existsSync(STAMP)) return null;
  return (JSON.parse(readFileSync(STAMP, "utf8")) as { source: string }).source;
}

/** `protoforge --version`: the package version and which code runs. */
export function versionText(): string {
  const build = buildHash();
  const project = build === null ? CODE_ROOT : join(CODE_ROOT, "..");
  const { version } = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as { version: string };
  return `protoforge ${version} (${build === null ? "from the TypeScript sources, through tsx" : `compiled build of sources ${build.slice(0, 12)}`})`;
}
