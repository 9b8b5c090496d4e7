import type { ResourceRule } from "../../types";
import { strings, UNKNOWN } from "../../values";
import { mayBePostgres } from "./engines";

export const rdsLogExports: ResourceRule = {
  id: "RDS-08",
  checkov: ["CKV_AWS_129"],
  fsbp: ["RDS.9", "RDS.36"],
  level: "warning",
  message: "RDS should export its logs to CloudWatch (PostgreSQL: at least the postgresql log)",
  rationale:
    "Database logs must outlive the instance and be searchable during an incident. For PostgreSQL the postgresql log is the one that holds connections, errors and the statements the parameter group logs (RDS-17); the upgrade log alone does not count (RDS.36).",
  fix: 'Set enabled_cloudwatch_logs_exports, e.g. ["postgresql", "upgrade"] (PostgresDatabase does).',
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const logs = strings(db.values.enabled_cloudwatch_logs_exports);
    if (logs === UNKNOWN) return { detail: "enabled_cloudwatch_logs_exports is only known after apply", unknown: true };
    if (!logs || logs.length === 0) return { detail: "enabled_cloudwatch_logs_exports is empty" };
    if (mayBePostgres(db) && !logs.includes("postgresql")) return { detail: `enabled_cloudwatch_logs_exports (${logs.join(", ")}) does not include postgresql` };
    return undefined;
  },
};
