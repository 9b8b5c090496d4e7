/** Rules added for the standards coverage (workloads); registered in index.ts. */
import type { Rule } from "../types";
import { albDesyncMitigation } from "./alb/desync-mitigation";
import { albSecureListeners } from "./alb/secure-listeners";
import { albTargetGroupHealthCheck } from "./alb/target-group-health-check";
import { cloudfrontEnabledRootObject } from "./cloudfront/enabled-root-object";
import { cloudfrontS3OriginBucket } from "./cloudfront/s3-origin-bucket";
import { cloudfrontSni } from "./cloudfront/sni";
import { ecsEfsTransitEncryption } from "./ecs/efs-transit-encryption";
import { ecsExecLogging } from "./ecs/exec-logging";
import { ecsPlatformVersion } from "./ecs/platform-version";
import { efsAccessPoints } from "./efs/access-points";
import { efsBackups } from "./efs/backups";
import { efsEncryption } from "./efs/encryption";
import { networkEcrEndpoints } from "./network/ecr-endpoints";
import { networkNoAllTrafficEgress } from "./network/no-world-egress";
import { networkSubnetPublicIp } from "./network/subnet-public-ip";
import { networkUnusedSecurityGroups } from "./network/unused-security-groups";
import { route53RecordTargets } from "./route53/alias-targets";

export const WORKLOADS_RULES: readonly Rule[] = [
  efsEncryption, efsAccessPoints, efsBackups,
  ecsEfsTransitEncryption, ecsExecLogging, ecsPlatformVersion,
  networkSubnetPublicIp, networkNoAllTrafficEgress, networkUnusedSecurityGroups, networkEcrEndpoints,
  route53RecordTargets,
  albTargetGroupHealthCheck, albDesyncMitigation, albSecureListeners,
  cloudfrontEnabledRootObject, cloudfrontSni, cloudfrontS3OriginBucket,
];
