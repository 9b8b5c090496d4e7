/**
 * Secure, stage-aware defaults, resolved once. Constructs receive explicit values
 * from here and never invent their own; opting out of a protection is a visible
 * change to this table or to an environment file.
 */
import type { BucketConfig, CacheConfig, DatabaseConfig, DomainConfig, FileSystemConfig, GithubConfig, LoadBalancerConfig, LockingMode, ProjectConfig, ServiceConfig, Stage } from "./schema";
import { Names } from "./names";
import type { AlertsConfig } from "./alerts-schema";
import type { AlarmsConfig } from "./alarms";
import { defaultKeyDeletionWindowDays, resolveEncryption, type ResolvedEncryption } from "./encryption";
import { stateKeyArn, stateKeyOf, type StateKey } from "./state-key";
import type { ConfigProblem } from "./errors";
import { resolveNetwork, type ResolvedNetwork } from "./network";
import { terraformLiteral, terraformLiterals } from "./literal";
import { effectiveHosts, isSingleton, listenerPriorities } from "./routing";
import { loadBalancerIsInternal, resolveFrontend, resolveWaf, type ResolvedAssets, type ResolvedFrontend, type ResolvedWaf } from "./frontend";
import { appRunnerEgress, DEFAULT_GRACE_PERIOD_SECONDS, DEFAULT_MATCHER, HEALTH_CHECK } from "./app-runner";

export interface StageDefaults {
  /** RDS, load balancers, lock table: refuse deletion. */
  readonly deletionProtection: boolean;
  /** Buckets may be destroyed with their objects (disposable environments only). */
  readonly forceDestroy: boolean;
  /** ECR tag mutability; immutable tags make deployed images reproducible. */
  readonly imageTagMutability: "MUTABLE" | "IMMUTABLE";
  /** ECR lifecycle: keep this many tagged images. */
  readonly ecrKeepLastImages: number;
  /** ECR lifecycle: expire untagged images after this many days. */
  readonly ecrUntaggedExpiryDays: number;
  readonly logRetentionDays: number;
  /** RDS automated backups. */
  readonly databaseBackupDays: number;
  /** RDS Multi-AZ and cache replicas: highly available data tier. */
  readonly highlyAvailableData: boolean;
  /** Keep a final snapshot when a database is deleted. */
  readonly finalSnapshot: boolean;
  /** Days a deleted secret can be restored; 0 deletes at once, so a disposable environment can be recreated with the same names. */
  readonly secretRecoveryDays: number;
}

export const STAGE_DEFAULTS: Readonly<Record<Stage, StageDefaults>> = {
  dev: {
    deletionProtection: false, forceDestroy: true, imageTagMutability: "MUTABLE", ecrKeepLastImages: 10, ecrUntaggedExpiryDays: 1, logRetentionDays: 30,
    databaseBackupDays: 1, highlyAvailableData: false, finalSnapshot: false, secretRecoveryDays: 0,
  },
  staging: {
    deletionProtection: true, forceDestroy: false, imageTagMutability: "MUTABLE", ecrKeepLastImages: 30, ecrUntaggedExpiryDays: 7, logRetentionDays: 90,
    databaseBackupDays: 7, highlyAvailableData: false, finalSnapshot: true, secretRecoveryDays: 30,
  },
  prod: {
    deletionProtection: true, forceDestroy: false, imageTagMutability: "IMMUTABLE", ecrKeepLastImages: 100, ecrUntaggedExpiryDays: 14, logRetentionDays: 365,
    databaseBackupDays: 14, highlyAvailableData: true, finalSnapshot: true, secretRecoveryDays: 30,
  },
};

export interface ResolvedStateBackend {
  readonly bucket: string;
  readonly lockTable: string;
  readonly keyPrefix: string;
  readonly locking: LockingMode;
  /** The key of the bucket, its state objects and the lock table (config/state-key.ts). */
  readonly key: StateKey;
  /** The backend's kms_key_id: the brought key's ARN, or the platform key's alias ARN. */
  readonly kmsKeyArn?: string;
  readonly endpoints?: { readonly s3?: string; readonly dynamodb?: string; readonly sts?: string; readonly iam?: string };
  readonly usePathStyle: boolean;
  readonly skipCredentialsValidation: boolean;
  readonly bootstrapState: "local" | "s3";
  /** This environment's bootstrap creates the bucket and lock table (false: another environment of the account owns them). */
  readonly manage: boolean;
}

/** Where an environment's states live in the bucket, one object per stack: `<keyPrefix>/<environment>`. */
export const stateFolder = (c: { readonly stateBackend: { readonly keyPrefix: string }; readonly environment: string }) => `${c.stateBackend.keyPrefix}/${c.environment}`;

export interface ResolvedBuild {
  /** Absolute path of the build context. */
  readonly contextDir: string;
  readonly dockerfile: string;
  readonly target?: string;
  readonly args: Readonly<Record<string, string>>;
  readonly platform: "linux/amd64" | "linux/arm64";
}

/** What every resolved service has, whatever its kind. */
interface ResolvedServiceExtras {
  /** The tag deployed: the content hash of the build context, or `image.tagEnvVar` / `image.tag`. */
  readonly imageTag: string;
  readonly repositoryName: string;
  /** Present in build mode. */
  readonly build?: ResolvedBuild;
  /** CPU architecture the image was built for: from image.build.platform or image.platform. */
  readonly cpuArchitecture: CpuArchitecture;
  /** Where it runs: web services on ECS or App Runner, jobs on AWS Batch, everything else on ECS. */
  readonly compute: "ecs" | "apprunner" | "batch";
}

/** A long-running ECS service's count and rollout, with stage defaults applied. */
interface ResolvedRunning {
  readonly desiredCount: number;
  readonly deployment: { readonly minimumHealthyPercent: number; readonly maximumPercent: number; readonly waitForSteadyState: boolean };
}

type Kind<K extends ServiceConfig["kind"]> = Extract<ServiceConfig, { kind: K }>;

/** A web service's health check with the defaults of where it runs. */
export interface ResolvedHealthCheck {
  readonly path: string;
  readonly matcher: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly gracePeriodSeconds: number;
}

/** App Runner settings with defaults applied; `egress` decided from what the service uses. */
export interface ResolvedAppRunner {
  readonly minInstances: number;
  readonly maxInstances: number;
  readonly maxConcurrency: number;
  readonly ingress: "public" | "private";
  readonly egress: "vpc" | "public";
  readonly healthCheckProtocol: "http" | "tcp";
  readonly tracing: boolean;
}

/** A web service with its hosts (defaulted from the domain), listener rule priority and health check resolved; `appRunner` on App Runner only. */
export type ResolvedWebService = Omit<Kind<"web">, "desiredCount" | "deployment" | "priority" | "healthCheck" | "appRunner"> &
  ResolvedRunning &
  ResolvedServiceExtras & { readonly priority: number; readonly healthCheck: ResolvedHealthCheck; readonly appRunner?: ResolvedAppRunner };
export type ResolvedWorkerService = Omit<Kind<"worker">, "desiredCount" | "deployment"> & ResolvedRunning & ResolvedServiceExtras;
export type ResolvedInternalService = Omit<Kind<"internal">, "desiredCount" | "deployment" | "singleton"> & ResolvedRunning & ResolvedServiceExtras & { readonly singleton: boolean };
export type ResolvedTask = Kind<"task"> & ResolvedServiceExtras;
/** An AWS Batch job on Fargate. */
export type ResolvedJob = Kind<"job"> & ResolvedServiceExtras;

/**
 * A service with its defaults applied. Free-text values (`environment`,
 * `command`, build arguments and paths) are escaped for Terraform templates
 * (see literal.ts): they reach Terraform as the literal text the user wrote.
 */
export type ResolvedService = ResolvedWebService | ResolvedWorkerService | ResolvedInternalService | ResolvedTask | ResolvedJob;
/** What runs on ECS Fargate: every kind but jobs, on compute: ecs. */
export type ResolvedEcsWorkload = Exclude<ResolvedService, ResolvedJob>;
export const isEcsWorkload = (s: ResolvedService): s is ResolvedEcsWorkload => s.compute === "ecs";
/** The kinds that run as an ECS service (everything but on-demand tasks and jobs). */
export type ResolvedRunningService = ResolvedWebService | ResolvedWorkerService | ResolvedInternalService;

export type CpuArchitecture = "X86_64" | "ARM64";

/** The Fargate CPU architecture that runs images of a Docker platform. */
export function cpuArchitectureOf(platform: "linux/amd64" | "linux/arm64"): CpuArchitecture {
  return platform === "linux/arm64" ? "ARM64" : "X86_64";
}

export interface ResolvedDatabase extends DatabaseConfig {
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly finalSnapshot: boolean;
}

export interface ResolvedCache extends CacheConfig {
  readonly replicas: number;
}

export interface ResolvedBucket extends BucketConfig {
  readonly key: string;
  readonly name: string;
}

export interface ResolvedAlerts extends AlertsConfig {
  readonly keyDeletionWindowDays: number;
}

/** What every stack receives: the validated configuration with all defaults applied. */
export interface ResolvedConfig {
  readonly environment: string;
  readonly sourceFile: string;
  readonly project: string;
  readonly stage: Stage;
  readonly region: string;
  readonly partition: string;
  readonly accountId: string;
  readonly availabilityZones: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly stateBackend: ResolvedStateBackend;
  readonly network: ResolvedNetwork;
  readonly database?: ResolvedDatabase;
  readonly cache?: ResolvedCache;
  readonly fileSystem?: FileSystemConfig;
  readonly github?: GithubConfig;
  /** Shared JSON secrets by name, with the keys they hold. */
  readonly sharedSecrets: Readonly<Record<string, { readonly keys: readonly string[] }>>;
  readonly domain?: DomainConfig;
  /** `internal` resolved: true when CloudFront fronts the load balancer, unless set. */
  readonly loadBalancer: LoadBalancerConfig & { readonly internal: boolean };
  readonly buckets: readonly ResolvedBucket[];
  readonly services: readonly ResolvedService[];
  readonly frontend: ResolvedFrontend;
  readonly waf: ResolvedWaf;
  readonly alerts: ResolvedAlerts;
  /** Changes to the alarm catalogue (config/alarms.ts). */
  readonly alarms: AlarmsConfig;
  /** Which keys encrypt the environment's data. */
  readonly encryption: ResolvedEncryption;
  readonly protection: StageDefaults;
  readonly names: Names;
  /** Accepted policy findings (see policy/). */
  readonly policySuppressions: ProjectConfig["policy"]["suppressions"];
  /** What validation reports without refusing (e.g. App Runner's end of sale), with file lines; printed at synth. */
  readonly warnings: readonly ConfigProblem[];
}

/** `aws`, `aws-cn` or `aws-us-gov`, from the region, so no plan has to look it up. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Image tag for a service: the variable named by `tagEnvVar` when set, else `tag`. */
export function resolveImageTag(service: Pick<ServiceConfig, "image">, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = service.image.tagEnvVar ? env[service.image.tagEnvVar] : undefined;
  return fromEnv && fromEnv.length > 0 ? fromEnv : service.image.tag;
}

/** Resolved build settings and content tags of build-mode images, by service name (computed by the loader, which reads the contexts). */
export type BuildResolution = ReadonlyMap<string, { readonly build: ResolvedBuild; readonly tag: string }>;

export function resolveConfig(
  cfg: ProjectConfig,
  environment: string,
  sourceFile: string,
  env: NodeJS.ProcessEnv,
  builds: BuildResolution = new Map(),
  assets?: ResolvedAssets,
): ResolvedConfig {
  const names = new Names(cfg.project, environment, cfg.accountId);
  const stageDefaults = STAGE_DEFAULTS[cfg.stage];
  const priorities = webPriorities(cfg);
  const partition = partitionOf(cfg.region);
  const encryption = resolveEncryption(cfg.encryption, cfg.stage);
  const stateKey = stateKeyOf(cfg.stateBackend.bucket, cfg.stateBackend.kmsKeyArn, encryption.mode);
  return {
    environment,
    sourceFile,
    project: cfg.project,
    stage: cfg.stage,
    region: cfg.region,
    partition,
    accountId: cfg.accountId,
    availabilityZones: cfg.availabilityZones,
    tags: terraformLiterals(cfg.tags),
    stateBackend: {
      ...cfg.stateBackend,
      keyPrefix: cfg.stateBackend.keyPrefix ?? cfg.project,
      key: stateKey,
      kmsKeyArn: stateKeyArn(stateKey, partition, cfg.region, cfg.accountId),
    },
    network: resolveNetwork(cfg.network, cfg.stage, cfg.availabilityZones.length),
    database: cfg.database && {
      ...cfg.database,
      multiAz: cfg.database.multiAz ?? stageDefaults.highlyAvailableData,
      backupRetentionDays: cfg.database.backupRetentionDays ?? stageDefaults.databaseBackupDays,
      deletionProtection: cfg.database.deletionProtection ?? cfg.deletionProtection ?? stageDefaults.deletionProtection,
      finalSnapshot: stageDefaults.finalSnapshot,
    },
    cache: cfg.cache && { ...cfg.cache, replicas: cfg.cache.replicas ?? (stageDefaults.highlyAvailableData ? 1 : 0) },
    fileSystem: cfg.fileSystem,
    github: cfg.github,
    buckets: Object.entries(cfg.buckets).map(([key, b]) => ({ ...b, key, name: names.bucket(key) })),
    sharedSecrets: cfg.sharedSecrets,
    domain: cfg.domain,
    loadBalancer: { ...cfg.loadBalancer, internal: loadBalancerIsInternal(cfg) },
    services: cfg.services.map((s) => resolveService(s, cfg, names, env, builds, priorities)),
    frontend: resolveFrontend(cfg.frontend, cfg.stage, cfg.domain, assets),
    waf: resolveWaf(cfg.waf, cfg.stage),
    alarms: cfg.alarms,
    encryption,
    alerts: { ...cfg.alerts, keyDeletionWindowDays: cfg.alerts.keyDeletionWindowDays ?? defaultKeyDeletionWindowDays(cfg.stage) },
    protection: { ...stageDefaults, deletionProtection: cfg.deletionProtection ?? stageDefaults.deletionProtection, logRetentionDays: cfg.logRetentionDays ?? stageDefaults.logRetentionDays },
    names,
    policySuppressions: cfg.policy.suppressions,
    warnings: [],
  };
}

function resolveService(s: ServiceConfig, cfg: ProjectConfig, names: Names, env: NodeJS.ProcessEnv, builds: BuildResolution, priorities: ReadonlyMap<string, number>): ResolvedService {
  const build = builds.get(s.name)?.build;
  const extras: ResolvedServiceExtras = {
    imageTag: builds.get(s.name)?.tag ?? resolveImageTag(s, env) ?? "",
    repositoryName: names.ecrRepository(s.name),
    build: build && { ...build, contextDir: terraformLiteral(build.contextDir), dockerfile: terraformLiteral(build.dockerfile), args: terraformLiterals(build.args) },
    cpuArchitecture: cpuArchitectureOf(build?.platform ?? s.image.platform ?? "linux/amd64"),
    compute: s.kind === "web" ? s.compute : s.kind === "job" ? "batch" : "ecs",
  };
  const common = {
    // The raw build settings stay behind: constructs read the resolved, escaped `build`.
    image: { ...s.image, build: undefined },
    environment: Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, typeof v === "string" ? terraformLiteral(v) : v])),
    command: s.command?.map(terraformLiteral),
  };
  if (s.kind === "job") return { ...s, ...common, ...extras, compute: "batch" };
  const container = { ...s.container, healthCheck: s.container.healthCheck && { ...s.container.healthCheck, command: s.container.healthCheck.command.map(terraformLiteral) } };
  if (s.kind === "task") return { ...s, ...common, container, ...extras };
  const singleton = isSingleton(s, cfg.fileSystem?.clients);
  const running: ResolvedRunning = {
    // A singleton runs one task, or none when stopped on purpose.
    desiredCount: singleton ? Math.min(s.desiredCount ?? 1, 1) : (s.desiredCount ?? s.autoscaling?.min ?? (cfg.stage === "prod" ? 2 : 1)),
    deployment: {
      // A singleton stops the old task before starting the new one: never two writers.
      minimumHealthyPercent: singleton ? 0 : s.deployment.minimumHealthyPercent,
      maximumPercent: singleton ? 100 : s.deployment.maximumPercent,
      waitForSteadyState: s.deployment.waitForSteadyState ?? cfg.stage !== "dev",
    },
  };
  if (s.kind === "internal") return { ...s, ...common, container, ...extras, ...running, singleton };
  if (s.kind === "worker") return { ...s, ...common, container, ...extras, ...running };
  const limits = HEALTH_CHECK[s.compute];
  const healthCheck: ResolvedHealthCheck = {
    path: s.healthCheck.path,
    matcher: s.healthCheck.matcher ?? DEFAULT_MATCHER,
    intervalSeconds: s.healthCheck.intervalSeconds ?? limits.intervalSeconds.default,
    timeoutSeconds: s.healthCheck.timeoutSeconds ?? limits.timeoutSeconds.default,
    healthyThreshold: s.healthCheck.healthyThreshold ?? limits.healthyThreshold.default,
    unhealthyThreshold: s.healthCheck.unhealthyThreshold ?? limits.unhealthyThreshold.default,
    gracePeriodSeconds: s.healthCheck.gracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS,
  };
  const a = s.appRunner;
  const appRunner: ResolvedAppRunner | undefined =
    s.compute === "apprunner"
      ? {
          minInstances: a?.minInstances ?? s.desiredCount ?? (cfg.stage === "prod" ? 2 : 1),
          maxInstances: a?.maxInstances ?? 10,
          maxConcurrency: a?.maxConcurrency ?? 100,
          ingress: a?.ingress ?? "public",
          egress: appRunnerEgress(s, cfg),
          healthCheckProtocol: a?.healthCheckProtocol ?? "http",
          tracing: a?.tracing ?? false,
        }
      : undefined;
  return { ...s, ...common, container, ...extras, compute: s.compute, ...running, healthCheck, appRunner, hosts: [...effectiveHosts(s.name, s.hosts, cfg.domain?.name)], priority: priorities.get(s.name) ?? 0 };
}

/** Listener rule priority per ECS web service (App Runner services are not behind the load balancer: 0). */
function webPriorities(cfg: ProjectConfig): Map<string, number> {
  const web = cfg.services.flatMap((s) => (s.kind === "web" && s.compute === "ecs" ? [s] : []));
  const priorities = listenerPriorities(web.map((s) => ({ hosts: effectiveHosts(s.name, s.hosts, cfg.domain?.name), paths: s.paths, priority: s.priority })));
  return new Map(web.map((s, i) => [s.name, priorities[i]]));
}
