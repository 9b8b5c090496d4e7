import type { ResourceRule } from "../../types";
import { blocks } from "../../values";
import { requireAtLeast } from "../helpers";

export const ecsHealthCheckGrace: ResourceRule = {
  id: "ECS-10",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "ECS services behind a load balancer must give new tasks a health check grace period",
  rationale: "Without one, ECS counts the load balancer's failed checks of a task that is still starting, stops it and starts another: slow starters never become healthy and the circuit breaker rolls back a good deployment.",
  fix: "Set health_check_grace_period_seconds above the application's start time (services.<name>.healthCheck.gracePeriodSeconds, default 90).",
  resourceTypes: ["aws_ecs_service"],
  check: (service) => (blocks(service.values.load_balancer).length > 0 ? requireAtLeast(service, "health_check_grace_period_seconds", 1, 0) : undefined),
};
