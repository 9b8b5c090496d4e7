import type { ResourceRule } from "../../types";
import { bool } from "../../values";

export const rdsManagedPassword: ResourceRule = {
  id: "RDS-07",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "RDS master password must be managed by Secrets Manager",
  rationale: "A password in configuration ends up in Terraform state and in every plan file; a managed one never does.",
  fix: "Set manage_master_user_password = true and remove password / master_password.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    if (db.values.replicate_source_db !== undefined || db.values.snapshot_identifier !== undefined) return undefined;
    const pw = db.type === "aws_rds_cluster" ? "master_password" : "password";
    if (db.values[pw] !== undefined) return { detail: `${pw} is set: the password is in configuration and state` };
    return bool(db.values.manage_master_user_password) === true ? undefined : { detail: "manage_master_user_password is not true" };
  },
};
