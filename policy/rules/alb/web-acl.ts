import type { ResourceRule } from "../../types";
import { bool, UNKNOWN } from "../../values";
import { isApplicationLb } from "./load-balancers";

export const albWebAcl: ResourceRule = {
  id: "ALB-08",
  checkov: ["CKV2_AWS_28"],
  fsbp: [],
  level: "error",
  stages: ["prod"],
  message: "Internet-facing application load balancer in prod must have a web ACL (AWS WAF)",
  rationale: "A public load balancer no CDN fronts takes production's internet traffic itself; without a firewall, injection payloads, known exploits and floods reach the services.",
  fix: "Keep waf.enabled on in the environment file (the prod default): the services phase then associates a REGIONAL web ACL with aws_wafv2_web_acl_association. Or make the load balancer internal behind CloudFront.",
  resourceTypes: ["aws_lb", "aws_alb"],
  check(lb, { stack }) {
    if (!isApplicationLb(lb)) return undefined;
    const internal = bool(lb.values.internal);
    if (internal === true) return undefined;
    if (stack.referencing("aws_wafv2_web_acl_association", "resource_arn", lb).length > 0) return undefined;
    if (internal === UNKNOWN) return { detail: "internal is only known after apply, and no aws_wafv2_web_acl_association refers to this load balancer", unknown: true };
    return { detail: "no aws_wafv2_web_acl_association refers to this internet-facing load balancer" };
  },
};
