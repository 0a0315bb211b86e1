// npm run bench: builds dist/ (bin/build.mjs), checks each model of bench/models.json
// in a fresh process, prints a table and writes bench/results.json.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

execFileSync(process.execPath, ["bin/build.mjs"], { stdio: "inherit" });
const entries = JSON.parse(readFileSync("bench/models.json", "utf8"));
const rows = [];
for (const entry of entries) {
  const out = execFileSync(process.execPath, ["--max-semi-space-size=64", "dist/bench/one.js", JSON.stringify(entry)], { encoding: "utf8" });
  const row = { ...JSON.parse(out), tlcSeconds: entry.tlcSeconds };
  rows.push(row);
  const params = Object.entries(row.parameters).map(([k, v]) => `${k}=${v}`).join(" ");
  const tlc = row.tlcSeconds ? `${row.tlcSeconds[0]}-${row.tlcSeconds[1]} s` : "-";
  const speedup = row.tlcSeconds ? `${(row.tlcSeconds[0] / row.seconds).toFixed(1)}-${(row.tlcSeconds[1] / row.seconds).toFixed(1)}x` : "-";
  console.log(
    [`${row.protocol} ${params} symmetry ${row.symmetry ? "on" : "off"}`.padEnd(58), row.result.padEnd(6), String(row.distinctStates).padStart(9), String(row.statesGenerated).padStart(10), `${row.seconds.toFixed(2)} s`.padStart(9), `${row.statesPerSecond}/s`.padStart(10), `${row.peakRssMiB} MiB`.padStart(9), tlc.padStart(9), speedup.padStart(11)].join("  "),
  );
}
writeFileSync("bench/results.json", JSON.stringify(rows, null, 2) + "\n");
console.log("columns: model, verdict, distinct, generated, seconds, distinct states/s, peak RSS, TLC one worker (published, shared/reference), speed-up over TLC");
