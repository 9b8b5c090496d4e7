import type { ResourceRule } from "../../types";
import { block, str, UNKNOWN } from "../../values";

export const efsBackups: ResourceRule = {
  id: "EFS-03",
  checkov: [],
  fsbp: ["EFS.2", "EFS.7"],
  level: "error",
  stages: ["staging", "prod"],
  message: "EFS file systems must have automatic backups enabled outside dev",
  rationale:
    "EFS keeps no history of its own: a bad write, a deleted directory or a corrupted index is permanent without a backup. An aws_efs_backup_policy with status ENABLED puts the file system in AWS Backup's default EFS plan (daily, kept 35 days), which is what both controls check. Staging and prod only: dev's files are disposable and dev turns backups off to save their storage, which is narrower than EFS.2 and EFS.7 there.",
  fix: 'Add aws_efs_backup_policy { file_system_id = <the file system>, backup_policy { status = "ENABLED" } } (FileSystem does outside dev).',
  resourceTypes: ["aws_efs_file_system"],
  check(fs, { stack }) {
    const policies = stack.referencing("aws_efs_backup_policy", "file_system_id", fs);
    if (policies.length === 0) return { detail: "no aws_efs_backup_policy refers to this file system (automatic backups are off by default)" };
    const statuses = policies.map((p) => str(block(p.values.backup_policy)?.status));
    if (statuses.includes("ENABLED")) return undefined;
    if (statuses.includes(UNKNOWN)) return { detail: "backup_policy.status is only known after apply", unknown: true };
    return { detail: `${policies[0].address} has backup_policy.status ${String(statuses[0] ?? "not set")}` };
  },
};
