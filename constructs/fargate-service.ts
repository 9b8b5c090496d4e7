/**
 * A long-running ECS service on Fargate. Deployments cannot take it down: the
 * circuit breaker rolls a failed rollout back, new tasks start before old ones
 * stop (100 % / 200 % unless asked otherwise), and with `waitForSteadyState`
 * Terraform waits for the rollout and then checks that the service runs the new
 * task definition: a rollout the circuit breaker rolled back fails the phase
 * (the waiter alone reports the rolled-back service as steady). Terraform never
 * fights autoscaling: a scaled service's `desired_count` is ignored after
 * creation. A new capacity provider strategy is a new deployment, not a new
 * service (`force_new_deployment`). Tasks run in private subnets without public IPs.
 */
import { Construct } from "constructs";
import { Op, TerraformSelf, type ITerraformDependable } from "cdktf";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";

export interface FargateServiceProps {
  /** ECS service name, unique in the cluster. */
  readonly serviceName: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  /** Tasks at creation; afterwards autoscaling (or an operator) owns the count. */
  readonly desiredCount: number;
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /** Weights of FARGATE and FARGATE_SPOT, and tasks always on FARGATE. */
  readonly capacity: { readonly fargateWeight: number; readonly spotWeight: number; readonly fargateBase: number };
  /** @default "LATEST" */
  readonly platformVersion?: string;
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  readonly waitForSteadyState: boolean;
  /** ECS Exec; the task role must allow the SSM message channels. @default false */
  readonly enableExecuteCommand?: boolean;
  /** Register with a load balancer target group. @default - none */
  readonly loadBalancer?: { readonly targetGroupArn: string; readonly containerName: string; readonly containerPort: number; readonly healthCheckGracePeriodSeconds: number };
  /** Register in Cloud Map (internal services). @default - none */
  readonly serviceRegistryArn?: string;
  /** Autoscaling owns the task count: Terraform ignores `desired_count` after creation. @default false */
  readonly scaled?: boolean;
  /** What must exist first: the listener rule that attaches its target group, the cluster's capacity providers. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

export class FargateService extends Construct {
  readonly service: EcsService;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    if (props.maximumPercent <= props.minimumHealthyPercent) {
      throw new Error(`${this.node.path}: maximumPercent (${props.maximumPercent}) must be above minimumHealthyPercent (${props.minimumHealthyPercent}), or no deployment can start a task`);
    }
    const { fargateWeight, spotWeight, fargateBase } = props.capacity;
    const lifecycle = {
      ...(props.scaled ? { ignoreChanges: ["desired_count"] } : {}),
      ...(props.waitForSteadyState
        ? {
            postcondition: [
              {
                condition: Op.eq(TerraformSelf.getString("task_definition"), props.taskDefinitionArn),
                errorMessage: `The rollout of ${props.serviceName} failed and the deployment circuit breaker rolled the service back to its previous task definition; see the service's events and the tasks' logs.`,
              },
            ],
          }
        : {}),
    };
    this.service = new EcsService(this, "Resource", {
      name: props.serviceName,
      cluster: props.clusterArn,
      taskDefinition: props.taskDefinitionArn,
      desiredCount: props.desiredCount,
      capacityProviderStrategy: [
        ...(fargateWeight > 0 || fargateBase > 0 ? [{ capacityProvider: "FARGATE", weight: fargateWeight, base: fargateBase }] : []),
        ...(spotWeight > 0 ? [{ capacityProvider: "FARGATE_SPOT", weight: spotWeight, base: 0 }] : []),
      ],
      platformVersion: props.platformVersion ?? "LATEST",
      networkConfiguration: { subnets: [...props.subnetIds], securityGroups: [...props.securityGroupIds], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentController: { type: "ECS" },
      deploymentMinimumHealthyPercent: props.minimumHealthyPercent,
      deploymentMaximumPercent: props.maximumPercent,
      waitForSteadyState: props.waitForSteadyState,
      // Without it, the provider replaces the whole service when capacity_provider_strategy changes.
      forceNewDeployment: true,
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      enableEcsManagedTags: true,
      propagateTags: "SERVICE",
      ...(props.loadBalancer
        ? {
            loadBalancer: [{ targetGroupArn: props.loadBalancer.targetGroupArn, containerName: props.loadBalancer.containerName, containerPort: props.loadBalancer.containerPort }],
            healthCheckGracePeriodSeconds: props.loadBalancer.healthCheckGracePeriodSeconds,
          }
        : {}),
      ...(props.serviceRegistryArn ? { serviceRegistries: { registryArn: props.serviceRegistryArn } } : {}),
      ...(props.scaled || props.waitForSteadyState ? { lifecycle } : {}),
      ...(props.dependsOn?.length ? { dependsOn: [...props.dependsOn] } : {}),
    });
  }

  get arn(): string {
    return this.service.id;
  }

  get name(): string {
    return this.service.name;
  }
}
