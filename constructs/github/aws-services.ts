/**
 * Which AWS services (IAM action prefixes) the phases' resources belong to, and
 * which of each service's actions only read configuration. The GitHub roles are
 * computed from this table and the resource types the environment's phases
 * actually synthesize (stacks/app.ts), so an environment without Batch grants no
 * `batch:` action, and a new resource type without a row fails the synth with
 * a message saying where to add it.
 */

/** An AWS service as IAM names it, and the service-linked role it may create on first use. */
export interface AwsService {
  readonly prefix: string;
  /** `iam:AWSServiceName` of the service-linked role the service creates at its first resource in an account. */
  readonly serviceLinkedRoles?: readonly string[];
  /**
   * The actions a plan may call: the service's configuration reads, never its data
   * (object bodies, secret values, log events, image layers). @default Describe*, List*, Get*
   */
  readonly reads?: readonly string[];
  /** The actions the deploy role may call. @default every action of the service (`<prefix>:*`) */
  readonly manages?: readonly string[];
}

const SERVICES = {
  acm: { prefix: "acm" },
  autoscaling: { prefix: "application-autoscaling", serviceLinkedRoles: ["ecs.application-autoscaling.amazonaws.com"] },
  apprunner: { prefix: "apprunner", serviceLinkedRoles: ["apprunner.amazonaws.com"] },
  batch: { prefix: "batch", serviceLinkedRoles: ["batch.amazonaws.com"], reads: ["batch:Describe*", "batch:List*"] },
  cloudfront: { prefix: "cloudfront", serviceLinkedRoles: ["vpcorigin.cloudfront.amazonaws.com"] },
  cloudwatch: { prefix: "cloudwatch" },
  ec2: {
    prefix: "ec2",
    reads: ["ec2:Describe*", "ec2:GetManagedPrefixListEntries", "ec2:GetSecurityGroupsForVpc"],
    // The network only: no instance, volume, image or snapshot, and no ec2:GetPasswordData.
    manages: [
      "ec2:*Address*", "ec2:*FlowLogs*", "ec2:*InternetGateway*", "ec2:*ManagedPrefixList*", "ec2:*NatGateway*", "ec2:*NetworkInterface*", "ec2:*Route*",
      "ec2:*SecurityGroup*", "ec2:*Subnet*", "ec2:*Tags", "ec2:*Vpc*", "ec2:Describe*",
    ],
  },
  // Repository settings, never layers (ecr:GetDownloadUrlForLayer) nor registry logins.
  ecr: { prefix: "ecr", reads: ["ecr:Describe*", "ecr:List*", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy"] },
  ecs: { prefix: "ecs", serviceLinkedRoles: ["ecs.amazonaws.com"] },
  efs: { prefix: "elasticfilesystem", serviceLinkedRoles: ["elasticfilesystem.amazonaws.com"] },
  elasticache: { prefix: "elasticache", serviceLinkedRoles: ["elasticache.amazonaws.com"], reads: ["elasticache:Describe*", "elasticache:List*"] },
  elb: { prefix: "elasticloadbalancing", serviceLinkedRoles: ["elasticloadbalancing.amazonaws.com"], reads: ["elasticloadbalancing:Describe*"] },
  events: { prefix: "events" },
  iam: { prefix: "iam", reads: ["iam:GetRole", "iam:GetRolePolicy", "iam:GetOpenIDConnectProvider", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:ListRoleTags", "iam:ListInstanceProfilesForRole", "iam:ListOpenIDConnectProviderTags"] },
  kms: {
    prefix: "kms",
    reads: ["kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListAliases", "kms:ListResourceTags"],
    // Keys are managed, never used to decrypt: the decrypting the deploy needs goes through services, key by key (deploy-role.ts).
    manages: [
      "kms:CancelKeyDeletion", "kms:CreateAlias", "kms:CreateGrant", "kms:CreateKey", "kms:DeleteAlias", "kms:DescribeKey", "kms:DisableKeyRotation", "kms:EnableKeyRotation",
      "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:List*", "kms:PutKeyPolicy", "kms:RetireGrant", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource",
      "kms:UpdateAlias", "kms:UpdateKeyDescription",
    ],
  },
  // Group settings, never events (logs:GetLogEvents, FilterLogEvents, StartQuery).
  logs: {
    prefix: "logs",
    // Groups, deliveries and policies, never the events (logs:GetLogEvents, FilterLogEvents, StartQuery).
    manages: [
      "logs:Associate*", "logs:Create*", "logs:Delete*", "logs:Describe*", "logs:Disassociate*", "logs:GetDataProtectionPolicy", "logs:GetDelivery*", "logs:List*",
      "logs:Put*", "logs:TagResource", "logs:UntagResource", "logs:Update*",
    ],
    reads: ["logs:Describe*", "logs:ListTagsForResource", "logs:ListTagsLogGroup", "logs:GetDataProtectionPolicy", "logs:GetDelivery", "logs:GetDeliveryDestination", "logs:GetDeliveryDestinationPolicy", "logs:GetDeliverySource"],
  },
  rds: { prefix: "rds", serviceLinkedRoles: ["rds.amazonaws.com"], reads: ["rds:Describe*", "rds:ListTagsForResource"] },
  route53: { prefix: "route53" },
  // Bucket settings, never objects (s3:GetObject*).
  s3: {
    prefix: "s3",
    reads: [
      "s3:GetBucket*", "s3:GetAccelerateConfiguration", "s3:GetAnalyticsConfiguration", "s3:GetEncryptionConfiguration", "s3:GetIntelligentTieringConfiguration",
      "s3:GetInventoryConfiguration", "s3:GetLifecycleConfiguration", "s3:GetMetricsConfiguration", "s3:GetReplicationConfiguration", "s3:ListAllMyBuckets",
    ],
  },
  // The secret's settings, never its value (secretsmanager:GetSecretValue).
  secretsmanager: { prefix: "secretsmanager", reads: ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecrets"] },
  servicediscovery: { prefix: "servicediscovery" },
  sns: { prefix: "sns" },
  // Parameter metadata; the value is read per parameter (see the plan role).
  ssm: { prefix: "ssm", reads: ["ssm:DescribeParameters", "ssm:ListTagsForResource"] },
  // The web ACL's settings, never sampled requests (wafv2:GetSampledRequests).
  waf: { prefix: "wafv2", reads: ["wafv2:GetLoggingConfiguration", "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "wafv2:List*"] },
} as const satisfies Record<string, AwsService>;

type ServiceKey = keyof typeof SERVICES;

/** Resource type prefixes (longest first wins) → the services their API calls need. */
const ROWS: ReadonlyArray<readonly [string, readonly ServiceKey[]]> = [
  ["aws_acm_", ["acm"]],
  ["aws_appautoscaling_", ["autoscaling", "cloudwatch"]],
  ["aws_apprunner_", ["apprunner", "ec2"]],
  ["aws_batch_", ["batch", "ec2"]],
  ["aws_cloudfront_vpc_origin", ["cloudfront", "ec2", "elb"]],
  ["aws_cloudfront_", ["cloudfront"]],
  ["aws_cloudwatch_event_", ["events"]],
  ["aws_cloudwatch_log_", ["logs"]],
  ["aws_cloudwatch_", ["cloudwatch"]],
  ["aws_db_", ["rds", "ec2"]],
  ["aws_default_security_group", ["ec2"]],
  ["aws_ecr_", ["ecr"]],
  ["aws_ecs_", ["ecs"]],
  ["aws_efs_", ["efs", "ec2"]],
  ["aws_eip", ["ec2"]],
  ["aws_elasticache_", ["elasticache", "ec2"]],
  ["aws_flow_log", ["ec2", "logs"]],
  ["aws_iam_policy_document", []],
  ["aws_iam_", ["iam"]],
  ["aws_internet_gateway", ["ec2"]],
  ["aws_kms_", ["kms"]],
  ["aws_lb", ["elb", "ec2"]],
  ["aws_nat_gateway", ["ec2"]],
  ["aws_route53_", ["route53"]],
  ["aws_route", ["ec2"]],
  ["aws_s3_", ["s3"]],
  ["aws_secretsmanager_", ["secretsmanager"]],
  ["aws_security_group", ["ec2"]],
  ["aws_service_discovery_", ["servicediscovery", "route53"]],
  ["aws_sns_", ["sns"]],
  ["aws_ssm_", ["ssm"]],
  ["aws_subnet", ["ec2"]],
  // Interface endpoints with private DNS associate the VPC with AWS's private hosted zone.
  ["aws_vpc_endpoint", ["ec2", "route53"]],
  ["aws_vpc", ["ec2"]],
  ["aws_wafv2_", ["waf", "logs"]],
  // Terraform's own: no AWS call.
  ["terraform_data", []],
  ["terraform_remote_state", []],
];
const BY_TYPE = [...ROWS].sort((a, b) => b[0].length - a[0].length);

/** The services behind a resource or data source type; an unknown type is an Error naming this file. */
export function servicesOf(type: string): AwsService[] {
  const row = BY_TYPE.find(([prefix]) => type.startsWith(prefix));
  if (!row) throw new Error(`constructs/github/aws-services.ts: no row for the resource type ${type}: add which AWS services it calls, so the GitHub roles may plan and deploy it`);
  return row[1].map((k) => SERVICES[k]);
}

/** The services behind a set of types, each once, by prefix. */
export function servicesFor(types: Iterable<string>): AwsService[] {
  const found = new Map<string, AwsService>();
  for (const t of types) for (const s of servicesOf(t)) found.set(s.prefix, s);
  return [...found.values()].sort((a, b) => a.prefix.localeCompare(b.prefix));
}

/** The configuration reads of a service. */
export const readsOf = (s: AwsService): readonly string[] => s.reads ?? [`${s.prefix}:Describe*`, `${s.prefix}:List*`, `${s.prefix}:Get*`];

/** The actions the deploy role may call on a service. */
export const managesOf = (s: AwsService): readonly string[] => s.manages ?? [`${s.prefix}:*`];

/** Services whose resources the deploy role manages by name, not by region: IAM, and those holding data. */
export const NAME_SCOPED = new Set(["iam", "s3", "secretsmanager", "ssm", "ecr"]);
