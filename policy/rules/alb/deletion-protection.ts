import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const albDeletionProtection: ResourceRule = {
  id: "ALB-05",
  checkov: ["CKV_AWS_150"],
  fsbp: ["ELB.6"],
  level: "error",
  stages: ["prod"],
  message: "Load balancer in prod must have deletion protection",
  rationale: "Deleting the production load balancer takes the service and its DNS target down.",
  fix: "Set enable_deletion_protection = true.",
  resourceTypes: ["aws_lb", "aws_alb"],
  check: (lb) => requireTrue(lb, "enable_deletion_protection"),
};
