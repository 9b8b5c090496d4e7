/**
 * What each phase hands to the next. Later stacks may use these outputs and
 * nothing else of an upstream stack.
 */
import type { ResolvedConfig } from "../config/defaults";
import { batchArn } from "../config/names";
import { frontsLoadBalancer, originHost, publishedUrlReaders } from "../config/frontend";
import { KEY_CLASSES, type KeyClass } from "../config/encryption-schema";
import { defineContract, mapOutput, openMapOutput, output } from "./contract";
import { runTaskCommand, webServiceUrl } from "./service-urls";
import type { Upstream } from "./upstream";

/**
 * Which keys each map output has: the stacks publish exactly these (checked at
 * synth) and the mock values are built from them.
 */
export const select = {
  services: (c: ResolvedConfig) => c.services.map((s) => s.name),
  ecsServices: (c: ResolvedConfig) => c.services.filter((s) => s.compute === "ecs").map((s) => s.name),
  /** Workloads with a log group of the platform's (ECS and Batch; App Runner keeps its own). */
  loggedServices: (c: ResolvedConfig) => c.services.filter((s) => s.compute !== "apprunner").map((s) => s.name),
  appRunnerServices: (c: ResolvedConfig) => c.services.filter((s) => s.compute === "apprunner").map((s) => s.name),
  appRunnerVpcServices: (c: ResolvedConfig) => c.services.filter((s) => s.kind === "web" && s.appRunner?.egress === "vpc").map((s) => s.name),
  /** AWS Batch jobs. */
  jobs: (c: ResolvedConfig) => c.services.filter((s) => s.kind === "job").map((s) => s.name),
  /** ECS workloads that run as a service (web on ECS, worker, internal). */
  runningServices: (c: ResolvedConfig) => c.services.filter((s) => s.compute === "ecs" && s.kind !== "task").map((s) => s.name),
  /** Every web service, on ECS or App Runner. */
  allWebServices: (c: ResolvedConfig) => c.services.filter((s) => s.kind === "web").map((s) => s.name),
  /** Web services behind the load balancer. */
  webServices: (c: ResolvedConfig) => c.services.filter((s) => s.kind === "web" && s.compute === "ecs").map((s) => s.name),
  /** Run-on-demand task definitions. */
  tasks: (c: ResolvedConfig) => c.services.filter((s) => s.kind === "task").map((s) => s.name),
  sharedSecrets: (c: ResolvedConfig) => Object.keys(c.sharedSecrets),
  servicesWithSecrets: (c: ResolvedConfig) => c.services.filter((s) => s.secrets.length > 0).map((s) => s.name),
  buckets: (c: ResolvedConfig) => c.buckets.map((b) => b.key),
  /** The cache's nodes as ElastiCache numbers its member clusters: `node_001`, `node_002`, … */
  cacheNodes: (c: ResolvedConfig) => Array.from({ length: c.cache ? 1 + c.cache.replicas : 0 }, (_, i) => `node_${String(i + 1).padStart(3, "0")}`),
  accessPoints: (c: ResolvedConfig) => Object.keys(c.fileSystem?.accessPoints ?? {}),
} as const;

const bucketName = (c: ResolvedConfig, key: string) => c.names.bucket(key);
const registry = (c: ResolvedConfig) => `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com`;

/** A key's ARN as the mock contract shows it: the team's own, a platform key's, or none. */
const mockKeyArn = (c: ResolvedConfig, cls: KeyClass): string =>
  c.encryption.mode === "aws-managed"
    ? ""
    : (c.encryption.keyArns?.[cls] ?? `arn:${c.partition}:kms:${c.region}:${c.accountId}:key/${["0000000a", "0000000b", "0000000c"][KEY_CLASSES.indexOf(cls)]}-0000-4000-8000-000000000000`);

/** Ids the mock contract uses for resources a created VPC only gets at apply. */
const mockId = (kind: string, n: number) => `${kind}-${n.toString(16).padStart(17, "0")}`;
const createdOr = <T>(c: ResolvedConfig, created: () => T, existing: (n: Extract<ResolvedConfig["network"], { mode: "existing" }>) => T): T =>
  c.network.mode === "create" ? created() : existing(c.network);
const subnetMocks = (c: ResolvedConfig, tier: number) => c.availabilityZones.map((_, i) => mockId("subnet", tier * 16 + i + 1));

export const FoundationContract = defineContract("foundation", 6, {
  alert_topic_arn: output("string", "The environment's alert topic (SNS, encrypted with its own key): alarms and failure events publish here", (c) => `arn:${c.partition}:sns:${c.region}:${c.accountId}:${c.names.alertTopic}`),
  data_key_arn: output("string", "Customer managed key of buckets, the database, the cache, the file system and repositories (empty with AWS-managed keys)", (c) => mockKeyArn(c, "data")),
  logs_key_arn: output("string", "Customer managed key of the environment's log groups in its region (empty with AWS-managed keys)", (c) => mockKeyArn(c, "logs")),
  secrets_key_arn: output("string", "Customer managed key of Secrets Manager secrets (empty with AWS-managed keys)", (c) => mockKeyArn(c, "secrets")),
  vpc_id: output("string", "VPC id", (c) => createdOr(c, () => mockId("vpc", 1), (n) => n.vpcId)),
  vpc_cidr: output("string", "VPC CIDR block", (c) => createdOr(c, () => (c.network as { cidr: string }).cidr, (n) => n.vpcCidr)),
  public_subnet_ids: output("list", "Public subnets (internet-facing load balancers), one per AZ", (c) => createdOr(c, () => subnetMocks(c, 0), (n) => [...n.publicSubnetIds])),
  private_subnet_ids: output("list", "Private subnets (tasks, endpoints), one per AZ", (c) => createdOr(c, () => subnetMocks(c, 1), (n) => [...n.privateSubnetIds])),
  database_subnet_ids: output("list", "Isolated database subnets, one per AZ", (c) => createdOr(c, () => subnetMocks(c, 2), (n) => [...n.databaseSubnetIds])),
  app_security_group_id: output("string", "Baseline security group of every task: HTTPS out, admitted by the interface endpoints; no ingress", () => mockId("sg", 1)),
  service_security_group_ids: mapOutput("Security group per service: the data tier admits the groups of its declared clients", select.services, (c, s) => mockId("sg", 16 + select.services(c).indexOf(s))),
  shared_secret_arns: mapOutput("Secrets Manager ARN per shared secret", select.sharedSecrets, (c, name) =>
    `arn:${c.partition}:secretsmanager:${c.region}:${c.accountId}:secret:${c.names.sharedSecret(name)}-AbCdEf`,
  ),
  logs_bucket_name: output("string", "Log archive bucket (S3 access logs, flow logs, load balancer logs)", (c) => c.names.bucket("logs")),
  database_endpoint: output("string", "Where clients connect to PostgreSQL: the RDS Proxy when configured, else the instance (empty without a database)", (c) =>
    !c.database ? "" : c.database.proxy ? `${c.names.prefix}-db-proxy.proxy-mock.${c.region}.rds.amazonaws.com` : `${c.names.prefix}-db.mock.${c.region}.rds.amazonaws.com`,
  ),
  database_port: output("string", "PostgreSQL port (empty without a database)", (c) => (c.database ? "5432" : "")),
  database_name: output("string", "Database name (empty without a database)", (c) => c.database?.databaseName ?? ""),
  database_username: output("string", "Master user name (empty without a database)", (c) => c.database?.username ?? ""),
  database_secret_arn: output("string", "Secrets Manager secret RDS keeps the master credentials in (empty without a database)", (c) =>
    c.database ? `arn:${c.partition}:secretsmanager:${c.region}:${c.accountId}:secret:rds!db-mock-AbCdEf` : "",
  ),
  database_identifier: output("string", "The database instance's identifier, its metrics' DBInstanceIdentifier (empty without a database)", (c) => (c.database ? `${c.names.prefix}-db` : "")),
  cache_node_ids: mapOutput("The cache's nodes (member clusters, their metrics' CacheClusterId) by node_<number>", select.cacheNodes, (c, n) => `${c.names.prefix}-redis-${n.slice("node_".length)}`),
  cache_endpoint: output("string", "Redis primary endpoint, TLS only (empty without a cache)", (c) => (c.cache ? `master.${c.names.prefix}-redis.mock.use1.cache.amazonaws.com` : "")),
  cache_port: output("string", "Redis port (empty without a cache)", (c) => (c.cache ? "6379" : "")),
  cache_username: output("string", "Redis user for IAM authentication (empty without a cache)", (c) => (c.cache ? `${c.names.prefix}-app` : "")),
  file_system_id: output("string", "EFS file system id (empty without a file system)", (c) => (c.fileSystem ? mockId("fs", 1) : "")),
  apprunner_vpc_connector_arns: mapOutput("App Runner VPC connector (private subnets, the service's own security group) per App Runner service whose traffic leaves through the VPC", select.appRunnerVpcServices, (c, s) =>
    `arn:${c.partition}:apprunner:${c.region}:${c.accountId}:vpcconnector/${c.names.appRunnerService(s)}/1/0123456789abcdef0123456789abcdef`,
  ),
  github_deploy_role_arn: output("string", "Role GitHub Actions assumes through OIDC to deploy (empty without github)", (c) =>
    c.github ? `arn:${c.partition}:iam::${c.accountId}:role/${c.names.deployRole}` : "",
  ),
  file_system_access_point_ids: mapOutput("EFS access point id per access point name", select.accessPoints, (c, name) =>
    mockId("fsap", select.accessPoints(c).indexOf(name) + 1),
  ),
  ecr_repository_urls: mapOutput("ECR repository URL per service", select.services, (c, s) => `${registry(c)}/${c.names.ecrRepository(s)}`),
  ecr_repository_arns: mapOutput("ECR repository ARN per service", select.services, (c, s) => `arn:${c.partition}:ecr:${c.region}:${c.accountId}:repository/${c.names.ecrRepository(s)}`),
  task_role_arns: mapOutput("Task role ARN per service (what the application runs as)", select.services, (c, s) => `arn:${c.partition}:iam::${c.accountId}:role/${c.names.taskRole(s)}`),
  execution_role_arns: mapOutput("Execution role ARN per service (ECS and Batch: pulls its image, writes its logs, reads its secret; App Runner: its ECR access role)", select.services, (c, s) =>
    `arn:${c.partition}:iam::${c.accountId}:role/${c.names.taskExecutionRole(s)}`,
  ),
  log_group_names: mapOutput("CloudWatch log group per ECS workload and Batch job (App Runner keeps its own)", select.loggedServices, (c, s) =>
    c.names.logGroup(s, c.services.find((x) => x.name === s)!.compute === "batch" ? "batch" : "ecs"),
  ),
  secret_arns: mapOutput("Secrets Manager ARN per service that declares secrets", select.servicesWithSecrets, (c, s) =>
    `arn:${c.partition}:secretsmanager:${c.region}:${c.accountId}:secret:${c.names.secret(s)}-AbCdEf`,
  ),
  bucket_names: mapOutput("Application bucket name per bucket key", select.buckets, bucketName),
  bucket_arns: mapOutput("Application bucket ARN per bucket key", select.buckets, (c, k) => `arn:${c.partition}:s3:::${bucketName(c, k)}`),
});

/**
 * A key of the foundation's contract, only when the environment has customer
 * managed keys (with AWS-managed keys the output is empty and nothing names a key).
 */
export function customerKeyArn(c: ResolvedConfig, foundation: Upstream<typeof FoundationContract>, output: `${KeyClass}_key_arn`): string | undefined {
  return c.encryption.mode === "aws-managed" ? undefined : foundation.get(output);
}

export const ImagesContract = defineContract("images", 1, {
  image_uris: mapOutput("Full image URI (repository:tag, or repository@digest when pinned) per service; the services phase deploys exactly these", select.services, (c, name) => {
    const s = c.services.find((x) => x.name === name)!;
    return `${registry(c)}/${s.repositoryName}:${s.imageTag}`;
  }),
  image_tags: mapOutput("Image tag per service", select.services, (c, name) => c.services.find((s) => s.name === name)!.imageTag),
});

const lbDns = (c: ResolvedConfig) => (select.webServices(c).length === 0 ? "" : `${c.names.loadBalancer}-1234567890.${c.region}.elb.amazonaws.com`);
const lbArn = (c: ResolvedConfig) => (select.webServices(c).length === 0 ? "" : `arn:${c.partition}:elasticloadbalancing:${c.region}:${c.accountId}:loadbalancer/app/${c.names.loadBalancer}/0123456789abcdef`);

/** App Runner's own URL of a service, as the mock contract shows it. */
const appRunnerMockHost = (c: ResolvedConfig, s: string) => `${s}${select.appRunnerServices(c).indexOf(s)}abcdefgh.${c.region}.awsapprunner.com`;
const appRunnerMockUrl = (c: ResolvedConfig, s: string) => {
  const service = c.services.find((x) => x.name === s)!;
  const host = c.domain && service.kind === "web" ? service.hosts[0] : undefined;
  return `https://${host ?? appRunnerMockHost(c, s)}`;
};

export const ServicesContract = defineContract("services", 5, {
  ecs_cluster_name: output("string", "ECS cluster name", (c) => c.names.ecsCluster),
  ecs_cluster_arn: output("string", "ECS cluster ARN", (c) => `arn:${c.partition}:ecs:${c.region}:${c.accountId}:cluster/${c.names.ecsCluster}`),
  task_definition_arns: mapOutput("Task definition ARN (with revision) per ECS workload", select.ecsServices, (c, s) =>
    `arn:${c.partition}:ecs:${c.region}:${c.accountId}:task-definition/${c.names.prefix}-${s}:1`,
  ),
  ecs_service_names: mapOutput("ECS service name per running service (web, worker, internal)", select.runningServices, (_c, s) => s),
  ecs_service_arns: mapOutput("ECS service ARN per running service", select.runningServices, (c, s) => `arn:${c.partition}:ecs:${c.region}:${c.accountId}:service/${c.names.ecsCluster}/${s}`),
  load_balancer_arn: output("string", "Application load balancer ARN (empty without web services on ECS)", lbArn),
  load_balancer_arn_suffix: output("string", "The load balancer's metric dimension (app/<name>/<id>) (empty without web services on ECS)", (c) => lbArn(c).replace(/^.*:loadbalancer\//, "")),
  target_group_arn_suffixes: mapOutput("Target group's metric dimension (targetgroup/<name>/<id>) per web service on ECS", select.webServices, (c, s) => {
    const svc = c.services.find((x) => x.name === s)!;
    return `targetgroup/${c.names.targetGroup(s, (svc as { port: number }).port)}/${(select.webServices(c).indexOf(s) + 1).toString(16).padStart(16, "0")}`;
  }),
  load_balancer_dns_name: output("string", "Load balancer DNS name, the origin for a CDN (empty without web services on ECS)", lbDns),
  load_balancer_zone_id: output("string", "Load balancer's Route53 alias zone id (empty without web services on ECS)", (c) => (select.webServices(c).length === 0 ? "" : "Z35SXDOTRQ7X7K")),
  load_balancer_security_group_id: output("string", "Load balancer security group, to admit a CDN's VPC origin (empty without web services on ECS)", (c) => (select.webServices(c).length === 0 ? "" : mockId("sg", 2))),
  http_listener_arn: output("string", "Port 80 listener ARN: forwards, or redirects to HTTPS with a domain (empty without web services on ECS, and in prod, which serves HTTPS only)", (c) =>
    select.webServices(c).length === 0 || c.stage === "prod" ? "" : `${lbArn(c).replace(":loadbalancer/", ":listener/")}/0000000000000080`,
  ),
  https_listener_arn: output("string", "Port 443 listener ARN (empty without a domain)", (c) =>
    select.webServices(c).length === 0 || !c.domain ? "" : `${lbArn(c).replace(":loadbalancer/", ":listener/")}/0000000000000443`,
  ),
  load_balancer_origin_host: output("string", "Name CloudFront connects to on the internal load balancer: origin.<domain> (HTTPS), else its DNS name (empty when no frontend route reaches it)", (c) =>
    !frontsLoadBalancer(c.frontend) ? "" : c.domain ? originHost(c.domain) : lbDns(c),
  ),
  public_url_parameter: output("string", "SSM parameter services read the public URL from at start; the frontend phase writes it (empty when the URL is known at synthesis or nobody reads it)", (c) =>
    publishedUrlReaders(c).length > 0 ? c.names.publicUrlParameter : "",
  ),
  public_url_generation: output("string", "Changes whenever the public URL's parameter is created again or updated (which writes the placeholder): the frontend phase then publishes the URL again (empty without the parameter)", (c) =>
    publishedUrlReaders(c).length > 0 ? "00000000-0000-0000-0000-00000000000g" : "",
  ),
  service_urls: mapOutput("URL per web service: behind the load balancer, or App Runner's", select.allWebServices, (c, s) =>
    select.appRunnerServices(c).includes(s) ? appRunnerMockUrl(c, s) : webServiceUrl(c, s, lbDns(c)),
  ),
  apprunner_service_arns: mapOutput("App Runner service ARN per App Runner service", select.appRunnerServices, (c, s) =>
    `arn:${c.partition}:apprunner:${c.region}:${c.accountId}:service/${c.names.appRunnerService(s)}/0123456789abcdef0123456789abcdef`,
  ),
  apprunner_service_ids: mapOutput("App Runner service id per App Runner service (its metrics' ServiceID)", select.appRunnerServices, () => "0123456789abcdef0123456789abcdef"),
  apprunner_dns_records: openMapOutput("CNAME records App Runner custom domains need, name -> value (each host's DNS target and its certificate validation records); the frontend phase creates them", (c) =>
    !c.domain
      ? {}
      : Object.fromEntries(
          c.services.flatMap((s) =>
            s.kind === "web" && s.appRunner?.ingress === "public"
              ? s.hosts.flatMap((h) => [
                  [h, appRunnerMockHost(c, s.name)],
                  [`_0123456789abcdef.${h}`, "_0123456789abcdef.mock.acm-validations.aws."],
                ])
              : [],
          ),
        ),
  ),
  batch_job_queue_arns: mapOutput("AWS Batch job queue ARN per job", select.jobs, (c, s) => batchArn(c, `job-queue/${c.names.batchJobQueue(s)}`)),
  batch_job_definition_arns: mapOutput("AWS Batch job definition ARN (with revision) per job", select.jobs, (c, s) => batchArn(c, `job-definition/${c.names.batchJobDefinition(s)}:1`)),
  batch_job_failure_rules: mapOutput("EventBridge rule matching each job's FAILED jobs (to route to alerts)", select.jobs, (c, s) => c.names.batchJobFailureRule(s)),
  service_discovery_namespace: output("string", "Private DNS namespace where internal services are found as <service>.<namespace> (empty without internal services)", (c) =>
    c.services.some((s) => s.kind === "internal") ? c.names.serviceDiscoveryNamespace : "",
  ),
  task_subnet_ids: output("list", "Private subnets tasks run in (for aws ecs run-task)", (c) => createdOr(c, () => subnetMocks(c, 1), (n) => [...n.privateSubnetIds])),
  task_security_group_ids: mapOutput("Security groups per run-on-demand task, comma-separated (for aws ecs run-task)", select.tasks, (c, s) => `${mockId("sg", 1)},${mockId("sg", 16 + select.services(c).indexOf(s))}`),
  run_task_commands: mapOutput("The aws ecs run-task command that starts each run-on-demand task", select.tasks, (c, s) =>
    runTaskCommand({ cluster: c.names.ecsCluster, family: `${c.names.prefix}-${s}`, subnets: subnetMocksOrIds(c).join(","), securityGroups: `${mockId("sg", 1)},${mockId("sg", 16 + select.services(c).indexOf(s))}`, region: c.region }),
  ),
});

const subnetMocksOrIds = (c: ResolvedConfig) => createdOr(c, () => subnetMocks(c, 1), (n) => [...n.privateSubnetIds]);

const MOCK_DISTRIBUTION_DOMAIN = "d111111abcdef8.cloudfront.net";
const mockPublicUrls = (c: ResolvedConfig) => (c.frontend.hosts.length > 0 ? c.frontend.hosts.map((h) => `https://${h}`) : [`https://${MOCK_DISTRIBUTION_DOMAIN}`]);

export const FrontendContract = defineContract("frontend", 2, {
  public_url: output("string", "The app's public URL: the first custom host, else the distribution's own", (c) => mockPublicUrls(c)[0]),
  public_urls: output("list", "Every public URL (one per custom host, else the distribution's)", mockPublicUrls),
  distribution_id: output("string", "CloudFront distribution id (for cache invalidations)", () => "E2MOCKDISTRIBUTION"),
  distribution_arn: output("string", "CloudFront distribution ARN", (c) => `arn:${c.partition}:cloudfront::${c.accountId}:distribution/E2MOCKDISTRIBUTION`),
  distribution_domain_name: output("string", "CloudFront's own name for the distribution (the target of alias records)", () => MOCK_DISTRIBUTION_DOMAIN),
  site_bucket_name: output("string", "Bucket that holds the static site (empty with type: service)", (c) => (c.frontend.type === "static" ? c.names.bucket("frontend") : "")),
  web_acl_arn: output("string", "The distribution's AWS WAF web ACL (empty without WAF)", (c) =>
    c.waf.enabled ? `arn:${c.partition}:wafv2:us-east-1:${c.accountId}:global/webacl/${c.names.prefix}-cdn/00000000-0000-0000-0000-000000000000` : "",
  ),
});
