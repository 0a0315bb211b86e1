import { readdirSync } from "node:fs";
import { compileSpec } from "./generator/compile.js";
import { formatError } from "./generator/errors.js";
const dir = process.argv[2];
for (const f of readdirSync(dir).sort()) {
  const r = compileSpec(dir + "/" + f);
  if (r.ok) console.log(f + "  OK?!");
  else for (const e of r.errors) console.log(formatError(e).replace(dir + "/", ""));
}
