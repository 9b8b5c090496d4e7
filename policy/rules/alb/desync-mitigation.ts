import type { ResourceRule } from "../../types";
import { requireOneOf } from "../helpers";

export const albDesyncMitigation: ResourceRule = {
  id: "ALB-10",
  checkov: ["CKV_AWS_328"],
  fsbp: ["ELB.12"],
  level: "error",
  message: "Load balancers must mitigate HTTP desync in defensive or strictest mode",
  rationale: "In monitor mode the load balancer forwards ambiguous requests (conflicting Content-Length and Transfer-Encoding) that let an attacker smuggle a request into another user's connection. Unset means defensive, AWS's default.",
  fix: 'Set desync_mitigation_mode = "strictest" (LoadBalancer does) or "defensive", or leave it unset.',
  resourceTypes: ["aws_lb", "aws_alb", "aws_elb"],
  check: (lb) => requireOneOf(lb, "desync_mitigation_mode", ["defensive", "strictest"], "defensive"),
};
