/**
 * Phase 3: where the services run. An ECS cluster (Fargate and Fargate Spot)
 * and, per workload, a Fargate task definition running the image the images
 * phase chose, as the roles, log group and secrets the foundation made for it:
 *
 * - web services behind the environment's application load balancer (HTTPS
 *   with an ACM certificate and alias records when the environment has a domain),
 * - workers with no inbound traffic,
 * - internal services found by name through Cloud Map and reachable only from
 *   their declared callers,
 * - on-demand tasks (migrations): a task definition and the command to run it.
 *
 * Network access is per service: each runs in its own security group from the
 * foundation, and this stack opens exactly the load balancer → web port and
 * caller → internal port paths, by group id.
 */
import type { Construct } from "constructs";
import type { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { Fn, Token } from "cdktf";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsClusterCapacityProviders } from "@cdktf/provider-aws/lib/ecs-cluster-capacity-providers";
import type { ResolvedRunningService, ResolvedService } from "../config/defaults";
import { DnsValidatedCertificate } from "../constructs/certificate";
import { FargateService } from "../constructs/fargate-service";
import { FargateTask, type ContainerSecret } from "../constructs/fargate-task";
import { LoadBalancer } from "../constructs/load-balancer";
import { AliasRecords } from "../constructs/alias-records";
import { SecurityGroup, type SecurityGroupBase } from "../constructs/security-group";
import { ServiceAutoscaling } from "../constructs/service-autoscaling";
import { ServiceDiscovery } from "../constructs/service-discovery";
import { fromConfig } from "../policy/provenance";
import { FoundationContract, ImagesContract, ServicesContract } from "./contracts";
import { dataConnections } from "./data-connections";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import type { Upstream } from "./upstream";
import { callsLoadBalancer, resolveReferences } from "./references";
import { runTaskCommand, webServiceUrl } from "./service-urls";

/** Where the SSM agent behind ECS Exec writes; with a read-only root they must be scratch volumes. */
const ECS_EXEC_WRITABLE_PATHS = ["/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"];

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
    const capacityProviders = new EcsClusterCapacityProviders(this, "cluster_capacity_providers", {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    });

    // App Runner services are deployed by the App Runner part of this phase; everything else runs on ECS.
    const ecs = c.services.map((s, i) => ({ s, i })).filter(({ s }) => s.compute === "ecs");
    const web = ecs.filter(({ s }) => s.kind === "web");
    const privateSubnets = Token.asList(foundation.get("private_subnet_ids"));

    const groups = new Map<string, SecurityGroupBase>();
    const groupOf = (name: string) => {
      if (!groups.has(name)) groups.set(name, SecurityGroup.fromId(this, `${name}_tasks`, foundation.lookup("service_security_group_ids", name), name));
      return groups.get(name)!;
    };

    const loadBalancer = web.length > 0 ? this.loadBalancer(foundation) : undefined;
    const discovery = ecs.some(({ s }) => s.kind === "internal")
      ? new ServiceDiscovery(this, "service_discovery", { namespaceName: c.names.serviceDiscoveryNamespace, vpcId: foundation.get("vpc_id") })
      : undefined;
    const lbDnsName = loadBalancer?.dnsName ?? "";

    const running: Array<{ s: ResolvedRunningService; service: FargateService }> = [];
    const tasks = ecs.map(({ s, i }) => {
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
        secrets: this.containerSecrets(s, foundation),
        port: s.kind === "web" || s.kind === "internal" ? s.port : undefined,
        command: s.command,
        environment: { ...resolveReferences(c, s, foundation, lbDnsName), ...data.environment, APP_ENVIRONMENT: c.environment, AWS_REGION: c.region },
        efsVolumes: data.efsVolumes,
        cpuArchitecture: s.cpuArchitecture,
        readonlyRootFilesystem: s.container.readonlyRootFilesystem,
        writablePaths: s.exec ? [...new Set([...s.container.writablePaths, ...ECS_EXEC_WRITABLE_PATHS])] : s.container.writablePaths,
        user: s.container.user,
        stopTimeoutSeconds: s.container.stopTimeoutSeconds,
        healthCheck: s.container.healthCheck,
      });
      fromConfig(task, `services.${i}`);
      if (s.kind !== "task") {
        const service = this.service(s, i, task, cluster, capacityProviders, privateSubnets, foundation.get("app_security_group_id"), groupOf, loadBalancer, discovery);
        running.push({ s, service });
      }
      return { s, task };
    });

    if (loadBalancer) {
      for (const { s } of ecs.filter(({ s }) => callsLoadBalancer(c, s))) this.allowToLoadBalancer(s.name, groupOf(s.name), loadBalancer);
    }

    const onDemand = tasks.filter(({ s }) => s.kind === "task");
    const taskGroups = (name: string) => `${foundation.get("app_security_group_id")},${groupOf(name).id}`;
    this.publish(ServicesContract, {
      ecs_cluster_name: cluster.name,
      ecs_cluster_arn: cluster.arn,
      task_definition_arns: Object.fromEntries(tasks.map((t) => [t.s.name, t.task.taskDefinition.arn])),
      ecs_service_names: Object.fromEntries(running.map((r) => [r.s.name, r.service.name])),
      ecs_service_arns: Object.fromEntries(running.map((r) => [r.s.name, r.service.arn])),
      load_balancer_arn: loadBalancer?.arn ?? "",
      load_balancer_dns_name: lbDnsName,
      load_balancer_zone_id: loadBalancer?.zoneId ?? "",
      load_balancer_security_group_id: loadBalancer?.securityGroup.id ?? "",
      http_listener_arn: loadBalancer?.httpListener.arn ?? "",
      https_listener_arn: loadBalancer?.httpsListener?.arn ?? "",
      service_urls: Object.fromEntries(web.map(({ s }) => [s.name, webServiceUrl(c, s.name, lbDnsName)])),
      service_discovery_namespace: discovery?.namespace.name ?? "",
      task_subnet_ids: privateSubnets,
      task_security_group_ids: Object.fromEntries(onDemand.map(({ s }) => [s.name, taskGroups(s.name)])),
      run_task_commands: Object.fromEntries(
        onDemand.map(({ s, task }) => [
          s.name,
          runTaskCommand({ cluster: c.names.ecsCluster, family: task.taskDefinition.family, subnets: Fn.join(",", privateSubnets), securityGroups: taskGroups(s.name), region: c.region }),
        ]),
      ),
    });
  }

  /** The shared load balancer, with HTTPS and alias records when the environment has a domain. */
  private loadBalancer(foundation: Upstream<typeof FoundationContract>): LoadBalancer {
    const c = this.config;
    const hosts = [...new Set(c.services.flatMap((s) => (s.kind === "web" && s.compute === "ecs" ? s.hosts : [])))];
    const certificate = c.domain && hosts.length > 0 ? fromConfig(new DnsValidatedCertificate(this, "certificate", { hostNames: hosts, hostedZoneId: c.domain.zoneId }), "domain") : undefined;
    const lb = fromConfig(
      new LoadBalancer(this, "load_balancer", {
        name: c.names.loadBalancer,
        vpcId: foundation.get("vpc_id"),
        subnetIds: Token.asList(foundation.get(c.loadBalancer.internal ? "private_subnet_ids" : "public_subnet_ids")),
        internal: c.loadBalancer.internal,
        vpcCidr: foundation.get("vpc_cidr"),
        idleTimeoutSeconds: c.loadBalancer.idleTimeoutSeconds,
        deletionProtection: c.protection.deletionProtection,
        accessLogsBucket: c.stage === "dev" ? undefined : foundation.get("logs_bucket_name"),
        certificateArn: certificate?.certificateArn,
      }),
      "loadBalancer",
    );
    if (c.domain && hosts.length > 0) {
      fromConfig(new AliasRecords(this, "domain", { hostedZoneId: c.domain.zoneId, hostNames: hosts, targetDnsName: lb.dnsName, targetZoneId: lb.zoneId }), "domain");
    }
    return lb;
  }

  /**
   * Let a service call the internal load balancer it refers to, group to group.
   * An internet-facing one is reached on its public address: HTTPS out is open to
   * every task, and plain HTTP (no domain) only with 80 in the service's
   * egressPorts, which validation asks for.
   */
  private allowToLoadBalancer(name: string, group: SecurityGroupBase, lb: LoadBalancer): void {
    if (!this.config.loadBalancer.internal) return;
    lb.securityGroup.allowFrom(group, this.config.domain ? 443 : 80, `${name} calls the load balancer`);
  }

  /** Own secret keys and shared secret keys, each by JSON key. */
  private containerSecrets(s: ResolvedService, foundation: Upstream<typeof FoundationContract>): ContainerSecret[] {
    const own = s.secrets.length > 0 ? foundation.lookup("secret_arns", s.name) : undefined;
    return [
      ...s.secrets.map((key) => ({ name: key, valueFrom: `${own}:${key}::` })),
      ...Object.entries(s.sharedSecrets).flatMap(([secret, keys]) => keys.map((key) => ({ name: key, valueFrom: `${foundation.lookup("shared_secret_arns", secret)}:${key}::` }))),
    ];
  }

  private service(
    s: ResolvedRunningService,
    i: number,
    task: FargateTask,
    cluster: EcsCluster,
    capacityProviders: EcsClusterCapacityProviders,
    subnets: string[],
    baselineGroup: string,
    groupOf: (name: string) => SecurityGroupBase,
    loadBalancer: LoadBalancer | undefined,
    discovery: ServiceDiscovery | undefined,
  ): FargateService {
    const c = this.config;
    const own = groupOf(s.name);
    let target: { targetGroupArn: string; arnSuffix: string; rule: LbListenerRule } | undefined;
    if (s.kind === "web") {
      const { targetGroup: tg, rule } = loadBalancer!.addService(s.name, {
        targetGroupName: c.names.targetGroup(s.name, s.port),
        port: s.port,
        securityGroup: own,
        priority: s.priority,
        hosts: s.hosts,
        paths: s.paths,
        healthCheck: s.healthCheck,
        deregistrationDelaySeconds: s.deregistrationDelaySeconds,
      });
      target = { targetGroupArn: tg.arn, arnSuffix: tg.arnSuffix, rule };
    }
    let registryArn: string | undefined;
    if (s.kind === "internal") {
      registryArn = discovery!.register(s.name).arn;
      for (const caller of s.callers) own.allowFrom(groupOf(caller), s.port, `${caller} calls ${s.name}`);
    }
    const service = fromConfig(
      new FargateService(this, `${s.name}_service`, {
        serviceName: s.name,
        clusterArn: cluster.arn,
        taskDefinitionArn: task.taskDefinition.arn,
        desiredCount: s.desiredCount,
        subnetIds: subnets,
        securityGroupIds: [baselineGroup, own.id],
        capacity: s.capacity,
        platformVersion: s.platformVersion,
        minimumHealthyPercent: s.deployment.minimumHealthyPercent,
        maximumPercent: s.deployment.maximumPercent,
        waitForSteadyState: s.deployment.waitForSteadyState,
        enableExecuteCommand: s.exec,
        loadBalancer: target && s.kind === "web" ? { targetGroupArn: target.targetGroupArn, containerName: s.name, containerPort: s.port, healthCheckGracePeriodSeconds: s.healthCheck.gracePeriodSeconds } : undefined,
        serviceRegistryArn: registryArn,
        scaled: s.autoscaling !== undefined,
        dependsOn: [capacityProviders, ...(target ? [target.rule] : [])],
      }),
      `services.${i}`,
    );
    if (s.autoscaling) {
      const a = s.autoscaling;
      fromConfig(
        new ServiceAutoscaling(this, `${s.name}_autoscaling`, {
          clusterName: cluster.name,
          serviceName: service.name,
          min: a.min,
          max: a.max,
          cpuPercent: a.cpuPercent,
          memoryPercent: a.memoryPercent,
          requestsPerTarget: a.requestsPerTarget,
          requestCountResourceLabel: target && loadBalancer ? `${loadBalancer.loadBalancer.arnSuffix}/${target.arnSuffix}` : undefined,
          scaleInCooldownSeconds: a.scaleInCooldownSeconds,
          scaleOutCooldownSeconds: a.scaleOutCooldownSeconds,
          schedule: a.schedule,
          // Request counts need the target group attached to the load balancer.
          dependsOn: target ? [target.rule] : [],
        }),
        `services.${i}.autoscaling`,
      );
    }
    return service;
  }
}
