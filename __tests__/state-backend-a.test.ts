/**
 * The real S3 backend on loopback for the first shipped environment (see
 * support/backend-suite.ts): it alone also proves the account check and the
 * plan-only output, so it runs in a file of its own, beside the others'.
 */
import { backendSuite } from "./support/backend-suite";
import { shippedEnvironments } from "./support/synth";

const shipped = shippedEnvironments();
backendSuite(shipped.slice(0, 1), shipped);
