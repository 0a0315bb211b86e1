/**
 * The oracle property test (test/support/oracle.ts says what it checks) for
 * the specs of the guide's real-world systems: tunable-quorum-store,
 * dynamo-siblings and spanner-commit-wait, and their variants.
 */
import { describeWalks } from "../support/oracle.js";

describeWalks("realworld");
