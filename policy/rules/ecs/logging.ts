import type { ResourceRule } from "../../types";
import { UNKNOWN } from "../../values";
import { containers, unknownContainers } from "./containers";

export const ecsLogging: ResourceRule = {
  id: "ECS-03",
  checkov: [],
  fsbp: ["ECS.9"],
  level: "error",
  message: "ECS containers must send their logs somewhere",
  rationale: "Without a log driver the output of a crashed task is lost.",
  fix: "Give every container a logConfiguration (FargateTask uses awslogs with a retained log group).",
  resourceTypes: ["aws_ecs_task_definition"],
  check(task) {
    const list = containers(task);
    if (list === UNKNOWN) return unknownContainers;
    return (list ?? [])
      .filter((c) => !(c.logConfiguration as { logDriver?: string } | undefined)?.logDriver)
      .map((c) => ({ detail: `container "${c.name}" has no logConfiguration.logDriver` }));
  },
};
