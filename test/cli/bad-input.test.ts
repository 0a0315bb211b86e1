/**
 * Bad input: every fixture under test/fixtures/invalid/ is two-phase commit with
 * one mistake. Each must give ONE error: a line `file:line:column: message [CODE]`
 * placing the offending character, then `  in /json/pointer` (with `, column N
 * of the expression` for expression errors), the file's line and a caret under
 * it; exit code 2, no stack trace and nothing written. The table runs in-process (compileSpec + formatError, the
 * CLI's own path); a handful of cases spawn the real CLI.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileErrors, fromCwd, runCli } from "./helpers.js";

const DIR = "test/fixtures/invalid";

interface Case {
  readonly fixture: string;
  /** `line:column` in the file of the offending character (of the key, for an entry or an unknown key). */
  readonly at: string;
  readonly pointer: string;
  readonly code: string;
  /** 1-based column inside the expression, for expression errors only. */
  readonly column?: number;
  /** The file the error names, when it is not the fixture itself. */
  readonly file?: string;
}

const CASES: readonly Case[] = [
  { fixture: "not-json.json", at: "123:7", pointer: "/", code: "PF001" },
  { fixture: "not-json-trailing-comma.json", at: "146:7", pointer: "/", code: "PF001" },
  { fixture: "unknown-key.json", at: "53:11", pointer: "/roles/tm/state/tmState/persistant", code: "PF003" },
  { fixture: "missing-key.json", at: "74:9", pointer: "/roles/rm/state/rmState", code: "PF004" },
  { fixture: "wrong-type.json", at: "72:20", pointer: "/roles/rm/symmetric", code: "PF005" },
  { fixture: "expr-syntax.json", at: "151:25", pointer: "/actions/RMPrepare/guard", code: "PF010", column: 9 },
  { fixture: "unknown-identifier.json", at: "123:59", pointer: "/actions/TMCommit/guard", code: "PF011", column: 43 },
  { fixture: "type-mismatch.json", at: "123:39", pointer: "/actions/TMCommit/guard", code: "PF012", column: 23 },
  { fixture: "follow-on-let.json", at: "127:38", pointer: "/actions/TMCommit/effects/0/be", code: "PF011", column: 21 },
  { fixture: "follow-on-definition.json", at: "228:19", pointer: "/definitions/allOf/params/s/$ref", code: "PF023" },
  { fixture: "wrong-message-field.json", at: "116:40", pointer: "/actions/TMRcvPrepared/effects/0/to", code: "PF012", column: 23 },
  { fixture: "send-unknown-field.json", at: "160:21", pointer: "/actions/RMPrepare/effects/1/with/vote", code: "PF012" },
  { fixture: "bad-assignment.json", at: "168:19", pointer: "/actions/RMChooseToAbort/effects/0/set", code: "PF013", column: 1 },
  { fixture: "ghost-from-runtime.json", at: "142:19", pointer: "/actions/TMCommit/effects/2/set", code: "PF014", column: 1 },
  { fixture: "unbounded-state-integer.json", at: "69:11", pointer: "/roles/tm/state/round/type", code: "PF020" },
  { fixture: "unbounded-message-array.json", at: "90:9", pointer: "/messages/Prepared/fields/undo", code: "PF020" },
  { fixture: "unbounded-message-integer.json", at: "90:9", pointer: "/messages/Prepared/fields/attempt", code: "PF020" },
  { fixture: "unknown-parameter.json", at: "71:16", pointer: "/roles/rm/count", code: "PF021" },
  { fixture: "parameter-out-of-range.json", at: "214:29", pointer: "/models/ci/parameters/resourceManagers", code: "PF022" },
  { fixture: "duplicate-action.json", at: "173:5", pointer: "/actions/RMChooseToAbort", code: "PF024" },
  { fixture: "duplicate-invariant.json", at: "205:5", pointer: "/invariants/PreparedHeard", code: "PF024" },
  { fixture: "reserved-message-field.json", at: "96:9", pointer: "/messages/Commit/fields/from", code: "PF024" },
  { fixture: "undeclared-message.json", at: "158:19", pointer: "/actions/RMPrepare/effects/1/send", code: "PF025" },
  { fixture: "definition-recursive.json", at: "234:15", pointer: "/definitions/allPrepared/expr", code: "PF026" },
  { fixture: "definition-builtin-name.json", at: "220:5", pointer: "/definitions/max", code: "PF024" },
  { fixture: "definition-wrong-result.json", at: "232:18", pointer: "/definitions/wrongResult/expr", code: "PF012", column: 3 },
  { fixture: "extends-missing.json", at: "3:14", pointer: "/extends", code: "PF030" },
  // The error names the file whose `extends` closes the loop: validating A blames B's /extends, and the other way round.
  { fixture: "extends-cycle-a.json", at: "3:14", pointer: "/extends", code: "PF031", file: "extends-cycle-b.json" },
  { fixture: "extends-cycle-b.json", at: "3:14", pointer: "/extends", code: "PF031", file: "extends-cycle-a.json" },
  { fixture: "expect-without-base.json", at: "6:3", pointer: "/expect", code: "PF034" },
  { fixture: "variant-changes-nothing.json", at: "3:14", pointer: "/extends", code: "PF035" },
  // Issue 13: it was published as "holds", whatever it was written to show.
  { fixture: "variant-without-expect.json", at: "1:1", pointer: "/", code: "PF036" },
  // Names every JavaScript object already has: as a parameter `__proto__` hid a real violation, as a field it gave a false one.
  { fixture: "reserved-parameter-proto.json", at: "17:5", pointer: "/parameters/__proto__", code: "PF024" },
  { fixture: "reserved-field-constructor.json", at: "81:9", pointer: "/roles/rm/state/constructor", code: "PF024" },
  { fixture: "reserved-role-tostring.json", at: "83:5", pointer: "/roles/toString", code: "PF024" },
  { fixture: "reserved-ghost-proto.json", at: "226:5", pointer: "/ghosts/__proto__", code: "PF024" },
  { fixture: "reserved-message-field-constructor.json", at: "90:9", pointer: "/messages/Prepared/fields/constructor", code: "PF024" },
  { fixture: "reserved-action-hasownproperty.json", at: "195:5", pointer: "/actions/hasOwnProperty", code: "PF024" },
  { fixture: "reserved-let-constructor.json", at: "154:18", pointer: "/actions/RMPrepare/effects/0/let", code: "PF024" },
  // validate accepted it and check crashed.
  { fixture: "initial-outside-type.json", at: "74:22", pointer: "/roles/tm/state/round/initial", code: "PF015" },
  // Names whose generated code failed tsc: two spec names making one TypeScript name, or one the generated files use.
  { fixture: "collision-action-role.json", at: "195:5", pointer: "/actions/Rm", code: "PF024" },
  { fixture: "collision-actions-case.json", at: "195:5", pointer: "/actions/tMAbort", code: "PF024" },
  { fixture: "collision-roles-case.json", at: "83:5", pointer: "/roles/Rm", code: "PF024" },
  { fixture: "collision-type-parameters.json", at: "42:5", pointer: "/types/Parameters", code: "PF024" },
  { fixture: "collision-message-message.json", at: "103:5", pointer: "/messages/Message", code: "PF024" },
  // Found by the fuzz property: a type named as a global the generated code uses failed tsc; a parameter named `self` was silently unreadable in node code.
  { fixture: "collision-type-global.json", at: "42:5", pointer: "/types/Record", code: "PF024" },
  { fixture: "reserved-parameter-self.json", at: "23:5", pointer: "/parameters/self", code: "PF024" },
  { fixture: "reserved-field-keyword.json", at: "81:9", pointer: "/roles/rm/state/then", code: "PF024" },
  // Nothing ever happens in these, and their generated code failed tsc.
  { fixture: "no-actions.json", at: "107:3", pointer: "/actions", code: "PF004" },
  { fixture: "no-roles.json", at: "6:3", pointer: "/roles", code: "PF004" },
  // They exhausted the stack: an expression past 128 levels, JSON past 64.
  { fixture: "deep-expression.json", at: "207:8332", pointer: "/invariants/Consistent/expr", code: "PF010", column: 8317 },
  { fixture: "deep-json.json", at: "82:2506", pointer: `/roles/rm/state/deep/type${"/items".repeat(59)}/type`, code: "PF002" },
  // The key holds a line break: the error line shows it as \n.
  { fixture: "key-with-newline.json", at: "80:11", pointer: "/roles/rm/state/rmState/persis\\ntent", code: "PF003" },
  // Accepted, though invalid: a named type nothing uses, a null that removes nothing, the ci model removed, no node, 2^53 + 1.
  { fixture: "unused-type-unknown-ref.json", at: "44:15", pointer: "/types/Unused/$ref", code: "PF023" },
  { fixture: "type-refers-to-itself.json", at: "42:5", pointer: "/types/Loop", code: "PF023" },
  { fixture: "variant-removes-missing.json", at: "32:19", pointer: "/actions/RMPrepared", code: "PF023" },
  { fixture: "variant-removes-ci.json", at: "34:11", pointer: "/models/ci", code: "PF032" },
  { fixture: "role-count-zero.json", at: "71:16", pointer: "/roles/rm/count", code: "PF022" },
  { fixture: "integer-beyond-2-53.json", at: "207:16", pointer: "/invariants/Consistent/expr", code: "PF010", column: 1 },
  // Issue 14: a check bound read where the runtime runs (it has no such parameter), and arithmetic on a payload (any JSON value at run time).
  { fixture: "check-bound-in-guard.json", at: "158:16", pointer: "/actions/RMPrepare/guard", code: "PF016" },
  { fixture: "payload-arithmetic.json", at: "168:18", pointer: "/actions/RMPrepare/effects/0/to", code: "PF012", column: 1 },
  // Issue 15: liveness names of the wrong kind or unknown, fairness of a name that is not an action, a property over a ghost only a check bound stops, two forms at once.
  { fixture: "liveness-as-invariant.json", at: "241:9", pointer: "/models/ci/invariants/1", code: "PF027" },
  { fixture: "invariant-as-liveness.json", at: "241:9", pointer: "/models/ci/liveness/1", code: "PF027" },
  { fixture: "fairness-unknown-action.json", at: "240:21", pointer: "/models/ci/fairness/TMDecide", code: "PF023" },
  { fixture: "liveness-unknown-name.json", at: "240:9", pointer: "/models/ci/liveness/0", code: "PF023" },
  { fixture: "liveness-growing-ghost.json", at: "255:21", pointer: "/liveness/VotesCounted/eventually", code: "PF028" },
  { fixture: "liveness-two-forms.json", at: "216:5", pointer: "/liveness/EveryRMDecides", code: "PF004" },
  // 271 characters: gen died with ENAMETOOLONG.
  { fixture: "name-too-long.json", at: "3:11", pointer: "/name", code: "PF002" },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The first line of a case's error, for a file named as the loader names it (relative to the working directory). */
function linePattern(c: Case, name: (pathFromRoot: string) => string): RegExp {
  const file = name(`${DIR}/${c.file ?? c.fixture}`);
  return new RegExp(`^${escape(file)}:${c.at}: .+ \\[${c.code}\\]$`);
}

/** The line under it: the pointer, and the column inside the expression. */
const pointerLine = (c: Case): string => `  in ${c.pointer}${c.column === undefined ? "" : `, column ${c.column} of the expression`}`;

/** The error's four lines: its first line, the pointer, the file's line (gutter `N | `) and a caret under the located column. */
function expectPlaced(lines: readonly string[], c: Case, name: (pathFromRoot: string) => string): void {
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(linePattern(c, name));
  expect(lines[1]).toBe(pointerLine(c));
  const [line, column] = c.at.split(":").map(Number);
  const fileLine = readFileSync(fromCwd(`${DIR}/${c.file ?? c.fixture}`), "utf8").split("\n")[line - 1];
  const gutter = ` ${line} | `;
  expect(lines[2].startsWith(gutter)).toBe(true);
  // A long line is cut around the caret, with `...` where it is cut.
  const shown = lines[2].slice(gutter.length);
  const cutBefore = shown.startsWith("...") ? 3 : 0;
  const kept = shown.slice(cutBefore).replace(/\.\.\.$/, "");
  const from = column - 1 - (lines[3].indexOf("^") - gutter.length - cutBefore);
  if (cutBefore === 0) expect(from).toBe(0);
  else expect(from).toBeGreaterThan(0);
  expect(fileLine.slice(from, from + kept.length)).toBe(kept);
}

/** The first line of each error: the lines that do not start with a space. */
const firstLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l !== "" && !l.startsWith(" "));

const STACK_FRAME = /^\s+at /m;

describe("each invalid fixture gives one error line with its pointer and code (in-process)", () => {
  it("every fixture in the folder has a case", () => {
    expect(readdirSync(fromCwd(DIR)).sort()).toEqual(CASES.map((c) => c.fixture).sort());
  });

  for (const c of CASES) {
    const title = `${c.fixture}: ${c.at} ${c.pointer}${c.column === undefined ? "" : ` (column ${c.column})`} [${c.code}]`;
    it(title, () => {
      const errors = compileErrors(`${DIR}/${c.fixture}`);
      expect(errors).toHaveLength(1);
      expectPlaced(errors[0].split("\n"), c, fromCwd);
      expect(errors[0]).not.toMatch(STACK_FRAME);
    });
  }

  it("a reserved name says why it is reserved", () => {
    expect(compileErrors(`${DIR}/reserved-parameter-proto.json`)[0]).toMatch(/'__proto__' is a reserved name: every JavaScript object already has a property of that name/);
    expect(compileErrors(`${DIR}/reserved-let-constructor.json`)[0]).toMatch(/'constructor' is a reserved name: every JavaScript object/);
    expect(compileErrors(`${DIR}/reserved-parameter-self.json`)[0]).toMatch(/'self' is a reserved name: expressions read 'self' as the node's own id/);
    expect(compileErrors(`${DIR}/reserved-field-keyword.json`)[0]).toMatch(/'then' is a reserved name: 'then' is a keyword of the expression language/);
    expect(compileErrors(`${DIR}/collision-type-global.json`)[0]).toMatch(/type Record would make the generated code declare 'Record', hiding the global of that name/);
  });

  it("an initial value outside its type names the model, the node and the type", () => {
    expect(compileErrors(`${DIR}/initial-outside-type.json`)[0]).toMatch(/in model ci \(resourceManagers = 3\), tm\[0\]\.round = 5 is outside its type \(an integer in 0\.\.3\) \[PF015\]$/m);
  });

  it("a name collision names both spec names and the TypeScript name they share", () => {
    expect(compileErrors(`${DIR}/collision-action-role.json`)[0]).toMatch(/action Rm and role rm would both make 'stepRm' in the generated code/);
    expect(compileErrors(`${DIR}/collision-type-parameters.json`)[0]).toMatch(/type Parameters would make the generated code declare 'Parameters', a name it already uses/);
  });

  it("schema mistakes in separate entries each get their line, in the order of the file", () => {
    const spec = JSON.parse(readFileSync(fromCwd("specs/two-phase-commit.json"), "utf8"));
    spec.roles.rm.symmetric = "yes";
    spec.actions.RMPrepare.gaurd = spec.actions.RMPrepare.guard;
    delete spec.actions.RMPrepare.guard;
    spec.actions.TMCommit.efects = spec.actions.TMCommit.effects;
    delete spec.actions.TMCommit.effects;
    const file = join(mkdtempSync(join(tmpdir(), "protoforge-three-mistakes-")), "three.json");
    writeFileSync(file, JSON.stringify(spec, null, 2));
    const pointers = compileErrors(file).map((error) => /^ {2}in (\S+)$/m.exec(error)![1]);
    expect(pointers).toEqual(["/roles/rm/symmetric", "/actions/TMCommit", "/actions/RMPrepare/gaurd"]);
  });

  it("the schema reserves exactly the names every JavaScript object has, and prototype", () => {
    const schema = JSON.parse(readFileSync(fromCwd("specs/schema/protocol.schema.json"), "utf8")) as { $defs: { identifier: { not: { enum: string[] } } } };
    expect([...schema.$defs.identifier.not.enum].sort()).toEqual([...Object.getOwnPropertyNames(Object.prototype), "prototype"].sort());
  });

  it("the not-JSON message says where the mistake is", () => {
    expect(compileErrors(`${DIR}/not-json.json`)[0]).toMatch(/at line 123, column 7/);
  });

  it("a trailing comma in an array is located by line and column", () => {
    expect(compileErrors(`${DIR}/not-json-trailing-comma.json`)[0]).toMatch(/^[^\n]*at line \d+, column \d+ \[PF001\]$/m);
  });
});

describe.concurrent("the CLI on bad input", { timeout: 60_000 }, () => {
  const temps: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "protoforge-bad-input-"));
    temps.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  const asRunFromRoot = (pathFromRoot: string) => pathFromRoot;

  // Each spawn costs ~1.5 s of CPU (tsx), so one of each stage here (load, expressions); the batch below covers the rest.
  for (const name of ["not-json.json", "expr-syntax.json"]) {
    const c = CASES.find((k) => k.fixture === name)!;
    it(`validate ${name}: exit 2, one placed error on stderr, nothing on stdout`, async () => {
      const r = await runCli(["validate", `${DIR}/${name}`]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.endsWith("\n")).toBe(true);
      expectPlaced(r.stderr.slice(0, -1).split("\n"), c, asRunFromRoot);
      expect(r.stderr).not.toMatch(STACK_FRAME);
    });
  }

  it("validate --json: the valid specs, and each error placed by line and column, on stdout", async () => {
    const r = await runCli(["validate", "--json", "specs/two-phase-commit.json", `${DIR}/expr-syntax.json`, `${DIR}/not-json.json`]);
    expect([r.code, r.stderr]).toEqual([2, ""]);
    const { valid, errors } = JSON.parse(r.stdout) as { valid: string[]; errors: { message: string }[] };
    expect(valid).toEqual(["specs/two-phase-commit.json"]);
    expect(errors.map(({ message: _, ...rest }) => rest)).toEqual([
      { file: `${DIR}/expr-syntax.json`, line: 151, column: 25, pointer: "/actions/RMPrepare/guard", expressionColumn: 9, code: "PF010" },
      { file: `${DIR}/not-json.json`, line: 123, column: 7, pointer: "/", expressionColumn: null, code: "PF001" },
    ]);
  });

  it("check -p __proto__=1: the parameter is unknown (exit 2), not silently dropped", async () => {
    const r = await runCli(["check", "specs/two-phase-commit.json", "-p", "__proto__=1"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/-p __proto__: specs\/two-phase-commit\.json has no parameter '__proto__' \(parameters: resourceManagers\)/);
  });

  it("check -p that leaves a role with no node: exit 2 before the search", async () => {
    const spec = JSON.parse(readFileSync(fromCwd("specs/two-phase-commit.json"), "utf8"));
    spec.parameters.resourceManagers.minimum = 0;
    const file = join(freshDir(), "zero.json");
    writeFileSync(file, JSON.stringify(spec));
    const r = await runCli(["check", file, "-p", "resourceManagers=0"]);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toBe("protoforge: -p resourceManagers=0: role rm would have 0 nodes; every role needs at least one\n");
  });

  it("validate with every fixture at once: one placed error per fixture, in order", async () => {
    const r = await runCli(["validate", ...CASES.map((c) => `${DIR}/${c.fixture}`)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.replace(/\n$/, "").split("\n");
    expect(lines).toHaveLength(4 * CASES.length);
    CASES.forEach((c, i) => expectPlaced(lines.slice(4 * i, 4 * i + 4), c, asRunFromRoot));
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  for (const name of ["unknown-key.json", "type-mismatch.json"]) {
    it(`gen ${name} --out <empty dir>: exit 2 and nothing written`, async () => {
      const out = freshDir();
      const r = await runCli(["gen", `${DIR}/${name}`, "--out", out]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(firstLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(readdirSync(out)).toEqual([]);
    });
  }

  // Outputs that cannot be written are the user's to fix: one line naming the path and the reason, exit 2, no stack trace.
  it.each([
    ["--out under a file that is not a folder", ["gen", "specs/two-phase-commit.json", "--out", "/dev/null/x"], /^protoforge: cannot mkdir \/dev\/null\/x: not a directory \(ENOTDIR\)$/],
    ["--trace-out in a folder that does not exist", ["check", "specs/variants/two-phase-commit-commit-on-majority.json", "--trace-out", "/nonexistent-folder/t.itf.json"], /^protoforge: --trace-out \/nonexistent-folder\/t\.itf\.json: \/nonexistent-folder is not a folder that exists$/],
  ])("%s: exit 2 and one line, before any work", async (_what, args, line) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.replace(/\n$/, "").split("\n")).toHaveLength(1);
    expect(r.stderr.replace(/\n$/, "")).toMatch(line);
  });

  it("gen --out at a file: exit 2, one line, the file untouched", async () => {
    const file = join(freshDir(), "not-a-folder");
    writeFileSync(file, "mine");
    const r = await runCli(["gen", "specs/two-phase-commit.json", "--out", file]);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/^protoforge: cannot mkdir .*not-a-folder: file already exists \(EEXIST\)\n$/);
    expect(readFileSync(file, "utf8")).toBe("mine");
  });

  it("a standard output that cannot be written (> /dev/full): one line on stderr and exit 2, not a stack trace", () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [fromCwd("bin/protoforge.mjs"), "validate", "specs/two-phase-commit.json"], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("protoforge: cannot write the standard output: no space left on device (ENOSPC)\n");
    } finally {
      closeSync(full);
    }
  });

  it("gen with a good spec and a bad one writes nothing at all", async () => {
    const out = freshDir();
    const r = await runCli(["gen", "specs/two-phase-commit.json", `${DIR}/undeclared-message.json`, "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const lines = firstLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(linePattern(CASES.find((c) => c.fixture === "undeclared-message.json")!, asRunFromRoot));
    expect(readdirSync(out)).toEqual([]);
  });

  it("gen with the good spec alone does write (so the tests above are not vacuous)", async () => {
    const out = freshDir();
    const r = await runCli(["gen", "specs/two-phase-commit.json", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(out)).toEqual(["two-phase-commit"]);
  });

  it("an unknown command is a usage error: exit 2, one line, no stack", async () => {
    const r = await runCli(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(r.stderr.replace(/\n$/, "").split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it("an unknown option is a usage error: exit 2, one line, no stack", async () => {
    const r = await runCli(["validate", "--frobnicate", "specs/two-phase-commit.json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
    expect(r.stderr.replace(/\n$/, "").split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
