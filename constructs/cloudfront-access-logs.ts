/**
 * CloudFront standard logging (v2): access logs delivered by CloudWatch Logs
 * to the log archive bucket as Parquet. Unlike legacy logging it needs no bucket
 * ACLs, so the archive keeps ACLs disabled (policy S3-05). CloudFront's delivery
 * source lives in us-east-1, so these resources use a us-east-1 provider.
 */
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";

export interface CloudfrontAccessLogsProps {
  readonly namePrefix: string;
  readonly distributionArn: string;
  /** The log archive bucket's ARN. */
  readonly logsBucketArn: string;
  /** A provider for us-east-1. @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export class CloudfrontAccessLogs extends Construct {
  constructor(scope: Construct, id: string, props: CloudfrontAccessLogsProps) {
    super(scope, id);
    const source = new CloudwatchLogDeliverySource(this, "source", {
      name: `${props.namePrefix}-cloudfront`,
      logType: "ACCESS_LOGS",
      resourceArn: props.distributionArn,
      provider: props.provider,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, "destination", {
      name: `${props.namePrefix}-cloudfront-archive`,
      outputFormat: "parquet",
      deliveryDestinationConfiguration: [{ destinationResourceArn: props.logsBucketArn }],
      provider: props.provider,
    });
    new CloudwatchLogDelivery(this, "Resource", {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      s3DeliveryConfiguration: [{ suffixPath: `cloudfront/${props.namePrefix}/{yyyy}/{MM}/{dd}`, enableHiveCompatiblePath: false }],
      provider: props.provider,
    });
  }
}
