/**
 * ElastiCache Redis (seed 003) in the private subnets: TLS in transit, encryption
 * at rest, automatic failover and Multi-AZ when it has replicas, and
 * authentication through an RBAC user group whose only enabled user signs in with
 * IAM — so no AUTH token exists anywhere, neither in config nor in Terraform state.
 * The built-in `default` user is kept in the group (AWS requires it) but disabled.
 */
import { Construct } from "constructs";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import type { ResolvedCache } from "../config/defaults";
import type { INetwork } from "./network";
import { SecurityGroup, type SecurityGroupBase } from "./security-group";
import { grant, type Grant, type IGrantable } from "./grant";

export const REDIS_PORT = 6379;

export interface RedisCacheProps {
  readonly namePrefix: string;
  readonly cache: ResolvedCache;
  readonly network: INetwork;
  /** Security groups of the declared clients, each admitted on its own rule. */
  readonly clients: readonly SecurityGroupBase[];
  /** @default - the AWS owned key */
  readonly kmsKeyArn?: string;
}

export class RedisCache extends Construct {
  readonly replicationGroup: ElasticacheReplicationGroup;
  readonly securityGroup: SecurityGroup;
  readonly appUser: ElasticacheUser;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const c = props.cache;
    const name = `${props.namePrefix}-redis`;
    this.securityGroup = new SecurityGroup(this, "security_group", {
      label: id,
      name,
      description: `Redis ${name}: from the application tier on ${REDIS_PORT}`,
      vpcId: props.network.vpcId,
    });
    for (const client of props.clients) this.securityGroup.allowFrom(client, REDIS_PORT, `Redis (TLS) from ${client.label}`);
    const subnets = new ElasticacheSubnetGroup(this, "subnets", { name, description: `Private subnets of ${props.namePrefix}`, subnetIds: [...props.network.privateSubnetIds] });

    const disabledDefault = new ElasticacheUser(this, "default_user", {
      userId: `${props.namePrefix}-default`,
      userName: "default",
      engine: "redis",
      accessString: "off ~* -@all",
      authenticationMode: { type: "no-password-required" },
    });
    // For IAM authentication the user name must equal the user id.
    this.appUser = new ElasticacheUser(this, "app_user", {
      userId: `${props.namePrefix}-app`,
      userName: `${props.namePrefix}-app`,
      engine: "redis",
      accessString: "on ~* +@all -@dangerous",
      authenticationMode: { type: "iam" },
    });
    const users = new ElasticacheUserGroup(this, "users", { userGroupId: name, engine: "redis", userIds: [disabledDefault.userId, this.appUser.userId] });

    const ha = c.replicas > 0;
    this.replicationGroup = new ElasticacheReplicationGroup(this, "Resource", {
      replicationGroupId: name,
      description: `Redis for ${props.namePrefix}`,
      engine: "redis",
      engineVersion: c.engineVersion,
      nodeType: c.nodeType,
      port: REDIS_PORT,
      numCacheClusters: 1 + c.replicas,
      automaticFailoverEnabled: ha,
      multiAzEnabled: ha,
      subnetGroupName: subnets.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [users.userGroupId],
      autoMinorVersionUpgrade: "true",
      snapshotRetentionLimit: ha ? 7 : 1,
      applyImmediately: false,
    });
  }

  /**
   * The member clusters (nodes) of the replication group, as ElastiCache names
   * them: `<group>-001`, `<group>-002`, … (their metrics' CacheClusterId).
   */
  get memberClusterIds(): string[] {
    const count = this.replicationGroup.numCacheClustersInput ?? 1;
    return Array.from({ length: count }, (_, i) => `${this.replicationGroup.replicationGroupIdInput}-${String(i + 1).padStart(3, "0")}`);
  }

  get endpoint(): string {
    return this.replicationGroup.primaryEndpointAddress;
  }

  /** Let a principal sign in as the app user with IAM authentication (the at-rest KMS key needs no client permission). */
  grantConnect(grantee: IGrantable): Grant {
    return grant(grantee, { sid: "ConnectToRedis", actions: ["elasticache:Connect"], resources: [this.replicationGroup.arn, this.appUser.arn] });
  }
}
