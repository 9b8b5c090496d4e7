/**
 * What each phase hands to the next. Later stacks may use these outputs and
 * nothing else of an upstream stack.
 */
import type { ResolvedConfig } from "../config/defaults";
import { defineContract, mapOutput, output } from "./contract";

/**
 * Which keys each map output has: the stacks publish exactly these (checked at
 * synth) and the mock values are built from them.
 */
export const select = {
  services: (c: ResolvedConfig) => c.services.map((s) => s.name),
  ecsServices: (c: ResolvedConfig) => c.services.filter((s) => s.compute === "ecs").map((s) => s.name),
  servicesWithSecrets: (c: ResolvedConfig) => c.services.filter((s) => s.secrets.length > 0).map((s) => s.name),
  buckets: (c: ResolvedConfig) => c.buckets.map((b) => b.key),
  accessPoints: (c: ResolvedConfig) => Object.keys(c.fileSystem?.accessPoints ?? {}),
} as const;

const bucketName = (c: ResolvedConfig, key: string) => c.names.bucket(key);
const registry = (c: ResolvedConfig) => `${c.accountId}.dkr.ecr.${c.region}.amazonaws.com`;

/** Ids the mock contract uses for resources a created VPC only gets at apply. */
const mockId = (kind: string, n: number) => `${kind}-${n.toString(16).padStart(17, "0")}`;
const createdOr = <T>(c: ResolvedConfig, created: () => T, existing: (n: Extract<ResolvedConfig["network"], { mode: "existing" }>) => T): T =>
  c.network.mode === "create" ? created() : existing(c.network);
const subnetMocks = (c: ResolvedConfig, tier: number) => c.availabilityZones.map((_, i) => mockId("subnet", tier * 16 + i + 1));

export const FoundationContract = defineContract("foundation", 1, {
  vpc_id: output("string", "VPC id", (c) => createdOr(c, () => mockId("vpc", 1), (n) => n.vpcId)),
  vpc_cidr: output("string", "VPC CIDR block", (c) => createdOr(c, () => (c.network as { cidr: string }).cidr, (n) => n.vpcCidr)),
  public_subnet_ids: output("list", "Public subnets (internet-facing load balancers), one per AZ", (c) => createdOr(c, () => subnetMocks(c, 0), (n) => [...n.publicSubnetIds])),
  private_subnet_ids: output("list", "Private subnets (tasks, endpoints), one per AZ", (c) => createdOr(c, () => subnetMocks(c, 1), (n) => [...n.privateSubnetIds])),
  database_subnet_ids: output("list", "Isolated database subnets, one per AZ", (c) => createdOr(c, () => subnetMocks(c, 2), (n) => [...n.databaseSubnetIds])),
  app_security_group_id: output("string", "Security group of the application tasks", () => mockId("sg", 1)),
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
  cache_endpoint: output("string", "Redis primary endpoint, TLS only (empty without a cache)", (c) => (c.cache ? `master.${c.names.prefix}-redis.mock.use1.cache.amazonaws.com` : "")),
  cache_port: output("string", "Redis port (empty without a cache)", (c) => (c.cache ? "6379" : "")),
  cache_username: output("string", "Redis user for IAM authentication (empty without a cache)", (c) => (c.cache ? `${c.names.prefix}-app` : "")),
  file_system_id: output("string", "EFS file system id (empty without a file system)", (c) => (c.fileSystem ? mockId("fs", 1) : "")),
  apprunner_vpc_connector_arn: output("string", "App Runner VPC connector into the private subnets (empty without App Runner services)", (c) =>
    c.services.some((s) => s.compute === "apprunner") ? `arn:${c.partition}:apprunner:${c.region}:${c.accountId}:vpcconnector/${c.names.appRunnerVpcConnector}/1/mock` : "",
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
  execution_role_arns: mapOutput("Execution role ARN per service (ECS: pulls its image, writes its logs, reads its secret; App Runner: its ECR access role)", select.services, (c, s) =>
    `arn:${c.partition}:iam::${c.accountId}:role/${c.names.taskExecutionRole(s)}`,
  ),
  log_group_names: mapOutput("CloudWatch log group per ECS service (App Runner keeps its own)", select.ecsServices, (c, s) => c.names.logGroup(s)),
  secret_arns: mapOutput("Secrets Manager ARN per service that declares secrets", select.servicesWithSecrets, (c, s) =>
    `arn:${c.partition}:secretsmanager:${c.region}:${c.accountId}:secret:${c.names.secret(s)}-AbCdEf`,
  ),
  bucket_names: mapOutput("Application bucket name per bucket key", select.buckets, bucketName),
  bucket_arns: mapOutput("Application bucket ARN per bucket key", select.buckets, (c, k) => `arn:${c.partition}:s3:::${bucketName(c, k)}`),
});

export const ImagesContract = defineContract("images", 1, {
  image_uris: mapOutput("Full image URI (repository:tag, or repository@digest when pinned) per service; the services phase deploys exactly these", select.services, (c, name) => {
    const s = c.services.find((x) => x.name === name)!;
    return `${registry(c)}/${s.repositoryName}:${s.imageTag}`;
  }),
  image_tags: mapOutput("Image tag per service", select.services, (c, name) => c.services.find((s) => s.name === name)!.imageTag),
});

export const ServicesContract = defineContract("services", 1, {
  ecs_cluster_name: output("string", "ECS cluster name", (c) => c.names.ecsCluster),
  ecs_cluster_arn: output("string", "ECS cluster ARN", (c) => `arn:${c.partition}:ecs:${c.region}:${c.accountId}:cluster/${c.names.ecsCluster}`),
  task_definition_arns: mapOutput("Task definition ARN (with revision) per ECS service", select.ecsServices, (c, s) =>
    `arn:${c.partition}:ecs:${c.region}:${c.accountId}:task-definition/${c.names.prefix}-${s}:1`,
  ),
});

export const FrontendContract = defineContract("frontend", 1, {
  site_bucket_name: output("string", "Bucket that holds the static site (upload with `aws s3 sync`)", (c) => c.names.bucket("frontend")),
  distribution_id: output("string", "CloudFront distribution id (for cache invalidations)", () => "E2MOCKDISTRIBUTION"),
  site_url: output("string", "Public URL of the frontend", () => "https://d111111abcdef8.cloudfront.net"),
});
