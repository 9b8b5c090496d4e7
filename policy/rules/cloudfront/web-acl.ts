import type { ResourceRule } from "../../types";
import { str } from "../../values";

export const cloudfrontWebAcl: ResourceRule = {
  id: "CF-08",
  checkov: ["CKV_AWS_68"],
  fsbp: ["CloudFront.6"],
  level: "error",
  stages: ["prod"],
  message: "CloudFront in prod must have a web ACL (AWS WAF)",
  rationale: "The edge is where production's internet traffic arrives; without a firewall, injection payloads, known exploits and floods reach the origin.",
  fix: "Keep waf.enabled on in the environment file (the prod default): the frontend phase then sets web_acl_id to a CLOUDFRONT-scope aws_wafv2_web_acl.",
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d) => (str(d.values.web_acl_id) ? undefined : { detail: "web_acl_id is not set" }),
};
