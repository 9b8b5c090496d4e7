/**
 * The one configuration schema. Every environment file in `config/environments/`
 * is validated against it; types are derived from it (`z.input` for what a user
 * writes, `z.output` for what the code receives). Cross-field rules that need the
 * whole document (name lengths, references between sections) live in `rules.ts`.
 */
import { z } from "zod";
import { DEFAULT_MASTER_USERNAMES } from "../policy/rules/rds/custom-master-username";
import { dnsLabel, envVarName, ServiceSchema } from "./service-schema";
import { FrontendSchema, WafSchema } from "./frontend-schema";
import { AlertsSchema } from "./alerts-schema";
import { EncryptionSchema } from "./encryption-schema";
import { AlarmsSchema } from "./alarms";

/** Stages drive the secure, cost-aware defaults in `defaults.ts`. */
export const STAGES = ["dev", "staging", "prod"] as const;
export type Stage = (typeof STAGES)[number];

export {
  FARGATE_SIZES, dnsLabel, IMAGE_TAG, PLATFORMS, ImageBuildSchema, ImageSchema, BucketAccessSchema, ServiceSchema, SERVICE_KINDS, REFERENCE,
  type ServiceKind,
} from "./service-schema";
export { FrontendSchema, WafSchema } from "./frontend-schema";

export const BucketSchema = z
  .object({
    versioned: z.boolean().default(true).describe("Keep object versions so data cannot be lost by overwrite or delete. @default true"),
    noncurrentVersionExpirationDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(90)
      .describe("Days before a superseded object version is deleted. @default 90"),
  })
  .strict();

const bucketName = z
  .string()
  .min(3, "S3 bucket names are 3 to 63 characters")
  .max(63, "S3 bucket names are 3 to 63 characters")
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "S3 bucket names use lowercase letters, digits, '.' and '-', and start and end with a letter or digit")
  .refine((v) => !v.includes(".."), "S3 bucket names may not contain '..'")
  .refine((v) => !/^\d+\.\d+\.\d+\.\d+$/.test(v), "S3 bucket names may not look like an IP address");

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .refine((u) => !/[$%]\{/.test(u), "must not contain ${ or %{ (backend settings are never templates)");

export const LOCKING_MODES = ["dynamodb", "lockfile", "both"] as const;

export const StateBackendSchema = z
  .object({
    bucket: bucketName.describe("S3 bucket that holds every stack's state (created by the bootstrap stack)"),
    lockTable: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]{3,255}$/, "DynamoDB table names are 3 to 255 letters, digits, '_', '.' or '-'")
      .describe("DynamoDB lock table (partition key LockID); used when locking is dynamodb or both"),
    keyPrefix: z
      .string()
      .regex(/^[a-zA-Z0-9_.-]+(?:\/[a-zA-Z0-9_.-]+)*$/, "must be path segments of letters, digits, '_', '.' or '-' separated by single '/', without leading or trailing '/'")
      .optional()
      .describe("State keys are <keyPrefix>/<environment>/<stack>.tfstate. @default - the project name"),
    locking: z
      .enum(LOCKING_MODES)
      .default("both")
      .describe("dynamodb: lock table only (deprecated by Terraform 1.11); lockfile: S3 conditional writes (use_lockfile); both: during migration. @default both"),
    kmsKeyArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, "must be a KMS key or alias ARN")
      .optional()
      .describe("Customer managed KMS key (or alias) for the state bucket, its objects and the lock table; required with encryption.keys: bring. @default - with platform keys (prod's default) the key bootstrap creates, alias/tfstate/<bucket>; otherwise SSE-S3 and DynamoDB's own key"),
    endpoints: z
      .object({ s3: httpUrl.optional(), dynamodb: httpUrl.optional(), sts: httpUrl.optional(), iam: httpUrl.optional() })
      .strict()
      .optional()
      .describe("Endpoint overrides for S3-compatible or emulated backends. @default - AWS endpoints"),
    manage: z
      .boolean()
      .default(true)
      .describe("This environment's bootstrap stack creates and owns the state bucket and lock table. Set false in every other environment of the same account that shares them. @default true"),
    usePathStyle: z.boolean().default(false).describe("Path-style S3 URLs (needed by most emulators). @default false"),
    skipCredentialsValidation: z
      .boolean()
      .default(false)
      .describe("Skip the STS credential check (emulators only; requires endpoints). @default false"),
    bootstrapState: z
      .enum(["local", "s3"])
      .default("local")
      .describe("Where the bootstrap stack keeps its own state: local file under state/, or in the bucket after migration. @default local"),
  })
  .strict();

const cidrBlock = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, "must be an IPv4 CIDR block such as 10.0.0.0/16");
const subnetId = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id such as subnet-0123456789abcdef0");

/** Interface endpoint services this platform knows how to use (seed 003's set and friends). */
export const INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "secretsmanager", "sts", "kms", "ssm", "ssmmessages", "monitoring", "bedrock-runtime", "elasticfilesystem", "rds"] as const;

const endpointsSchema = z
  .object({
    gateway: z.array(z.enum(["s3", "dynamodb"])).default(["s3"]).describe("Gateway endpoints (free): s3, dynamodb. @default [s3]"),
    interface: z
      .array(z.enum(INTERFACE_ENDPOINTS))
      .default([])
      .describe("Interface endpoints in the private subnets, e.g. ecr.api, ecr.dkr, logs, secretsmanager, sts. @default []"),
  })
  .strict();

const flowLogsSchema = z
  .enum(["cloudwatch", "s3", "none"])
  .optional()
  .describe("VPC flow log destination. @default - none in dev, cloudwatch otherwise");

export const NetworkSchema = z.discriminatedUnion("mode", [
  z
    .object({
      mode: z.literal("create").describe("Create a VPC with public, private and isolated database subnets in every configured AZ"),
      cidr: cidrBlock.default("10.0.0.0/16").describe("VPC CIDR, /16 to /24. @default 10.0.0.0/16"),
      natGateways: z
        .enum(["none", "single", "per-az"])
        .optional()
        .describe("NAT for the private subnets: none (use VPC endpoints), single (cheap), per-az (HA). @default - single, per-az in prod"),
      subnets: z
        .object({ public: z.array(cidrBlock), private: z.array(cidrBlock), database: z.array(cidrBlock) })
        .partial()
        .strict()
        .optional()
        .describe("Explicit subnet CIDRs per tier, one per AZ. @default - derived from the VPC CIDR: /+4 blocks, public 0–3, private 4–7, database 8–11"),
      endpoints: endpointsSchema.default({ gateway: ["s3"], interface: [] }),
      flowLogs: flowLogsSchema,
    })
    .strict(),
  z
    .object({
      mode: z.literal("existing").describe("Use an existing VPC (seed 000 uses the default VPC)"),
      vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id such as vpc-0123456789abcdef0"),
      vpcCidr: cidrBlock.describe("The VPC's CIDR, for security group rules (given, so no plan looks it up)"),
      publicSubnetIds: z.array(subnetId).default([]).describe("Subnets for internet-facing load balancers"),
      privateSubnetIds: z.array(subnetId).min(1, "list at least one private subnet").describe("Subnets for tasks, endpoints, caches and file systems"),
      databaseSubnetIds: z.array(subnetId).optional().describe("@default - the private subnets"),
      routeTableIds: z.array(z.string().regex(/^rtb-[0-9a-f]{8,17}$/, "must be a route table id")).default([]).describe("Route tables that get the gateway endpoints"),
      endpoints: endpointsSchema.default({ gateway: ["s3"], interface: [] }),
      flowLogs: flowLogsSchema,
    })
    .strict(),
]);

const serviceList = z.array(dnsLabel("service name", 20)).default([]);

export const DatabaseSchema = z
  .object({
    engineVersion: z
      .string()
      .regex(/^\d+(\.\d+)?$/, "must be a PostgreSQL major version such as 16, or a full version such as 16.4")
      .default("16")
      .describe("A major version (RDS applies minor upgrades in the maintenance window, and plans never try to downgrade), or a full version to pin it (automatic minor upgrades off). @default 16"),
    allowMajorVersionUpgrade: z
      .boolean()
      .default(false)
      .describe("Allow a change of engineVersion to a new major version to upgrade the instance in place. @default false"),
    instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.t4g.micro").default("db.t4g.micro").describe("@default db.t4g.micro"),
    allocatedStorageGb: z.number().int().min(20).max(65536).default(20).describe("@default 20"),
    maxAllocatedStorageGb: z.number().int().min(20).max(65536).default(100).describe("Storage autoscaling limit. @default 100"),
    databaseName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, "must be a PostgreSQL identifier").default("app").describe("@default app"),
    username: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,15}$/, "must be 1-16 letters, digits or _ starting with a letter")
      .refine((u) => !(DEFAULT_MASTER_USERNAMES as readonly string[]).includes(u.toLowerCase()), `is a default administrator name (policy RDS-19, Security Hub RDS.25); not one of ${DEFAULT_MASTER_USERNAMES.join(", ")}`)
      .default("app_admin")
      .describe("Master user; its password is generated and kept by RDS in Secrets Manager. @default app_admin"),
    multiAz: z.boolean().optional().describe("@default - true in prod"),
    backupRetentionDays: z.number().int().min(0).max(35).optional().describe("@default - 1 in dev, 7 in staging, 14 in prod"),
    backupWindow: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, "must be hh:mm-hh:mm (UTC)").default("03:00-04:00").describe("@default 03:00-04:00 UTC"),
    maintenanceWindow: z
      .string()
      .regex(/^(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}-(mon|tue|wed|thu|fri|sat|sun):\d{2}:\d{2}$/, "must be ddd:hh:mm-ddd:hh:mm (UTC)")
      .default("sun:04:30-sun:05:30")
      .describe("@default sun:04:30-sun:05:30 UTC"),
    deletionProtection: z.boolean().optional().describe("@default - the stage's deletion protection"),
    performanceInsights: z.boolean().default(true).describe("@default true"),
    iamAuthentication: z.boolean().default(false).describe("Allow IAM database authentication (rds-db:connect for clients). @default false"),
    proxy: z.boolean().default(false).describe("Put an RDS Proxy (TLS required) in front (seed 000). @default false"),
    clients: serviceList.describe("Services that connect: they get the connection settings and credentials injected"),
  })
  .strict();

export const CacheSchema = z
  .object({
    engineVersion: z.string().regex(/^\d+\.\d+$/, "must be a Redis version such as 7.1").default("7.1").describe("@default 7.1"),
    nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be a node type such as cache.t4g.micro").default("cache.t4g.micro").describe("@default cache.t4g.micro"),
    replicas: z.number().int().min(0).max(5).optional().describe("Read replicas (failover targets). @default - 1 in prod, else 0"),
    clients: serviceList.describe("Services that connect with IAM authentication (elasticache:Connect)"),
  })
  .strict();

export const FileSystemSchema = z
  .object({
    accessPoints: z
      .record(
        dnsLabel("access point name", 20),
        z
          .object({
            path: z.string().regex(/^\/[A-Za-z0-9_./-]*$/, "must be an absolute path such as /sqlite"),
            mountPath: z.string().regex(/^\/[A-Za-z0-9_./-]+$/, "must be an absolute path such as /data/sqlite").optional().describe("Where client containers see it. @default /data/<name>"),
            uid: z.number().int().min(1, "must not be 0 (root): the access point's POSIX user is there so clients never act as root (policy EFS-02)").max(4294967295).default(1000),
            gid: z.number().int().min(1, "must not be 0 (root): the access point's POSIX user is there so clients never act as root (policy EFS-02)").max(4294967295).default(1000),
          })
          .strict(),
      )
      .refine((m) => Object.keys(m).length > 0, "declare at least one access point")
      .describe("Access points by name (seed 001: sqlite, qdrant), each with its root directory and POSIX owner"),
    throughputMode: z.enum(["elastic", "bursting"]).default("elastic").describe("@default elastic"),
    clients: z
      .record(dnsLabel("service name", 20), z.array(dnsLabel("access point name", 20)))
      .default({})
      .describe("Which access points each service may mount (read-write)"),
  })
  .strict();

export const GithubSchema = z
  .object({
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "must be owner/repository"),
    branch: z.string().regex(/^[A-Za-z0-9_./-]+$/, "must be a branch name without wildcards").optional().describe("Branch whose workflows may deploy"),
    environment: z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be a GitHub environment name without wildcards").optional().describe("GitHub environment whose jobs may deploy"),
    createProvider: z.boolean().default(true).describe("Create the account's GitHub OIDC provider (once per account). @default true"),
    defaultBranch: z
      .string()
      .regex(/^[A-Za-z0-9_./-]+$/, "must be a branch name without wildcards")
      .default("main")
      .describe("The repository's default branch: pull requests into it are planned, and its scheduled drift checks may assume the plan role. @default main"),
    driftSchedule: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, "must be a cron expression of five fields, such as 0 6 * * 1-5")
      .default("0 6 * * 1-5")
      .describe("When GitHub Actions checks this environment for drift (cron, UTC). @default 0 6 * * 1-5 (weekdays 06:00 UTC)"),
  })
  .strict()
  .refine((g) => (g.branch === undefined) !== (g.environment === undefined), { message: "set exactly one of branch or environment" });

export const DomainSchema = z
  .object({
    name: z
      .string()
      .max(253)
      .regex(/^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase domain name such as example.com")
      .describe("The hosted zone's domain; every web service host must be inside it"),
    zoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,31}$/, "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ")
      .describe("The hosted zone's id. Given (not looked up) so no plan calls AWS"),
  })
  .strict();

export const LoadBalancerSchema = z
  .object({
    internal: z
      .boolean()
      .optional()
      .describe("Internal scheme in the private subnets. @default - true when the frontend routes paths to the load balancer (CloudFront reaches it through a VPC origin), else false"),
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60).describe("Seconds an idle connection stays open; raise it for Server-Sent Events (seed 000). @default 60"),
  })
  .strict();

export const PolicySuppressionSchema = z
  .object({
    rule: z.string().regex(/^[A-Z0-9]+-\d{2}$/, "must be a policy rule id such as S3-06 (see the README's rule table)"),
    stack: z.enum(["bootstrap", "foundation", "images", "services", "frontend"]),
    address: z
      .string()
      .regex(/^(data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*$|^terraform\.backend\.s3$/, "must be a Terraform address such as aws_s3_bucket.artifacts_bucket"),
    reason: z.string().trim().min(10, "say why the rule does not apply here, in at least 10 characters"),
  })
  .strict();

const tagKey = z
  .string()
  .min(1)
  .max(128, "tag keys are at most 128 characters")
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, "tag keys use letters, digits, spaces and _ . : / = + - @")
  .refine((k) => !k.toLowerCase().startsWith("aws:"), "tag keys may not start with 'aws:' (reserved by AWS)");

export const ProjectConfigSchema = z
  .object({
    $schema: z.string().optional().describe("Path to the generated JSON Schema, for editors"),
    project: dnsLabel("project", 16).describe("Short project name; prefix of every AWS name"),
    stage: z.enum(STAGES).describe("Stage that selects defaults: dev is cheap and disposable, prod is protected and highly available"),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, "must be an AWS region code such as us-east-1 or eu-west-2")
      .describe("AWS region of every stack"),
    accountId: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit AWS account id (quote it in YAML so leading zeros survive)")
      .describe("AWS account id; the provider refuses any other account (allowed_account_ids)"),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]$/, "must be an availability zone name such as us-east-1a"))
      .min(1, "list at least one availability zone")
      .describe("Availability zones to use, explicitly, so no plan has to look them up"),
    tags: z
      .record(tagKey, z.string().max(256, "tag values are at most 256 characters"))
      .default({})
      .describe("Tags added to every resource (default_tags) next to project, environment, stack and managed-by"),
    stateBackend: StateBackendSchema,
    network: NetworkSchema.default({ mode: "create", cidr: "10.0.0.0/16", endpoints: { gateway: ["s3"], interface: [] } }).describe(
      "The VPC: created, or an existing one by id",
    ),
    database: DatabaseSchema.optional().describe("RDS PostgreSQL (and optional RDS Proxy). @default - none"),
    cache: CacheSchema.optional().describe("ElastiCache Redis with TLS, encryption at rest and IAM authentication. @default - none"),
    fileSystem: FileSystemSchema.optional().describe("Encrypted EFS with access points (seed 001). @default - none"),
    github: GithubSchema.optional().describe("GitHub Actions through OIDC (seed 002): a deploy role for the branch or environment, a read-only plan role for pull requests and drift checks, and the workflows `npm run platform -- workflows` writes. @default - none"),
    buckets: z
      .record(dnsLabel("bucket key", 20), BucketSchema)
      .default({ artifacts: { versioned: true, noncurrentVersionExpirationDays: 90 } })
      .describe("Application buckets created by the foundation stack, by short name. @default { artifacts: {} }"),
    sharedSecrets: z
      .record(
        dnsLabel("shared secret name", 20),
        z.object({ keys: z.array(envVarName).min(1, "list the keys the secret holds") }).strict(),
      )
      .default({})
      .describe("JSON secrets several services read (seed 003), by name; each service lists the keys it reads in its sharedSecrets. @default {}"),
    domain: DomainSchema.optional().describe("A Route53 hosted zone for the environment's host names: HTTPS with an ACM certificate and alias records. @default - HTTP on the load balancer's own name"),
    loadBalancer: LoadBalancerSchema.prefault({}).describe("The application load balancer shared by the web services"),
    services: z.array(ServiceSchema).min(1, "declare at least one service").describe("Workloads by kind (web, worker, internal, task); each gets an ECR repository, roles, a log group and a task definition"),
    frontend: FrontendSchema.prefault({}).describe("The edge: CloudFront in front of a static site and/or web services, custom domain, security headers"),
    alerts: AlertsSchema.prefault({}).describe("Where alarms and failure events go: an encrypted SNS topic and its subscribers"),
    alarms: AlarmsSchema,
    encryption: EncryptionSchema.prefault({}).describe("Which KMS keys encrypt the environment's data (see the README's Encryption keys)"),
    waf: WafSchema.prefault({}).describe("AWS WAF: managed rule groups (common, known bad inputs incl. Log4j, IP reputation) and a rate limit, with logs"),
    policy: z
      .object({
        suppressions: z.array(PolicySuppressionSchema).default([]).describe("Policy findings accepted for this environment, each with a written reason; shown in every report"),
      })
      .strict()
      .default({ suppressions: [] }),
    deletionProtection: z
      .boolean()
      .optional()
      .describe("Protect the database, the load balancer, the lock table and the customer managed keys from deletion; turn it off and deploy before destroying a protected environment (npm run platform -- destroy). @default - false in dev, true in staging and prod"),
    logRetentionDays: z
      .union([z.literal(1), z.literal(3), z.literal(5), z.literal(7), z.literal(14), z.literal(30), z.literal(60), z.literal(90), z.literal(120), z.literal(150), z.literal(180), z.literal(365), z.literal(400), z.literal(545), z.literal(731), z.literal(1096), z.literal(1827), z.literal(2192), z.literal(2557), z.literal(2922), z.literal(3288), z.literal(3653)])
      .optional()
      .describe("CloudWatch log retention in days (a value CloudWatch accepts). @default - 30 in dev, 90 in staging, 365 in prod"),
  })
  .strict();

export type ProjectConfigInput = z.input<typeof ProjectConfigSchema>;
export type ProjectConfig = z.output<typeof ProjectConfigSchema>;
export type ServiceConfig = z.output<typeof ServiceSchema>;
export type DomainConfig = z.output<typeof DomainSchema>;
export type FrontendConfig = z.output<typeof FrontendSchema>;
export type WafConfig = z.output<typeof WafSchema>;
export type LoadBalancerConfig = z.output<typeof LoadBalancerSchema>;
export type BucketConfig = z.output<typeof BucketSchema>;
export type LockingMode = (typeof LOCKING_MODES)[number];
export type NetworkConfig = z.output<typeof NetworkSchema>;
export type DatabaseConfig = z.output<typeof DatabaseSchema>;
export type CacheConfig = z.output<typeof CacheSchema>;
export type FileSystemConfig = z.output<typeof FileSystemSchema>;
export type GithubConfig = z.output<typeof GithubSchema>;
