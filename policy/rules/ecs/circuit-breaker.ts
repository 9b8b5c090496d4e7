import type { ResourceRule } from "../../types";
import { block, bool, str } from "../../values";

export const ecsCircuitBreaker: ResourceRule = {
  id: "ECS-08",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "ECS services must roll back failed deployments (circuit breaker)",
  rationale: "Without it a broken image replaces healthy tasks until someone notices.",
  fix: "Set deployment_circuit_breaker { enable = true, rollback = true }.",
  resourceTypes: ["aws_ecs_service"],
  check(service) {
    const controller = str(block(service.values.deployment_controller)?.type);
    if (controller === "CODE_DEPLOY" || controller === "EXTERNAL") return undefined;
    const cb = block(service.values.deployment_circuit_breaker);
    return cb && bool(cb.enable) === true && bool(cb.rollback) === true ? undefined : { detail: "deployment_circuit_breaker is not enabled with rollback" };
  },
};
