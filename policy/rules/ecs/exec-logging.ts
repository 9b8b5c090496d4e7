import type { ResourceRule, Violation } from "../../types";
import { block, bool, str, UNKNOWN } from "../../values";

export const ecsExecLogging: ResourceRule = {
  id: "ECS-13",
  checkov: ["CKV_AWS_223", "CKV_AWS_224"],
  fsbp: [],
  level: "error",
  message: "An ECS cluster's ECS Exec configuration must log sessions, encrypted with a customer key",
  rationale:
    "ECS Exec is an interactive shell in a running task. A cluster that configures it must not turn its logging off (NONE), and must encrypt the session (kms_key_id) and the log it writes (CloudWatch or S3 encryption). With OVERRIDE every destination it names must be encrypted and it must name one: OVERRIDE without a log group or bucket records nothing. A cluster without execute_command_configuration is left to AWS's default (the task's awslogs configuration), as both checks leave it.",
  fix:
    'In configuration.execute_command_configuration set kms_key_id and logging = "OVERRIDE" with log_configuration { cloud_watch_log_group_name = <a KMS-encrypted group>, cloud_watch_encryption_enabled = true } (or an S3 bucket with s3_bucket_encryption_enabled = true); or remove the block.',
  resourceTypes: ["aws_ecs_cluster"],
  check(cluster) {
    const exec = block(block(cluster.values.configuration)?.execute_command_configuration);
    if (!exec) return undefined;
    const logging = str(exec.logging);
    if (logging === UNKNOWN) return { detail: "execute_command_configuration.logging is only known after apply", unknown: true };
    if (logging === "NONE") return { detail: "execute_command_configuration.logging is NONE: ECS Exec sessions are not recorded" };
    const out: Violation[] = [];
    if (exec.kms_key_id === undefined || exec.kms_key_id === null || exec.kms_key_id === "") out.push({ detail: "execute_command_configuration has no kms_key_id: ECS Exec sessions are not encrypted with a customer key" });
    const log = block(exec.log_configuration);
    const flag = (attr: string) => bool(log?.[attr]);
    const flags = ["cloud_watch_encryption_enabled", "s3_bucket_encryption_enabled"].map(flag);
    if (flags.includes(UNKNOWN)) out.push({ detail: "log_configuration's encryption is only known after apply", unknown: true });
    else if (!flags.includes(true)) out.push({ detail: "log_configuration enables neither cloud_watch_encryption_enabled nor s3_bucket_encryption_enabled: the session log is not encrypted" });
    if ((logging ?? "DEFAULT") === "OVERRIDE") {
      const destinations = [
        { name: "cloud_watch_log_group_name", flag: "cloud_watch_encryption_enabled" },
        { name: "s3_bucket_name", flag: "s3_bucket_encryption_enabled" },
      ].filter((d) => log?.[d.name] !== undefined && log[d.name] !== "");
      if (destinations.length === 0) out.push({ detail: "logging is OVERRIDE but log_configuration names no log group or bucket: sessions are recorded nowhere" });
      for (const d of destinations) if (flag(d.flag) === false || flag(d.flag) === undefined) out.push({ detail: `log_configuration writes to ${d.name} without ${d.flag}` });
    }
    return out;
  },
};
