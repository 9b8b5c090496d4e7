/**
 * RDS PostgreSQL in the isolated database subnets: encrypted, never public, TLS
 * enforced by its parameter group (rds.force_ssl), which also logs schema changes
 * and slow statements, master password generated and kept by RDS in Secrets
 * Manager (never in config or state), automated backups, log exports, Performance
 * Insights, and deletion protection / final snapshot per stage. Optionally
 * fronted by an RDS Proxy that requires TLS (seed 000).
 */
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { databaseIdentifier, rdsLogGroupPrefix } from "../config/names";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbProxy } from "@cdktf/provider-aws/lib/db-proxy";
import { DbProxyDefaultTargetGroup } from "@cdktf/provider-aws/lib/db-proxy-default-target-group";
import { DbProxyTarget } from "@cdktf/provider-aws/lib/db-proxy-target";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import type { ResolvedDatabase } from "../config/defaults";
import { grant, kmsViaServiceStatement, type Grant, type IGrantable } from "./grant";
import type { INetwork } from "./network";
import { SecurityGroup, type SecurityGroupBase } from "./security-group";
import { ServiceRole } from "./service-role";

export const POSTGRES_PORT = 5432;

export interface PostgresDatabaseProps {
  readonly namePrefix: string;
  readonly database: ResolvedDatabase;
  readonly network: INetwork;
  /** Security group of the tasks that connect. */
  /** Security groups of the declared clients, each admitted on its own rule. */
  readonly clients: readonly SecurityGroupBase[];
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  /** @default - the AWS managed RDS key */
  readonly kmsKeyArn?: string;
  /** Key of the master credentials' secret (RDS keeps it in Secrets Manager). @default - aws/secretsmanager */
  readonly secretsKmsKeyArn?: string;
  /**
   * The log groups RDS exports to (postgresql, upgrade), created here first so
   * that they keep the environment's retention and key rather than RDS's
   * defaults (never expire, AWS-managed encryption).
   */
  readonly logs: { readonly retentionDays: number; readonly kmsKeyArn?: string };
  /** OS metrics every 60 s (enhanced monitoring), with the role RDS uses to publish them. @default false */
  readonly enhancedMonitoring?: boolean;
}

export class PostgresDatabase extends Construct {
  readonly instance: DbInstance;
  /** The instance's identifier (`<prefix>-db`), known at synthesis. */
  readonly identifier: string;
  /** The master secret's customer managed key, and its region (for kms:ViaService). */
  private readonly secretsKey?: { readonly arn: string; readonly region: string };
  readonly securityGroup: SecurityGroup;
  readonly proxy?: DbProxy;
  readonly proxySecurityGroup?: SecurityGroup;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const d = props.database;
    const major = d.engineVersion.split(".")[0];
    const pinnedMinor = d.engineVersion.includes(".");
    const identifier = databaseIdentifier(props.namePrefix);
    // Set before the proxy's role is granted the credentials below.
    this.secretsKey = props.secretsKmsKeyArn ? { arn: props.secretsKmsKeyArn, region: props.region } : undefined;
    this.identifier = identifier;

    this.securityGroup = new SecurityGroup(this, "security_group", {
      label: id,
      name: identifier,
      description: `PostgreSQL ${identifier}: ${d.proxy ? "from its RDS Proxy" : "from the application tier"} on ${POSTGRES_PORT}`,
      vpcId: props.network.vpcId,
    });
    const subnets = new DbSubnetGroup(this, "subnets", {
      name: identifier,
      description: `Isolated database subnets of ${props.namePrefix}`,
      subnetIds: [...props.network.databaseSubnetIds],
    });
    // A major upgrade needs a new family, so the group is replaced: a name prefix lets
    // the new group exist next to the old one (create before destroy).
    const parameters = new DbParameterGroup(this, "parameters", {
      namePrefix: `${identifier}-postgres${major}-`,
      family: `postgres${major}`,
      description: `TLS-only PostgreSQL ${major} for ${props.namePrefix}`,
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        // Statements slower than a second, and every schema change (CREATE, ALTER, DROP) with who ran
        // it; "mod" or "all" would also write the data the application changes into the logs.
        { name: "log_min_duration_statement", value: "1000" },
        { name: "log_statement", value: "ddl" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // RDS publishes the OS metrics as itself, through a role only it (of this account) may assume.
    const monitoringRole = props.enhancedMonitoring
      ? new IamRole(this, "monitoring_role", {
          name: `${identifier}-monitoring`,
          description: `Enhanced monitoring of ${identifier}`,
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "monitoring.rds.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": props.accountId } } }],
          }),
        })
      : undefined;
    if (monitoringRole) {
      new IamRolePolicyAttachment(this, "monitoring_role_policy", {
        role: monitoringRole.name,
        policyArn: `arn:${props.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
      });
    }
    const exports = ["postgresql", "upgrade"];
    const logGroups = exports.map(
      (e) => new CloudwatchLogGroup(this, `${e}_logs`, { name: `${rdsLogGroupPrefix(identifier)}/${e}`, retentionInDays: props.logs.retentionDays, kmsKeyId: props.logs.kmsKeyArn }),
    );
    this.instance = new DbInstance(this, "Resource", {
      // RDS would create the groups on first export, with neither retention nor key.
      dependsOn: logGroups,
      monitoringInterval: monitoringRole ? 60 : 0,
      monitoringRoleArn: monitoringRole?.arn,
      identifier,
      engine: "postgres",
      // A major version only ("16") lets RDS apply minor upgrades without the next plan
      // trying to downgrade; a full version ("16.4") pins it and turns automatic minor upgrades off.
      engineVersion: d.engineVersion,
      allowMajorVersionUpgrade: d.allowMajorVersionUpgrade,
      instanceClass: d.instanceClass,
      allocatedStorage: d.allocatedStorageGb,
      maxAllocatedStorage: d.maxAllocatedStorageGb,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      dbName: d.databaseName,
      username: d.username,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.secretsKmsKeyArn,
      port: POSTGRES_PORT,
      multiAz: d.multiAz,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      iamDatabaseAuthenticationEnabled: d.iamAuthentication,
      backupRetentionPeriod: d.backupRetentionDays,
      backupWindow: d.backupWindow,
      maintenanceWindow: d.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: d.deletionProtection,
      skipFinalSnapshot: !d.finalSnapshot,
      finalSnapshotIdentifier: d.finalSnapshot ? `${identifier}-final` : undefined,
      performanceInsightsEnabled: d.performanceInsights,
      performanceInsightsRetentionPeriod: d.performanceInsights ? 7 : undefined,
      // Performance Insights holds query text: the same key as the storage.
      performanceInsightsKmsKeyId: d.performanceInsights ? props.kmsKeyArn : undefined,
      enabledCloudwatchLogsExports: exports,
      autoMinorVersionUpgrade: !pinnedMinor,
      caCertIdentifier: "rds-ca-rsa2048-g1",
    });

    if (!d.proxy) {
      for (const client of props.clients) this.securityGroup.allowFrom(client, POSTGRES_PORT, `PostgreSQL from ${client.label}`);
      return;
    }
    this.proxySecurityGroup = new SecurityGroup(this, "proxy_security_group", {
      label: `${id}_proxy`,
      name: `${identifier}-proxy`,
      description: `RDS Proxy ${identifier}: from the application tier on ${POSTGRES_PORT}`,
      vpcId: props.network.vpcId,
    });
    for (const client of props.clients) this.proxySecurityGroup.allowFrom(client, POSTGRES_PORT, `PostgreSQL from ${client.label} to the proxy`);
    this.securityGroup.allowFrom(this.proxySecurityGroup, POSTGRES_PORT, "PostgreSQL from the RDS Proxy");
    const role = new ServiceRole(this, "proxy_role", {
      roleName: `${identifier}-proxy`,
      description: `RDS Proxy ${identifier}: reads the master credentials`,
      servicePrincipal: "rds.amazonaws.com",
      accountId: props.accountId,
    });
    this.grantReadCredentials(role);
    this.proxy = new DbProxy(this, "proxy", {
      name: `${identifier}-proxy`,
      engineFamily: "POSTGRESQL",
      requireTls: true,
      idleClientTimeout: 1800,
      roleArn: role.arn,
      vpcSubnetIds: [...props.network.databaseSubnetIds],
      vpcSecurityGroupIds: [this.proxySecurityGroup.id],
      auth: [{ authScheme: "SECRETS", secretArn: this.masterSecretArn, iamAuth: d.iamAuthentication ? "REQUIRED" : "DISABLED", clientPasswordAuthType: "POSTGRES_SCRAM_SHA_256", description: "master user" }],
    });
    new DbProxyDefaultTargetGroup(this, "proxy_targets", {
      dbProxyName: this.proxy.name,
      connectionPoolConfig: { maxConnectionsPercent: 90, maxIdleConnectionsPercent: 50, connectionBorrowTimeout: 120 },
    });
    new DbProxyTarget(this, "proxy_target", { dbProxyName: this.proxy.name, targetGroupName: "default", dbInstanceIdentifier: this.instance.identifier });
  }

  /** The Secrets Manager secret RDS keeps the master credentials in ({"username", "password"}). */
  get masterSecretArn(): string {
    return Fn.lookup(Fn.element(this.instance.masterUserSecret, 0), "secret_arn");
  }

  /** Where clients connect: the proxy when there is one, else the instance. */
  get endpoint(): string {
    return this.proxy ? this.proxy.endpoint : this.instance.address;
  }

  /**
   * Let a principal read the master credentials (a task reading the current
   * password, the RDS Proxy). With a customer managed key for the secret, also
   * decrypt it, only through Secrets Manager; with aws/secretsmanager no KMS
   * statement is needed.
   */
  grantReadCredentials(grantee: IGrantable): Grant {
    const read = { sid: "ReadDatabaseCredentials", actions: ["secretsmanager:GetSecretValue"], resources: [this.masterSecretArn] };
    const key = this.secretsKey;
    if (!key) return grant(grantee, read);
    return grant(grantee, read, kmsViaServiceStatement({ sid: "DecryptDatabaseCredentials", actions: ["kms:Decrypt"], keyArn: key.arn, service: "secretsmanager", region: key.region, owner: `PostgresDatabase ${this.node.path}` }));
  }

  /** Let a principal connect as `user` with IAM database authentication. */
  grantConnect(grantee: IGrantable, user: string, ctx: { partition: string; region: string; accountId: string }): Grant {
    // Through a proxy the resource id is the proxy's (prx-…, the last field of its ARN); else the instance's (db-…).
    const resourceId = this.proxy ? Fn.element(Fn.split(":", this.proxy.arn), 6) : this.instance.resourceId;
    return grant(grantee, {
      sid: "ConnectToDatabase",
      actions: ["rds-db:connect"],
      resources: [`arn:${ctx.partition}:rds-db:${ctx.region}:${ctx.accountId}:dbuser:${resourceId}/${user}`],
    });
  }
}
