import type { ResourceRule } from "../../types";
import { requireFalse } from "../helpers";

export const rdsNotPublic: ResourceRule = {
  id: "RDS-01",
  checkov: ["CKV_AWS_17"],
  fsbp: ["RDS.2"],
  level: "error",
  message: "RDS instance must not be publicly accessible",
  rationale: "Databases are reached from the application tier inside the VPC only.",
  fix: "Set publicly_accessible = false and place the instance in private subnets.",
  resourceTypes: ["aws_db_instance"],
  check: (db) => requireFalse(db, "publicly_accessible"),
};
