/**
 * Phase 1: what must exist before images and services — the network (VPC,
 * subnets, NAT, endpoints, flow logs, security groups), the log archive, the
 * application buckets and, per service, its repository, log group, secret and
 * least-privilege roles.
 */
import type { Construct } from "constructs";
import { ApprunnerVpcConnector } from "@cdktf/provider-aws/lib/apprunner-vpc-connector";
import { FileSystem } from "../constructs/file-system";
import { GithubDeployRole, type PhaseFootprint } from "../constructs/github/deploy-role";
import { GithubPlanRole } from "../constructs/github/plan-role";
import { LogsBucket } from "../constructs/logs-bucket";
import { POSTGRES_PORT, PostgresDatabase } from "../constructs/postgres-database";
import { REDIS_PORT, RedisCache } from "../constructs/redis-cache";
import { CreatedVpc, ImportedVpc, type INetwork } from "../constructs/network";
import { SecureBucket } from "../constructs/secure-bucket";
import { SecurityGroup } from "../constructs/security-group";
import { VpcEndpoints } from "../constructs/vpc-endpoints";
import { ServiceFoundation } from "../constructs/service-foundation";
import { ServiceSecret } from "../constructs/service-secret";
import { LOAD_BALANCER_LOG_PREFIX } from "../constructs/load-balancer";
import { fromConfig } from "../policy/provenance";
import { environmentAlertTopic, type AlertTopic } from "../constructs/alerts/alert-topic";
import { EventAlert } from "../constructs/alerts/event-alert";
import { catalogueAlarms, type KindMetrics } from "../constructs/alerts/catalogue-alarms";
import { postgresMaxConnections } from "../config/database-limits";
import type { KeyClass } from "../config/encryption-schema";
import { EnvironmentKeys } from "../constructs/keys/environment-keys";
import { CDN_REGION } from "../config/encryption";
import { alarmFacts } from "../config/alarms";
import { FoundationContract } from "./contracts";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";

export class FoundationStack extends PhaseStack {
  readonly services: ReadonlyMap<string, ServiceFoundation>;
  readonly buckets: ReadonlyMap<string, SecureBucket>;
  readonly logs: LogsBucket;
  readonly network: INetwork;
  /** Every task's baseline group: HTTPS out, and the interface endpoints admit it. No ingress. */
  readonly appSecurityGroup: SecurityGroup;
  /** One group per service: the data tier admits exactly its declared clients' groups. */
  readonly serviceSecurityGroups: ReadonlyMap<string, SecurityGroup>;
  readonly sharedSecrets: ReadonlyMap<string, ServiceSecret>;
  readonly database?: PostgresDatabase;
  readonly cache?: RedisCache;
  readonly fileSystem?: FileSystem;
  /** The GitHub Actions roles (config github), given the phases' footprint by `allowGithubRoles` once every phase is built. */
  private githubRoles?: { readonly deploy: GithubDeployRole; readonly plan: GithubPlanRole };

  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "foundation", props);
    const c = this.config;
    const p = c.protection;

    // Keys first: every data store below is created encrypted with its class's key.
    const keys = this.environmentKeys();
    this.logs = new LogsBucket(this, "logs_bucket", {
      bucketName: c.names.bucket("logs"),
      accountId: c.accountId,
      region: c.region,
      partition: c.partition,
      retentionDays: p.logRetentionDays,
      forceDestroy: p.forceDestroy,
    });
    const flowLogs = { destination: c.network.flowLogs, retentionDays: p.logRetentionDays, logsBucket: this.logs, accountId: c.accountId, kmsKeyArn: keys?.logs };
    this.network = fromConfig(
      c.network.mode === "create"
        ? new CreatedVpc(this, "vpc", { namePrefix: c.names.prefix, network: c.network, availabilityZones: c.availabilityZones, flowLogs })
        : new ImportedVpc(this, "vpc", { namePrefix: c.names.prefix, network: c.network, flowLogs }),
      "network",
    );
    // Formerly "app"; renamed so "app" stays free as a service name.
    this.renamed("service_tier", "app");
    this.appSecurityGroup = new SecurityGroup(this, "service_tier", {
      name: `${c.names.prefix}-app`,
      description: `Application tasks of ${c.names.prefix}`,
      vpcId: this.network.vpcId,
    });
    this.appSecurityGroup.allowEgressAnywhere(443, "HTTPS to AWS APIs and external APIs");
    this.serviceSecurityGroups = new Map(
      c.services.map((s, i) => [
        s.name,
        fromConfig(new SecurityGroup(this, `${s.name}_tasks`, { name: `${c.names.prefix}-${s.name}`, description: `Tasks of the ${s.name} service in ${c.names.prefix}`, vpcId: this.network.vpcId, label: s.name }), `services.${i}`),
      ]),
    );
    for (const s of c.services) {
      for (const port of s.egressPorts) this.serviceSecurityGroups.get(s.name)!.allowEgressAnywhere(port, `TCP ${port} from ${s.name} to any address (egressPorts)`);
    }
    const groupsOf = (names: readonly string[]) => names.map((n) => this.serviceSecurityGroups.get(n)!);
    const endpoints = new VpcEndpoints(this, "endpoints", {
      namePrefix: c.names.prefix,
      region: c.region,
      network: this.network,
      gateway: c.network.endpoints.gateway,
      interface: c.network.endpoints.interface,
      clients: [this.appSecurityGroup],
    });
    fromConfig(endpoints, "network.endpoints");

    this.buckets = new Map(
      c.buckets.map((b) => [
        b.key,
        fromConfig(
          new SecureBucket(this, `${b.key}_bucket`, {
            bucketName: b.name,
            versioned: b.versioned,
            noncurrentVersionExpirationDays: b.noncurrentVersionExpirationDays,
            forceDestroy: p.forceDestroy,
            accessLogs: { bucketName: this.logs.bucket.name, prefix: `s3/${b.name}/` },
            kmsKeyArn: keys?.data,
            region: c.region,
          }),
          `buckets.${b.key}`,
        ),
      ]),
    );

    const data = { namePrefix: c.names.prefix, network: this.network, kmsKeyArn: keys?.data };
    this.database = c.database && fromConfig(new PostgresDatabase(this, "database", {
            ...data,
            clients: groupsOf(c.database.clients),
            database: c.database,
            accountId: c.accountId,
            region: c.region,
            partition: c.partition,
            enhancedMonitoring: c.stage === "prod",
            logs: { retentionDays: p.logRetentionDays, kmsKeyArn: keys?.logs },
            secretsKmsKeyArn: keys?.secrets,
          }), "database");
    this.cache = c.cache && fromConfig(new RedisCache(this, "cache", { ...data, clients: groupsOf(c.cache.clients), cache: c.cache }), "cache");
    this.fileSystem =
      c.fileSystem && fromConfig(new FileSystem(this, "file_system", { ...data, clients: groupsOf(Object.keys(c.fileSystem.clients)), fileSystem: c.fileSystem, backups: c.stage !== "dev" }), "fileSystem");

    this.sharedSecrets = new Map(
      Object.entries(c.sharedSecrets).map(([name, secret]) => [
        name,
        fromConfig(
          new ServiceSecret(this, `${name}_shared_secret`, { secretName: c.names.sharedSecret(name), keys: secret.keys, recoveryWindowDays: p.secretRecoveryDays, kmsKeyArn: keys?.secrets, region: c.region }),
          `sharedSecrets.${name}`,
        ),
      ]),
    );

    this.services = new Map(
      c.services.map((s, i) => [
        s.name,
        fromConfig(
          new ServiceFoundation(this, { service: s, config: c, buckets: this.buckets, database: this.database, cache: this.cache, fileSystem: this.fileSystem, sharedSecrets: this.sharedSecrets, keys }),
          `services.${i}`,
        ),
      ]),
    );

    // Load balancer access logs go to the archive outside dev (services phase).
    if (c.stage !== "dev" && c.services.some((s) => s.kind === "web" && s.compute === "ecs")) this.logs.grantLoadBalancerLogs(LOAD_BALANCER_LOG_PREFIX);
    // One connector per App Runner service whose traffic must reach the VPC, in that service's own
    // group: the data tier admits exactly its declared clients, as for ECS tasks.
    const connectors = new Map(
      c.services.flatMap((s, i) =>
        s.kind === "web" && s.appRunner?.egress === "vpc"
          ? [
              [
                s.name,
                fromConfig(
                  new ApprunnerVpcConnector(this, `${s.name}_vpc_connector`, {
                    vpcConnectorName: c.names.appRunnerService(s.name),
                    subnets: [...this.network.privateSubnetIds],
                    securityGroups: [this.appSecurityGroup.id, this.serviceSecurityGroups.get(s.name)!.id],
                  }),
                  `services.${i}`,
                ),
              ] as const,
            ]
          : [],
      ),
    );
    const github = c.github && fromConfig(new GithubDeployRole(this, "github_deploy", { config: c, github: c.github, repositories: [...this.services.values()].map((f) => f.repository), keyArns: keys && Object.values(keys) }), "github");
    if (c.github && github) {
      const plan = fromConfig(new GithubPlanRole(this, "github_plan", { config: c, github: c.github, providerArn: github.providerArn, parametersKeyArn: keys?.secrets }), "github");
      this.githubRoles = { deploy: github, plan };
    }

    const services = [...this.services];
    const byService = (value: (f: ServiceFoundation) => string | undefined) =>
      Object.fromEntries(services.flatMap(([name, f]) => {
        const v = value(f);
        return v === undefined ? [] : [[name, v]];
      }));
    const buckets = [...this.buckets];
    const alerts = this.alerts();
    this.publish(FoundationContract, {
      alert_topic_arn: alerts.arn,
      data_key_arn: keys?.data ?? "",
      logs_key_arn: keys?.logs ?? "",
      secrets_key_arn: keys?.secrets ?? "",
      vpc_id: this.network.vpcId,
      vpc_cidr: this.network.vpcCidr,
      public_subnet_ids: [...this.network.publicSubnetIds],
      private_subnet_ids: [...this.network.privateSubnetIds],
      database_subnet_ids: [...this.network.databaseSubnetIds],
      app_security_group_id: this.appSecurityGroup.id,
      service_security_group_ids: Object.fromEntries([...this.serviceSecurityGroups].map(([name, g]) => [name, g.id])),
      shared_secret_arns: Object.fromEntries([...this.sharedSecrets].map(([name, secret]) => [name, secret.arn])),
      logs_bucket_name: this.logs.bucket.name,
      database_endpoint: this.database?.endpoint ?? "",
      database_port: this.database ? String(POSTGRES_PORT) : "",
      database_identifier: this.database?.identifier ?? "",
      cache_node_ids: Object.fromEntries((this.cache?.memberClusterIds ?? []).map((id) => [`node_${id.slice(id.lastIndexOf("-") + 1)}`, id])),
      database_name: c.database?.databaseName ?? "",
      database_username: c.database?.username ?? "",
      database_secret_arn: this.database?.masterSecretArn ?? "",
      cache_endpoint: this.cache?.endpoint ?? "",
      cache_port: this.cache ? String(REDIS_PORT) : "",
      cache_username: this.cache?.appUser.userName ?? "",
      file_system_id: this.fileSystem?.fileSystem.id ?? "",
      apprunner_vpc_connector_arns: Object.fromEntries([...connectors].map(([name, connector]) => [name, connector.arn])),
      github_deploy_role_arn: github?.role.arn ?? "",
      file_system_access_point_ids: Object.fromEntries(Object.entries(this.fileSystem?.accessPoints ?? {}).map(([name, ap]) => [name, ap.id])),
      ecr_repository_urls: byService((f) => f.repository.repository.repositoryUrl),
      ecr_repository_arns: byService((f) => f.repository.repository.arn),
      task_role_arns: byService((f) => f.taskRole.arn),
      execution_role_arns: byService((f) => f.executionRole.arn),
      log_group_names: byService((f) => f.logs?.name),
      secret_arns: byService((f) => f.secret?.arn),
      bucket_names: Object.fromEntries(buckets.map(([key, b]) => [key, b.name])),
      bucket_arns: Object.fromEntries(buckets.map(([key, b]) => [key, b.arn])),
    });
  }

  /**
   * The environment's customer managed keys by data class: created here (the
   * first phase that holds data), or the team's own; none with AWS-managed keys.
   */
  /** Let the GitHub roles deploy and plan what the phases contain (called by buildApp, after every phase is built). */
  allowGithubRoles(footprint: PhaseFootprint): void {
    this.githubRoles?.deploy.manage(footprint);
    this.githubRoles?.plan.read(footprint.types);
  }

  private environmentKeys(): Readonly<Record<KeyClass, string>> | undefined {
    const c = this.config;
    const e = c.encryption;
    if (e.mode === "aws-managed") return undefined;
    if (e.mode === "bring") return e.keyArns;
    return fromConfig(
      new EnvironmentKeys(this, "keys", {
        namePrefix: c.names.prefix,
        accountId: c.accountId,
        partition: c.partition,
        region: c.region,
        fargateCluster: c.names.ecsCluster,
        siteBucketArn: c.frontend.type === "static" ? `arn:${c.partition}:s3:::${c.names.bucket("frontend")}` : undefined,
        // The CDN firewall's log group is in us-east-1: the logs key serves it only there.
        logGroupPatterns: c.names.logGroupPatterns.filter((g) => c.region === CDN_REGION || g !== c.names.firewallLogGroup("cdn")),
        deletionWindowDays: e.keyDeletionWindowDays,
        retain: c.protection.deletionProtection,
      }),
      "encryption",
    ).arns;
  }

  /**
   * The catalogue's database alarms (config/alarms.ts): CPU, free storage (share
   * of what is allocated), freeable memory, read and write latency, connections
   * (share of the class's max_connections).
   */
  private databaseAlarms(database: PostgresDatabase, topicArn: string): void {
    const c = this.config;
    const db = c.database!;
    const rds = (metricName: string) => ({ namespace: "AWS/RDS", metricName, dimensions: { DBInstanceIdentifier: database.identifier }, statistic: "Average" });
    const maxConnections = postgresMaxConnections(db.instanceClass);
    const metrics: KindMetrics = [
      ["databaseCpu", rds("CPUUtilization")],
      ["databaseFreeStorage", { expression: `100 * free / ${db.allocatedStorageGb * 1024 ** 3}`, label: "free storage (%)", metrics: { free: rds("FreeStorageSpace") } }],
      ["databaseFreeableMemory", { expression: `memory / ${1024 ** 2}`, label: "freeable memory (MiB)", metrics: { memory: rds("FreeableMemory") } }],
      ["databaseReadLatency", rds("ReadLatency")],
      ["databaseWriteLatency", rds("WriteLatency")],
      ...(maxConnections === undefined
        ? []
        : ([["databaseConnections", { expression: `100 * connections / ${maxConnections}`, label: `connections (% of ${maxConnections})`, metrics: { connections: { ...rds("DatabaseConnections"), statistic: "Maximum" } } }]] as const)),
    ];
    for (const alarm of catalogueAlarms(this, { idPrefix: "", namePrefix: c.names.prefix, topicArn, overrides: c.alarms, stage: c.stage, facts: alarmFacts(c), metrics, watched: database.instance })) fromConfig(alarm, "database");
  }

  /**
   * The catalogue's cache alarms, per node (each member cluster of the replication
   * group): host and engine CPU, memory, evictions, connections, and on replicas
   * their replication lag.
   */
  private cacheAlarms(cache: RedisCache, topicArn: string): void {
    const c = this.config;
    const members = cache.memberClusterIds;
    members.forEach((clusterId) => {
      const node = (metricName: string, statistic = "Average") => ({ namespace: "AWS/ElastiCache", metricName, dimensions: { CacheClusterId: clusterId }, statistic });
      const metrics: KindMetrics = [
        ["cacheCpu", node("CPUUtilization")],
        ["cacheEngineCpu", node("EngineCPUUtilization")],
        ["cacheMemory", node("DatabaseMemoryUsagePercentage")],
        ["cacheEvictions", node("Evictions", "Sum")],
        ["cacheConnections", node("CurrConnections", "Maximum")],
        // Every node: the primary reports no lag (missing, not breaching), and a failover swaps the roles.
        ...(members.length > 1 ? ([["cacheReplicationLag", node("ReplicationLag", "Maximum")]] as const) : []),
      ];
      const suffix = clusterId.slice(clusterId.lastIndexOf("-") + 1);
      for (const alarm of catalogueAlarms(this, { idPrefix: "", namePrefix: c.names.prefix, suffix, topicArn, overrides: c.alarms, stage: c.stage, metrics, watched: cache.replicationGroup })) fromConfig(alarm, "cache");
    });
    // The alarms name the nodes as ElastiCache numbers them; after replicas were removed the survivors may be
    // numbered otherwise. A check (a warning in every plan, never a stop) says so rather than alarms watching nothing.
    this.addOverride("check.cache_nodes_alarmed", {
      assert: [
        {
          condition: `\${toset(${cache.replicationGroup.fqn}.member_clusters) == toset(${JSON.stringify(members)})}`,
          error_message: `The cache's nodes are no longer ${members.join(", ")} (replicas were removed and ElastiCache kept others), so alarms and dashboard graphs watch nodes that do not exist: set cache.replicas back, or re-create the cache.`,
        },
      ],
    });
  }

  /**
   * The alert topic every later phase publishes to, and the database's events that
   * need a person: a failover, a failure, storage running out.
   */
  private alerts(): AlertTopic {
    const c = this.config;
    const topic = fromConfig(environmentAlertTopic(this, "alerts", c), "alerts");
    if (this.database) this.databaseAlarms(this.database, topic.arn);
    if (this.cache) this.cacheAlarms(this.cache, topic.arn);
    if (this.database) {
      fromConfig(
        new EventAlert(this, "database_events", {
          name: `${c.names.prefix}-database-events`,
          description: `Failover, failure and low storage of the ${c.names.prefix} database`,
          eventPattern: {
            source: ["aws.rds"],
            "detail-type": ["RDS DB Instance Event"],
            detail: { SourceIdentifier: [this.database.instance.identifier], EventCategories: ["failover", "failure", "low storage"] },
          },
          topicArn: topic.arn,
          message: { paths: { database: "$.detail.SourceIdentifier", category: "$.detail.EventCategories[0]", message: "$.detail.Message" }, template: "Database <database> (<category>): <message>" },
        }),
        "database",
      );
    }
    return topic;
  }
}
