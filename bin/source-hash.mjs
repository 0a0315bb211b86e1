// The content hash of everything the compiled build in dist/ is made from: a
// build is used only while this hash is the one it was made with.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const FOLDERS = ["generator", "checkers", "runtime", "host", "traces", "cli", "pages", "specs/schema"];
const FILES = ["package-lock.json", "tsconfig.json", "tsconfig.build.json"];

function addFolder(hash, root, folder) {
  if (!existsSync(join(root, folder))) return hash.update(`${folder}: none\0`);
  const entries = readdirSync(join(root, folder), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = `${folder}/${entry.name}`;
    if (entry.isDirectory()) addFolder(hash, root, path);
    else addFile(hash, root, path);
  }
}

function addFile(hash, root, path) {
  if (!existsSync(join(root, path))) return hash.update(`${path}: none\0`);
  hash.update(`${path}\0`);
  hash.update(readFileSync(join(root, path)));
  hash.update("\0");
}

/** The hex SHA-256 of the sources under `root` (the project folder). */
export function sourceHash(root) {
  const hash = createHash("sha256");
  for (const folder of FOLDERS) addFolder(hash, root, folder);
  for (const file of FILES) addFile(hash, root, file);
  return hash.digest("hex");
}

/** Whether dist/ under `root` holds a build made from exactly the sources there now. */
export function freshBuild(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, "dist", "BUILD.json"), "utf8"));
  } catch {
    return false;
  }
  return stamp.source === sourceHash(root);
}
