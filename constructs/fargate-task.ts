/**
 * A Fargate task definition for one service. Secure defaults: no privileged mode,
 * an init process, awslogs to the service's log group, secrets injected from
 * Secrets Manager (never plain environment), separate execution and task roles.
 */
import { Construct } from "constructs";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";

/** A container environment variable read from Secrets Manager at task start. */
export interface ContainerSecret {
  readonly name: string;
  /** `<secret arn>:<json key>::` */
  readonly valueFrom: string;
}

export interface FargateTaskProps {
  readonly family: string;
  readonly containerName: string;
  readonly image: string;
  readonly cpu: number;
  readonly memory: number;
  readonly region: string;
  readonly logGroupName: string;
  /** Role ECS uses to pull the image, write logs and read the secrets. */
  readonly executionRoleArn: string;
  /** Role the application runs as. Must differ from the execution role. */
  readonly taskRoleArn: string;
  /** @default [] */
  readonly secrets?: readonly ContainerSecret[];
  /** Container port for web services. @default - no port mapping (worker) */
  readonly port?: number;
  /** @default - the image's CMD */
  readonly command?: readonly string[];
  /** Plain, non-secret environment variables. @default {} */
  readonly environment?: Readonly<Record<string, string>>;
  /** EFS access points mounted into the container (TLS and IAM authorization on). @default [] */
  readonly efsVolumes?: ReadonlyArray<{ readonly name: string; readonly fileSystemId: string; readonly accessPointId: string; readonly containerPath: string }>;
  /** @default "X86_64" */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
}

export class FargateTask extends Construct {
  readonly taskDefinition: EcsTaskDefinition;

  constructor(scope: Construct, id: string, props: FargateTaskProps) {
    super(scope, id);
    if (props.executionRoleArn === props.taskRoleArn) throw new Error(`${props.family}: the task role must not be the execution role`);

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
      ...(props.efsVolumes?.length ? { mountPoints: props.efsVolumes.map((v) => ({ sourceVolume: v.name, containerPath: v.containerPath, readOnly: false })) } : {}),
      ...(props.secrets?.length ? { secrets: props.secrets.map((x) => ({ name: x.name, valueFrom: x.valueFrom })) } : {}),
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": props.logGroupName, "awslogs-region": props.region, "awslogs-stream-prefix": props.containerName },
      },
    };
    this.taskDefinition = new EcsTaskDefinition(this, "Resource", {
      family: props.family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(props.cpu),
      memory: String(props.memory),
      executionRoleArn: props.executionRoleArn,
      taskRoleArn: props.taskRoleArn,
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture ?? "X86_64" },
      containerDefinitions: JSON.stringify([container]),
      volume: (props.efsVolumes ?? []).map((v) => ({
        name: v.name,
        efsVolumeConfiguration: {
          fileSystemId: v.fileSystemId,
          transitEncryption: "ENABLED",
          authorizationConfig: { accessPointId: v.accessPointId, iam: "ENABLED" },
        },
      })),
    });
  }
}
