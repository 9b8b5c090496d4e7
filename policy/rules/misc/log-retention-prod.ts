import type { ResourceRule } from "../../types";
import { num, UNKNOWN } from "../../values";

/** A year: what incident reviews and audits look back over. */
export const PROD_MIN_LOG_RETENTION_DAYS = 365;

export const prodLogRetention: ResourceRule = {
  id: "LOG-02",
  checkov: ["CKV_AWS_338"],
  fsbp: [],
  level: "error",
  stages: ["prod"],
  message: `CloudWatch log groups in prod must keep logs at least ${PROD_MIN_LOG_RETENTION_DAYS} days`,
  rationale: "An incident found late (a breach, a slow data corruption) is investigated from logs months old; audits ask for a year.",
  fix: `Leave logRetentionDays at prod's default (365) or set a longer value CloudWatch accepts (400, 545, 731, …).`,
  resourceTypes: ["aws_cloudwatch_log_group"],
  check(group) {
    const days = num(group.values.retention_in_days);
    if (days === UNKNOWN) return { detail: "retention_in_days is only known after apply", unknown: true };
    // Never expiring (unset or 0) is LOG-01's finding; here only a period that is too short.
    if (days === undefined || days === 0 || days >= PROD_MIN_LOG_RETENTION_DAYS) return undefined;
    return { detail: `retention_in_days is ${days}` };
  },
};
