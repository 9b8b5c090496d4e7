import type { ResourceRule } from "../../types";
import { block, bool } from "../../values";

export const albAccessLogs: ResourceRule = {
  id: "ALB-04",
  checkov: ["CKV_AWS_91"],
  fsbp: ["ELB.5"],
  level: "warning",
  stages: ["staging", "prod"],
  message: "Load balancer should write access logs outside dev",
  rationale: "Request logs are the record of who called what during an incident.",
  fix: "Set access_logs { bucket = <logs bucket>, enabled = true }.",
  resourceTypes: ["aws_lb", "aws_alb"],
  check: (lb) => (bool(block(lb.values.access_logs)?.enabled) === true ? undefined : { detail: "access_logs is not enabled" }),
};
