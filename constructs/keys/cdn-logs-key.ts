/**
 * The logs key's counterpart in us-east-1, for the one log group the environment
 * keeps there: the CDN firewall's (CloudFront's web ACL and its logs live in
 * us-east-1, and a KMS key serves only its own region). Created by the frontend
 * phase, which owns that log group, only when the environment's region is another
 * one and its keys are the platform's; the policy is the logs key's, for that
 * log group only. Alias `alias/<project>-<env>-logs`, as in the environment's
 * region (aliases are regional).
 */
import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { CDN_REGION } from "../../config/encryption";
import { PolicyDocument } from "../policy-document";
import { accountAdministersThroughIam, cloudWatchLogsEncrypts } from "./environment-keys";


export interface CdnLogsKeyProps {
  readonly namePrefix: string;
  readonly accountId: string;
  readonly partition: string;
  /** The CDN firewall's log group (`aws-waf-logs-<prefix>-cdn`). */
  readonly logGroupName: string;
  readonly deletionWindowDays: number;
  /** prevent_destroy, as for the environment's keys. */
  readonly retain: boolean;
  /** The us-east-1 provider. */
  readonly provider: TerraformProvider;
}

export class CdnLogsKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: CdnLogsKeyProps) {
    super(scope, id);
    const policy = new PolicyDocument(this, "policy", [
      accountAdministersThroughIam(props.partition, props.accountId),
      cloudWatchLogsEncrypts(props.partition, CDN_REGION, props.accountId, [props.logGroupName]),
    ]);
    this.key = new KmsKey(this, "Resource", {
      description: `${props.namePrefix}: the CDN firewall's log group in ${CDN_REGION}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays,
      policy: policy.json,
      lifecycle: props.retain ? { preventDestroy: true } : undefined,
      provider: props.provider,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.namePrefix}-logs`, targetKeyId: this.key.keyId, provider: props.provider });
  }
}
