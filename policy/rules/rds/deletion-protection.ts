import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const rdsDeletionProtection: ResourceRule = {
  id: "RDS-04",
  checkov: ["CKV_AWS_293", "CKV_AWS_139"],
  fsbp: ["RDS.8", "RDS.7"],
  level: "error",
  stages: ["prod"],
  message: "RDS in prod must have deletion protection",
  rationale: "A destroy or a replacement in a plan must not be able to drop the production database. Prod only (the checks apply everywhere): dev is destroyed and re-created on purpose, and staging keeps protection by its stage default without the rule insisting.",
  fix: "Set deletion_protection = true (the prod stage default).",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check: (db) => requireTrue(db, "deletion_protection"),
};
