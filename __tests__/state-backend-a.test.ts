/** The real S3 backend on loopback for every first shipped environment (see support/backend-suite.ts). */
import { backendSuite } from "./support/backend-suite";
import { shippedEnvironments } from "./support/synth";

const shipped = shippedEnvironments();
backendSuite(shipped.filter((_, i) => i % 2 === 0), shipped);
