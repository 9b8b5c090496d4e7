/**
 * A Fargate task definition for one service. Secure defaults: no privileged mode,
 * a read-only root file system with explicit writable scratch directories, an
 * init process, awslogs to the service's log group, secrets injected from
 * Secrets Manager (never plain environment), separate execution and task roles.
 *
 * The container definition spells out what AWS would fill in (cpu 0, empty
 * lists, host ports, health check timings), so a plan after apply shows no diff.
 */
import { Construct } from "constructs";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { scratchVolumeName } from "../config/names";

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
  /** @default true */
  readonly readonlyRootFilesystem?: boolean;
  /** Writable scratch directories on task storage (emptied when the task stops). @default ["/tmp"] */
  readonly writablePaths?: readonly string[];
  /** user, uid, user:group or uid:gid. @default - the image's USER */
  readonly user?: string;
  /** Seconds between SIGTERM and SIGKILL. @default 30 */
  readonly stopTimeoutSeconds?: number;
  /** Docker health check. @default - none */
  readonly healthCheck?: { readonly command: readonly string[]; readonly intervalSeconds: number; readonly timeoutSeconds: number; readonly retries: number; readonly startPeriodSeconds: number };
}


export class FargateTask extends Construct {
  readonly taskDefinition: EcsTaskDefinition;

  constructor(scope: Construct, id: string, props: FargateTaskProps) {
    super(scope, id);
    if (props.executionRoleArn === props.taskRoleArn) throw new Error(`${props.family}: the task role must not be the execution role`);

    const scratch = (props.writablePaths ?? ["/tmp"]).map((path) => ({ name: scratchVolumeName(path), path }));
    const mountPoints = [
      ...scratch.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
      ...(props.efsVolumes ?? []).map((v) => ({ sourceVolume: v.name, containerPath: v.containerPath, readOnly: false })),
    ];
    const hc = props.healthCheck;
    const container = {
      name: props.containerName,
      image: props.image,
      cpu: 0,
      essential: true,
      privileged: false,
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
      ...(props.user ? { user: props.user } : {}),
      linuxParameters: { initProcessEnabled: true },
      ...(props.command ? { command: [...props.command] } : {}),
      portMappings: props.port ? [{ containerPort: props.port, hostPort: props.port, protocol: "tcp", name: "http" }] : [],
      environment: Object.entries(props.environment ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      environmentFiles: [],
      mountPoints,
      volumesFrom: [],
      systemControls: [],
      ...(props.secrets?.length ? { secrets: props.secrets.map((x) => ({ name: x.name, valueFrom: x.valueFrom })) } : {}),
      stopTimeout: props.stopTimeoutSeconds ?? 30,
      ...(hc ? { healthCheck: { command: [...hc.command], interval: hc.intervalSeconds, timeout: hc.timeoutSeconds, retries: hc.retries, startPeriod: hc.startPeriodSeconds } } : {}),
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
      // A new revision is registered before the old one is deregistered: the service moves over first.
      lifecycle: { createBeforeDestroy: true },
      volume: [
        ...scratch.map((v) => ({ name: v.name })),
        ...(props.efsVolumes ?? []).map((v) => ({
        name: v.name,
        efsVolumeConfiguration: {
          fileSystemId: v.fileSystemId,
          transitEncryption: "ENABLED",
          authorizationConfig: { accessPointId: v.accessPointId, iam: "ENABLED" },
        },
        })),
      ],
    });
  }
}
