import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";
import { engineOf } from "./engines";

/** Engines RDS offers IAM database authentication for (RDS.10 is not applicable to the others). */
const IAM_AUTH_ENGINES = /^(postgres|mysql|mariadb|aurora|aurora-mysql|aurora-postgresql)$/;

export const rdsIamAuthentication: ResourceRule = {
  id: "RDS-12",
  checkov: ["CKV_AWS_161"],
  fsbp: ["RDS.10"],
  level: "error",
  stages: ["prod"],
  message: "RDS instances in prod must allow IAM database authentication",
  rationale:
    "With IAM authentication a client connects with a 15-minute token its role grants (rds-db:connect), so no long-lived database password sits in a task's environment, and revoking access is an IAM change. Prod only (CKV_AWS_161 and RDS.10 apply everywhere): dev and staging connect with the RDS-managed master secret, and turning IAM authentication on there is a choice, not a requirement.",
  fix: "Set database.iamAuthentication: true (iam_database_authentication_enabled = true); clients then connect with rds-db:connect tokens.",
  resourceTypes: ["aws_db_instance"],
  check(db) {
    const engine = engineOf(db);
    if (typeof engine === "string" && !IAM_AUTH_ENGINES.test(engine)) return undefined;
    return requireTrue(db, "iam_database_authentication_enabled");
  },
};
