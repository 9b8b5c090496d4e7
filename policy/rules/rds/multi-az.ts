import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const rdsMultiAz: ResourceRule = {
  id: "RDS-06",
  checkov: ["CKV_AWS_157"],
  fsbp: ["RDS.5"],
  level: "error",
  stages: ["prod"],
  message: "RDS instance in prod must be Multi-AZ",
  rationale: "A single-AZ database is down for the length of an AZ outage or a maintenance reboot. Prod only (CKV_AWS_157 applies everywhere): a standby doubles the cost of environments nobody depends on.",
  fix: "Set multi_az = true.",
  resourceTypes: ["aws_db_instance"],
  check: (db) => requireTrue(db, "multi_az"),
};
