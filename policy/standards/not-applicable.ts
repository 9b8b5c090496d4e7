/**
 * Checks of the public standards (policy/standards/*-checks.ts, *-controls.ts) that no rule enforces
 * because they do not apply to what this platform builds, each with the reason. The README's
 * coverage table is generated from this, the catalogues and the rule registry.
 */
export const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  // S3
  CKV_AWS_143:
    "Object Lock (write-once retention) would stop the platform from overwriting and expiring what its buckets hold (Terraform state, build artifacts, the static site, log archives under lifecycle rules); versioning (S3-03) is their undo history, and WORM retention is a compliance regime the platform does not claim.",
  CKV_AWS_144:
    "Cross-region replication: the platform is single-region, its data are rebuildable or backed up by versioning (S3-03) and point-in-time recovery, and replicating to another region is the operator's disaster-recovery choice.",
  CKV2_AWS_62: "Nothing consumes bucket events: the buckets are written by Terraform, the services and AWS log delivery, and no workflow starts when an object lands.",

  // Load balancers
  CKV_AWS_152: "The platform creates application load balancers only, which always balance across zones; the check is about network and gateway load balancers (checkov skips application ones).",
  "ELB.13": "The platform creates application load balancers only, and AWS refuses an application load balancer whose subnets do not span at least two Availability Zones.",
  CKV2_AWS_81: "The platform's listeners never use mutual TLS (mutual_authentication): clients authenticate to the application, so there is no verify mode and no trust store to name.",

  // CloudFront and WAF
  CKV_AWS_310: "Origin failover: each path has one origin (the site bucket, or the load balancer as a VPC origin), the load balancer is multi-AZ, and a second origin in another region is the operator's disaster-recovery choice.",
  "CloudFront.4": "Origin failover: each path has one origin (the site bucket, or the load balancer as a VPC origin), the load balancer is multi-AZ, and a second origin in another region is the operator's disaster-recovery choice.",
  CKV_AWS_374: "Geo restriction is a traffic policy, not a security control: available as frontend.geoRestriction, opt-in per environment.",
  "CloudFront.16": "The platform creates no Lambda functions, so no distribution has a Lambda function URL origin; its origins are the site bucket (origin access control, CF-03) and the load balancer (VPC origin, CF-07).",
  CKV2_AWS_47:
    "Its Log4j protection (AWSManagedRulesKnownBadInputsRuleSet) is WAF-01's, on every web ACL; beyond it the check demands AWSManagedRulesAnonymousIpList, which blocks every client behind a VPN, Tor or a cloud host: a traffic policy like geo restriction, which the platform does not offer.",
  CKV2_AWS_76:
    "Its Log4j protection (AWSManagedRulesKnownBadInputsRuleSet) is WAF-01's, on every web ACL; beyond it the check demands AWSManagedRulesAnonymousIpList, which blocks every client behind a VPN, Tor or a cloud host: a traffic policy like geo restriction, which the platform does not offer.",
  CKV_AWS_342: "AWS WAF refuses a web ACL rule without exactly one of action (own statements) or override_action (rule groups), so every rule that deploys has an action.",

  // Database engines the platform never runs
  CKV_AWS_388: "Aurora PostgreSQL: the platform runs RDS for PostgreSQL instances (engine postgres) only, never Aurora.",
  "RDS.40": "SQL Server: the platform runs RDS for PostgreSQL only.",
  "RDS.41": "SQL Server: the platform runs RDS for PostgreSQL only (its TLS requirement is RDS-09, rds.force_ssl).",
  "RDS.42": "MariaDB: the platform runs RDS for PostgreSQL only.",
  "RDS.44": "MariaDB: the platform runs RDS for PostgreSQL only (its TLS requirement is RDS-09, rds.force_ssl).",

  "RDS.23":
    "A non-default port hides the database only from who cannot reach it anyway: the instance is private (RDS-01) in private subnets, and its security group admits exactly the declared clients' groups on the port, which the platform hands to those clients (DB_PORT); moving an existing instance off 5432 restarts it and every client's connection settings.",

  // ECS
  "ECS.1": "The control only judges task definitions in host network mode; every task definition the platform emits runs on Fargate in awsvpc mode, where host networking does not exist.",

  // Network
  CKV2_AWS_19: "The platform's Elastic IPs are its NAT gateways' addresses (aws_nat_gateway allocation_id); it runs no EC2 instances for an address to be attached to.",
  CKV2_AWS_35: "The check refuses default routes through NAT instances; the platform runs no EC2 instances, and its private subnets' default routes go to NAT gateways.",
  CKV2_AWS_44: "The platform creates no VPC peering connections, so no route table has peering routes.",
  "EC2.10": "The workloads never call the EC2 API (Fargate tasks, App Runner services, Batch jobs on Fargate), so an EC2 interface endpoint would carry no traffic.",
  "EC2.57":
    "Systems Manager endpoints serve SSM-managed instances, and the platform runs none; its only Systems Manager call is the services' read of the public-URL parameter outside prod, for which network.endpoints.interface offers ssm.",
  "EC2.58": "The platform does not use Systems Manager Incident Manager (alarms notify through the SNS alert topic), so no Incident Manager Contacts traffic leaves the VPC.",
  "EC2.60": "The platform does not use Systems Manager Incident Manager (alarms notify through the SNS alert topic), so no Incident Manager traffic leaves the VPC.",

  // Secrets Manager
  CKV2_AWS_57:
    "The secrets the platform creates hold values the operator puts (third-party API keys and the application's own keys, set with put-secret-value, never by Terraform): no rotation function can renew them, so rotating them is the operator's procedure; the database's master secret is RDS-managed and rotated by RDS.",
  "SecretsManager.1":
    "The secrets the platform creates hold values the operator puts (third-party API keys and the application's own keys, set with put-secret-value, never by Terraform): no rotation function can renew them, so rotating them is the operator's procedure; the database's master secret is RDS-managed and rotated by RDS.",
  "SecretsManager.2": "Only judges secrets with automatic rotation configured, and the platform configures none: its secrets hold operator-owned values (see SecretsManager.1).",
  "SecretsManager.3": "Judges when a secret was last read, a runtime fact; every secret the platform creates belongs to a service that reads it at start and leaves the configuration with that service.",
  "SecretsManager.4": "Measures the rotation age of operator-owned values the platform cannot rotate (see SecretsManager.1).",

  // ACM and KMS
  "ACM.1": "The platform requests only ACM-issued, DNS-validated certificates and keeps their validation records in Route 53, so ACM renews them itself; it imports none.",
  "ACM.2": "ACM issues no RSA key shorter than 2,048 bits, and the platform only requests ACM certificates (EC_prime256v1 keys), never imports one.",
  CKV2_AWS_64:
    "The check only recognizes a key policy given as a separate aws_kms_key_policy resource; every key the platform creates carries its key policy in the key's own policy argument (the same KMS key policy, set when the key is created, so no default policy ever applies), and KMS-03 requires a policy in either form.",
  "KMS.3": "Judges whether a key is scheduled for deletion, a runtime state no configuration expresses: Terraform schedules a key's deletion only when the key leaves the configuration, and the key's deletion window is the time to cancel it.",
};

/**
 * Ids our rules cite that are not in the catalogues (other Security Hub standards, checks on
 * resource types the platform does not emit), with what they are.
 */
export const CITED_OUTSIDE_CATALOGUE: Readonly<Record<string, string>> = {
  "S3.4": "Security Hub control retired from FSBP (S3 encrypts every new object by default); S3-02 keeps requiring declared encryption",
  "S3.14": "Security Hub control in the NIST SP 800-53 Rev. 5 standard, not FSBP",
  CKV_AWS_96: "checkov check on aws_rds_cluster (Aurora), which the platform does not emit; RDS-02 checks clusters too, and applies the same requirement to aws_db_instance",
  "RDS.27": "FSBP control on RDS DB clusters (aws_rds_cluster), which the platform does not emit; RDS-02 checks clusters too, and applies the same requirement to aws_db_instance",
  CKV_AWS_139: "checkov check on aws_rds_cluster, which the platform does not emit; RDS-04 checks clusters too, and applies the same requirement to aws_db_instance",
  "RDS.7": "FSBP control on RDS DB clusters (aws_rds_cluster), which the platform does not emit; RDS-04 checks clusters too, and applies the same requirement to aws_db_instance",
  "RDS.38": "Security Hub control outside FSBP (NIST SP 800-53 Rev. 5, PCI DSS): RDS for PostgreSQL encrypted in transit, rds.force_ssl = 1",
  "IAM.1": "FSBP control on customer managed policies (aws_iam_policy), which the platform does not emit; IAM-01 applies it to the inline role policies",
  "IAM.21": "FSBP control on customer managed policies (aws_iam_policy), which the platform does not emit; IAM-05 applies it to the inline role policies",
  "KMS.4": "Security Hub control in other standards (CIS AWS Foundations Benchmark, NIST SP 800-53 Rev. 5), not FSBP",
  CKV_AWS_41: "checkov check on the provider block (hard-coded access key and secret key), not on a resource type",
  CKV_AWS_45: "checkov check on aws_lambda_function environment variables, which the platform does not emit; SEC-01 looks for secrets in every attribute",
  CKV_AWS_46: "checkov check on aws_instance user data, which the platform does not emit; SEC-01 looks for secrets in every attribute",
  CKV_SECRET_2: "checkov secrets-scanner check (AWS access key id in any file), not a Terraform resource check",
  "SNS.1": "Security Hub control in the NIST SP 800-53 Rev. 5 standard, not FSBP",
  "CloudWatch.15": "Security Hub control in the NIST SP 800-53 Rev. 5 standard, not FSBP",
  "CloudWatch.17": "Security Hub control in the NIST SP 800-53 Rev. 5 standard, not FSBP",
};
