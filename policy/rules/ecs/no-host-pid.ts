import type { ResourceRule } from "../../types";
import { str } from "../../values";

export const ecsNoHostPid: ResourceRule = {
  id: "ECS-02",
  checkov: ["CKV_AWS_335"],
  fsbp: ["ECS.3"],
  level: "error",
  message: "ECS task definitions must not share the host's process namespace",
  rationale: "pid_mode host lets a container see and signal every process on the host.",
  fix: "Remove pid_mode = host (and ipc_mode = host).",
  resourceTypes: ["aws_ecs_task_definition"],
  check(task) {
    const shared = ["pid_mode", "ipc_mode"].filter((a) => str(task.values[a]) === "host");
    return shared.length === 0 ? undefined : { detail: `${shared.join(" and ")} is host` };
  },
};
