/** Every rule the engine runs. One rule per file; this list is the registry. */
import type { Rule } from "../types";
import { ACCESS_RULES } from "./access-rules";
import { DATA_RULES } from "./data-rules";
import { WORKLOADS_RULES } from "./workloads-rules";
import { albAccessLogs } from "./alb/access-logs";
import { albDefaultAction } from "./alb/default-action";
import { albDeletionProtection } from "./alb/deletion-protection";
import { albDropInvalidHeaders } from "./alb/drop-invalid-headers";
import { albHttpRedirects } from "./alb/http-redirects";
import { albHttpsWithDomain } from "./alb/https-with-domain";
import { albTlsPolicy } from "./alb/tls-policy";
import { albWebAcl } from "./alb/web-acl";
import { apprunnerEncryption } from "./apprunner/encryption";
import { apprunnerHealthCheck } from "./apprunner/health-check";
import { apprunnerInstanceRole } from "./apprunner/instance-role";
import { apprunnerNoPlainSecrets } from "./apprunner/no-plain-secrets";
import { apprunnerPrivateEcrImage } from "./apprunner/private-ecr-image";
import { apprunnerVpcEgress } from "./apprunner/vpc-egress";
import { batchBoundedRetries } from "./batch/bounded-retries";
import { batchFargateNetworking } from "./batch/fargate-networking";
import { batchNoPrivileged } from "./batch/no-privileged";
import { batchNoPublicIp } from "./batch/no-public-ip";
import { batchNonRootUser } from "./batch/non-root-user";
import { batchReadOnlyRoot } from "./batch/read-only-root";
import { batchSeparateRoles } from "./batch/separate-roles";
import { batchTimeout } from "./batch/timeout";
import { cloudfrontApiErrorResponses } from "./cloudfront/api-error-responses";
import { cloudfrontCustomOriginHttps } from "./cloudfront/custom-origin-https";
import { cloudfrontLogging } from "./cloudfront/logging";
import { cloudfrontMinimumTls } from "./cloudfront/minimum-tls";
import { cloudfrontOriginProtection } from "./cloudfront/origin-protection";
import { cloudfrontS3Oac } from "./cloudfront/s3-origin-access-control";
import { cloudfrontSecurityHeaders } from "./cloudfront/security-headers";
import { cloudfrontViewerHttps } from "./cloudfront/viewer-https";
import { cloudfrontWebAcl } from "./cloudfront/web-acl";
import { ecrImmutableTags } from "./ecr/immutable-tags";
import { ecrLifecyclePolicy } from "./ecr/lifecycle-policy";
import { ecrScanOnPush } from "./ecr/scan-on-push";
import { ecsCircuitBreaker } from "./ecs/circuit-breaker";
import { ecsContainerInsights } from "./ecs/container-insights";
import { ecsHealthCheckGrace } from "./ecs/health-check-grace";
import { ecsLogging } from "./ecs/logging";
import { ecsNoHostPid } from "./ecs/no-host-pid";
import { ecsNoPlainSecrets } from "./ecs/no-plain-secrets";
import { ecsNoPrivileged } from "./ecs/no-privileged";
import { ecsNoPublicIp } from "./ecs/no-public-ip";
import { ecsReadOnlyRoot } from "./ecs/read-only-root";
import { ecsScaledDesiredCount } from "./ecs/scaled-desired-count";
import { ecsSeparateRoles } from "./ecs/separate-roles";
import { elasticacheAtRest } from "./elasticache/at-rest-encryption";
import { elasticacheAuth } from "./elasticache/auth";
import { elasticacheFailover } from "./elasticache/automatic-failover";
import { elasticacheInTransit } from "./elasticache/in-transit-encryption";
import { iamGithubOidcTrust } from "./iam/github-oidc-trust";
import { iamNoAdminActions } from "./iam/no-admin-actions";
import { iamNoServiceWildcards } from "./iam/no-service-wildcards";
import { iamNoWildcardTrust } from "./iam/no-wildcard-trust";
import { iamNoWildcardWriteResource } from "./iam/no-wildcard-write-resource";
import { dynamodbPitr } from "./misc/dynamodb-pitr";
import { kmsRotation } from "./misc/kms-rotation";
import { kmsCustomerKeys } from "./kms/customer-keys";
import { snsEncryptedTopic } from "./sns/encrypted-topic";
import { alarmActions } from "./cloudwatch/alarm-actions";
import { coreAlarms } from "./cloudwatch/core-alarms";
import { logRetention } from "./misc/log-retention";
import { prodLogRetention } from "./misc/log-retention-prod";
import { noLiteralSecrets } from "./misc/no-literal-secrets";
import { remoteStateEncryptionLocking } from "./misc/remote-state-encryption-locking";
import { networkDefaultSgClosed } from "./network/default-security-group";
import { networkDescriptions } from "./network/descriptions";
import { networkFlowLogs } from "./network/flow-logs";
import { networkNoWorldIngress } from "./network/no-world-ingress";
import { rdsBackupRetention } from "./rds/backup-retention";
import { rdsDeletionProtection } from "./rds/deletion-protection";
import { rdsFinalSnapshot } from "./rds/final-snapshot";
import { rdsEnhancedMonitoring } from "./rds/enhanced-monitoring";
import { rdsForceSsl } from "./rds/force-ssl";
import { rdsLogExports } from "./rds/log-exports";
import { rdsManagedPassword } from "./rds/managed-password";
import { rdsMultiAz } from "./rds/multi-az";
import { rdsNotPublic } from "./rds/not-public";
import { rdsProxyTls } from "./rds/proxy-tls";
import { rdsStorageEncrypted } from "./rds/storage-encrypted";
import { s3AbortIncompleteUploads } from "./s3/abort-incomplete-uploads";
import { s3AccessLogging } from "./s3/access-logging";
import { s3Encryption } from "./s3/encryption";
import { s3OwnerEnforced } from "./s3/owner-enforced";
import { s3PublicAccessBlock } from "./s3/public-access-block";
import { s3TlsOnly } from "./s3/tls-only";
import { s3Versioning } from "./s3/versioning";
import { wafKnownBadInputs } from "./waf/known-bad-inputs";
import { wafLogging } from "./waf/logging";
import { wafRateLimit } from "./waf/rate-limit";

export const RULES: readonly Rule[] = [
  s3PublicAccessBlock, s3Encryption, s3Versioning, s3TlsOnly, s3OwnerEnforced, s3AccessLogging, s3AbortIncompleteUploads,
  rdsNotPublic, rdsStorageEncrypted, rdsBackupRetention, rdsDeletionProtection, rdsFinalSnapshot, rdsMultiAz, rdsManagedPassword, rdsLogExports, rdsForceSsl, rdsProxyTls, rdsEnhancedMonitoring,
  elasticacheAtRest, elasticacheInTransit, elasticacheAuth, elasticacheFailover,
  ecrScanOnPush, ecrImmutableTags, ecrLifecyclePolicy,
  ecsNoPrivileged, ecsNoHostPid, ecsLogging, ecsNoPlainSecrets, ecsNoPublicIp, ecsSeparateRoles, ecsContainerInsights, ecsCircuitBreaker, ecsReadOnlyRoot, ecsHealthCheckGrace, ecsScaledDesiredCount,
  apprunnerHealthCheck, apprunnerNoPlainSecrets, apprunnerVpcEgress, apprunnerPrivateEcrImage, apprunnerEncryption, apprunnerInstanceRole,
  batchNoPublicIp, batchTimeout, batchBoundedRetries, batchReadOnlyRoot, batchNonRootUser, batchSeparateRoles, batchNoPrivileged, batchFargateNetworking,
  albDropInvalidHeaders, albHttpRedirects, albTlsPolicy, albAccessLogs, albDeletionProtection, albHttpsWithDomain, albDefaultAction, albWebAcl,
  cloudfrontViewerHttps, cloudfrontMinimumTls, cloudfrontS3Oac, cloudfrontCustomOriginHttps, cloudfrontSecurityHeaders, cloudfrontLogging, cloudfrontOriginProtection, cloudfrontWebAcl, cloudfrontApiErrorResponses,
  wafKnownBadInputs, wafRateLimit, wafLogging,
  networkNoWorldIngress, networkDescriptions, networkDefaultSgClosed, networkFlowLogs,
  iamNoAdminActions, iamNoWildcardWriteResource, iamNoWildcardTrust, iamGithubOidcTrust, iamNoServiceWildcards,
  kmsRotation, kmsCustomerKeys, logRetention, prodLogRetention, dynamodbPitr, noLiteralSecrets, remoteStateEncryptionLocking,
  snsEncryptedTopic, alarmActions, coreAlarms,
  ...ACCESS_RULES, ...WORKLOADS_RULES, ...DATA_RULES,
];
