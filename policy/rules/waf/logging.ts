import type { ResourceRule } from "../../types";

export const wafLogging: ResourceRule = {
  id: "WAF-03",
  checkov: ["CKV2_AWS_31"],
  fsbp: [],
  level: "warning",
  stages: ["staging", "prod"],
  message: "Web ACL should log the requests it inspects outside dev",
  rationale: "WAF logs say which rule blocked whom; without them an attack cannot be traced nor a false positive found.",
  fix: "Add aws_wafv2_web_acl_logging_configuration with resource_arn = the web ACL's arn and an aws-waf-logs-… destination (WebAcl does).",
  resourceTypes: ["aws_wafv2_web_acl"],
  check: (acl, { stack }) =>
    stack.referencing("aws_wafv2_web_acl_logging_configuration", "resource_arn", acl).length > 0 ? undefined : { detail: "no aws_wafv2_web_acl_logging_configuration refers to this web ACL" },
};
