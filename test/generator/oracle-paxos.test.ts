/**
 * The oracle property test (test/support/oracle.ts says what it checks) for
 * the paxos and multi-paxos specs and their variants.
 */
import { describeWalks } from "../support/oracle.js";

describeWalks("paxos");
