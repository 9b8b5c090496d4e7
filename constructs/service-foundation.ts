/**
 * Everything one service needs before it can run: its image repository, log
 * group, JSON secret (when it declares keys), an execution role (pull this image,
 * write these logs, read this secret) and a task role with exactly the grants
 * its configuration asks for (buckets, Bedrock, data stores).
 *
 * On App Runner the execution role is the service's ECR access role and the task
 * role its instance role, which is also what reads runtime secrets; App Runner
 * keeps its own log groups. A Batch job on Fargate has the same two roles as an
 * ECS task (its job role is the task role) and a log group under /aws/batch.
 */
import { Construct } from "constructs";
import type { KeyClass } from "../config/encryption-schema";
import type { ResolvedConfig, ResolvedService } from "../config/defaults";
import { batchArn } from "../config/names";
import { publishedUrlReaders } from "../config/frontend";
import { grant, kmsViaServiceStatement, type Grant, type IGrantable } from "./grant";
import type { PolicyStatement } from "./policy-document";
import { grantBedrockInvoke } from "./bedrock";
import type { FileSystem } from "./file-system";
import type { PostgresDatabase } from "./postgres-database";
import type { RedisCache } from "./redis-cache";
import type { SecureBucket } from "./secure-bucket";
import { ServiceLogs } from "./service-logs";
import { ServiceRepository } from "./service-repository";
import { ServiceRole } from "./service-role";
import { ServiceSecret } from "./service-secret";

/** Who assumes each role, per compute platform. */
const PRINCIPALS = {
  ecs: { execution: "ecs-tasks.amazonaws.com", task: "ecs-tasks.amazonaws.com" },
  apprunner: { execution: "build.apprunner.amazonaws.com", task: "tasks.apprunner.amazonaws.com" },
  batch: { execution: "ecs-tasks.amazonaws.com", task: "ecs-tasks.amazonaws.com" },
} as const;

export interface ServiceFoundationProps {
  readonly service: ResolvedService;
  readonly config: ResolvedConfig;
  /** Application buckets by key, for the service's bucketAccess grants. */
  readonly buckets: ReadonlyMap<string, SecureBucket>;
  /** Data stores; the service gets access when the config lists it as a client. */
  readonly database?: PostgresDatabase;
  readonly cache?: RedisCache;
  readonly fileSystem?: FileSystem;
  /** Shared secrets by name; the service reads those its config lists. */
  readonly sharedSecrets?: ReadonlyMap<string, ServiceSecret>;
  /** The environment's customer managed keys by data class, when it has them. */
  readonly keys?: Readonly<Record<KeyClass, string>>;
}

/** What ECS Exec needs in the task: the SSM agent's message channels (no resource-level permissions exist for them). */
const ECS_EXEC_STATEMENT = {
  sid: "EcsExec",
  actions: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
  resources: ["*"],
};

/** What App Runner's X-Ray tracing writes (the managed AWSXRayDaemonWriteAccess; X-Ray has no resource-level permissions). */
const XRAY_STATEMENT = {
  sid: "XRayTracing",
  actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"],
  resources: ["*"],
};

export class ServiceFoundation extends Construct {
  readonly repository: ServiceRepository;
  readonly logs?: ServiceLogs;
  readonly secret?: ServiceSecret;
  readonly executionRole: ServiceRole;
  readonly taskRole: ServiceRole;

  /** The construct id is the service name, so addresses read `aws_ecr_repository.<service>_repository`. */
  constructor(scope: Construct, props: ServiceFoundationProps) {
    const { service: s, config: c } = props;
    super(scope, s.name);
    const p = c.protection;
    this.repository = new ServiceRepository(this, "repository", {
      repositoryName: s.repositoryName,
      imageTagMutability: p.imageTagMutability,
      keepLastImages: p.ecrKeepLastImages,
      untaggedExpiryDays: p.ecrUntaggedExpiryDays,
      forceDelete: p.forceDestroy,
      kmsKeyArn: props.keys?.data,
    });
    const principals = PRINCIPALS[s.compute];
    if (s.compute !== "apprunner") {
      this.logs = new ServiceLogs(this, "logs", { logGroupName: c.names.logGroup(s.name, s.compute), retentionDays: p.logRetentionDays, kmsKeyArn: props.keys?.logs });
    }
    if (s.secrets.length > 0) {
      this.secret = new ServiceSecret(this, "secret", {
        secretName: c.names.secret(s.name),
        keys: s.secrets,
        recoveryWindowDays: p.secretRecoveryDays,
        kmsKeyArn: props.keys?.secrets,
        region: c.region,
      });
    }

    this.executionRole = new ServiceRole(this, "execution_role", {
      roleName: c.names.taskExecutionRole(s.name),
      description: `Starts ${s.name} in ${c.names.prefix}: pulls the image${s.compute === "ecs" ? ", writes logs, reads the secret" : ""}`,
      servicePrincipal: principals.execution,
      accountId: c.accountId,
    });
    this.repository.grantPull(this.executionRole);
    this.logs?.grantWrite(this.executionRole);

    this.taskRole = new ServiceRole(this, "task_role", {
      roleName: c.names.taskRole(s.name),
      description: `Runtime role of the ${s.name} service in ${c.names.prefix}`,
      servicePrincipal: principals.task,
      accountId: c.accountId,
    });
    // Who fetches secrets at start: ECS's (and Batch's) execution role, App Runner's instance role.
    const secretsReader = s.compute === "apprunner" ? this.taskRole : this.executionRole;
    this.secret?.grantRead(secretsReader);
    for (const name of Object.keys(s.sharedSecrets)) {
      const shared = props.sharedSecrets?.get(name);
      if (!shared) throw new Error(`service ${s.name}: unknown shared secret ${name}`);
      shared.grantRead(secretsReader);
    }
    // The public URL, when the frontend phase publishes it in SSM (no domain): read at start like a secret.
    if (publishedUrlReaders(c).some((r) => r.name === s.name)) grantReadPublicUrl(secretsReader, c, props.keys?.secrets);
    if (s.kind !== "job" && s.exec) this.taskRole.addToPolicy(ECS_EXEC_STATEMENT);
    if (s.kind === "web" && s.appRunner?.tracing) this.taskRole.addToPolicy(XRAY_STATEMENT);
    for (const job of s.submitsJobs) grantSubmitJob(this.taskRole, job, c);
    for (const [key, access] of Object.entries(s.bucketAccess)) {
      const bucket = props.buckets.get(key);
      if (!bucket) throw new Error(`service ${s.name}: unknown bucket ${key}`);
      if (access === "readwrite") bucket.grantReadWrite(this.taskRole);
      else bucket.grantRead(this.taskRole);
    }
    if (s.bedrock) grantBedrockInvoke(this.taskRole, s.bedrock, c);

    // The application authenticates per connection (see stacks/data-connections.ts): an IAM
    // token, or the current password read from the RDS-managed secret, never one injected at start.
    if (props.database && c.database?.clients.includes(s.name)) {
      if (c.database.iamAuthentication) props.database.grantConnect(this.taskRole, c.database.username, c);
      else props.database.grantReadCredentials(this.taskRole);
    }
    if (props.cache && c.cache?.clients.includes(s.name)) props.cache.grantConnect(this.taskRole);
    for (const accessPoint of c.fileSystem?.clients[s.name] ?? []) props.fileSystem?.grantMount(this.taskRole, accessPoint);
  }
}

/**
 * Submit one job to its queue and follow it: `SubmitJob` on exactly that queue
 * and job definition (any revision; the request names a revision) and the jobs
 * it creates; `DescribeJobs` and `ListJobs` have no resource-level permissions.
 * The ARNs follow from the names, so the grant needs nothing from the services phase.
 */
export function grantSubmitJob(role: ServiceRole, job: string, c: ResolvedConfig): void {
  const arn = (resource: string) => batchArn(c, resource);
  role.addToPolicy({
    sid: `SubmitJob${job.replace(/-/g, "")}`,
    actions: ["batch:SubmitJob"],
    resources: [arn(`job-queue/${c.names.batchJobQueue(job)}`), arn(`job-definition/${c.names.batchJobDefinition(job)}:*`), arn("job/*")],
  });
  role.addToPolicy({ sid: `FollowJobs${job.replace(/-/g, "")}`, actions: ["batch:DescribeJobs", "batch:ListJobs"], resources: ["*"] });
}

/**
 * Read the public URL's SSM parameter: a SecureString under the secrets key when
 * the environment has customer managed keys (decrypted only through SSM), under
 * the AWS managed key otherwise (no KMS grant needed).
 */
export function grantReadPublicUrl(role: IGrantable, c: ResolvedConfig, secretsKeyArn?: string): Grant {
  const read: PolicyStatement = { sid: "ReadPublicUrl", actions: ["ssm:GetParameters"], resources: [c.names.publicUrlParameterArn(c.partition, c.region)] };
  if (!secretsKeyArn) return grant(role, read);
  return grant(role, read, kmsViaServiceStatement({ sid: "DecryptPublicUrl", actions: ["kms:Decrypt"], keyArn: secretsKeyArn, service: "ssm", region: c.region, owner: "grantReadPublicUrl" }));
}
