/**
 * Every AWS name the stacks derive from the configuration, in one place, with the
 * limit AWS enforces for it. `rules.ts` checks each derived name at validation
 * time so a too-long name is a config error, not a failed deploy.
 */

/** Maximum lengths AWS accepts, by kind of name. */
export const NAME_LIMITS = {
  s3Bucket: 63,
  ecrRepository: 256,
  loadBalancer: 32,
  targetGroup: 32,
  iamRole: 64,
  ecsCluster: 255,
  logGroup: 512,
  appRunnerService: 40,
  appRunnerConfiguration: 32,
  batch: 128,
  eventRule: 64,
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

/** A derived name and the limit it must respect. */
export interface DerivedName {
  readonly kind: NameKind;
  readonly value: string;
}

/**
 * Words the platform's own constructs start with, in any stack (`vpc`, `database`,
 * cdktf's `backend`, the upstream reads `foundation` and `images`, …). A service's
 * name is the construct id of its resources and the first word of their Terraform
 * addresses, so it may not be one of these. A test builds every stack and checks
 * that this list covers every platform construct.
 */
export const RESERVED_SERVICE_NAMES = [
  "apprunner", "aws", "backend", "batch", "cache", "certificate", "cluster", "database", "domain", "endpoints", "file", "foundation", "github", "keys",
  "alerts", "cdn", "dashboard", "deployment", "firewall", "images", "load", "lock", "logs", "plan", "public", "publish", "service", "services", "site", "state", "vpc",
] as const;

/** Bucket keys the platform uses itself; users may not declare them in `buckets`. */
export const RESERVED_BUCKET_KEYS = ["frontend", "logs", "tfstate"] as const;

export class Names {
  constructor(
    readonly project: string,
    readonly environment: string,
    readonly accountId: string,
  ) {}

  /** `<project>-<environment>`, the prefix of most names. */
  get prefix(): string {
    return `${this.project}-${this.environment}`;
  }

  /** Globally unique bucket name: `<project>-<environment>-<key>-<account>`. */
  bucket(key: string): string {
    return `${this.prefix}-${key}-${this.accountId}`;
  }

  /** ECR repository per service image: `<project>/<environment>/<service>`. */
  ecrRepository(service: string): string {
    return `${this.project}/${this.environment}/${service}`;
  }

  get ecsCluster(): string {
    return this.prefix;
  }

  /** SSM parameter holding the public URL when only the frontend phase knows it: `/<project>/<environment>/public-url`. */
  get publicUrlParameter(): string {
    return `/${this.project}/${this.environment}/public-url`;
  }

  /** Its ARN (parameter names that start with `/` join the ARN without another slash). */
  publicUrlParameterArn(partition: string, region: string): string {
    return `arn:${partition}:ssm:${region}:${this.accountId}:parameter${this.publicUrlParameter}`;
  }

  /** The environment's alert topic (foundation), also its key's alias. */
  get alertTopic(): string {
    return `${this.prefix}-alerts`;
  }

  /** The environment's application load balancer (services phase). */
  get loadBalancer(): string {
    return this.prefix;
  }

  /**
   * The port is part of the name: a port change replaces the target group, and
   * the new one must exist (under another name) before the old one goes.
   */
  targetGroup(service: string, port: number): string {
    return `${this.prefix}-${service}-${port}`;
  }

  /** Shared JSON secret read by several services. */
  sharedSecret(name: string): string {
    return `${this.project}/${this.environment}/shared/${name}`;
  }

  /** Private DNS namespace (Cloud Map) in which internal services are found: `<service>.<namespace>`. */
  get serviceDiscoveryNamespace(): string {
    return `${this.environment}.${this.project}.internal`;
  }

  /** Per service, so each service's execution role reads only its own secret. */
  taskExecutionRole(service: string): string {
    return `${this.prefix}-${service}-exec`;
  }

  /** Secrets Manager name of a service's JSON secret. */
  secret(service: string): string {
    return `${this.project}/${this.environment}/${service}`;
  }

  taskRole(service: string): string {
    return `${this.prefix}-${service}-task`;
  }

  get deployRole(): string {
    return `${this.prefix}-github-deploy`;
  }

  /** The read-only role GitHub Actions plans and checks drift with. */
  get planRole(): string {
    return `${this.prefix}-github-plan`;
  }

  /** An App Runner service, and its VPC connector and private ingress connection (4–40 characters). */
  appRunnerService(service: string): string {
    return `${this.prefix}-${service}`;
  }

  /** An App Runner service's auto scaling and observability configurations (4–32 characters). */
  appRunnerConfiguration(service: string): string {
    return `${this.prefix}-${service}`;
  }

  /**
   * A job's compute environments are named with this prefix plus a unique
   * suffix, so a replacement is created before the old one goes. The capacity
   * type is part of it: AWS refuses to change a Fargate environment's type in
   * place, so Fargate ↔ Fargate Spot must be a new environment.
   */
  batchComputeEnvironmentPrefix(job: string, spot: boolean): string {
    return `${this.prefix}-${job}-${spot ? "spot" : "fargate"}-`;
  }

  batchJobQueue(job: string): string {
    return `${this.prefix}-${job}`;
  }

  batchJobDefinition(job: string): string {
    return `${this.prefix}-${job}`;
  }

  /** EventBridge rule matching a job's FAILED jobs. */
  batchJobFailureRule(job: string): string {
    return `${this.batchJobQueue(job)}-failed`;
  }

  /** Log group of an ECS workload, or of a Batch job (`/aws/batch/...`, where Batch operators look). */
  logGroup(service: string, compute: "ecs" | "batch" = "ecs"): string {
    return compute === "batch" ? `/aws/batch/${this.prefix}/${service}` : `/ecs/${this.prefix}/${service}`;
  }

  /** Every log group of the environment, as patterns (the logs key serves these only). */
  get logGroupPatterns(): string[] {
    // The firewalls' groups by their exact names: `aws-waf-logs-<prefix>-*` would match a longer prefix's too.
    return [
      `/ecs/${this.prefix}/*`,
      `/aws/batch/${this.prefix}/*`,
      `/vpc/${this.prefix}/*`,
      // Groups AWS would create itself, which the platform creates first (retention, key).
      `${rdsLogGroupPrefix(databaseIdentifier(this.prefix))}/*`,
      `${containerInsightsLogGroupPrefix(this.ecsCluster)}/*`,
      this.firewallLogGroup("alb"),
      this.firewallLogGroup("cdn"),
    ];
  }

  /** The log group of the load balancer's (`alb`) or the CDN's (`cdn`, in us-east-1) web ACL: WAF requires the `aws-waf-logs-` prefix. */
  firewallLogGroup(firewall: "alb" | "cdn"): string {
    return `aws-waf-logs-${this.prefix}-${firewall}`;
  }

  /** Names that depend only on project and environment, with their kinds. */
  environmentNames(): DerivedName[] {
    return [
      { kind: "ecsCluster", value: this.ecsCluster },
      { kind: "loadBalancer", value: this.loadBalancer },
      { kind: "s3Bucket", value: this.bucket("frontend") },
      { kind: "s3Bucket", value: this.bucket("logs") },
      { kind: "s3Bucket", value: this.bucket("tfstate-logs") },
    ];
  }

  /**
   * Names derived from one service, by where it runs: ECS web services (given
   * their port) get a target group, App Runner services their service and
   * configuration names, jobs their compute environment, queue and definition.
   */
  serviceNames(service: string, where: { readonly compute?: "ecs" | "apprunner" | "batch"; readonly webPort?: number } = {}): DerivedName[] {
    const names: DerivedName[] = [
      { kind: "ecrRepository", value: this.ecrRepository(service) },
      { kind: "iamRole", value: this.taskRole(service) },
      { kind: "iamRole", value: this.taskExecutionRole(service) },
    ];
    if (where.compute === "apprunner") {
      names.push({ kind: "appRunnerService", value: this.appRunnerService(service) }, { kind: "appRunnerConfiguration", value: this.appRunnerConfiguration(service) });
    } else if (where.compute === "batch") {
      names.push(
        { kind: "logGroup", value: this.logGroup(service, "batch") },
        // The provider appends a 26-character unique suffix to the prefix.
        { kind: "batch", value: `${this.batchComputeEnvironmentPrefix(service, false)}${"0".repeat(26)}` },
        { kind: "batch", value: this.batchJobQueue(service) },
        { kind: "eventRule", value: this.batchJobFailureRule(service) },
      );
    } else {
      names.push({ kind: "logGroup", value: this.logGroup(service) });
      if (where.webPort !== undefined) names.push({ kind: "targetGroup", value: this.targetGroup(service, where.webPort) });
    }
    return names;
  }
}

/** The ARN of an AWS Batch resource (`job-queue/<name>`, `job-definition/<name>:*`, `job/*`), known from its name. */
export function batchArn(c: { readonly partition: string; readonly region: string; readonly accountId: string }, resource: string): string {
  return `arn:${c.partition}:batch:${c.region}:${c.accountId}:${resource}`;
}

/** `/app/.next/cache` → `scratch-app-next-cache`: the task volume of a writable path. */
export function scratchVolumeName(path: string): string {
  return `scratch${path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "")}`;
}

/** Human-readable label for error messages. */
export const NAME_KIND_LABELS: Record<NameKind, string> = {
  s3Bucket: "S3 bucket name",
  ecrRepository: "ECR repository name",
  loadBalancer: "load balancer name",
  targetGroup: "target group name",
  iamRole: "IAM role name",
  ecsCluster: "ECS cluster name",
  logGroup: "log group name",
  appRunnerService: "App Runner service name",
  appRunnerConfiguration: "App Runner configuration name",
  batch: "AWS Batch name",
  eventRule: "EventBridge rule name",
};

/** The database instance's identifier (PostgresDatabase). */
export function databaseIdentifier(prefix: string): string {
  return `${prefix}-db`;
}

/** Where RDS exports an instance's logs: `<prefix>/<log type>` (postgresql, upgrade). */
export function rdsLogGroupPrefix(instanceIdentifier: string): string {
  return `/aws/rds/instance/${instanceIdentifier}`;
}

/** Where Container Insights writes a cluster's performance events: `<prefix>/performance`. */
export function containerInsightsLogGroupPrefix(cluster: string): string {
  return `/aws/ecs/containerinsights/${cluster}`;
}
