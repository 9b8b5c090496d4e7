/**
 * The service model: one shape per kind of workload, validated as a
 * discriminated union on `kind`, so each kind carries only the settings that
 * mean something for it.
 *
 * - `web`: serves HTTP behind the environment's load balancer (or on App Runner).
 * - `worker`: no inbound traffic (queue consumers, Temporal workers).
 * - `internal`: reached by other services only, by a stable name (self-hosted Qdrant).
 * - `task`: a task definition without a service, run on demand (migrations).
 * - `job`: an AWS Batch job on Fargate, submitted by other services (an autograder).
 *
 * What every kind shares (image, size, environment, secrets, grants, container
 * hardening) is `commonFields`; what every long-running ECS service shares
 * (count, scaling, capacity, deployment) is `runningFields`.
 */
import { z } from "zod";

/** Valid Fargate task sizes: CPU units -> allowed memory (MiB). */
export const FARGATE_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: [1024, 2048, 3072, 4096],
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/**
 * A DNS label: lowercase letters and digits, single hyphens between them, starting
 * with a letter. This is the intersection of what S3, ECR, ALB, IAM and ECS accept,
 * so a name that passes here is safe in every AWS name derived from it.
 */
export const dnsLabel = (what: string, max: number) =>
  z
    .string()
    .min(2, `${what} must be at least 2 characters`)
    .max(max, `${what} must be at most ${max} characters`)
    .regex(
      /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/,
      `${what} must be a DNS label: lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen`,
    );

export const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name: letters, digits and underscores, not starting with a digit");

/** A Docker image tag. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const imageTag = z.string().regex(IMAGE_TAG, "must be a Docker tag: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");

export const PLATFORMS = ["linux/amd64", "linux/arm64"] as const;

export const ImageBuildSchema = z
  .object({
    context: z.string().min(1).describe("Build context directory, relative to the project root"),
    dockerfile: z.string().min(1).default("Dockerfile").describe("Dockerfile path inside the context. @default Dockerfile"),
    target: z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be a build stage name").optional().describe("Multi-stage target. @default - the last stage"),
    args: z
      .record(envVarName, z.string())
      .default({})
      .describe("Build arguments. Never secrets: they stay in the image history"),
    platform: z.enum(PLATFORMS).default("linux/amd64").describe("@default linux/amd64"),
  })
  .strict();

export const ImageSchema = z
  .object({
    build: ImageBuildSchema.optional().describe("Build and push in the images phase; the tag is a content hash of the context. @default - prebuilt: use tag / tagEnvVar"),
    pinDigest: z.boolean().default(false).describe("Deploy repository@sha256:digest instead of repository:tag. @default false"),
    tag: imageTag
      .optional()
      .describe("Image tag to deploy when the tag variable is not set, e.g. a release version. @default - none: tagEnvVar must then be set at synth"),
    tagEnvVar: envVarName
      .optional()
      .describe("Environment variable that carries the tag at synth (e.g. a git SHA set by CI); it wins over `tag` when set"),
    platform: z
      .enum(PLATFORMS)
      .optional()
      .describe("Platform a prebuilt image was built for; tasks run on the matching CPU architecture (build mode: image.build.platform). @default linux/amd64"),
  })
  .strict()
  .describe("The service image: built from source in the images phase, or prebuilt with a tag from config or the environment");

export const tcpPort = z.number().int().min(1).max(65535);

export const BucketAccessSchema = z.enum(["read", "readwrite"]);

/**
 * What a service's environment may refer to, as data. Resolved from the
 * contracts at synthesis; never string interpolation.
 */
export const REFERENCE = /^(services\.[a-z][a-z0-9-]*\.(url|host)|jobs\.[a-z][a-z0-9-]*\.(queue|definition)|buckets\.[a-z][a-z0-9-]*\.(name|arn)|database\.(endpoint|port|name|username)|cache\.(endpoint|port)|loadBalancer\.(url|dnsName)|app\.url)$/;

export const EnvironmentValueSchema = z.union([
  z.string(),
  z
    .object({
      ref: z
        .string()
        .regex(
          REFERENCE,
          "must be one of services.<name>.url, services.<name>.host, jobs.<name>.queue, jobs.<name>.definition, buckets.<key>.name, buckets.<key>.arn, database.endpoint, database.port, database.name, database.username, cache.endpoint, cache.port, loadBalancer.url, loadBalancer.dnsName, app.url",
        )
        .describe("What the platform knows, e.g. services.qdrant.url, buckets.artifacts.name or jobs.autograder.queue"),
    })
    .strict(),
]);

const percent = z.number().int().min(1).max(100);
const seconds = (min: number, max: number) => z.number().int().min(min).max(max);

export const ContainerSchema = z
  .object({
    readonlyRootFilesystem: z.boolean().default(true).describe("Mount the container's root file system read-only. @default true"),
    writablePaths: z
      .array(z.string().regex(/^\/[A-Za-z0-9_./-]+$/, "must be an absolute path such as /tmp"))
      .default(["/tmp"])
      .describe("Writable scratch directories (task storage, emptied when the task stops). @default [/tmp]"),
    user: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, "must be user, uid, user:group or uid:gid")
      .optional()
      .describe("Run as this user (e.g. 1000:1000). @default - the image's USER"),
    stopTimeoutSeconds: seconds(2, 120).default(30).describe("Seconds between SIGTERM and SIGKILL (Fargate allows up to 120). @default 30"),
    healthCheck: z
      .object({
        command: z.array(z.string().min(1)).min(1).describe('Docker health check, e.g. ["CMD-SHELL", "curl -f http://localhost:8000/health || exit 1"]'),
        intervalSeconds: seconds(5, 300).default(30).describe("@default 30"),
        timeoutSeconds: seconds(2, 60).default(5).describe("@default 5"),
        retries: z.number().int().min(1).max(10).default(3).describe("@default 3"),
        startPeriodSeconds: seconds(0, 300).default(60).describe("Failures during start-up do not count. @default 60"),
      })
      .strict()
      .optional()
      .describe("Container health check (ECS replaces unhealthy tasks). @default - none"),
  })
  .strict();

const commonFields = {
  name: dnsLabel("service name", 20).describe("Service name; becomes part of AWS names"),
  image: ImageSchema.describe("Where the container image comes from"),
  cpu: z
    .number()
    .int()
    .refine((v) => v in FARGATE_SIZES, { message: `must be one of the Fargate CPU sizes ${Object.keys(FARGATE_SIZES).join(", ")}` })
    .default(512)
    .describe("Fargate CPU units. @default 512"),
  memory: z.number().int().positive().default(1024).describe("Fargate memory in MiB; must fit the CPU size. @default 1024"),
  command: z.array(z.string().min(1)).min(1).optional().describe("Override the image's command. @default - the image's CMD"),
  environment: z
    .record(envVarName, EnvironmentValueSchema)
    .default({})
    .describe("Plain environment variables: text, or { ref: ... } to a value the platform knows. Never put secrets here: names such as *_API_KEY, *_SECRET, *_PASSWORD, *_TOKEN and values holding credentials are refused; use secrets"),
  bucketAccess: z
    .record(z.string(), BucketAccessSchema)
    .default({})
    .describe("Buckets (keys of `buckets`) this service's task role may read or read and write"),
  secrets: z
    .array(envVarName)
    .default([])
    .describe("Keys of the service's own JSON secret in Secrets Manager, injected as environment variables of the same name. Values are put by the operator, never in config or state"),
  sharedSecrets: z
    .record(dnsLabel("shared secret name", 20), z.array(envVarName).min(1, "list the keys this service reads"))
    .default({})
    .describe("Keys this service reads from shared secrets (top-level sharedSecrets), by secret name. @default {}"),
  bedrock: z
    .object({
      models: z
        .array(z.string().regex(/^[a-z0-9-]+\.[A-Za-z0-9._:-]+$/, "must be a Bedrock model id such as anthropic.claude-3-5-sonnet-20240620-v1:0"))
        .default([])
        .describe("Foundation models the task role may invoke in this region"),
      inferenceProfiles: z
        .array(z.string().regex(/^(us|eu|apac|us-gov|global)\.[a-z0-9-]+\.[A-Za-z0-9._:-]+$/, "must be a system inference profile id such as us.anthropic.claude-3-5-sonnet-20240620-v1:0"))
        .default([])
        .describe("Cross-region inference profiles the task role may invoke (seed 004)"),
    })
    .strict()
    .optional()
    .describe("Amazon Bedrock invoke permissions. @default - none"),
  container: ContainerSchema.default({ readonlyRootFilesystem: true, writablePaths: ["/tmp"], stopTimeoutSeconds: 30 }).describe("Container hardening and lifecycle"),
  exec: z
    .boolean()
    .default(false)
    .describe("Allow ECS Exec (aws ecs execute-command) into the tasks: adds the SSM message channel permissions to the task role and the SSM agent's writable directories. @default false"),
  egressPorts: z
    .array(tcpPort)
    .default([])
    .describe("Further TCP ports the tasks may call out to on any address, e.g. [7233] for Temporal (seed 003). HTTPS (443), the data stores and internal services it calls are always open. @default []"),
  submitsJobs: z
    .array(dnsLabel("job name", 20))
    .default([])
    .describe("Batch jobs (services of kind job) this service submits: its role may submit exactly these to their queues and follow them, and { ref: jobs.<name>.queue } / { ref: jobs.<name>.definition } name them. @default []"),
};

export const AutoscalingSchema = z
  .object({
    min: z.number().int().min(0).max(1000).describe("Fewest tasks"),
    max: z.number().int().min(1).max(1000).describe("Most tasks"),
    cpuPercent: percent.optional().describe("Target average CPU utilization. @default - not tracked"),
    memoryPercent: percent.optional().describe("Target average memory utilization. @default - not tracked"),
    requestsPerTarget: z.number().int().min(1).max(1000000).optional().describe("Target load balancer requests per task per minute (web services). @default - not tracked"),
    scaleInCooldownSeconds: seconds(0, 3600).default(300).describe("@default 300"),
    scaleOutCooldownSeconds: seconds(0, 3600).default(60).describe("@default 60"),
    schedule: z
      .array(
        z
          .object({
            name: dnsLabel("schedule name", 32),
            cron: z.string().regex(/^(\S+\s+){5}\S+$/, "must be an Application Auto Scaling cron expression with 6 fields, e.g. 0 19 ? * MON-FRI *").describe("When, e.g. 0 19 ? * MON-FRI *"),
            timezone: z.string().regex(/^[A-Za-z_]+(\/[A-Za-z_+-]+)*$/, "must be an IANA time zone such as Europe/Berlin").default("UTC").describe("@default UTC"),
            min: z.number().int().min(0).max(1000),
            max: z.number().int().min(0).max(1000),
          })
          .strict(),
      )
      .default([])
      .describe("Scheduled capacity changes, e.g. scale a dev environment to zero at night. @default []"),
  })
  .strict();

export const CapacitySchema = z
  .object({
    fargateWeight: z.number().int().min(0).max(1000).default(1).describe("@default 1"),
    spotWeight: z.number().int().min(0).max(1000).default(0).describe("Fargate Spot share (interruptible, about 70 % cheaper; seed 003 suggests it for workers). @default 0"),
    fargateBase: z.number().int().min(0).max(100000).default(0).describe("Tasks that always run on regular Fargate before weights apply. @default 0"),
  })
  .strict()
  .refine((c) => c.fargateWeight + c.spotWeight > 0, "at least one of fargateWeight and spotWeight must be above 0");

export const DeploymentSchema = z
  .object({
    minimumHealthyPercent: z.number().int().min(0).max(100).default(100).describe("@default 100"),
    maximumPercent: z.number().int().min(100).max(200).default(200).describe("@default 200"),
    waitForSteadyState: z.boolean().optional().describe("Terraform waits until the rollout is healthy, so a failed rollout fails the phase. @default - true outside dev"),
  })
  .strict();

const runningFields = {
  desiredCount: z.number().int().min(0).max(1000).optional().describe("Tasks at first deploy; autoscaling owns the count afterwards. @default - autoscaling.min, else 2 in prod and 1 elsewhere"),
  autoscaling: AutoscalingSchema.optional().describe("Target tracking and scheduled scaling. @default - a fixed count"),
  capacity: CapacitySchema.default({ fargateWeight: 1, spotWeight: 0, fargateBase: 0 }).describe("Fargate and Fargate Spot by weight"),
  deployment: DeploymentSchema.default({ minimumHealthyPercent: 100, maximumPercent: 200 }).describe("Rolling deployment; the circuit breaker with rollback is always on"),
  platformVersion: z.string().regex(/^(LATEST|\d+\.\d+\.\d+)$/, "must be LATEST or a Fargate platform version such as 1.4.0").default("LATEST").describe("@default LATEST"),
};

/**
 * The health check of a web service. Ranges and defaults depend on where it runs
 * (a load balancer target group or App Runner), so the fields are optional here
 * and resolved per compute in defaults.ts; rules check the ranges
 * (service-rules.ts, HEALTH_CHECK_LIMITS).
 */
export const HealthCheckSchema = z
  .object({
    path: z.string().regex(/^\/[A-Za-z0-9_.~/?=&%-]*$/, "must be a path starting with /").default("/").describe("@default /"),
    matcher: z
      .string()
      .regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, "must be HTTP codes such as 200, 200-399 or 200,204")
      .refine((m) => (m.match(/\d{3}/g) ?? []).every((code) => Number(code) >= 200 && Number(code) <= 499), "load balancer health checks accept codes from 200 to 499")
      .optional()
      .describe("Codes that count as healthy (load balancer only; App Runner wants a 2xx). @default 200-399"),
    intervalSeconds: seconds(1, 300).optional().describe("ECS: 5–300, App Runner: 1–20. @default 30 on ECS, 10 on App Runner"),
    timeoutSeconds: seconds(1, 120).optional().describe("ECS: 2–120, App Runner: 1–20; below intervalSeconds. @default 10 on ECS, 5 on App Runner"),
    healthyThreshold: z.number().int().min(1).max(20).optional().describe("ECS: 2–10, App Runner: 1–20. @default 2 on ECS, 1 on App Runner"),
    unhealthyThreshold: z.number().int().min(1).max(20).optional().describe("ECS: 2–10, App Runner: 1–20. @default 3 on ECS, 5 on App Runner"),
    gracePeriodSeconds: seconds(1, 2147483647)
      .optional()
      .describe("Seconds after a task starts before failed load balancer checks count (slow Python and Next.js starts). ECS only: App Runner has no grace period. @default 90"),
  })
  .strict();

/** App Runner's own settings (compute: apprunner); ignored with a warning on ECS, so moving a service to ECS stays a one-line change. */
export const AppRunnerSchema = z
  .object({
    minInstances: z.number().int().min(1).max(25).optional().describe("Instances always provisioned. @default - desiredCount, else 2 in prod and 1 elsewhere"),
    maxInstances: z.number().int().min(1).max(25).default(10).describe("Most instances auto scaling starts. @default 10"),
    maxConcurrency: z.number().int().min(1).max(200).default(100).describe("Concurrent requests per instance before App Runner scales out. @default 100"),
    ingress: z.enum(["public", "private"]).default("public").describe("public: an HTTPS URL on the internet; private: reachable only from the VPC through an App Runner interface endpoint. @default public"),
    egress: z
      .enum(["vpc", "public"])
      .optional()
      .describe("vpc: all outbound traffic through the VPC connector (needed for data stores and internal load balancers; external APIs then need a NAT route); public: App Runner's own internet egress. @default - vpc when the service uses something in the VPC, else public"),
    healthCheckProtocol: z.enum(["http", "tcp"]).default("http").describe("http: GET healthCheck.path; tcp: the port accepts connections. @default http"),
    tracing: z.boolean().default(false).describe("AWS X-Ray tracing through an observability configuration (the instance role may write traces). @default false"),
  })
  .strict();

const hostName = z
  .string()
  .max(128, "a listener rule matches host names of at most 128 characters")
  .regex(/^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lowercase host name such as api.example.com");

export const WebServiceSchema = z
  .object({
    kind: z.literal("web").describe("Serves HTTP behind the environment's load balancer"),
    ...commonFields,
    ...runningFields,
    compute: z
      .enum(["ecs", "apprunner"])
      .default("ecs")
      .describe("ecs: Fargate behind the load balancer (the default); apprunner: App Runner with a VPC connector (seed 000; App Runner takes no new customers since 2026-04-30). @default ecs"),
    port: tcpPort.describe("Container port the load balancer sends traffic to"),
    hosts: z.array(hostName).default([]).describe("Host names routed to this service; with a domain they get certificates and alias records. @default - <name>.<domain> with a domain, else any host"),
    paths: z
      .array(z.string().max(128, "a listener rule matches path patterns of at most 128 characters").regex(/^\/[A-Za-z0-9_.~/*?-]*$/, "must be a path pattern starting with /, such as /api/*"))
      .max(5, "a listener rule matches at most 5 host and path values together")
      .default([])
      .describe("Path patterns routed to this service, e.g. [/api/*]. @default - every path"),
    priority: z.number().int().min(1).max(50000).optional().describe("Listener rule priority (lower wins). @default - 100 + 10 × position among the web services"),
    healthCheck: HealthCheckSchema.default({ path: "/" }).describe("Health check: the target group's on ECS, App Runner's own on App Runner"),
    appRunner: AppRunnerSchema.optional().describe("App Runner scaling, ingress, egress and tracing (compute: apprunner only). @default - see its fields"),
    deregistrationDelaySeconds: seconds(0, 3600).default(30).describe("Seconds a stopping task keeps serving in-flight requests. @default 30"),
  })
  .strict();

export const WorkerServiceSchema = z
  .object({
    kind: z.literal("worker").describe("No inbound traffic"),
    ...commonFields,
    ...runningFields,
  })
  .strict();

export const InternalServiceSchema = z
  .object({
    kind: z.literal("internal").describe("Reached by other services only, by a stable name (Cloud Map DNS)"),
    ...commonFields,
    ...runningFields,
    port: tcpPort.describe("Port callers connect to"),
    callers: z.array(dnsLabel("service name", 20)).min(1, "list the services that call this one").describe("Services allowed to connect"),
    singleton: z
      .boolean()
      .optional()
      .describe("Never more than one task, even during a deployment (stateful services such as Qdrant on EFS). @default - true when it mounts a file system"),
  })
  .strict();

export const TaskSchema = z
  .object({
    kind: z.literal("task").describe("A task definition without a service, run on demand (database migrations)"),
    ...commonFields,
  })
  .strict();

export const RetrySchema = z
  .object({
    attempts: z.number().int().min(1).max(10).default(3).describe("Tries in all, the first included (AWS Batch allows 1–10). @default 3"),
    evaluateOnExit: z
      .array(
        z
          .object({
            action: z.enum(["retry", "exit"]).describe("What to do when this rule matches"),
            onExitCode: z.string().regex(/^[0-9]+\*?$/, "must be an exit code, optionally ending in * (e.g. 137 or 1*)").optional().describe("Container exit code, may end in *"),
            onReason: z.string().min(1).max(512).regex(/^[A-Za-z0-9 .:*-]+$/, "must be letters, digits, spaces, '.', ':', '-' and *").optional().describe("Reason text, may end in *"),
            onStatusReason: z.string().min(1).max(512).regex(/^[A-Za-z0-9 .:*-]+$/, "must be letters, digits, spaces, '.', ':', '-' and *").optional().describe("Status reason, e.g. \"Host EC2*\" or \"*Spot*\""),
          })
          .strict()
          .refine((r) => r.onExitCode !== undefined || r.onReason !== undefined || r.onStatusReason !== undefined, "give at least one of onExitCode, onReason, onStatusReason"),
      )
      .max(5, "AWS Batch evaluates at most 5 rules")
      .default([])
      .describe("Rules in order; the first match decides. @default [] - every failure is retried up to attempts"),
  })
  .strict();

/** A job's container: read-only root and a non-root user, as the seed's autograder isolation asks. */
export const JobContainerSchema = z
  .object({
    readonlyRootFilesystem: ContainerSchema.shape.readonlyRootFilesystem,
    writablePaths: ContainerSchema.shape.writablePaths,
    user: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/, "must be user, uid, user:group or uid:gid")
      .refine((u) => !/^(root|0)(:|$)/.test(u), "jobs run as a non-root user, e.g. 1000:1000")
      .describe("Non-root user the job runs as, e.g. 1000:1000 (required)"),
  })
  .strict();

const { container: _container, exec: _exec, ...jobCommonFields } = commonFields;

export const JobSchema = z
  .object({
    kind: z.literal("job").describe("An AWS Batch job on Fargate: its own compute environment, queue and job definition; submitted by services that list it in submitsJobs"),
    ...jobCommonFields,
    container: JobContainerSchema.describe("Container hardening: read-only root, writable scratch paths, non-root user (required)"),
    timeoutSeconds: seconds(60, 1209600).default(3600).describe("Seconds an attempt may run before Batch stops it (at least 60). @default 3600"),
    retry: RetrySchema.default({ attempts: 3, evaluateOnExit: [] }).describe("Retry strategy"),
    spot: z.boolean().default(false).describe("Run on Fargate Spot (interruptible, about 70 % cheaper). @default false"),
    maxVcpus: z.number().int().min(1).max(10000).default(16).describe("Most vCPUs the job's compute environment runs at once (its concurrency cap). @default 16"),
    platformVersion: runningFields.platformVersion,
  })
  .strict();

export const ServiceSchema = z.discriminatedUnion("kind", [WebServiceSchema, WorkerServiceSchema, InternalServiceSchema, TaskSchema, JobSchema]);

export const SERVICE_KINDS = ["web", "worker", "internal", "task", "job"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
