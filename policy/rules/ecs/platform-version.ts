import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";

export const ecsPlatformVersion: ResourceRule = {
  id: "ECS-14",
  checkov: ["CKV_AWS_332"],
  fsbp: ["ECS.10"],
  level: "error",
  message: "ECS services must run on the latest Fargate platform version",
  rationale:
    "A pinned platform version keeps its kernel and container runtime when AWS patches newer ones; LATEST (the default) moves with every deployment. Any pinned version is refused, whether the service names launch_type FARGATE (all CKV_AWS_332 looks at) or reaches Fargate through capacity providers.",
  fix: 'Remove platform_version or set it to "LATEST" (services.<name>.platformVersion).',
  resourceTypes: ["aws_ecs_service"],
  check(service) {
    const v = str(service.values.platform_version);
    if (v === UNKNOWN) return { detail: "platform_version is only known after apply", unknown: true };
    return v === undefined || v === "LATEST" ? undefined : { detail: `platform_version is "${v}", not LATEST` };
  },
};
