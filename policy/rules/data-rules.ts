/** Rules added for the standards coverage (data); registered in index.ts. */
import type { Rule } from "../types";
import { acmCertificate } from "./acm/certificate";
import { dynamodbCapacityScaling } from "./dynamodb/capacity-scaling";
import { dynamodbDeletionProtection } from "./dynamodb/deletion-protection";
import { elasticacheAutomaticBackups } from "./elasticache/automatic-backups";
import { elasticacheMinorVersionUpgrade } from "./elasticache/minor-version-upgrade";
import { elasticacheSubnetGroup } from "./elasticache/subnet-group";
import { rdsCaCertificate } from "./rds/ca-certificate";
import { rdsCopyTagsToSnapshot } from "./rds/copy-tags-to-snapshot";
import { rdsCustomMasterUsername } from "./rds/custom-master-username";
import { rdsIamAuthentication } from "./rds/iam-authentication";
import { rdsLogFdwVersion } from "./rds/log-fdw-version";
import { rdsMinorVersionUpgrade } from "./rds/minor-version-upgrade";
import { rdsNoInternetRoute } from "./rds/no-internet-route";
import { rdsPerformanceInsights } from "./rds/performance-insights";
import { rdsQueryLogging } from "./rds/query-logging";
import { ssmSecureString } from "./ssm/secure-string";

export const DATA_RULES: readonly Rule[] = [
  rdsIamAuthentication, rdsCaCertificate, rdsMinorVersionUpgrade, rdsLogFdwVersion, rdsPerformanceInsights, rdsQueryLogging, rdsCopyTagsToSnapshot, rdsCustomMasterUsername, rdsNoInternetRoute,
  elasticacheAutomaticBackups, elasticacheMinorVersionUpgrade, elasticacheSubnetGroup,
  dynamodbCapacityScaling, dynamodbDeletionProtection,
  ssmSecureString,
  acmCertificate,
];
