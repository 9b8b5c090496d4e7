import { SECRET_NAME } from "../../../config/secret-names";
import type { ResourceRule } from "../../types";
import { UNKNOWN } from "../../values";
import { containers, unknownContainers } from "./containers";


export const ecsNoPlainSecrets: ResourceRule = {
  id: "ECS-04",
  checkov: [],
  fsbp: ["ECS.8"],
  level: "error",
  message: "Secrets must reach containers through `secrets`, not plain `environment`",
  rationale: "Plain environment values are stored in the task definition, visible to anyone who can describe it, and in state.",
  fix: "Put the value in Secrets Manager and reference it in the container's secrets (valueFrom).",
  resourceTypes: ["aws_ecs_task_definition"],
  check(task) {
    const list = containers(task);
    if (list === UNKNOWN) return unknownContainers;
    return (list ?? []).flatMap((c) =>
      ((c.environment as Array<{ name: string }> | undefined) ?? [])
        .filter((e) => SECRET_NAME.test(e.name))
        .map((e) => ({ detail: `container "${c.name}" has ${e.name} in plain environment` })),
    );
  },
};
