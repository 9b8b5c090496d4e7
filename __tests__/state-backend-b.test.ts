/** The real S3 backend on loopback for every other shipped environment (see support/backend-suite.ts). */
import { backendSuite } from "./support/backend-suite";
import { shippedEnvironments } from "./support/synth";

const shipped = shippedEnvironments();
backendSuite(shipped.slice(1), shipped);
