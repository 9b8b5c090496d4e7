import type { ResourceRule } from "../../types";

export const ecsSeparateRoles: ResourceRule = {
  id: "ECS-06",
  checkov: ["CKV_AWS_249"],
  fsbp: [],
  level: "error",
  message: "ECS task role must differ from the execution role",
  rationale: "The execution role can pull every image and read every injected secret; the application must not inherit that.",
  fix: "Give each service its own task role (ServicesStack does).",
  resourceTypes: ["aws_ecs_task_definition"],
  check(task) {
    const { execution_role_arn: exec, task_role_arn: role } = task.values;
    return exec !== undefined && exec === role ? { detail: `task_role_arn and execution_role_arn are both ${String(role)}` } : undefined;
  },
};
