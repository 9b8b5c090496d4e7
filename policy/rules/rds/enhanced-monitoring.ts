import type { ResourceRule } from "../../types";
import { num, str, UNKNOWN } from "../../values";

export const rdsEnhancedMonitoring: ResourceRule = {
  id: "RDS-11",
  checkov: ["CKV_AWS_118"],
  fsbp: ["RDS.6"],
  level: "error",
  stages: ["prod"],
  message: "RDS instances in prod must have enhanced monitoring, with a role that lets RDS publish it",
  rationale: "CloudWatch's RDS metrics come from the hypervisor once a minute; enhanced monitoring shows the OS inside (processes, memory, I/O per device), which is what a slow production database is diagnosed with. Prod only (CKV_AWS_118 and RDS.6 apply everywhere): elsewhere the OS metrics are a cost nobody reads.",
  fix: "Set monitoring_interval (1, 5, 10, 15, 30 or 60) and monitoring_role_arn (PostgresDatabase's enhancedMonitoring does, in prod by default).",
  resourceTypes: ["aws_db_instance"],
  check(db) {
    const interval = num(db.values.monitoring_interval);
    if (interval === UNKNOWN) return { detail: "monitoring_interval is not known at synthesis", unknown: true };
    const problems: string[] = [];
    if (interval === undefined || interval <= 0) problems.push(`monitoring_interval is ${interval ?? "unset"} (off)`);
    // A reference to the monitoring role is what PostgresDatabase writes: unknown at synthesis but present.
    const role = db.values.monitoring_role_arn;
    if (role === undefined || str(role) === "") problems.push("no monitoring_role_arn");
    return problems.length > 0 ? { detail: problems.join("; ") } : undefined;
  },
};
