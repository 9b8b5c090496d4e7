/**
 * The key of the remote state: it encrypts the state bucket, every state object
 * Terraform writes (the backend's kms_key_id), and the lock table. It belongs to
 * the bucket, not to one environment, so every environment sharing a bucket must
 * agree on it (config/shared-account.ts checks the siblings).
 *
 * - `stateBackend.kmsKeyArn` set: that key (the team's).
 * - platform keys: a key the bootstrap phase creates before the bucket, named
 *   after the bucket (`alias/tfstate/<bucket>`). Terraform reads backend settings
 *   before any resource exists, so the backend names it by its alias ARN: a
 *   literal known before the key is (Terraform ≥ 1.6.1 resolves alias ARNs).
 * - AWS-managed keys: SSE-S3 for the bucket and objects, DynamoDB's own key for the table.
 */
import type { KeyMode } from "./encryption-schema";

export type StateKey =
  | { readonly kind: "aws-managed" }
  | { readonly kind: "platform"; readonly aliasName: string }
  | { readonly kind: "bring"; readonly arn: string };

/** KMS alias names allow letters, digits, '/', '_' and '-'; bucket names also have '.'. */
export function stateKeyAliasName(bucket: string): string {
  return `alias/tfstate/${bucket.replaceAll(".", "-")}`;
}

export function stateKeyOf(bucket: string, explicitArn: string | undefined, mode: KeyMode): StateKey {
  if (explicitArn) return { kind: "bring", arn: explicitArn };
  if (mode === "platform") return { kind: "platform", aliasName: stateKeyAliasName(bucket) };
  return { kind: "aws-managed" };
}

/** What the backend passes as kms_key_id, if anything. */
export function stateKeyArn(key: StateKey, partition: string, region: string, accountId: string): string | undefined {
  if (key.kind === "bring") return key.arn;
  if (key.kind === "platform") return `arn:${partition}:kms:${region}:${accountId}:${key.aliasName}`;
  return undefined;
}

/** One line for messages: which key encrypts the state. */
export function describeStateKey(key: StateKey): string {
  if (key.kind === "bring") return `the key ${key.arn} (stateBackend.kmsKeyArn)`;
  if (key.kind === "platform") return `the platform key ${key.aliasName} its bootstrap creates`;
  return "AWS-managed keys";
}
