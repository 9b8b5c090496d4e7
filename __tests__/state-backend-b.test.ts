/** The real S3 backend on loopback for half of the other shipped environments (see support/backend-suite.ts). */
import { backendSuite } from "./support/backend-suite";
import { shippedEnvironments } from "./support/synth";

const shipped = shippedEnvironments();
backendSuite(shipped.filter((_, i) => i % 2 === 1), shipped);
