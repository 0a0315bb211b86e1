/**
 * The oracle property test (test/support/oracle.ts says what it checks) for
 * the raft specs and their variants.
 */
import { describeWalks } from "../support/oracle.js";

describeWalks("raft");
