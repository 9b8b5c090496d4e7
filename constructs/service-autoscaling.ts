/**
 * Application Auto Scaling for an ECS service: target tracking on CPU, memory
 * and load balancer requests per task, each with the same cooldowns, and
 * scheduled changes of the bounds (a dev environment at zero outside working
 * hours). The service must ignore `desired_count` (FargateService does). With a
 * schedule, the bounds belong to it after creation: Terraform ignores them.
 */
import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingScheduledAction } from "@cdktf/provider-aws/lib/appautoscaling-scheduled-action";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";

export interface ServiceAutoscalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly min: number;
  readonly max: number;
  /** Target average CPU utilization (%). @default - not tracked */
  readonly cpuPercent?: number;
  /** Target average memory utilization (%). @default - not tracked */
  readonly memoryPercent?: number;
  /** Target requests per task; needs `requestCountResourceLabel`. @default - not tracked */
  readonly requestsPerTarget?: number;
  /** `<load balancer arn suffix>/<target group arn suffix>`. */
  readonly requestCountResourceLabel?: string;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
  /** @default [] */
  readonly schedule?: ReadonlyArray<{ readonly name: string; readonly cron: string; readonly timezone: string; readonly min: number; readonly max: number }>;
  /** What the policies need first (the listener rule behind a request count). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export class ServiceAutoscaling extends Construct {
  readonly target: AppautoscalingTarget;

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    if (props.min > props.max) throw new Error(`${this.node.path}: min (${props.min}) must not exceed max (${props.max})`);
    if (props.requestsPerTarget !== undefined && !props.requestCountResourceLabel) {
      throw new Error(`${this.node.path}: requestsPerTarget needs requestCountResourceLabel (the service must be behind a load balancer)`);
    }
    const resourceId = `service/${props.clusterName}/${props.serviceName}`;
    this.target = new AppautoscalingTarget(this, "Resource", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId,
      minCapacity: props.min,
      maxCapacity: props.max,
      // Scheduled actions move the bounds; an apply inside a scheduled window must not move them back.
      ...(props.schedule?.length ? { lifecycle: { ignoreChanges: ["min_capacity", "max_capacity"] } } : {}),
    });
    const track = (name: string, targetValue: number, metric: { predefinedMetricType: string; resourceLabel?: string }) =>
      new AppautoscalingPolicy(this, `${name}_policy`, {
        name: `${props.serviceName}-${name.replace(/_/g, "-")}`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: this.target.serviceNamespace,
        scalableDimension: this.target.scalableDimension,
        resourceId: this.target.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue,
          predefinedMetricSpecification: metric,
          scaleInCooldown: props.scaleInCooldownSeconds,
          scaleOutCooldown: props.scaleOutCooldownSeconds,
          disableScaleIn: false,
        },
        ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
      });
    if (props.cpuPercent !== undefined) track("cpu", props.cpuPercent, { predefinedMetricType: "ECSServiceAverageCPUUtilization" });
    if (props.memoryPercent !== undefined) track("memory", props.memoryPercent, { predefinedMetricType: "ECSServiceAverageMemoryUtilization" });
    if (props.requestsPerTarget !== undefined) {
      track("requests", props.requestsPerTarget, { predefinedMetricType: "ALBRequestCountPerTarget", resourceLabel: props.requestCountResourceLabel });
    }
    for (const w of props.schedule ?? []) {
      new AppautoscalingScheduledAction(this, `${w.name.replace(/-/g, "_")}_schedule`, {
        name: `${props.serviceName}-${w.name}`,
        serviceNamespace: this.target.serviceNamespace,
        scalableDimension: this.target.scalableDimension,
        resourceId: this.target.resourceId,
        schedule: `cron(${w.cron})`,
        timezone: w.timezone,
        scalableTargetAction: { minCapacity: String(w.min), maxCapacity: String(w.max) },
      });
    }
  }
}
