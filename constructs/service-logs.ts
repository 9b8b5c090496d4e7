/** A service's CloudWatch log group, with retention, and the grant to write into it. */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { grant, type Grant, type IGrantable } from "./grant";

export interface ServiceLogsProps {
  readonly logGroupName: string;
  readonly retentionDays: number;
  /**
   * Customer managed KMS key for the log group. CloudWatch Logs encrypts and
   * decrypts with it itself, so writers and readers need no KMS permission; the
   * key's policy must instead allow the `logs.<region>.amazonaws.com` service
   * principal (kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*,
   * kms:Describe*, ideally conditioned on kms:EncryptionContext:aws:logs:arn).
   * @default - CloudWatch Logs' own encryption
   */
  readonly kmsKeyArn?: string;
}

export class ServiceLogs extends Construct {
  readonly group: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ServiceLogsProps) {
    super(scope, id);
    this.group = new CloudwatchLogGroup(this, "Resource", { name: props.logGroupName, retentionInDays: props.retentionDays, kmsKeyId: props.kmsKeyArn });
  }

  get name(): string {
    return this.group.name;
  }

  /** Let a principal create streams and put events (the ECS awslogs driver); no KMS permission needed, see kmsKeyArn. */
  grantWrite(grantee: IGrantable): Grant {
    return grant(grantee, { sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.group.arn}:*`] });
  }
}
