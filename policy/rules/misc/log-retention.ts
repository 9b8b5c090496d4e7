import type { ResourceRule } from "../../types";
import { num, UNKNOWN } from "../../values";

export const logRetention: ResourceRule = {
  id: "LOG-01",
  checkov: ["CKV_AWS_66"],
  fsbp: [],
  level: "error",
  message: "CloudWatch log groups must have a retention period",
  rationale: "Logs kept forever are a growing cost and a growing store of personal data.",
  fix: "Set retention_in_days (the stage default comes from logRetentionDays).",
  resourceTypes: ["aws_cloudwatch_log_group"],
  check(group) {
    const days = num(group.values.retention_in_days);
    if (days === UNKNOWN) return { detail: "retention_in_days is only known after apply", unknown: true };
    if (days !== undefined && days > 0) return undefined;
    return { detail: `retention_in_days is ${days === undefined ? "not set" : days}: logs never expire` };
  },
};
