import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
const ajv = new Ajv2020({ allErrors: true, strict: true });
const v = ajv.compile(JSON.parse(readFileSync("specs/schema/protocol.schema.json", "utf8")));
for (const f of process.argv.slice(2)) {
  v(JSON.parse(readFileSync(f, "utf8")));
  console.log("== " + f);
  for (const e of v.errors ?? []) console.log(`  ${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)} ${e.schemaPath}`);
}
