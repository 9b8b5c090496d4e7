/**
 * The shared S3 remote state, solved once. Every stack's backend block and every
 * `terraform_remote_state` the app emits are built from `s3StateSettings`, so they
 * cannot drift apart. cdktf 0.21's S3Backend has no `useLockfile` prop; both
 * S3Backend and DataTerraformRemoteStateS3 pass their props through
 * keysToSnakeCase, so the extra key arrives as `use_lockfile` in both places.
 */
import { S3Backend, type S3BackendConfig } from "cdktf";
import type { Construct } from "constructs";
import { stateFolder, type ResolvedConfig } from "../config/defaults";
import type { StackName } from "./phases";

/** S3 backend settings plus `use_lockfile`, which cdktf's type lacks. */
export type StateSettings = S3BackendConfig & { readonly useLockfile?: boolean };

export function stateKey(config: ResolvedConfig, stack: StackName): string {
  return `${stateFolder(config)}/${stack}.tfstate`;
}

export function s3StateSettings(config: ResolvedConfig, stack: StackName): StateSettings {
  const sb = config.stateBackend;
  const dynamodb = sb.locking === "dynamodb" || sb.locking === "both";
  const lockfile = sb.locking === "lockfile" || sb.locking === "both";
  return {
    bucket: sb.bucket,
    key: stateKey(config, stack),
    region: config.region,
    encrypt: true,
    ...(sb.kmsKeyArn ? { kmsKeyId: sb.kmsKeyArn } : {}),
    ...(dynamodb ? { dynamodbTable: sb.lockTable } : {}),
    ...(lockfile ? { useLockfile: true } : {}),
    ...(sb.endpoints ? { endpoints: { ...sb.endpoints } } : {}),
    ...(sb.usePathStyle ? { usePathStyle: true } : {}),
    ...(sb.skipCredentialsValidation ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: true } : {}),
  };
}

export function addS3Backend(scope: Construct, config: ResolvedConfig, stack: StackName): S3Backend {
  return new S3Backend(scope, s3StateSettings(config, stack));
}
