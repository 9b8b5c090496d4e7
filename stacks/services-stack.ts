/**
 * Phase 3: where the services run. An ECS cluster with Container Insights and,
 * per service, a Fargate task definition running the image the images phase
 * chose, as the roles, log group and secret the foundation made for it.
 * Load balancers and ECS services follow in the services issue.
 */
import type { Construct } from "constructs";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { FargateTask } from "../constructs/fargate-task";
import { FoundationContract, ImagesContract, ServicesContract, select } from "./contracts";
import { fromConfig } from "../policy/provenance";
import { dataConnections } from "./data-connections";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";

export class ServicesStack extends PhaseStack {
  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "services", props);
    const c = this.config;
    const foundation = this.upstream(FoundationContract);
    const images = this.upstream(ImagesContract);

    const cluster = new EcsCluster(this, "cluster", {
      name: c.names.ecsCluster,
      setting: [{ name: "containerInsights", value: "enabled" }],
    });

    // App Runner services are deployed by the App Runner part of this phase; ECS ones run as Fargate tasks.
    const ecs = new Set(select.ecsServices(c));
    const tasks = c.services.flatMap((s, i) => (ecs.has(s.name) ? [{ s, i }] : [])).map(({ s, i }) => {
      const secretArn = s.secrets.length > 0 ? foundation.lookup("secret_arns", s.name) : undefined;
      const data = dataConnections(c, s.name, foundation);
      const task = new FargateTask(this, s.name, {
        family: `${c.names.prefix}-${s.name}`,
        containerName: s.name,
        image: images.lookup("image_uris", s.name),
        cpu: s.cpu,
        memory: s.memory,
        region: c.region,
        logGroupName: foundation.lookup("log_group_names", s.name),
        executionRoleArn: foundation.lookup("execution_role_arns", s.name),
        taskRoleArn: foundation.lookup("task_role_arns", s.name),
        secrets: s.secrets.map((key) => ({ name: key, valueFrom: `${secretArn}:${key}::` })),
        port: s.kind === "web" ? s.port : undefined,
        command: s.command,
        environment: { ...s.environment, ...data.environment, APP_ENVIRONMENT: c.environment, AWS_REGION: c.region },
        efsVolumes: data.efsVolumes,
        cpuArchitecture: s.cpuArchitecture,
      });
      fromConfig(task, `services.${i}`);
      return { name: s.name, task };
    });

    this.publish(ServicesContract, {
      ecs_cluster_name: cluster.name,
      ecs_cluster_arn: cluster.arn,
      task_definition_arns: Object.fromEntries(tasks.map((t) => [t.name, t.task.taskDefinition.arn])),
    });
  }
}
