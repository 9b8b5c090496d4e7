/**
 * Phase 0: the remote state backend itself — with platform keys the state key
 * first, then the state bucket and, when locking uses DynamoDB, the lock table. Its own state starts in a local file
 * (state/<env>/bootstrap.tfstate) because the bucket does not exist yet; see the
 * README for moving it into the bucket afterwards (stateBackend.bootstrapState: s3).
 * When several environments share one account, one of them manages the bucket
 * and table (stateBackend.manage); the others' bootstrap stacks create nothing.
 */
import type { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { LogsBucket } from "../constructs/logs-bucket";
import { SecureBucket } from "../constructs/secure-bucket";
import { fromConfig } from "../policy/provenance";
import { StateLockTable } from "../constructs/state-lock-table";
import { StateBackendKey } from "../constructs/keys/state-backend-key";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import { BOOTSTRAP } from "./phases";

export class BootstrapStack extends PhaseStack {
  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, BOOTSTRAP, props);
    const c = this.config;
    const sb = c.stateBackend;
    if (!sb.manage) {
      // Another environment of this account owns the bucket and lock table (stateBackend.manage).
      new TerraformOutput(this, "state_bucket_name", { value: sb.bucket, description: "S3 bucket holding every stack's state (managed by another environment of this account)" });
      return;
    }
    // With platform keys the key comes first; the backends name it by alias (config/state-key.ts).
    const kmsKeyArn = sb.key.kind === "platform"
      ? fromConfig(new StateBackendKey(this, "state_key", {
          aliasName: sb.key.aliasName,
          bucket: sb.bucket,
          accountId: c.accountId,
          partition: c.partition,
          region: c.region,
          deletionWindowDays: c.encryption.keyDeletionWindowDays,
          retain: c.protection.deletionProtection,
        }), "encryption").key.arn
      : sb.kmsKeyArn && this.keyArnOf(sb.kmsKeyArn);
    // The state bucket's access log (SSE-S3: S3 server access logs cannot be delivered to SSE-KMS buckets); the foundation's log archive comes a phase later.
    const logs = new LogsBucket(this, "state_logs", {
      bucketName: c.names.bucket("tfstate-logs"),
      accountId: c.accountId,
      region: c.region,
      partition: c.partition,
      retentionDays: Math.max(c.protection.logRetentionDays, 365),
    });
    const bucket = fromConfig(new SecureBucket(this, "state", {
      bucketName: sb.bucket,
      versioned: true,
      // Old state versions are the undo history of every stack: keep them long.
      noncurrentVersionExpirationDays: 365,
      forceDestroy: false,
      kmsKeyArn,
      region: c.region,
      accessLogs: { bucketName: logs.bucket.name, prefix: `s3/${sb.bucket}/` },
    }), "stateBackend");
    new TerraformOutput(this, "state_bucket_name", { value: bucket.name, description: "S3 bucket holding every stack's state" });
    if (sb.locking !== "lockfile") {
      const table = fromConfig(new StateLockTable(this, "lock", {
        tableName: sb.lockTable,
        deletionProtection: c.protection.deletionProtection,
        kmsKeyArn,
      }), "stateBackend");
      new TerraformOutput(this, "lock_table_name", { value: table.table.name, description: "DynamoDB table for state locks" });
    }
  }

  /**
   * The key ARN behind a brought alias: DynamoDB reports a table's key by its key
   * ARN, so an alias there would show a change on every plan. Backends keep the alias.
   */
  private keyArnOf(arn: string): string {
    return /:alias\//.test(arn) ? new DataAwsKmsAlias(this, "state_key_alias", { name: arn.slice(arn.indexOf(":alias/") + 1) }).targetKeyArn : arn;
  }
}
