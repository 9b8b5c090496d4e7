import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const rdsStorageEncrypted: ResourceRule = {
  id: "RDS-02",
  checkov: ["CKV_AWS_16", "CKV_AWS_96"],
  fsbp: ["RDS.3", "RDS.27"],
  level: "error",
  message: "RDS storage must be encrypted",
  rationale: "Encryption at rest cannot be added to an existing database later without a copy and cut-over.",
  fix: "Set storage_encrypted = true (optionally kms_key_id).",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check: (db) => requireTrue(db, "storage_encrypted"),
};
