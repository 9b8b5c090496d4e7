import type { ResourceRule } from "../../types";
import { blocks, str } from "../../values";

export const ecsContainerInsights: ResourceRule = {
  id: "ECS-07",
  checkov: ["CKV_AWS_65"],
  fsbp: ["ECS.12"],
  level: "error",
  message: "ECS cluster must have Container Insights",
  rationale: "Per-task CPU, memory and restart metrics are what alarms and autoscaling diagnosis need.",
  fix: 'Add setting { name = "containerInsights", value = "enabled" }.',
  resourceTypes: ["aws_ecs_cluster"],
  check(cluster) {
    const setting = blocks(cluster.values.setting).find((s) => s.name === "containerInsights");
    const value = setting ? str(setting.value) : undefined;
    return value === "enabled" || value === "enhanced" ? undefined : { detail: `containerInsights is ${value === undefined ? "not set" : String(value)}` };
  },
};
