/**
 * The environment's alert topic: where alarms and failure events reach a person.
 *
 * - SNS topic encrypted with a customer managed key of its own (rotated yearly).
 *   The AWS-managed `aws/sns` key cannot be used: its policy does not let
 *   CloudWatch alarms or EventBridge encrypt what they publish.
 * - The topic admits exactly CloudWatch (alarms) and EventBridge (failure
 *   events) of this account, besides the account's own principals (under an
 *   aws:PrincipalAccount condition), and its key lets those two services
 *   encrypt; publishing over plain HTTP is denied.
 * - Subscriptions: e-mail addresses and HTTPS endpoints from the config.
 */
import { createHash } from "node:crypto";
import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import type { ResolvedConfig } from "../../config/defaults";
import { PolicyDocument } from "../policy-document";

/** The services that publish alerts: CloudWatch alarms and EventBridge rules. */
export const ALERT_PUBLISHERS = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] as const;

export interface AlertTopicProps {
  /** Topic name, and the key's alias (`alias/<name>`). */
  readonly name: string;
  readonly accountId: string;
  readonly partition: string;
  readonly emails: readonly string[];
  readonly httpsEndpoints: readonly string[];
  /** Days before a scheduled key deletion happens (7–30). */
  readonly keyDeletionWindowDays: number;
  /** Another region's provider, for a copy of the topic where alarms of that region need one (CloudFront's: us-east-1). */
  readonly provider?: TerraformProvider;
}

export class AlertTopic extends Construct {
  readonly key: KmsKey;
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const account = props.accountId;
    const publishers = [{ type: "Service", identifiers: [...ALERT_PUBLISHERS] }];
    const fromThisAccount = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }];
    const keyPolicy = new PolicyDocument(this, "key_policy", [
      // The account administers the key through IAM, as with every key.
      { sid: "AccountAdministers", actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: [`arn:${props.partition}:iam::${account}:root`] }] },
      // No aws:SourceAccount here: the KMS calls SNS makes for a publishing service need not carry it (AWS's
      // example key policy for alarms and EventBridge has none), and an alert refused here is lost silently.
      // The topic policy, which every publish meets first, admits this account's publishers only.
      { sid: "AlarmsAndEventsEncrypt", actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"], principals: publishers },
    ]);
    this.key = new KmsKey(this, "key", {
      description: `Encrypts the alert topic ${props.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.keyDeletionWindowDays,
      policy: keyPolicy.json,
      provider: props.provider,
    });
    new KmsAlias(this, "key_alias", { name: `alias/${props.name}`, targetKeyId: this.key.keyId, provider: props.provider });
    this.topic = new SnsTopic(this, "Resource", { name: props.name, displayName: `Alerts of ${props.name.replace(/-alerts$/, "")}`, kmsMasterKeyId: this.key.arn, provider: props.provider });
    const topicPolicy = new PolicyDocument(this, "policy_document", [
      { sid: "AlarmsAndEventsPublish", actions: ["sns:Publish"], resources: [this.topic.arn], principals: publishers, conditions: fromThisAccount },
      // The account's principals, as IAM lets them; the condition says so once more, so that no grant to an
      // account stands without one (policy SNS-02, checkov CKV_AWS_385).
      {
        sid: "AccountManages",
        actions: ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:ListSubscriptionsByTopic", "sns:Publish"],
        resources: [this.topic.arn],
        principals: [{ type: "AWS", identifiers: [`arn:${props.partition}:iam::${account}:root`] }],
        conditions: [{ test: "StringEquals", variable: "aws:PrincipalAccount", values: [account] }],
      },
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["sns:Publish"],
        resources: [this.topic.arn],
        principals: [{ type: "*", identifiers: ["*"] }],
        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
    new SnsTopicPolicy(this, "policy", { arn: this.topic.arn, policy: topicPolicy.json, provider: props.provider });
    // Addressed by a hash of the endpoint: reordering the list changes nothing, and a webhook's token stays out of the address.
    for (const [protocol, endpoints] of [["email", props.emails], ["https", props.httpsEndpoints]] as const) {
      for (const endpoint of new Set(endpoints)) new SnsTopicSubscription(this, `${protocol}_${endpointId(endpoint)}`, { topicArn: this.topic.arn, protocol, endpoint, provider: props.provider });
    }
  }

  get arn(): string {
    return this.topic.arn;
  }
}

/** The first 10 hex characters of the endpoint's SHA-256. */
export function endpointId(endpoint: string): string {
  return createHash("sha256").update(endpoint).digest("hex").slice(0, 10);
}

/** The environment's alert topic with its subscribers from `alerts`, in the stack's region or another. */
export function environmentAlertTopic(scope: Construct, id: string, c: Pick<ResolvedConfig, "names" | "accountId" | "partition" | "alerts">, provider?: TerraformProvider): AlertTopic {
  return new AlertTopic(scope, id, {
    name: c.names.alertTopic,
    accountId: c.accountId,
    partition: c.partition,
    emails: c.alerts.emails,
    httpsEndpoints: c.alerts.httpsEndpoints,
    keyDeletionWindowDays: c.alerts.keyDeletionWindowDays,
    provider,
  });
}
