import type { ResourceRule } from "../../types";
import { requireAtLeast } from "../helpers";

export const rdsBackupRetention: ResourceRule = {
  id: "RDS-03",
  checkov: ["CKV_AWS_133"],
  fsbp: ["RDS.11"],
  level: "error",
  stages: ["staging", "prod"],
  message: "RDS backups must be kept at least 7 days outside dev",
  rationale: "A week of point-in-time recovery covers a bad migration found after a weekend.",
  fix: "Set backup_retention_period to 7 or more.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check: (db) => requireAtLeast(db, "backup_retention_period", 7, db.type === "aws_rds_cluster" ? 1 : 0),
};
