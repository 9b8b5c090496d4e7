import type { ResourceRule } from "../../types";
import { strings, UNKNOWN } from "../../values";

export const rdsLogExports: ResourceRule = {
  id: "RDS-08",
  checkov: ["CKV_AWS_129"],
  fsbp: ["RDS.9"],
  level: "warning",
  message: "RDS should export its logs to CloudWatch",
  rationale: "Database logs must outlive the instance and be searchable during an incident.",
  fix: 'Set enabled_cloudwatch_logs_exports, e.g. ["postgresql", "upgrade"].',
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const logs = strings(db.values.enabled_cloudwatch_logs_exports);
    if (logs === UNKNOWN) return undefined;
    return logs && logs.length > 0 ? undefined : { detail: "enabled_cloudwatch_logs_exports is empty" };
  },
};
