import type { ResourceRule } from "../../types";
import { block, bool, UNKNOWN } from "../../values";

export const ecsNoPublicIp: ResourceRule = {
  id: "ECS-05",
  checkov: ["CKV_AWS_333"],
  fsbp: ["ECS.2"],
  level: "error",
  message: "ECS services must not assign public IPs to tasks",
  rationale: "Tasks run in private subnets behind a load balancer; a public IP bypasses it.",
  fix: "Set network_configuration.assign_public_ip = false and use private subnets with NAT or VPC endpoints.",
  resourceTypes: ["aws_ecs_service"],
  check(service) {
    const v = bool(block(service.values.network_configuration)?.assign_public_ip);
    if (v === UNKNOWN) return { detail: "assign_public_ip is only known after apply", unknown: true };
    return v === true ? { detail: "network_configuration.assign_public_ip is true" } : undefined;
  },
};
