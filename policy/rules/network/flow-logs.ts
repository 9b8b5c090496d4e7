import type { ResourceRule } from "../../types";

export const networkFlowLogs: ResourceRule = {
  id: "NET-04",
  checkov: ["CKV2_AWS_11"],
  fsbp: ["EC2.6"],
  level: "warning",
  stages: ["staging", "prod"],
  message: "VPC should record flow logs outside dev",
  rationale: "Flow logs are the network record for incident response. Staging and prod only (CKV2_AWS_11 applies everywhere): dev's traffic is nobody's evidence, and its log volume is paid for.",
  fix: "Add aws_flow_log for the VPC (to CloudWatch Logs or S3).",
  resourceTypes: ["aws_vpc"],
  check: (vpc, { stack }) => (stack.referencing("aws_flow_log", "vpc_id", vpc).length > 0 ? undefined : { detail: "no aws_flow_log refers to this VPC" }),
};
