import type { ResourceRule } from "../../types";
import { bool, UNKNOWN } from "../../values";
import { containers, unknownContainers } from "./containers";

export const ecsReadOnlyRoot: ResourceRule = {
  id: "ECS-09",
  checkov: ["CKV_AWS_336"],
  fsbp: ["ECS.5"],
  level: "error",
  message: "ECS containers must mount their root file system read-only",
  rationale: "A writable root lets an attacker who gets code execution replace binaries and persist in the container; writes belong in declared scratch volumes.",
  fix: "Set readonlyRootFilesystem: true on every container and mount the paths it writes as volumes (FargateTask does both; services.<name>.container.writablePaths lists the paths).",
  resourceTypes: ["aws_ecs_task_definition"],
  check(task) {
    const list = containers(task);
    if (list === UNKNOWN) return unknownContainers;
    return (list ?? []).flatMap((c) => {
      const v = bool(c.readonlyRootFilesystem);
      if (v === UNKNOWN) return [{ detail: `container "${c.name}": readonlyRootFilesystem is only known after apply`, unknown: true }];
      return v === true ? [] : [{ detail: `container "${c.name}" has ${v === undefined ? "no readonlyRootFilesystem (AWS default: false)" : "readonlyRootFilesystem false"}` }];
    });
  },
};
