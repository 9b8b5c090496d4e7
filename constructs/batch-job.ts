/**
 * An AWS Batch job on Fargate, isolated the way the seed's autograder asks:
 * its own compute environment (private subnets, its own security group, a vCPU
 * cap), its own queue, and a job definition that runs the image as a non-root
 * user on a read-only root file system, without a public IP, with a timeout
 * and a bounded retry strategy, logging to its own log group.
 *
 * Changes apply cleanly: max vCPUs, subnets and security groups update the
 * compute environment in place; a change that replaces it (Fargate ↔ Fargate
 * Spot, which AWS refuses in place: the capacity type is part of the name
 * prefix) creates the new one under a fresh name first, moves the queue over,
 * and only then deletes the old one (AWS refuses to delete an environment a
 * queue still uses). A changed job definition is a new revision; the old one is
 * deregistered.
 *
 * Failed jobs are events: an EventBridge rule matches this queue's FAILED jobs
 * (the observability phase routes it to the alert topic).
 */
import { Construct } from "constructs";
import { BatchComputeEnvironment } from "@cdktf/provider-aws/lib/batch-compute-environment";
import { BatchJobDefinition } from "@cdktf/provider-aws/lib/batch-job-definition";
import { BatchJobQueue } from "@cdktf/provider-aws/lib/batch-job-queue";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { alertTarget } from "./alerts/event-alert";
import { scratchVolumeName } from "../config/names";
import type { ContainerSecret } from "./fargate-task";

export interface BatchJobProps {
  /** Name prefix; must change with `spot` (AWS cannot change the capacity type in place). */
  readonly computeEnvironmentNamePrefix: string;
  readonly jobQueueName: string;
  readonly jobDefinitionName: string;
  /** EventBridge rule matching the queue's FAILED jobs (at most 64 characters). */
  readonly failureRuleName: string;
  /** Where failed jobs are reported (the alert topic). @default - the rule has no target */
  readonly alertTopicArn?: string;
  /** The queue's ARN, known from its name (the failure rule matches it). */
  readonly jobQueueArn: string;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** vCPUs the compute environment runs at once. */
  readonly maxVcpus: number;
  /** Fargate Spot instead of Fargate. @default false */
  readonly spot?: boolean;
  readonly image: string;
  /** Fargate CPU units (1024 = 1 vCPU) and memory MiB of a Fargate size. */
  readonly cpu: number;
  readonly memory: number;
  /** @default - the image's CMD */
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: readonly ContainerSecret[];
  /** Pulls the image, writes the logs, reads the secrets. */
  readonly executionRoleArn: string;
  /** What the job runs as. Must differ from the execution role. */
  readonly jobRoleArn: string;
  readonly logGroupName: string;
  readonly region: string;
  readonly readonlyRootFilesystem: boolean;
  /** Writable scratch directories (emptied when the job ends). */
  readonly writablePaths: readonly string[];
  /** Non-root user, uid or uid:gid. */
  readonly user: string;
  readonly cpuArchitecture: "X86_64" | "ARM64";
  readonly platformVersion: string;
  /** Seconds an attempt may run (at least 60). */
  readonly timeoutSeconds: number;
  readonly retry: {
    readonly attempts: number;
    readonly evaluateOnExit: ReadonlyArray<{ readonly action: "retry" | "exit"; readonly onExitCode?: string; readonly onReason?: string; readonly onStatusReason?: string }>;
  };
}

/** Fargate CPU units as the vCPU count Batch wants: 256 -> "0.25". */
export const vcpus = (cpu: number): string => String(cpu / 1024);

export class BatchJob extends Construct {
  readonly computeEnvironment: BatchComputeEnvironment;
  readonly queue: BatchJobQueue;
  readonly definition: BatchJobDefinition;
  readonly failureRule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: BatchJobProps) {
    super(scope, id);
    if (props.executionRoleArn === props.jobRoleArn) throw new Error(`${props.jobDefinitionName}: the job role must not be the execution role`);
    if (props.timeoutSeconds < 60) throw new Error(`${props.jobDefinitionName}: AWS Batch timeouts are at least 60 seconds`);

    this.computeEnvironment = new BatchComputeEnvironment(this, "compute_environment", {
      computeEnvironmentNamePrefix: props.computeEnvironmentNamePrefix,
      type: "MANAGED",
      state: "ENABLED",
      // No service_role: Batch uses its service-linked role (AWSServiceRoleForBatch).
      computeResources: {
        type: props.spot ? "FARGATE_SPOT" : "FARGATE",
        maxVcpus: props.maxVcpus,
        subnets: [...props.subnetIds],
        securityGroupIds: [...props.securityGroupIds],
      },
      lifecycle: { createBeforeDestroy: true },
    });
    this.queue = new BatchJobQueue(this, "queue", {
      name: props.jobQueueName,
      state: "ENABLED",
      priority: 1,
      computeEnvironmentOrder: [{ order: 1, computeEnvironment: this.computeEnvironment.arn }],
    });

    const scratch = props.writablePaths.map((path) => ({ name: scratchVolumeName(path), path }));
    const container = {
      image: props.image,
      ...(props.command ? { command: [...props.command] } : {}),
      jobRoleArn: props.jobRoleArn,
      executionRoleArn: props.executionRoleArn,
      resourceRequirements: [
        { type: "VCPU", value: vcpus(props.cpu) },
        { type: "MEMORY", value: String(props.memory) },
      ],
      environment: Object.entries(props.environment)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value })),
      ...(props.secrets.length > 0 ? { secrets: props.secrets.map((x) => ({ name: x.name, valueFrom: x.valueFrom })) } : {}),
      user: props.user,
      readonlyRootFilesystem: props.readonlyRootFilesystem,
      privileged: false,
      volumes: scratch.map((v) => ({ name: v.name })),
      mountPoints: scratch.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
      networkConfiguration: { assignPublicIp: "DISABLED" },
      fargatePlatformConfiguration: { platformVersion: props.platformVersion },
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: props.cpuArchitecture },
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": props.logGroupName, "awslogs-region": props.region, "awslogs-stream-prefix": "job" },
      },
    };
    this.definition = new BatchJobDefinition(this, "definition", {
      name: props.jobDefinitionName,
      type: "container",
      platformCapabilities: ["FARGATE"],
      propagateTags: true,
      timeout: { attemptDurationSeconds: props.timeoutSeconds },
      retryStrategy: {
        attempts: props.retry.attempts,
        evaluateOnExit: props.retry.evaluateOnExit.map((r) => ({ action: r.action, onExitCode: r.onExitCode, onReason: r.onReason, onStatusReason: r.onStatusReason })),
      },
      containerProperties: JSON.stringify(container),
    });
    this.failureRule = new CloudwatchEventRule(this, "failed", {
      name: props.failureRuleName,
      description: `Jobs of ${props.jobQueueName} that failed after their last attempt`,
      eventPattern: JSON.stringify({
        source: ["aws.batch"],
        "detail-type": ["Batch Job State Change"],
        detail: { status: ["FAILED"], jobQueue: [props.jobQueueArn] },
      }),
    });
    if (props.alertTopicArn) {
      alertTarget(this, "failed_alert", this.failureRule, props.alertTopicArn, {
        paths: { job: "$.detail.jobName", id: "$.detail.jobId", queue: "$.detail.jobQueue", reason: "$.detail.statusReason" },
        template: "Batch job <job> (<id>) failed after its last attempt in <queue>: <reason>",
      });
    }
  }
}
