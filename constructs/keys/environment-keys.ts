/**
 * The environment's customer managed keys, one per data class, so that a key's
 * policy names exactly the services that use it and a role that may read one
 * class cannot read another:
 *
 * - `data`: buckets, the database and its Performance Insights, the cache, the
 *   file system, image repositories, App Runner services, and the ephemeral
 *   storage of the cluster's Fargate tasks. Used through the services on behalf
 *   of the roles IAM lets use it (grants with kms:ViaService); the key policy
 *   hands the key to the account's IAM, lets Fargate itself encrypt the
 *   cluster's task storage (the cluster's encryption context only), and lets
 *   CloudFront decrypt the static site's objects (that bucket's context only).
 * - `logs`: CloudWatch log groups. CloudWatch Logs itself encrypts, so the key
 *   policy admits `logs.<region>.amazonaws.com`, only for the environment's own
 *   log groups (the `aws:logs:arn` encryption context).
 * - `secrets`: Secrets Manager secrets, used through Secrets Manager on behalf of
 *   the roles granted to read them.
 *
 * Every key rotates yearly and is deleted after a window once the environment
 * is destroyed. Aliases: `alias/<project>-<env>-<class>`.
 */
import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { KeyClass } from "../../config/encryption-schema";
import { dnsSuffix } from "../grant";
import { PolicyDocument, type PolicyStatement } from "../policy-document";

export interface EnvironmentKeysProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** The ECS cluster whose Fargate tasks' ephemeral storage the data key encrypts. */
  readonly fargateCluster: string;
  /**
   * The static site's bucket (frontend.type static), whose objects CloudFront
   * distributions of this account decrypt through origin access control; the
   * bucket's policy then admits exactly the environment's distribution.
   * @default - no site: CloudFront never uses the data key
   */
  readonly siteBucketArn?: string;
  /** Log group name patterns of the environment (`/ecs/<prefix>/*`, …): the only ones the logs key serves. */
  readonly logGroupPatterns: readonly string[];
  /** Days before a scheduled key deletion happens (7–30). */
  readonly deletionWindowDays: number;
  /**
   * Refuse to destroy the keys (Terraform's prevent_destroy): what they encrypt
   * outlives them (final snapshots, buckets that refuse to be deleted, older log
   * events), and a deleted key makes it unreadable for good.
   */
  readonly retain: boolean;
}

const PURPOSE: Readonly<Record<KeyClass, string>> = {
  data: "buckets (the static site's too), database, cache, file system, image repositories, App Runner and Fargate task storage",
  logs: "CloudWatch log groups",
  secrets: "Secrets Manager secrets",
};

/** The account's IAM decides who administers and uses the key (KMS's default key policy). */
export function accountAdministersThroughIam(partition: string, accountId: string): PolicyStatement {
  return { sid: "AccountAdministersThroughIam", actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }] };
}

/** CloudWatch Logs of `region` encrypts with the key, for the named log groups only (the `aws:logs:arn` encryption context). */
export function cloudWatchLogsEncrypts(partition: string, region: string, accountId: string, logGroupPatterns: readonly string[]): PolicyStatement {
  return {
    sid: "CloudWatchLogsEncryptsTheEnvironmentsLogGroups",
    actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    resources: ["*"],
    principals: [{ type: "Service", identifiers: [`logs.${region}.${dnsSuffix(region)}`] }],
    conditions: [
      { test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: logGroupPatterns.map((g) => `arn:${partition}:logs:${region}:${accountId}:log-group:${g}`) },
    ],
  };
}

export class EnvironmentKeys extends Construct {
  readonly keys: Readonly<Record<KeyClass, KmsKey>>;

  constructor(scope: Construct, id: string, props: EnvironmentKeysProps) {
    super(scope, id);
    const account = accountAdministersThroughIam(props.partition, props.accountId);
    const logs = cloudWatchLogsEncrypts(props.partition, props.region, props.accountId, props.logGroupPatterns);
    // AWS's key policy for Fargate ephemeral storage: data keys and Decrypt grants for this cluster's tasks only.
    const cluster = [
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:ecs:clusterAccount", values: [props.accountId] },
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:ecs:clusterName", values: [props.fargateCluster] },
    ];
    const fargate = [{ type: "Service", identifiers: ["fargate.amazonaws.com"] }];
    const fargateStorage: PolicyStatement[] = [
      { sid: "FargateEncryptsTheClustersTaskStorage", actions: ["kms:GenerateDataKeyWithoutPlaintext"], resources: ["*"], principals: fargate, conditions: cluster },
      {
        sid: "FargateDecryptsTheClustersTaskStorage",
        actions: ["kms:CreateGrant"],
        resources: ["*"],
        principals: fargate,
        conditions: [...cluster, { test: "ForAllValues:StringEquals", variable: "kms:GrantOperations", values: ["Decrypt"] }],
      },
    ];
    // AWS's key policy for S3 origins behind origin access control, narrowed to this account's distributions and the site bucket's objects.
    const site: PolicyStatement[] = props.siteBucketArn
      ? [{
          sid: "CloudFrontReadsTheSiteBucket",
          actions: ["kms:Decrypt"],
          resources: ["*"],
          principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
          conditions: [
            // AWS's policy conditions on the source ARN only; the account is part of it.
            { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${props.partition}:cloudfront::${props.accountId}:distribution/*`] },
            { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [props.siteBucketArn, `${props.siteBucketArn}/*`] },
          ],
        }]
      : [];
    const statements: Readonly<Record<KeyClass, PolicyStatement[]>> = { data: [account, ...fargateStorage, ...site], logs: [account, logs], secrets: [account] };
    const make = (cls: KeyClass) => {
      const policy = new PolicyDocument(this, `${cls}_key_policy`, statements[cls]);
      const key = new KmsKey(this, `${cls}_key`, {
        description: `${props.namePrefix}: ${PURPOSE[cls]}`,
        enableKeyRotation: true,
        deletionWindowInDays: props.deletionWindowDays,
        policy: policy.json,
        lifecycle: props.retain ? { preventDestroy: true } : undefined,
      });
      new KmsAlias(this, `${cls}_key_alias`, { name: `alias/${props.namePrefix}-${cls}`, targetKeyId: key.keyId });
      return key;
    };
    this.keys = { data: make("data"), logs: make("logs"), secrets: make("secrets") };
  }

  /** Each class's key ARN. */
  get arns(): Readonly<Record<KeyClass, string>> {
    return { data: this.keys.data.arn, logs: this.keys.logs.arn, secrets: this.keys.secrets.arn };
  }
}
