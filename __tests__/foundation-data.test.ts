/** The foundation's data tier: RDS PostgreSQL (+ proxy), Redis with IAM auth, EFS with access points, and how services reach them. */
import { Testing } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { ConfigError } from "../config/errors";
import { DEFAULT_CONFIG_DIR, loadEnvironment, parseEnvironment } from "../config/load";
import { FoundationStack } from "../stacks/foundation-stack";
import { ServicesStack } from "../stacks/services-stack";
import type { TerraformJson } from "./support/synth";

type R = Record<string, Record<string, Record<string, unknown>>>;
type Doc = { statement: Array<{ sid: string; actions: string[]; resources: string[]; condition?: unknown[] }> };

const synthOf = (config: ResolvedConfig, Stack: typeof FoundationStack | typeof ServicesStack) =>
  JSON.parse(Testing.synth(new Stack(Testing.app(), { config }))) as TerraformJson;
const prodConfig = loadEnvironment("prod", { env: {} });
const devConfig = loadEnvironment("dev", { env: {} });
const prod = synthOf(prodConfig, FoundationStack);
const dev = synthOf(devConfig, FoundationStack);
const res = (j: TerraformJson) => j.resource as R;
const docs = (j: TerraformJson) => j.data!.aws_iam_policy_document as unknown as Record<string, Doc>;

const devText = fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8");
function problems(change: (d: any) => void): string[] {
  const doc = parseYaml(devText);
  change(doc);
  try {
    parseEnvironment(stringify(doc), "dev", "dev.yaml", {});
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("RDS PostgreSQL", () => {
  it.each([
    ["prod", () => prod, 365, "${aws_kms_key.keys_logs_key.arn}"],
    ["dev", () => dev, 30, undefined],
  ] as const)("%s: the log groups RDS exports to exist before the instance, with the environment's retention and logs key", (env, json, days, key) => {
    const groups = res(json()).aws_cloudwatch_log_group;
    for (const log of ["postgresql", "upgrade"]) {
      expect(groups[`database_${log}_logs`]).toEqual({
        name: `/aws/rds/instance/acme-ai-${env}-db/${log}`,
        retention_in_days: days,
        ...(key ? { kms_key_id: key } : {}),
      });
    }
    expect(res(json()).aws_db_instance.database.depends_on).toEqual(["aws_cloudwatch_log_group.database_postgresql_logs", "aws_cloudwatch_log_group.database_upgrade_logs"]);
    expect(res(json()).aws_db_instance.database.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
  });

  it("prod: encrypted, private, Multi-AZ, protected, managed password, backups, logs, Performance Insights", () => {
    expect(res(prod).aws_db_instance.database).toMatchObject({
      identifier: "acme-ai-prod-db",
      engine: "postgres",
      engine_version: "16",
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: false,
      instance_class: "db.m7g.large",
      allocated_storage: 100,
      max_allocated_storage: 1000,
      storage_type: "gp3",
      storage_encrypted: true,
      publicly_accessible: false,
      manage_master_user_password: true,
      multi_az: true,
      backup_retention_period: 14,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "acme-ai-prod-db-final",
      performance_insights_enabled: true,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      iam_database_authentication_enabled: true,
      db_subnet_group_name: "${aws_db_subnet_group.database_subnets.name}",
      parameter_group_name: "${aws_db_parameter_group.database_parameters.name}",
    });
    expect(res(prod).aws_db_instance.database).not.toHaveProperty("password");
    expect(res(prod).aws_db_subnet_group.database_subnets.subnet_ids).toEqual([
      "${aws_subnet.vpc_database_subnet_0.id}", "${aws_subnet.vpc_database_subnet_1.id}", "${aws_subnet.vpc_database_subnet_2.id}",
    ]);
  });

  it("dev: single-AZ, one day of backups, no deletion protection, no final snapshot", () => {
    expect(res(dev).aws_db_instance.database).toMatchObject({ multi_az: false, backup_retention_period: 1, deletion_protection: false, skip_final_snapshot: true });
    expect(res(dev).aws_db_instance.database).not.toHaveProperty("final_snapshot_identifier");
  });

  it("requires TLS through its parameter group", () => {
    expect(res(prod).aws_db_parameter_group.database_parameters).toMatchObject({ family: "postgres16", parameter: expect.arrayContaining([{ name: "rds.force_ssl", value: "1" }]) });
  });

  it.each([
    ["prod", () => prod],
    ["dev", () => dev],
  ] as const)("%s: the parameter group logs every schema change and statements slower than a second, never the data", (_env, json) => {
    expect(res(json()).aws_db_parameter_group.database_parameters.parameter).toEqual([
      { name: "rds.force_ssl", value: "1" },
      { name: "log_min_duration_statement", value: "1000" },
      { name: "log_statement", value: "ddl" },
    ]);
  });

  it("without a proxy, each declared client's own group reaches the database directly on 5432, nothing else", () => {
    const ingress = Object.entries(res(dev).aws_vpc_security_group_ingress_rule).filter(([, r]) => r.security_group_id === "${aws_security_group.database_security_group.id}");
    expect(Object.fromEntries(ingress.map(([name, r]) => [name, [r.referenced_security_group_id, r.ip_protocol, r.from_port, r.to_port]]))).toEqual({
      database_security_group_from_api_5432: ["${aws_security_group.api_tasks.id}", "tcp", 5432, 5432],
      database_security_group_from_migrate_5432: ["${aws_security_group.migrate_tasks.id}", "tcp", 5432, 5432],
      database_security_group_from_worker_5432: ["${aws_security_group.worker_tasks.id}", "tcp", 5432, 5432],
    });
    expect(res(dev).aws_db_proxy).toBeUndefined();
  });

  it("with a proxy: TLS required, master secret auth, only the proxy reaches the database", () => {
    expect(res(prod).aws_db_proxy.database_proxy).toMatchObject({
      engine_family: "POSTGRESQL",
      require_tls: true,
      auth: [expect.objectContaining({ auth_scheme: "SECRETS", iam_auth: "REQUIRED", secret_arn: "${element(aws_db_instance.database.master_user_secret, 0).secret_arn}" })],
    });
    const ingress = Object.entries(res(prod).aws_vpc_security_group_ingress_rule).filter(([, r]) => r.security_group_id === "${aws_security_group.database_security_group.id}");
    expect(ingress.map(([, r]) => r.referenced_security_group_id)).toEqual(["${aws_security_group.database_proxy_security_group.id}"]);
    // Prod's master secret is under the secrets key: the proxy also decrypts it, only through Secrets Manager.
    expect(docs(prod).database_proxy_role_policy.statement).toEqual([
      expect.objectContaining({ sid: "ReadDatabaseCredentials", actions: ["secretsmanager:GetSecretValue"] }),
      {
        sid: "DecryptDatabaseCredentials",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: ["${aws_kms_key.keys_secrets_key.arn}"],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.us-east-1.amazonaws.com"] }],
      },
    ]);
    expect(res(prod).aws_db_instance.database.master_user_secret_kms_key_id).toBe("${aws_kms_key.keys_secrets_key.arn}");
    expect(prod.output!.database_endpoint.value).toBe("${aws_db_proxy.database_proxy.endpoint}");
  });

  it("clients: with IAM auth the task role may connect through the proxy, and nobody reads the password", () => {
    expect(docs(prod).api_execution_role_policy.statement.map((s) => s.sid)).not.toContain("ReadDatabaseCredentials");
    expect(docs(prod).api_task_role_policy.statement.map((s) => s.sid)).not.toContain("ReadDatabaseCredentials");
    const connect = docs(prod).api_task_role_policy.statement.find((s) => s.sid === "ConnectToDatabase")!;
    expect(connect.resources).toEqual(['arn:aws:rds-db:us-east-1:333333333333:dbuser:${element(split(":", aws_db_proxy.database_proxy.arn), 6)}/app_admin']);
  });
});

describe("Redis", () => {
  it("prod: TLS required, encrypted at rest, one replica with automatic failover and Multi-AZ", () => {
    expect(res(prod).aws_elasticache_replication_group.cache).toMatchObject({
      replication_group_id: "acme-ai-prod-redis",
      engine: "redis",
      num_cache_clusters: 2,
      automatic_failover_enabled: true,
      multi_az_enabled: true,
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      user_group_ids: ["${aws_elasticache_user_group.cache_users.user_group_id}"],
    });
    expect(res(prod).aws_elasticache_replication_group.cache).not.toHaveProperty("auth_token");
  });

  it("authenticates with IAM: the default user is disabled, the app user signs in with IAM", () => {
    expect(res(prod).aws_elasticache_user.cache_default_user).toMatchObject({ user_name: "default", access_string: "off ~* -@all" });
    expect(res(prod).aws_elasticache_user.cache_app_user).toMatchObject({ user_id: "acme-ai-prod-app", user_name: "acme-ai-prod-app", authentication_mode: { type: "iam" } });
    expect(docs(prod).worker_task_role_policy.statement.find((s) => s.sid === "ConnectToRedis")!.resources).toEqual([
      "${aws_elasticache_replication_group.cache.arn}",
      "${aws_elasticache_user.cache_app_user.arn}",
    ]);
  });

  it("staging has no replica, so no failover", () => {
    const staging = synthOf(loadEnvironment("staging", { env: {} }), FoundationStack);
    expect(res(staging).aws_elasticache_replication_group.cache).toMatchObject({ num_cache_clusters: 1, automatic_failover_enabled: false });
  });
});

describe("EFS", () => {
  it("is encrypted, mounted in every private subnet, backed up outside dev", () => {
    expect(res(prod).aws_efs_file_system.file_system).toMatchObject({ encrypted: true, throughput_mode: "elastic" });
    expect(Object.keys(res(prod).aws_efs_mount_target)).toHaveLength(3);
    expect(res(prod).aws_efs_backup_policy.file_system_backups).toMatchObject({ backup_policy: { status: "ENABLED" } });
  });

  it("access points pin the POSIX user and root directory", () => {
    expect(res(prod).aws_efs_access_point.file_system_qdrant_access_point).toMatchObject({
      posix_user: { uid: 1000, gid: 1000 },
      root_directory: { path: "/qdrant", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "750" } },
    });
  });

  it("the file system policy refuses non-TLS access and any mount, write or root access outside an access point", () => {
    expect(docs(prod).file_system_policy_document.statement).toEqual([
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["*"],
        resources: ["${aws_efs_file_system.file_system.arn}"],
        principals: [{ type: "AWS", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
      {
        sid: "DenyAccessOutsideAccessPoints",
        effect: "Deny",
        actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientRootAccess", "elasticfilesystem:ClientWrite"],
        resources: ["${aws_efs_file_system.file_system.arn}"],
        principals: [{ type: "AWS", identifiers: ["*"] }],
        condition: [{ test: "Null", variable: "elasticfilesystem:AccessPointArn", values: ["true"] }],
      },
    ]);
    expect(res(prod).aws_efs_file_system_policy.file_system_policy).toMatchObject({
      file_system_id: "${aws_efs_file_system.file_system.id}",
      policy: "${data.aws_iam_policy_document.file_system_policy_document.json}",
      bypass_policy_lockout_safety_check: false,
    });
  });

  it("each client may mount only its access points: the identity policy allows, conditioned on one, so the resource policy's Deny never applies to it", () => {
    const deny = docs(prod).file_system_policy_document.statement[1];
    const mounts = docs(prod).api_task_role_policy.statement.filter((s) => s.sid.startsWith("MountEfs"));
    expect(mounts).toEqual([
      expect.objectContaining({
        sid: "MountEfsSqlite",
        actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        condition: [{ test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: ["${aws_efs_access_point.file_system_sqlite_access_point.arn}"] }],
      }),
    ]);
    // The Deny applies only when the request carries no access point; every mount grant names one.
    expect(deny.condition).toEqual([{ test: "Null", variable: "elasticfilesystem:AccessPointArn", values: ["true"] }]);
    expect(mounts.every((m) => m.condition?.length === 1 && (m.condition[0] as { variable: string }).variable === "elasticfilesystem:AccessPointArn")).toBe(true);
  });
});

describe("services reach their data stores", () => {
  const services = synthOf(prodConfig, ServicesStack);
  const [api] = JSON.parse(res(services).aws_ecs_task_definition.api.container_definitions as string);

  it("database and cache settings as environment; with IAM auth no credential at all", () => {
    const env = Object.fromEntries(api.environment.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(env).toMatchObject({
      DB_HOST: "${data.terraform_remote_state.foundation.outputs.database_endpoint}",
      DB_USERNAME: "${data.terraform_remote_state.foundation.outputs.database_username}",
      DB_AUTH: "iam",
      DB_SSLMODE: "require",
      REDIS_TLS: "true",
      REDIS_AUTH: "iam",
    });
    expect(env).not.toHaveProperty("DB_SECRET_ARN");
    expect(api.secrets.map((x: { name: string }) => x.name)).toEqual(["OPENAI_API_KEY", "JWT_SECRET", "LANGSMITH_API_KEY"]);
  });

  it("a pinned full engine version turns automatic minor upgrades off; a major upgrade needs allowMajorVersionUpgrade", () => {
    const pinned = { ...prodConfig, database: { ...prodConfig.database!, engineVersion: "16.4", allowMajorVersionUpgrade: true } };
    const pinnedJson = res(synthOf(pinned, FoundationStack));
    expect(pinnedJson.aws_db_instance.database).toMatchObject({ engine_version: "16.4", auto_minor_version_upgrade: false, allow_major_version_upgrade: true });
    expect(pinnedJson.aws_db_parameter_group.database_parameters).toMatchObject({ name_prefix: "acme-ai-prod-db-postgres16-", family: "postgres16" });
  });

  const efsVolume = (accessPoint: string) => ({
    name: `efs-${accessPoint}`,
    efs_volume_configuration: {
      file_system_id: "${data.terraform_remote_state.foundation.outputs.file_system_id}",
      transit_encryption: "ENABLED",
      authorization_config: { access_point_id: `\${data.terraform_remote_state.foundation.outputs.file_system_access_point_ids.${accessPoint}}`, iam: "ENABLED" },
    },
  });

  it("EFS access points as volumes with TLS and IAM authorization, next to the scratch volumes", () => {
    expect(api.mountPoints).toEqual([
      { sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "efs-sqlite", containerPath: "/data/sqlite", readOnly: false },
    ]);
    expect(res(services).aws_ecs_task_definition.api.volume).toEqual([{ name: "scratch-tmp" }, efsVolume("sqlite")]);
  });

  it("an access point mounts at its mountPath, into the internal service that is its client only", () => {
    const [qdrant] = JSON.parse(res(services).aws_ecs_task_definition.qdrant.container_definitions as string);
    expect(qdrant.mountPoints).toEqual([
      { sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "scratch-qdrant-snapshots", containerPath: "/qdrant/snapshots", readOnly: false },
      { sourceVolume: "efs-qdrant", containerPath: "/qdrant/storage", readOnly: false },
    ]);
    expect(res(services).aws_ecs_task_definition.qdrant.volume).toEqual([{ name: "scratch-tmp" }, { name: "scratch-qdrant-snapshots" }, efsVolume("qdrant")]);
    expect(res(services).aws_ecs_task_definition.worker.volume).toEqual([{ name: "scratch-tmp" }]);
    expect(res(services).aws_ecs_task_definition.migrate.volume).toEqual([{ name: "scratch-tmp" }]);
  });
});

describe("data configuration errors", () => {
  it("clients must be declared services and access points must exist", () => {
    const p = problems((d) => {
      d.cache = { clients: ["billing"] };
      d.fileSystem = { accessPoints: { sqlite: { path: "/sqlite" } }, clients: { api: ["qdrant"], cron: ["sqlite"] } };
    });
    expect(p).toContain("cache.clients.0: unknown service \"billing\"; services: api, worker, migrate");
    expect(p).toContain("fileSystem.clients.api.0: unknown access point \"qdrant\"; declared: sqlite");
    expect(p).toContain("fileSystem.clients.cron: unknown service \"cron\"; services: api, worker, migrate");
  });

  it("prod keeps its data tier highly available and protected", () => {
    const p = problems((d) => {
      d.stage = "prod";
      d.database = { multiAz: false, deletionProtection: false, backupRetentionDays: 3, clients: [] };
      d.cache = { replicas: 0 };
    });
    expect(p).toEqual(
      expect.arrayContaining([
        "database.multiAz: prod databases must be Multi-AZ",
        "database.deletionProtection: prod databases must keep deletion protection",
        "database.backupRetentionDays: outside dev keep backups at least 7 days; got 3",
        "cache.replicas: prod caches need at least 1 replica for automatic failover",
      ]),
    );
  });

  it("storage autoscaling cannot be below the allocated storage", () => {
    expect(problems((d) => (d.database = { allocatedStorageGb: 200, maxAllocatedStorageGb: 100 }))).toEqual([
      "database.maxAllocatedStorageGb: must be at least allocatedStorageGb (200)",
    ]);
  });

  it("reserved master user names are refused", () => {
    expect(problems((d) => (d.database = { username: "postgres" }))).toEqual([
      "database.username: is a default administrator name (policy RDS-19, Security Hub RDS.25); not one of postgres, admin, administrator, root, master, sa, rdsadmin, rdsrepladmin",
    ]);
  });
});
