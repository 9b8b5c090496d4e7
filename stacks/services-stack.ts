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
 * - on-demand tasks (migrations): a task definition and the command to run it,
 * - web services on App Runner (compute: apprunner), with their scaling, VPC
 *   connector, private ingress and custom domains,
 * - AWS Batch jobs on Fargate: a compute environment, queue and job definition each,
 * - for the edge: CloudFront's listener rules, the origin's name on the certificate,
 *   a regional WAF on an internet-facing load balancer, and the public URL's SSM
 *   parameter when only the frontend phase knows the URL.
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
import { customerKeyArn, FoundationContract, ImagesContract, ServicesContract } from "./contracts";
import { dataConnections } from "./data-connections";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import type { Upstream } from "./upstream";
import { callsLoadBalancer, resolveReferences, type ServiceTargets } from "./references";
import { isEcsWorkload, type ResolvedJob, type ResolvedWebService } from "../config/defaults";
import { joinStartCommand } from "../config/app-runner";
import { AppRunnerService, dnsRecordsOutput } from "../constructs/app-runner-service";
import { BatchJob } from "../constructs/batch-job";
import { batchArn, containerInsightsLogGroupPrefix } from "../config/names";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { runTaskCommand, webServiceUrl } from "./service-urls";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { frontsLoadBalancer, loadBalancerRoutes, originHost, publicUrlVariables, publishedUrlReaders, UNPUBLISHED_PUBLIC_URL } from "../config/frontend";
import { CDN_PRIORITY_BASE } from "../config/routing";
import { environmentWebAcl } from "../constructs/edge/web-acl";
import type { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { appRunnerAlarms, deploymentAlert, ecsServiceAlarms, loadBalancerAlarms } from "./services-alarms";
import { TerraformData } from "../constructs/terraform-data";

/** Where the SSM agent behind ECS Exec writes; with a read-only root they must be scratch volumes. */
const ECS_EXEC_WRITABLE_PATHS = ["/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"];

export class ServicesStack extends PhaseStack {
  /** The public URL's parameter, when services read it at start. */
  private publicUrl?: SsmParameter;
  /** The foundation's alert topic, where alarms and failure events go. */
  private alertTopicArn = "";

  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "services", props);
    const c = this.config;
    const foundation = this.upstream(FoundationContract);
    const images = this.upstream(ImagesContract);
    this.alertTopicArn = foundation.get("alert_topic_arn");

    const storageKey = customerKeyArn(c, foundation, "data_key_arn");
    // Container Insights would create its group on first use, with neither retention nor key.
    const insights = new CloudwatchLogGroup(this, "cluster_insights_logs", {
      name: `${containerInsightsLogGroupPrefix(c.names.ecsCluster)}/performance`,
      retentionInDays: c.protection.logRetentionDays,
      kmsKeyId: customerKeyArn(c, foundation, "logs_key_arn"),
    });
    const cluster = new EcsCluster(this, "cluster", {
      dependsOn: [insights],
      name: c.names.ecsCluster,
      setting: [{ name: "containerInsights", value: "enabled" }],
      // Fargate tasks' ephemeral storage (image layers, scratch paths) under the data key, when there is one.
      configuration: storageKey ? { managedStorageConfiguration: { fargateEphemeralStorageKmsKeyId: storageKey } } : undefined,
    });
    const capacityProviders = new EcsClusterCapacityProviders(this, "cluster_capacity_providers", {
      clusterName: cluster.name,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }],
    });

    // App Runner services are deployed by the App Runner part of this phase; everything else runs on ECS.
    const ecs = c.services.flatMap((s, i) => (isEcsWorkload(s) ? [{ s, i }] : []));
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
    const publicUrlParameter = this.publicUrlParameter(foundation);
    this.publicUrl = publicUrlParameter?.parameter;
    const targets: ServiceTargets = { loadBalancerDnsName: lbDnsName, appRunner: new Map() };
    const environmentOf = (s: ResolvedService) => ({
      ...resolveReferences(c, s, foundation, targets),
      ...dataConnections(c, s.name, foundation).environment,
      APP_ENVIRONMENT: c.environment,
      AWS_REGION: c.region,
    });
    const appRunner = this.appRunnerServices(foundation, images, targets, environmentOf);
    const jobs = c.services.flatMap((s, i) => (s.kind === "job" ? [{ s, job: this.batchJob(s, i, foundation, images, groupOf, environmentOf) }] : []));

    const running: Array<{ s: ResolvedRunningService; service: FargateService }> = [];
    const targetGroups = new Map<string, LbTargetGroup>();
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
        environment: environmentOf(s),
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
        const service = this.service(s, i, task, cluster, capacityProviders, privateSubnets, foundation.get("app_security_group_id"), groupOf, loadBalancer, discovery, targetGroups);
        running.push({ s, service });
      }
      return { s, task };
    });

    if (loadBalancer) this.cdnRoutes(loadBalancer, targetGroups);
    if (running.length > 0) fromConfig(deploymentAlert(this, c, this.alertTopicArn), "services");
    if (loadBalancer) for (const alarm of loadBalancerAlarms(this, c, this.alertTopicArn, loadBalancer.loadBalancer)) fromConfig(alarm, "loadBalancer");
    if (loadBalancer) {
      const inVpc = c.services.filter((s) => s.compute === "batch" || s.compute === "ecs" || (s.kind === "web" && s.appRunner?.egress === "vpc"));
      for (const s of inVpc.filter((s) => callsLoadBalancer(c, s))) this.allowToLoadBalancer(s.name, groupOf(s.name), loadBalancer);
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
      load_balancer_arn_suffix: loadBalancer?.loadBalancer.arnSuffix ?? "",
      target_group_arn_suffixes: Object.fromEntries([...targetGroups].map(([name, tg]) => [name, tg.arnSuffix])),
      load_balancer_dns_name: lbDnsName,
      load_balancer_zone_id: loadBalancer?.zoneId ?? "",
      load_balancer_security_group_id: loadBalancer?.securityGroup.id ?? "",
      load_balancer_origin_host: loadBalancer && frontsLoadBalancer(c.frontend) ? (c.domain ? originHost(c.domain) : lbDnsName) : "",
      public_url_parameter: publicUrlParameter?.parameter.name ?? "",
      public_url_generation: publicUrlParameter?.generation.id ?? "",
      http_listener_arn: loadBalancer?.httpListener?.arn ?? "",
      https_listener_arn: loadBalancer?.httpsListener?.arn ?? "",
      service_urls: Object.fromEntries([...web.map(({ s }) => [s.name, webServiceUrl(c, s.name, lbDnsName)]), ...[...appRunner].map(([name, a]) => [name, a.url])]),
      apprunner_service_arns: Object.fromEntries([...appRunner].map(([name, a]) => [name, a.arn])),
      apprunner_service_ids: Object.fromEntries([...appRunner].map(([name, a]) => [name, a.service.serviceId])),
      apprunner_dns_records: (c.domain ? dnsRecordsOutput([...appRunner.values()]) : {}) as Record<string, string>,
      batch_job_queue_arns: Object.fromEntries(jobs.map(({ s, job }) => [s.name, job.queue.arn])),
      batch_job_definition_arns: Object.fromEntries(jobs.map(({ s, job }) => [s.name, job.definition.arn])),
      batch_job_failure_rules: Object.fromEntries(jobs.map(({ s, job }) => [s.name, job.failureRule.name])),
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

  /**
   * App Runner services, each after those whose URL it refers to (without a
   * domain a URL exists only once its service does; the rules refuse cycles).
   */
  private appRunnerServices(
    foundation: Upstream<typeof FoundationContract>,
    images: Upstream<typeof ImagesContract>,
    targets: ServiceTargets,
    environmentOf: (s: ResolvedService) => Record<string, string>,
  ): Map<string, AppRunnerService> {
    const c = this.config;
    const pending = c.services.flatMap((s, i): Array<{ s: ResolvedWebService; i: number }> => (s.kind === "web" && s.compute === "apprunner" ? [{ s, i }] : []));
    const created = new Map<string, AppRunnerService>();
    if (pending.length === 0) return created;
    const endpoint = pending.some(({ s }) => s.appRunner?.ingress === "private") ? this.appRunnerEndpoint(foundation) : undefined;
    const urls = targets.appRunner as Map<string, { url: string; host: string }>;
    // With a domain every App Runner URL is its first host, known in advance: no order needed.
    const knownUrl = (s: ResolvedWebService) => c.domain !== undefined && s.appRunner?.ingress === "public";
    for (const { s } of pending) if (knownUrl(s)) urls.set(s.name, { url: `https://${s.hosts[0]}`, host: s.hosts[0] });
    const waitsFor = (s: ResolvedWebService) =>
      Object.values(s.environment).flatMap((v) => (typeof v !== "string" && v.ref.startsWith("services.") ? [v.ref.split(".")[1]] : [])).filter((n) => pending.some(({ s: p }) => p.name === n && !knownUrl(p)) && !created.has(n));
    while (pending.length > 0) {
      const next = pending.findIndex(({ s }) => waitsFor(s).length === 0);
      if (next < 0) throw new Error(`App Runner services ${pending.map(({ s }) => s.name).join(", ")} refer to each other's URLs (the config rules should have refused it)`);
      const [{ s, i }] = pending.splice(next, 1);
      const a = s.appRunner!;
      const secrets = Object.fromEntries(this.containerSecrets(s, foundation).map((x) => [x.name, x.valueFrom]));
      const created1 = fromConfig(
        new AppRunnerService(this, s.name, {
          serviceName: c.names.appRunnerService(s.name),
          configurationName: c.names.appRunnerConfiguration(s.name),
          image: images.lookup("image_uris", s.name),
          accessRoleArn: foundation.lookup("execution_role_arns", s.name),
          instanceRoleArn: foundation.lookup("task_role_arns", s.name),
          cpu: s.cpu,
          memory: s.memory,
          port: s.port,
          startCommand: s.command && joinStartCommand(s.command),
          environment: environmentOf(s),
          secrets,
          healthCheck: { protocol: a.healthCheckProtocol === "tcp" ? "TCP" : "HTTP", ...s.healthCheck },
          scaling: { minInstances: a.minInstances, maxInstances: a.maxInstances, maxConcurrency: a.maxConcurrency },
          vpcConnectorArn: a.egress === "vpc" ? foundation.lookup("apprunner_vpc_connector_arns", s.name) : undefined,
          privateIngress: a.ingress === "private" ? { vpcId: foundation.get("vpc_id"), vpcEndpointId: endpoint!.id } : undefined,
          tracing: a.tracing,
          // A private service is reached through its ingress connection's name, never a public custom domain.
          hostNames: c.domain && a.ingress === "public" ? s.hosts : [],
          kmsKeyArn: customerKeyArn(c, foundation, "data_key_arn"),
        }),
        `services.${i}`,
      );
      created.set(s.name, created1);
      for (const alarm of appRunnerAlarms(this, c, this.alertTopicArn, s.name, created1.service)) fromConfig(alarm, `services.${i}`);
      if (!knownUrl(s)) urls.set(s.name, { url: created1.url, host: created1.host });
    }
    return created;
  }

  /** The interface endpoint private App Runner services are reached through, open to the VPC on 443. */
  private appRunnerEndpoint(foundation: Upstream<typeof FoundationContract>): VpcEndpoint {
    const c = this.config;
    const group = new SecurityGroup(this, "apprunner_endpoint_security_group", {
      name: `${c.names.prefix}-apprunner-requests`,
      description: `App Runner private services of ${c.names.prefix}: HTTPS from the VPC`,
      vpcId: foundation.get("vpc_id"),
      label: "apprunner_endpoint",
    });
    group.allowFromCidr(foundation.get("vpc_cidr"), 443, "HTTPS from the VPC to private App Runner services");
    return new VpcEndpoint(this, "apprunner_requests_endpoint", {
      vpcId: foundation.get("vpc_id"),
      serviceName: `com.amazonaws.${c.region}.apprunner.requests`,
      vpcEndpointType: "Interface",
      privateDnsEnabled: false,
      subnetIds: Token.asList(foundation.get("private_subnet_ids")),
      securityGroupIds: [group.id],
      tags: { Name: `${c.names.prefix}-apprunner-requests` },
    });
  }

  /** A Batch job in its own compute environment (the job's security group from the foundation) and queue. */
  private batchJob(
    s: ResolvedJob,
    i: number,
    foundation: Upstream<typeof FoundationContract>,
    images: Upstream<typeof ImagesContract>,
    groupOf: (name: string) => SecurityGroupBase,
    environmentOf: (s: ResolvedService) => Record<string, string>,
  ): BatchJob {
    const c = this.config;
    const queueName = c.names.batchJobQueue(s.name);
    return fromConfig(
      new BatchJob(this, s.name, {
        computeEnvironmentNamePrefix: c.names.batchComputeEnvironmentPrefix(s.name, s.spot),
        jobQueueName: queueName,
        jobQueueArn: batchArn(c, `job-queue/${queueName}`),
        jobDefinitionName: c.names.batchJobDefinition(s.name),
        failureRuleName: c.names.batchJobFailureRule(s.name),
        alertTopicArn: foundation.get("alert_topic_arn"),
        subnetIds: Token.asList(foundation.get("private_subnet_ids")),
        securityGroupIds: [foundation.get("app_security_group_id"), groupOf(s.name).id],
        maxVcpus: s.maxVcpus,
        spot: s.spot,
        image: images.lookup("image_uris", s.name),
        cpu: s.cpu,
        memory: s.memory,
        command: s.command,
        environment: environmentOf(s),
        secrets: this.containerSecrets(s, foundation),
        executionRoleArn: foundation.lookup("execution_role_arns", s.name),
        jobRoleArn: foundation.lookup("task_role_arns", s.name),
        logGroupName: foundation.lookup("log_group_names", s.name),
        region: c.region,
        readonlyRootFilesystem: s.container.readonlyRootFilesystem,
        writablePaths: s.container.writablePaths,
        user: s.container.user,
        cpuArchitecture: s.cpuArchitecture,
        platformVersion: s.platformVersion,
        timeoutSeconds: s.timeoutSeconds,
        retry: s.retry,
      }),
      `services.${i}`,
    );
  }

  /** The shared load balancer, with HTTPS and alias records when the environment has a domain. */
  private loadBalancer(foundation: Upstream<typeof FoundationContract>): LoadBalancer {
    const c = this.config;
    // CloudFront reaches an internal load balancer by a name of its own, so HTTPS on that hop has a certificate to match.
    const origin = c.domain && frontsLoadBalancer(c.frontend) ? [originHost(c.domain)] : [];
    const hosts = [...new Set([...c.services.flatMap((s) => (s.kind === "web" && s.compute === "ecs" ? s.hosts : [])), ...origin])];
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
        // Prod serves HTTPS only (policy ALB-11, ELB.18): not even a redirect on port 80.
        httpRedirect: c.stage !== "prod",
      }),
      "loadBalancer",
    );
    if (c.domain && hosts.length > 0) {
      fromConfig(new AliasRecords(this, "domain", { hostedZoneId: c.domain.zoneId, hostNames: hosts, targetDnsName: lb.dnsName, targetZoneId: lb.zoneId }), "domain");
    }
    // A public load balancer no CDN fronts gets the firewall itself.
    if (c.waf.enabled && !c.loadBalancer.internal) {
      fromConfig(environmentWebAcl(this, "load_balancer_firewall", c, { scope: "REGIONAL", nameSuffix: "alb", logsKmsKeyArn: customerKeyArn(c, foundation, "logs_key_arn") }), "waf").associate("association", lb.arn);
    }
    return lb;
  }

  /**
   * CloudFront's paths to the services that answer them: one listener rule per
   * path pattern (in behaviour order, after the services' own rules), matching
   * the origin's host name when there is a domain.
   */
  private cdnRoutes(lb: LoadBalancer, targetGroups: ReadonlyMap<string, LbTargetGroup>): void {
    const c = this.config;
    const hosts = c.domain ? [originHost(c.domain)] : [];
    let priority = CDN_PRIORITY_BASE;
    loadBalancerRoutes(c.frontend).forEach((route, i) => {
      const targetGroupArn = targetGroups.get(route.service)?.arn;
      if (!targetGroupArn) throw new Error(`frontend route to ${route.service}: not an ECS web service (the config rules should have refused it)`);
      const at = route.paths.length === 0 ? "frontend.service" : `frontend.routes.${i}`;
      for (const path of route.paths.length === 0 ? [undefined] : route.paths) {
        fromConfig(lb.addRule(`cdn_rule_${priority - CDN_PRIORITY_BASE}`, { targetGroupArn, priority: priority++, hosts, paths: path ? [path] : [] }), at);
      }
    });
  }

  /**
   * The SSM parameter services read the public URL from at start, when only the
   * frontend phase knows it (no domain). It starts as a placeholder the frontend
   * phase overwrites. This phase never resets it: the value is write-only (sent at
   * creation only) and nothing else of the parameter ever changes (a fixed
   * description: the provider's update would send the placeholder again).
   */
  private publicUrlParameter(foundation: Upstream<typeof FoundationContract>): { readonly parameter: SsmParameter; readonly generation: TerraformData } | undefined {
    const c = this.config;
    const readers = publishedUrlReaders(c);
    if (readers.length === 0) return undefined;
    const parameter = fromConfig(
      new SsmParameter(this, "public_url", {
        name: c.names.publicUrlParameter,
        description: `Public URL of ${c.names.prefix}: written by the frontend phase, read at start by the services that refer to app.url`,
        type: "SecureString",
        // The secrets key when the environment has customer managed keys; the frontend phase writes with it too.
        keyId: customerKeyArn(c, foundation, "secrets_key_arn"),
        // Write-only: sent once at creation, never kept in state nor compared again,
        // so this phase never resets what the frontend phase wrote.
        valueWo: UNPUBLISHED_PUBLIC_URL,
        valueWoVersion: 1,
      }),
      "frontend",
    );
    // A new id whenever the parameter is created again or updated (either writes the placeholder):
    // the frontend phase publishes the URL again when it changes.
    const generation = new TerraformData(this, "public_url_placeholder", { input: { parameter: parameter.name }, lifecycle: { replaceTriggeredBy: [`${parameter.terraformResourceType}.${parameter.friendlyUniqueId}`] } });
    return { parameter, generation };
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

  /**
   * Own secret keys and shared secret keys, each by JSON key; and the public URL
   * from its SSM parameter when only the frontend phase knows it.
   */
  private containerSecrets(s: ResolvedService, foundation: Upstream<typeof FoundationContract>): ContainerSecret[] {
    const c = this.config;
    const own = s.secrets.length > 0 ? foundation.lookup("secret_arns", s.name) : undefined;
    const publicUrl = publishedUrlReaders(c).some((r) => r.name === s.name) ? publicUrlVariables(s.environment) : [];
    return [
      // The resource's ARN (not one spelled from the name): nothing starts before the parameter exists.
      ...publicUrl.map((name) => ({ name, valueFrom: this.publicUrl!.arn })),
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
    targetGroups: Map<string, LbTargetGroup>,
  ): FargateService {
    const c = this.config;
    const own = groupOf(s.name);
    let target: { group: LbTargetGroup; rule: LbListenerRule } | undefined;
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
      target = { group: tg, rule };
      targetGroups.set(s.name, tg);
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
        loadBalancer: target && s.kind === "web" ? { targetGroupArn: target.group.arn, containerName: s.name, containerPort: s.port, healthCheckGracePeriodSeconds: s.healthCheck.gracePeriodSeconds } : undefined,
        serviceRegistryArn: registryArn,
        scaled: s.autoscaling !== undefined,
        dependsOn: [capacityProviders, ...(target ? [target.rule] : [])],
      }),
      `services.${i}`,
    );
    const alarms = ecsServiceAlarms(this, c, this.alertTopicArn, s.name, service.service, target && loadBalancer ? { group: target.group, loadBalancer: loadBalancer.loadBalancer.arnSuffix } : undefined);
    for (const alarm of alarms) fromConfig(alarm, `services.${i}`);
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
          requestCountResourceLabel: target && loadBalancer ? `${loadBalancer.loadBalancer.arnSuffix}/${target.group.arnSuffix}` : undefined,
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
