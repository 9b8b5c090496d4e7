import type { ResourceRule } from "../../types";
import { block, refersTo, str } from "../../values";

export const cloudfrontLogging: ResourceRule = {
  id: "CF-06",
  checkov: ["CKV_AWS_86"],
  fsbp: ["CloudFront.5"],
  level: "warning",
  stages: ["staging", "prod"],
  message: "CloudFront should log requests outside dev",
  rationale: "Edge request logs are the only record of viewer traffic.",
  fix: "Deliver ACCESS_LOGS with aws_cloudwatch_log_delivery_source (CloudfrontAccessLogs does), or set logging_config.",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(d, { stack }) {
    if (block(d.values.logging_config)) return undefined;
    const delivered = stack.ofType("aws_cloudwatch_log_delivery_source").some((s) => str(s.values.log_type) === "ACCESS_LOGS" && refersTo(s.values.resource_arn, d.address));
    return delivered ? undefined : { detail: "neither logging_config nor an ACCESS_LOGS delivery source for this distribution" };
  },
};
