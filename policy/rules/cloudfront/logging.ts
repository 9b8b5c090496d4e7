import type { ResourceRule } from "../../types";
import { block } from "../../values";

export const cloudfrontLogging: ResourceRule = {
  id: "CF-06",
  checkov: ["CKV_AWS_86"],
  fsbp: ["CloudFront.5"],
  level: "warning",
  stages: ["staging", "prod"],
  message: "CloudFront should log requests outside dev",
  rationale: "Edge request logs are the only record of viewer traffic.",
  fix: "Add logging_config { bucket = <logs bucket domain> } or CloudWatch log delivery.",
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d) => (block(d.values.logging_config) ? undefined : { detail: "logging_config is not set" }),
};
