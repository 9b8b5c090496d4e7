import type { ResourceRule } from "../../types";
import { block, blocks, isInterpolated, str, UNKNOWN } from "../../values";

export const ecsEfsTransitEncryption: ResourceRule = {
  id: "ECS-12",
  checkov: ["CKV_AWS_97"],
  fsbp: [],
  level: "error",
  message: "EFS volumes of ECS task definitions must be mounted with encryption in transit",
  rationale:
    "NFS without TLS carries the file system's contents in clear text across the VPC, and IAM authorization (the access point grant) only works over TLS. CKV_AWS_97 judges a task definition by its first EFS volume; every EFS volume is held to it here.",
  fix: 'Set efs_volume_configuration.transit_encryption = "ENABLED" on every EFS volume (FargateTask does).',
  resourceTypes: ["aws_ecs_task_definition"],
  check(task) {
    if (isInterpolated(task.values.volume)) return { detail: "volume is only known after apply", unknown: true };
    return blocks(task.values.volume).flatMap((volume) => {
      const efs = block(volume.efs_volume_configuration);
      if (!efs) return [];
      const name = `volume "${String(volume.name)}"`;
      const v = str(efs.transit_encryption);
      if (v === UNKNOWN) return [{ detail: `${name}: transit_encryption is only known after apply`, unknown: true }];
      if (v === "ENABLED") return [];
      return [{ detail: `${name}: efs_volume_configuration.transit_encryption is ${v === undefined ? "not set (AWS default: DISABLED)" : `"${v}"`}` }];
    });
  },
};
