import type { ResourceRule } from "../../types";
import { UNKNOWN } from "../../values";
import { containers, unknownContainers } from "./containers";

export const ecsNoPrivileged: ResourceRule = {
  id: "ECS-01",
  checkov: ["CKV_AWS_334"],
  fsbp: ["ECS.4"],
  level: "error",
  message: "ECS containers must not run privileged",
  rationale: "A privileged container has root on its host.",
  fix: "Remove privileged: true from the container definition.",
  resourceTypes: ["aws_ecs_task_definition"],
  check(task) {
    const list = containers(task);
    if (list === UNKNOWN) return unknownContainers;
    return (list ?? []).filter((c) => c.privileged === true).map((c) => ({ detail: `container "${c.name}" is privileged` }));
  },
};
