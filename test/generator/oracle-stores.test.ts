/**
 * The oracle property test (test/support/oracle.ts says what it checks) for
 * the CRDT, cp-quorum-store, ap-store, causal-store and session-store specs and their variants.
 */
import { describeWalks } from "../support/oracle.js";

describeWalks("stores");
