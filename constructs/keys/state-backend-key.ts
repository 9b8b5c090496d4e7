/**
 * The remote state's key, created by the bootstrap phase before the state bucket
 * (config/state-key.ts). It encrypts the bucket, every state object and the lock
 * table, and is usable only through S3 and DynamoDB of the state's region: state
 * holds every resource attribute, so nobody decrypts it around the bucket's
 * policy. The account's IAM administers it and decides who may read state; an
 * administrator can still rewrite the key policy (kms:PutKeyPolicy, recorded in
 * CloudTrail), as for every key whose account must never lose control of it.
 */
import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { dnsSuffix } from "../grant";
import { PolicyDocument } from "../policy-document";

export interface StateBackendKeyProps {
  /** `alias/tfstate/<bucket>`: the name the backends know it by. */
  readonly aliasName: string;
  readonly bucket: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
  /** Days before a scheduled key deletion happens (7–30). */
  readonly deletionWindowDays: number;
  /** Refuse to destroy the key (prevent_destroy): without it every state version is lost. */
  readonly retain: boolean;
}

/**
 * AWS's key administrator actions (everything but using the key), with
 * kms:CreateAlias for AWS's kms:Create*: that would include kms:CreateGrant, and
 * a grant could hand out Decrypt around the kms:ViaService condition.
 */
export const KEY_ADMINISTRATION_ACTIONS = [
  "kms:CreateAlias", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*",
  "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
] as const;

export class StateBackendKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: StateBackendKeyProps) {
    super(scope, id);
    const root = [{ type: "AWS", identifiers: [`arn:${props.partition}:iam::${props.accountId}:root`] }];
    const suffix = dnsSuffix(props.region);
    const policy = new PolicyDocument(this, "policy", [
      { sid: "AccountAdministersThroughIam", actions: [...KEY_ADMINISTRATION_ACTIONS], resources: ["*"], principals: root },
      {
        sid: "StateThroughS3AndDynamoDbOnly",
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
        resources: ["*"],
        principals: root,
        conditions: [
          { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${props.region}.${suffix}`, `dynamodb.${props.region}.${suffix}`] },
          { test: "StringEquals", variable: "kms:CallerAccount", values: [props.accountId] },
        ],
      },
      // DynamoDB describes the key of a table it encrypts (AWS's key policy for DynamoDB).
      { sid: "DynamoDbDescribesTheKey", actions: ["kms:Describe*", "kms:Get*", "kms:List*"], resources: ["*"], principals: [{ type: "Service", identifiers: ["dynamodb.amazonaws.com"] }] },
    ]);
    this.key = new KmsKey(this, "Resource", {
      description: `Terraform state: bucket ${props.bucket}, its state objects and lock table`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      policy: policy.json,
      lifecycle: props.retain ? { preventDestroy: true } : undefined,
    });
    new KmsAlias(this, "alias", { name: props.aliasName, targetKeyId: this.key.keyId });
  }
}
