/** A service's CloudWatch log group, with retention, and the grant to write into it. */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { ServiceRole } from "./service-role";

export interface ServiceLogsProps {
  readonly logGroupName: string;
  readonly retentionDays: number;
  /** @default - CloudWatch Logs' own encryption */
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

  /** Let a role create streams and put events (the ECS awslogs driver). */
  grantWrite(role: ServiceRole): void {
    role.addToPolicy({ sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${this.group.arn}:*`] });
  }
}
