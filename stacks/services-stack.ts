/**
 * Phase 3: where the services run. An ECS cluster with Container Insights, one
 * execution role (pull from the foundation's repositories, write logs) and, per
 * service, a task role with exactly the bucket access the config grants, a log
 * group and a Fargate task definition running the image the images phase chose.
 * Load balancers and ECS services follow with the network in later issues.
 */
import type { Construct } from "constructs";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { FargateTask } from "../constructs/fargate-task";
import { grantBucketAccess } from "../constructs/secure-bucket";
import { grantPull } from "../constructs/service-repository";
import { ServiceRole } from "../constructs/service-role";
import { FoundationContract, ImagesContract, ServicesContract } from "./contracts";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";

const ECS_TASKS = "ecs-tasks.amazonaws.com";

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

    const executionRole = new ServiceRole(this, "execution_role", {
      roleName: c.names.taskExecutionRole,
      description: `ECS task execution role for ${c.names.prefix}: pulls images, writes logs`,
      servicePrincipal: ECS_TASKS,
      accountId: c.accountId,
    });
    grantPull(
      executionRole,
      c.services.map((s) => foundation.lookup("ecr_repository_arns", s.name)),
    );

    const tasks = c.services.map((s) => {
      const taskRole = new ServiceRole(this, `${s.name}_task_role`, {
        roleName: c.names.taskRole(s.name),
        description: `Runtime role of the ${s.name} service in ${c.names.prefix}`,
        servicePrincipal: ECS_TASKS,
        accountId: c.accountId,
      });
      for (const [bucketKey, access] of Object.entries(s.bucketAccess)) {
        grantBucketAccess(taskRole, foundation.lookup("bucket_arns", bucketKey), access);
      }
      const task = new FargateTask(this, s.name, {
        family: `${c.names.prefix}-${s.name}`,
        containerName: s.name,
        image: images.lookup("image_uris", s.name),
        cpu: s.cpu,
        memory: s.memory,
        region: c.region,
        logGroupName: c.names.logGroup(s.name),
        logRetentionDays: c.protection.logRetentionDays,
        executionRole,
        taskRole,
        port: s.kind === "web" ? s.port : undefined,
        command: s.command,
        environment: { ...s.environment, APP_ENVIRONMENT: c.environment, AWS_REGION: c.region },
      });
      return { name: s.name, task, taskRole };
    });

    this.publish(ServicesContract, {
      ecs_cluster_name: cluster.name,
      ecs_cluster_arn: cluster.arn,
      task_definition_arns: Object.fromEntries(tasks.map((t) => [t.name, t.task.taskDefinition.arn])),
      task_role_arns: Object.fromEntries(tasks.map((t) => [t.name, t.taskRole.arn])),
      log_group_names: Object.fromEntries(tasks.map((t) => [t.name, t.task.logGroup.name])),
    });
  }
}
