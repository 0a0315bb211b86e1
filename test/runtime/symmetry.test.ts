/**
 * Canonicalising without building: on reachable states of symmetric specs,
 * the generated fingerprintPermuted and encodeStatePermuted give exactly the
 * fingerprint and the words of the renamed state permuteState builds, for any
 * permutations, and canonicalFingerprint and encodeCanonical those of the
 * representative canonicalize builds (ties included).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { GlobalState, Model } from "../../checkers/model.js";
import { Lanes } from "../../runtime/hash.js";
import type { Symmetry } from "../../runtime/symmetry.js";
import { WordBuffer } from "../../runtime/words.js";
import { generateInto } from "../support/generate.js";

const SPECS = [
  "specs/paxos.json",
  "specs/raft.json",
  "specs/cp-quorum-store.json",
  // A map keyed by the symmetric role.
  "specs/crdt-g-counter.json",
  "specs/crdt-or-set.json",
  "specs/two-phase-commit.json",
  "specs/multi-paxos.json",
  "test/fixtures/checker/checker-two-symmetric-roles.json",
];

/** How many reachable states each spec contributes, breadth first. */
const STATES = 1500;

interface Loaded {
  readonly model: Model<GlobalState>;
  readonly symmetry: Symmetry<GlobalState>;
  readonly states: readonly GlobalState[];
}

function fingerprintOf(model: Model<GlobalState>, state: GlobalState): string {
  const fp = new Lanes();
  model.fingerprint(state, fp);
  return `${fp.hi}:${fp.lo}`;
}

function encodingOf(model: Model<GlobalState>, state: GlobalState): string {
  const out = new WordBuffer();
  model.encode(state, out);
  return Array.from(out.words.subarray(0, out.length)).join(",");
}

function reachable(model: Model<GlobalState>): GlobalState[] {
  const seen = new Set<string>();
  const states: GlobalState[] = [];
  const admit = (state: GlobalState): void => {
    const key = fingerprintOf(model, state);
    if (states.length < STATES && !seen.has(key)) {
      seen.add(key);
      states.push(state);
    }
  };
  model.initialStates().forEach(admit);
  for (let i = 0; i < states.length && states.length < STATES; i++) model.forEachSuccessor(states[i], (_step, next) => admit(next));
  return states;
}

/** The permutation (old id -> new id) that sorts `keys`, ties by position. */
function permutationOf(keys: readonly number[]): number[] {
  const order = keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b] || a - b);
  const perm = new Array<number>(keys.length);
  order.forEach((old, position) => (perm[old] = position));
  return perm;
}

function inverseOf(perm: readonly number[]): number[] {
  const inverse = new Array<number>(perm.length);
  perm.forEach((to, from) => (inverse[to] = from));
  return inverse;
}

/** A reachable state and one random permutation per symmetric role. */
function renaming(loaded: Loaded) {
  return fc.tuple(fc.nat(loaded.states.length - 1), fc.array(fc.array(fc.nat(99), { minLength: 16, maxLength: 16 }), { minLength: 4, maxLength: 4 })).map(([at, keys]) => {
    const state = loaded.states[at];
    const perms = loaded.symmetry.roles.map((role, r) => permutationOf(keys[r].slice(0, role.count(state))));
    return { state, perms };
  });
}

describe.each(SPECS)("canonicalising %s without building the renamed state", (spec) => {
  let loaded: Loaded;
  beforeAll(async () => {
    const { modelModule } = await generateInto(spec);
    const model = modelModule.createModel();
    const module = modelModule as unknown as { symmetryOf(p: object, fingerprint: (s: GlobalState, out: Lanes) => void): Symmetry<GlobalState> };
    const symmetry = module.symmetryOf((model as unknown as { parameters: object }).parameters, (s, out) => model.fingerprint(s, out));
    loaded = { model, symmetry, states: reachable(model) };
  }, 120_000);

  it("fingerprintPermuted is the fingerprint of the state permuteState builds, for any permutations", () => {
    const { model, symmetry } = loaded;
    expect(symmetry.fingerprintPermuted).not.toBeNull();
    const fp = new Lanes();
    fc.assert(
      fc.property(renaming(loaded), ({ state, perms }) => {
        symmetry.fingerprintPermuted!(state, perms, perms.map(inverseOf), fp);
        expect(`${fp.hi}:${fp.lo}`).toBe(fingerprintOf(model, symmetry.permute(state, perms)));
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it("encodePermuted writes the words of the state permuteState builds, for any permutations, where messages can be ordered in place", () => {
    const { model, symmetry } = loaded;
    if (symmetry.encodePermuted === null) return;
    const out = new WordBuffer();
    fc.assert(
      fc.property(renaming(loaded), ({ state, perms }) => {
        out.reset();
        symmetry.encodePermuted!(state, perms, perms.map(inverseOf), out);
        expect(Array.from(out.words.subarray(0, out.length)).join(",")).toBe(encodingOf(model, symmetry.permute(state, perms)));
      }),
      { seed: 11, numRuns: 400 },
    );
  });

  it("canonicalFingerprint and encodeCanonical give canonicalize's representative, on every state, renamed or not", () => {
    const { model, symmetry } = loaded;
    const fp = new Lanes();
    const own = new Lanes();
    const out = new WordBuffer();
    let moved = 0;
    const agrees = (state: GlobalState): void => {
      const expected = model.canonicalize(state);
      model.fingerprint(state, own);
      model.canonicalFingerprint(state, own.hi, own.lo, fp);
      expect(`${fp.hi}:${fp.lo}`).toBe(fingerprintOf(model, expected));
      out.reset();
      model.encodeCanonical(state, out);
      expect(Array.from(out.words.subarray(0, out.length)).join(",")).toBe(encodingOf(model, expected));
      if (expected !== state) moved++;
    };
    loaded.states.forEach(agrees);
    fc.assert(
      fc.property(renaming(loaded), ({ state, perms }) => agrees(symmetry.permute(state, perms))),
      { seed: 11, numRuns: 400 },
    );
    expect(moved).toBeGreaterThan(0);
  });

  it("encodeCanonical is right for a state other than the one last fingerprinted", () => {
    const { model } = loaded;
    const fp = new Lanes();
    const out = new WordBuffer();
    const [a, b] = [loaded.states[loaded.states.length - 1], loaded.states[loaded.states.length >> 1]];
    model.canonicalFingerprint(a, 0, 0, fp);
    model.encodeCanonical(b, out);
    expect(Array.from(out.words.subarray(0, out.length)).join(",")).toBe(encodingOf(model, model.canonicalize(b)));
  });
});
