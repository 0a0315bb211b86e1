/** Where specs live: specs/*.json are protocols, specs/variants/*.json their variants. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const SPEC_DIRS = ["specs", join("specs", "variants")] as const;

/** Every spec file under `root`, protocols first, each group sorted by name. */
export function discoverSpecs(root = "."): string[] {
  return SPEC_DIRS.flatMap((dir) => {
    const full = join(root, dir);
    if (!existsSync(full)) return [];
    return readdirSync(full)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => join(dir, f));
  });
}
