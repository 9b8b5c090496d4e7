/**
 * A Fargate task definition for one service, with its log group. Secure defaults:
 * no privileged mode, an init process, awslogs to a log group with retention, and
 * separate execution and task roles.
 */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import type { ServiceRole } from "./service-role";

export interface FargateTaskProps {
  readonly family: string;
  readonly containerName: string;
  readonly image: string;
  readonly cpu: number;
  readonly memory: number;
  readonly region: string;
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** Role ECS uses to pull the image and write logs. */
  readonly executionRole: ServiceRole;
  /** Role the application runs as. Must differ from the execution role. */
  readonly taskRole: ServiceRole;
  /** Container port for web services. @default - no port mapping (worker) */
  readonly port?: number;
  /** @default - the image's CMD */
  readonly command?: readonly string[];
  /** Plain, non-secret environment variables. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default "X86_64" */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
}

export class FargateTask extends Construct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: FargateTaskProps) {
    super(scope, id);
    if (props.executionRole === props.taskRole) throw new Error(`${props.family}: the task role must not be the execution role`);
    this.logGroup = new CloudwatchLogGroup(this, "logs", { name: props.logGroupName, retentionInDays: props.logRetentionDays });
    props.executionRole.addToPolicy({
      sid: "WriteLogs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${this.logGroup.arn}:*`],
    });

    const container = {
      name: props.containerName,
      image: props.image,
      essential: true,
      privileged: false,
      linuxParameters: { initProcessEnabled: true },
      ...(props.command ? { command: [...props.command] } : {}),
      ...(props.port ? { portMappings: [{ containerPort: props.port, protocol: "tcp", name: "http" }] } : {}),
      environment: Object.entries(props.environment ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": this.logGroup.name, "awslogs-region": props.region, "awslogs-stream-prefix": props.containerName },
      },
    };
    this.taskDefinition = new EcsTaskDefinition(this, "Resource", {
      family: props.family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      executionRoleArn: props.executionRole.arn,
      taskRoleArn: props.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture ?? "X86_64" },
      containerDefinitions: JSON.stringify([container]),
    });
  }
}
