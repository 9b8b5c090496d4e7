/**
 * Which KMS keys encrypt an environment's data: AWS-managed keys, keys the
 * platform creates (one per data class: data, logs, secrets; the default in
 * prod), or keys the team brings by ARN.
 */
import { z } from "zod";

export const KEY_MODES = ["aws-managed", "platform", "bring"] as const;
export type KeyMode = (typeof KEY_MODES)[number];

/** The data classes with a key of their own (see constructs/keys/environment-keys.ts). */
export const KEY_CLASSES = ["data", "logs", "secrets"] as const;
export type KeyClass = (typeof KEY_CLASSES)[number];

/** A KMS key's ARN (never an alias's): what IAM matches key use against, and what App Runner and grants take. */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

const KeyArn = z.string().regex(KMS_KEY_ARN, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias: IAM matches key use against the key ARN");

/** Days before a key the platform created is deleted once its environment is destroyed (KMS allows 7–30). */
export const KeyDeletionWindowSchema = z.number().int().min(7).max(30).optional();

export const EncryptionSchema = z
  .object({
    keys: z
      .enum(KEY_MODES)
      .optional()
      .describe("aws-managed: AWS's keys; platform: customer managed keys the foundation creates, one per data class; bring: your keys, by ARN, in keyArns. @default - platform in prod, aws-managed elsewhere"),
    keyArns: z
      .object({
        data: KeyArn.describe("Buckets, the database and its Performance Insights, the cache, the file system, image repositories, Fargate task storage, App Runner; with a static site its policy must let cloudfront.amazonaws.com kms:Decrypt for this account's distributions (aws:SourceArn) and the site bucket's objects (kms:EncryptionContext:aws:s3:arn)"),
        logs: KeyArn.describe("CloudWatch log groups; its policy must let logs.<region>.amazonaws.com use it for this account's log groups"),
        secrets: KeyArn.describe("Secrets Manager secrets, and the public URL's SSM parameter"),
        cdnLogs: KeyArn.optional().describe("A us-east-1 key for the CDN firewall's log group, whose policy lets logs.us-east-1.amazonaws.com use it; required when the region is not us-east-1 and the CDN has a firewall (waf). @default - the logs key, in us-east-1"),
      })
      .strict()
      .optional()
      .describe("With keys: bring, the key of each data class, in the environment's region and account"),
    keyDeletionWindowDays: KeyDeletionWindowSchema.describe("Days before a platform key is deleted after the environment is destroyed. @default - 7 in dev, 30 elsewhere"),
  })
  .strict();

export type EncryptionConfig = z.output<typeof EncryptionSchema>;
