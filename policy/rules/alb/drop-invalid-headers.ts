import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";
import { isApplicationLb } from "./load-balancers";

export const albDropInvalidHeaders: ResourceRule = {
  id: "ALB-01",
  checkov: ["CKV_AWS_131"],
  fsbp: ["ELB.4"],
  level: "error",
  message: "Application load balancer must drop invalid HTTP headers",
  rationale: "Malformed headers are a request-smuggling vector towards the targets.",
  fix: "Set drop_invalid_header_fields = true.",
  resourceTypes: ["aws_lb", "aws_alb"],
  check: (lb) => (isApplicationLb(lb) ? requireTrue(lb, "drop_invalid_header_fields") : undefined),
};
