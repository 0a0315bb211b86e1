/**
 * Names the generated code makes from a spec's names, checked on the IR: two
 * spec names that give one TypeScript name (action `Rm` and role `rm` both
 * make `stepRm`; actions `TMAbort` and `tMAbort` both make `stepTMAbort`), or
 * a spec name that gives a name the generated files already declare or import
 * (a type named `Parameters`, a message named `Message`, a role named `ghosts`
 * next to `hashGhosts`), would compile to files that fail tsc. Each is a spec
 * error here, at the name that comes second.
 */
import { ErrorCode, pointer, type SpecError } from "../errors.js";
import type { ProtocolIR } from "../ir.js";
import { pascal } from "../emit/module.js";

/**
 * Every module-level name the generated files declare or may import whatever
 * the spec: their own declarations, and the runtime and checker names the
 * emitters import (test/generator/ir-checks/generated-names.test.ts checks the list
 * against the committed generated/ folders).
 */
export const GENERATED_NAMES: ReadonlySet<string> = new Set(
  (
    "BY_TYPE CONSTRAINTS INVARIANTS INVARIANT_FUNCTIONS LIVENESS MESSAGE_INDEX ORDER PROPERTIES PROPERTY_FUNCTIONS RECEIVER_ROLE SENDER_ROLE STEP_NAMES STEP_ROLES " +
    "ArgumentDomain CheckModelName Context Ghosts HostEvent HostedProtocol Message NodeHashes Outcome Parameters Payload ProtocolModel RuntimeParameters SchemaValidator Sink State Validation protocol " +
    "argumentDomains checkModels compareChannel compareMessage context createModel decodeMessage decodeState defaultParameters definitions encodeMessage encodeState " +
    "expand fingerprintStep hashGhosts hashMessage hashNetwork hashScratch label messageToItf parameterRanges permuteState replaceNode stateSums stateToItf validateMessage " +
    "LivenessModel Model StepLabel Transition WordReader WordWriter NetworkOrder BoundOverflow Lanes NetworkHash WordBuffer " +
    "addNetworkChange append at canonicalize combinations compareBool compareNumber compareOptional comparePayload compareRecord compareSeq countOfType deliverable distinctAt div " +
    "duplicatedAt entryAt equal equalSlices finish hashWords head ids isPrefix isSubset last majority mapSet maxOf messagesOf messagesOfSet messagesOfSorted minOf mod " +
    "canonicalFingerprint compareRenamedMessage encodeCanonical encodeRenamedMessage encodeStatePermuted fingerprintPermuted hashRenamedMessage sortTail symmetryOf " +
    "nodeAt nodeSeed overflow permuteEntries range received removeAt renameIds reverse seqHas seqSet setHas setIntersect setMinus setOf setUnion slice sum tail unwrap withSends subsets subsetsOf sequences maps"
  ).split(" "),
);

/**
 * The global names of JavaScript (ES2022), of TypeScript's standard types and
 * of Node: a spec name declared as one of them in the generated code would
 * hide the global, and the generated code uses several (`Error`, `Readonly`,
 * `Record`, `Math`, `Set`).
 */
export const GLOBAL_NAMES: ReadonlySet<string> = new Set(
  (
    "AggregateError Array ArrayBuffer Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date Error EvalError FinalizationRegistry Float32Array Float64Array " +
    "Function Infinity Int16Array Int32Array Int8Array Intl JSON Map Math NaN Number Object Promise Proxy RangeError ReferenceError Reflect RegExp Set SharedArrayBuffer " +
    "String Symbol SyntaxError TypeError URIError Uint16Array Uint32Array Uint8Array Uint8ClampedArray WeakMap WeakRef WeakSet globalThis undefined " +
    "ArrayLike Awaited Capitalize ConstructorParameters Exclude Extract InstanceType Iterable IterableIterator Iterator Lowercase NonNullable Omit " +
    "OmitThisParameter Parameters Partial Pick PromiseLike PropertyKey Readonly ReadonlyArray ReadonlyMap ReadonlySet Record Required ReturnType " +
    "TemplateStringsArray ThisParameterType ThisType Uncapitalize Uppercase " +
    "Buffer NodeJS console process require module exports"
  ).split(" "),
);

/** The generated names of each spec name, with where the spec name is. */
export function derivedNames(ir: ProtocolIR): { readonly name: string; readonly from: string; readonly at: string }[] {
  const out: { name: string; from: string; at: string }[] = [];
  const add = (at: string, from: string, ...names: string[]) => names.forEach((name) => out.push({ name, from, at }));
  for (const t of ir.types) add(pointer("types", t.name), `type ${t.name}`, t.name);
  for (const m of ir.messages) add(pointer("messages", m.name), `message ${m.name}`, m.name);
  for (const r of ir.roles) {
    const p = pascal(r.name);
    add(pointer("roles", r.name), `role ${r.name}`, `${p}State`, `${p}Id`, `${p}Event`, `init${p}`, `restart${p}`, `step${p}`, `hash${p}`, `signature${p}`, `signatures${p}`, `hashRenamed${p}`, `rename${p}`);
  }
  for (const a of ir.actions) add(pointer("actions", a.name), `action ${a.name}`, `step${pascal(a.name)}`, `checkGuard${pascal(a.name)}`);
  for (const i of ir.invariants) add(pointer("invariants", i.name), `invariant ${i.name}`, `invariant${pascal(i.name)}`);
  for (const p of ir.properties) add(pointer("properties", p.name), `property ${p.name}`, `property${pascal(p.name)}`);
  for (const l of ir.liveness) add(pointer("liveness", l.name), `liveness property ${l.name}`, ...(l.kind === "leadsTo" ? ["From", "To"] : [""]).map((end) => `liveness${pascal(l.name)}${end}`));
  for (const m of ir.models) add(pointer("models", m.name), `model ${m.name}`, `constraint${pascal(m.name)}`);
  return out;
}

export function generatedNameErrors(ir: ProtocolIR, fileOf: (at: string) => string): SpecError[] {
  const errors: SpecError[] = [];
  const first = new Map<string, string>();
  const reported = new Set<string>();
  for (const d of derivedNames(ir)) {
    const earlier = first.get(d.name);
    let message: string | null = null;
    if (GENERATED_NAMES.has(d.name)) message = `${d.from} would make the generated code declare '${d.name}', a name it already uses: choose another name`;
    else if (GLOBAL_NAMES.has(d.name)) message = `${d.from} would make the generated code declare '${d.name}', hiding the global of that name (JavaScript's, TypeScript's or Node's): choose another name`;
    else if (earlier !== undefined && earlier !== d.from) message = `${d.from} and ${earlier} would both make '${d.name}' in the generated code: choose names that differ in more than case or underscores`;
    else first.set(d.name, d.from);
    if (message !== null && !reported.has(d.at)) {
      reported.add(d.at);
      errors.push({ file: fileOf(d.at), pointer: d.at, code: ErrorCode.duplicateName, message });
    }
  }
  return errors;
}
