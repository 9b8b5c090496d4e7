/**
 * The environment's log archive: a SecureBucket that AWS log delivery may write
 * to (S3 server access logs, VPC flow logs, load balancer access logs), only from this account, and whose
 * objects expire after the log retention period. It cannot log its own access.
 */
import { Construct } from "constructs";
import { suppressRule } from "../policy/suppress";
import { ELB_LOG_ACCOUNTS } from "../config/aws-accounts";
import { SecureBucket } from "./secure-bucket";

export interface LogsBucketProps {
  readonly bucketName: string;
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** Days before log objects are deleted. */
  readonly retentionDays: number;
  /** @default false */
  readonly forceDestroy?: boolean;
}

export class LogsBucket extends Construct {
  readonly bucket: SecureBucket;
  private readonly region: string;
  private readonly accountId: string;
  private readonly partition: string;

  constructor(scope: Construct, id: string, props: LogsBucketProps) {
    super(scope, id);
    this.region = props.region;
    this.accountId = props.accountId;
    this.partition = props.partition;
    this.bucket = new SecureBucket(this, "Resource", {
      bucketName: props.bucketName,
      versioned: true,
      noncurrentVersionExpirationDays: 7,
      expirationDays: props.retentionDays,
      forceDestroy: props.forceDestroy,
    });
    const arn = this.bucket.arn;
    const fromThisAccount = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }];
    this.bucket.addToResourcePolicy({
      sid: "S3ServerAccessLogs",
      actions: ["s3:PutObject"],
      resources: [`${arn}/s3/*`],
      principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }],
      conditions: fromThisAccount,
    });
    this.bucket.addToResourcePolicy({
      sid: "LogDeliveryWrite",
      actions: ["s3:PutObject"],
      resources: [`${arn}/AWSLogs/${props.accountId}/*`],
      principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
      // Any region of this account: CloudFront's log delivery source is always in us-east-1.
      conditions: [...fromThisAccount, { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:${props.partition}:logs:*:${props.accountId}:*`] }],
    });
    this.bucket.addToResourcePolicy({
      sid: "LogDeliveryAclCheck",
      actions: ["s3:GetBucketAcl"],
      resources: [arn],
      principals: [{ type: "Service", identifiers: ["delivery.logs.amazonaws.com"] }],
      conditions: fromThisAccount,
    });
    suppressRule(this.bucket.bucket, "S3-06", "the log archive cannot write access logs into itself");
  }

  /**
   * Let Elastic Load Balancing write access logs under `<prefix>/AWSLogs/<account>/`.
   * Regions opened before August 2022 deliver from a regional ELB account; newer
   * ones from the log delivery service principal.
   */
  grantLoadBalancerLogs(prefix: string): void {
    const account = ELB_LOG_ACCOUNTS[this.region];
    this.bucket.addToResourcePolicy({
      sid: "LoadBalancerAccessLogs",
      actions: ["s3:PutObject"],
      resources: [`${this.bucket.arn}/${prefix}/AWSLogs/${this.accountId}/*`],
      principals: account
        ? [{ type: "AWS", identifiers: [`arn:${this.partition}:iam::${account}:root`] }]
        : [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }],
    });
  }
}
