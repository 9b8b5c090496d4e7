/**
 * EFS for state that must outlive tasks (seed 001: SQLite and Qdrant data):
 * encrypted, mount targets in every private subnet, a file system policy that
 * refuses non-TLS access and any mount, write or root access that does not go
 * through an access point, backups outside dev, and access points that pin a
 * POSIX user and root directory per use.
 *
 * The file system policy only denies; access comes from identity policies
 * (`grantMount`), which is enough within the account, and the ECS volume mounts
 * with IAM authorization so EFS sees the task role. The policy replaces EFS's
 * default "any client may mount" policy, so clients without a grant get nothing.
 */
import { Construct } from "constructs";
import { EfsAccessPoint } from "@cdktf/provider-aws/lib/efs-access-point";
import { EfsBackupPolicy } from "@cdktf/provider-aws/lib/efs-backup-policy";
import { EfsFileSystem } from "@cdktf/provider-aws/lib/efs-file-system";
import { EfsFileSystemPolicy } from "@cdktf/provider-aws/lib/efs-file-system-policy";
import { EfsMountTarget } from "@cdktf/provider-aws/lib/efs-mount-target";
import type { FileSystemConfig } from "../config/schema";
import type { INetwork } from "./network";
import { grant, type Grant, type IGrantable } from "./grant";
import { PolicyDocument } from "./policy-document";
import { SecurityGroup, type SecurityGroupBase } from "./security-group";

export const NFS_PORT = 2049;

export interface FileSystemProps {
  readonly namePrefix: string;
  readonly fileSystem: FileSystemConfig;
  readonly network: INetwork;
  /** Security groups of the declared clients, each admitted on its own rule. */
  readonly clients: readonly SecurityGroupBase[];
  readonly backups: boolean;
  /** @default - the AWS managed EFS key */
  readonly kmsKeyArn?: string;
}

export class FileSystem extends Construct {
  readonly fileSystem: EfsFileSystem;
  readonly accessPoints: Record<string, EfsAccessPoint> = {};
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: FileSystemProps) {
    super(scope, id);
    const name = `${props.namePrefix}-efs`;
    this.securityGroup = new SecurityGroup(this, "security_group", { name, description: `EFS ${name}: NFS from the application tier`, vpcId: props.network.vpcId, label: id });
    for (const client of props.clients) this.securityGroup.allowFrom(client, NFS_PORT, `NFS (TLS) from ${client.label}`);
    this.fileSystem = new EfsFileSystem(this, "Resource", {
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: "generalPurpose",
      throughputMode: props.fileSystem.throughputMode,
      lifecyclePolicy: [{ transitionToIa: "AFTER_30_DAYS" }, { transitionToPrimaryStorageClass: "AFTER_1_ACCESS" }],
      tags: { Name: name },
    });
    props.network.privateSubnetIds.forEach(
      (subnetId, i) => new EfsMountTarget(this, `mount_target_${i}`, { fileSystemId: this.fileSystem.id, subnetId, securityGroups: [this.securityGroup.id] }),
    );
    new EfsBackupPolicy(this, "backups", { fileSystemId: this.fileSystem.id, backupPolicy: { status: props.backups ? "ENABLED" : "DISABLED" } });
    for (const [apName, ap] of Object.entries(props.fileSystem.accessPoints)) {
      this.accessPoints[apName] = new EfsAccessPoint(this, `${apName.replace(/-/g, "_")}_access_point`, {
        fileSystemId: this.fileSystem.id,
        posixUser: { uid: ap.uid, gid: ap.gid },
        rootDirectory: { path: ap.path, creationInfo: { ownerUid: ap.uid, ownerGid: ap.gid, permissions: "750" } },
        tags: { Name: `${name}-${apName}` },
      });
    }
    const policy = new PolicyDocument(this, "policy_document", [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["*"],
        resources: [this.fileSystem.arn],
        principals: [{ type: "AWS", identifiers: ["*"] }],
        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
      {
        // Without an access point a client would see the whole file system as whatever
        // POSIX user it claims; through one it gets the access point's user and directory.
        sid: "DenyAccessOutsideAccessPoints",
        effect: "Deny",
        actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess"],
        resources: [this.fileSystem.arn],
        principals: [{ type: "AWS", identifiers: ["*"] }],
        conditions: [{ test: "Null", variable: "elasticfilesystem:AccessPointArn", values: ["true"] }],
      },
    ]);
    new EfsFileSystemPolicy(this, "policy", { fileSystemId: this.fileSystem.id, policy: policy.json, bypassPolicyLockoutSafetyCheck: false });
  }

  /**
   * Let a principal mount (read-write) through one access point, over TLS. The
   * statement is conditioned on that access point, so it never meets the file
   * system policy's Deny (which applies only without an access point).
   */
  grantMount(grantee: IGrantable, accessPoint: string): Grant {
    const ap = this.accessPoints[accessPoint];
    if (!ap) throw new Error(`unknown access point ${accessPoint}`);
    return grant(grantee, {
      sid: `MountEfs${accessPoint.replace(/(^|-)([a-z0-9])/g, (_m, _d, ch: string) => ch.toUpperCase())}`,
      actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
      resources: [this.fileSystem.arn],
      conditions: [{ test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: [ap.arn] }],
    });
  }
}
