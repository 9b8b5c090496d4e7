/** Fixtures of the rules added for the standards coverage (access): compliant and non-compliant stacks per rule id. */
import type { StackJson } from "../../../policy/model";
import { allow, bucketStack, bucketWithJsonPolicy, ecsTrust, role, stack, tlsDeny, tlsDenyDoc } from "../fixtures";
import type { RuleCase } from "../rule-cases";

type Body = Record<string, unknown>;

/** A role trusting `trust`, with an inline policy (aws_iam_role_policy) when `policy` is given: both as policy documents. */
const roleStack = (trust: Body, policy?: Body): StackJson => {
  const r = role(trust, policy);
  return stack(r.resource, r.data);
};
/** A role whose inline policy (aws_iam_role_policy) is a JSON string. */
const roleWithJson = (statements: Body[]): StackJson => {
  const r = role(ecsTrust);
  return stack({ ...r.resource, aws_iam_role_policy: { p: { role: "${aws_iam_role.r.id}", policy: json(statements) } } }, r.data);
};
const json = (statements: Body[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const statementOn = (actions: string[], resources: string[], extra: Body = {}) => ({ statement: [{ sid: "S", effect: "Allow", actions, resources, ...extra }] });
const doc = (...statements: Body[]) => ({ statement: statements });
const aws = (...identifiers: string[]) => [{ type: "AWS", identifiers }];
const ACCOUNT = "111111111111";
const OTHER = "222222222222";
const rootOf = (account: string) => `arn:aws:iam::${account}:root`;
/** The provider of a stack deploying to ACCOUNT, as the platform writes it. */
const pinned = (json: StackJson): StackJson => ({ ...json, provider: { aws: [{ region: "us-east-1", allowed_account_ids: [ACCOUNT] }] } });

/** IAM-06 fixtures the detail tests refer to by name. */
export const SENSITIVE_READS = {
  getWildcard: roleStack(ecsTrust, statementOn(["s3:Get*", "s3:ListBucket"], ["*"])),
  decryptEveryKey: roleStack(ecsTrust, statementOn(["kms:*"], ["arn:aws:kms:us-east-1:111111111111:key/*"])),
  notAction: roleWithJson([{ Sid: "AllButIam", Effect: "Allow", NotAction: ["iam:*", "sts:*"], Resource: "*" }]),
  secretPolicyDocument: stack(
    { aws_secretsmanager_secret_policy: { s: { secret_arn: "${aws_secretsmanager_secret.s.arn}", policy: "${data.aws_iam_policy_document.secret.json}" } } },
    { aws_iam_policy_document: { secret: doc({ sid: "ReadIt", effect: "Allow", actions: ["secretsmanager:GetSecretValue"], resources: ["*"], principals: aws(`arn:aws:iam::${ACCOUNT}:role/app`) }) } },
  ),
  keyPolicyDecrypt: stack(
    { aws_kms_key: { k: { policy: "${data.aws_iam_policy_document.k.json}" } } },
    { aws_iam_policy_document: { k: doc({ sid: "Use", effect: "Allow", actions: ["kms:Decrypt"], resources: ["*"], principals: aws(`arn:aws:iam::${ACCOUNT}:role/app`) }) } },
  ),
};

/** IAM-07 fixtures the detail tests refer to by name. */
const trustOf = (principals: Body[], extra: Body = {}) => doc({ sid: "T", effect: "Allow", actions: ["sts:AssumeRole"], principals, ...extra });
const externalId = (test = "StringEquals", values = ["acme-7f3a"]) => ({ condition: [{ test, variable: "sts:ExternalId", values }] });
export const ACCOUNT_TRUST = {
  bareAccount: roleStack(trustOf(aws(OTHER))),
  root: roleStack(trustOf(aws(rootOf(OTHER)))),
  callerRoot: roleStack(trustOf(aws("arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"))),
  unknownPrincipal: roleStack(trustOf(aws("${var.trusted_principal}"))),
  externalIdOtherAction: roleStack(trustOf(aws(rootOf(OTHER)), { actions: ["sts:*"], ...externalId() })),
};

/** IAM-08 fixtures the detail tests refer to by name. */
const attachment = (type: string, policyArn: string, extra: Record<string, Record<string, Body>> = {}): StackJson =>
  stack({ [type]: { a: { role: "${aws_iam_role.r.name}", policy_arn: policyArn } }, ...extra });
export const ADMIN_POLICIES = {
  roleAdmin: stack({ aws_iam_role: { r: { name: "r", assume_role_policy: json([]), managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"] } } }),
  lookedUp: stack({ aws_iam_role_policy_attachment: { a: { role: "${aws_iam_role.r.name}", policy_arn: "${data.aws_iam_policy.admin.arn}" } } }, { aws_iam_policy: { admin: { name: "AdministratorAccess" } } }),
  unknownArn: attachment("aws_iam_role_policy_attachment", "${var.policy_arn}"),
};

/** IAM-09 fixtures the detail tests refer to by name. */
export const PUBLIC_POLICIES = {
  bucketWithCondition: bucketWithJsonPolicy([
    { Sid: "ReadFromVpce", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme-dev-b-111111111111/*", Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } },
  ]),
  keyPolicy: stack({ aws_kms_key: { k: { policy: json([{ Sid: "Anyone", Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:Decrypt", Resource: "*" }]) } } }),
  otherDocument: stack(
    { aws_sqs_queue_policy: { q: { queue_url: "${aws_sqs_queue.q.id}", policy: "${data.aws_iam_policy_document.q.json}" } } },
    { aws_iam_policy_document: { q: doc({ sid: "Send", effect: "Allow", actions: ["sqs:SendMessage"], resources: ["*"], principals: aws("*") }) } },
  ),
};

/** S3-08 fixtures the detail tests refer to by name. */
export const LOCKOUT = {
  denyAllToEveryone: bucketStack({ policyDoc: tlsDenyDoc(tlsDeny(), tlsDeny({ sid: "DenyAll", condition: undefined })) }),
  denyEverythingToRole: bucketWithJsonPolicy([{ Sid: "DenyRole", Effect: "Deny", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: "*", Resource: "arn:aws:s3:::acme-dev-b-111111111111/*" }]),
};

/** S3-09 fixtures the detail tests refer to by name. */
const bucketAllowing = (principal: unknown, action: unknown, extra: Body = {}) =>
  pinned(bucketWithJsonPolicy([{ Sid: "Grant", Effect: "Allow", Principal: principal, Action: action, Resource: ["arn:aws:s3:::acme-dev-b-111111111111", "arn:aws:s3:::acme-dev-b-111111111111/*"], ...extra }]));
/** The stack with a role `r` of its own added. */
const withRole = (json: StackJson): StackJson => ({ ...json, resource: { ...json.resource, aws_iam_role: { r: { name: "r", assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } } } });
export const OTHER_ACCOUNTS = {
  putPolicy: bucketAllowing({ AWS: rootOf(OTHER) }, "s3:PutBucketPolicy"),
  putWildcard: bucketAllowing({ AWS: `arn:aws:iam::${OTHER}:role/partner` }, ["s3:GetObject", "s3:Put*"]),
  unpinned: bucketWithJsonPolicy([{ Sid: "Grant", Effect: "Allow", Principal: { AWS: rootOf(OTHER) }, Action: "s3:PutObjectAcl", Resource: "arn:aws:s3:::acme-dev-b-111111111111/*" }]),
};

/** SNS-02 fixtures the detail tests refer to by name. */
const topicPolicy = (...statements: Body[]): StackJson =>
  pinned(stack({ aws_sns_topic: { t: { name: "t" } }, aws_sns_topic_policy: { t: { arn: "${aws_sns_topic.t.arn}", policy: "${data.aws_iam_policy_document.t.json}" } } }, { aws_iam_policy_document: { t: doc(...statements) } }));
const manage = (principals: Body[], extra: Body = {}) => ({ sid: "AccountManages", effect: "Allow", actions: ["sns:Publish", "sns:Subscribe"], resources: ["${aws_sns_topic.t.arn}"], principals, ...extra });
const principalAccount = { condition: [{ test: "StringEquals", variable: "aws:PrincipalAccount", values: [ACCOUNT] }] };
export const TOPIC_GRANTS = {
  rootWithoutCondition: topicPolicy(manage(aws(rootOf(ACCOUNT)))),
  bareAccount: topicPolicy(manage(aws(OTHER))),
};

/** KMS-03 fixtures the detail tests refer to by name. */
const key = (values: Body = {}, extra: Record<string, Record<string, Body>> = {}): StackJson =>
  stack({ aws_kms_key: { k: { description: "k", enable_key_rotation: true, policy: "${data.aws_iam_policy_document.k.json}", ...values } }, ...extra });
export const KEYS = {
  disabled: key({ is_enabled: false }),
  withoutPolicy: key({ policy: undefined }),
  enabledUnknown: key({ is_enabled: "${var.key_enabled}" }),
};

export const ACCESS_CASES: Record<string, RuleCase> = {
  "IAM-06": {
    pass: [
      roleStack(ecsTrust, allow(["s3:GetObject", "s3:PutObject"], ["${aws_s3_bucket.b.arn}/*"])),
      roleStack(ecsTrust, allow(["kms:Decrypt"], ["${aws_kms_key.data.arn}"])),
      // the registry login accepts only "*" (exempt, as in checkov); listing and describing are not reads of data
      roleStack(ecsTrust, allow(["ecr:GetAuthorizationToken", "logs:DescribeLogGroups", "s3:ListAllMyBuckets"], ["*"])),
      // a key policy: "*" is the key itself, and kms:Decrypt is refused on "*" in identity policies only
      stack(
        { aws_kms_key: { k: { policy: "${data.aws_iam_policy_document.k.json}" } } },
        { aws_iam_policy_document: { k: doc({ sid: "AccountAdministers", effect: "Allow", actions: ["kms:*"], resources: ["*"], principals: aws(rootOf(ACCOUNT)) }) } },
      ),
      // Deny statements grant nothing; NotAction leaving out every sensitive service
      roleStack(ecsTrust, doc({ sid: "D", effect: "Deny", actions: ["s3:*", "kms:*"], resources: ["*"] })),
      roleWithJson([{ Sid: "OnlyLogs", Effect: "Allow", NotAction: ["s3:*", "ssm:*", "secretsmanager:*", "kms:*", "sts:*", "iam:*", "rds-db:*", "redshift*", "ec2:*", "codeartifact:*", "sso:*", "airflow:*", "appsync:*", "chime:*", "cloud9:*", "codepipeline:*", "cognito-*", "connect:*", "emr-containers:*", "finspace-api:*", "gamelift:*", "grafana:*", "license-manager:*", "lightsail:*", "mediapackage:*"], Resource: "*" }]),
    ],
    fail: [
      roleStack(ecsTrust, allow(["s3:GetObject"], ["*"])),
      SENSITIVE_READS.getWildcard,
      roleStack(ecsTrust, allow(["secretsmanager:getsecretvalue"], ["*"])),
      roleStack(ecsTrust, allow(["ssm:GetParametersByPath"], ["arn:aws:ssm:*:*:*"])),
      roleStack(ecsTrust, allow(["sts:AssumeRole"], ["*"])),
      roleStack(ecsTrust, allow(["rds-db:connect", "iam:CreateAccessKey"], ["*"])),
      roleStack(ecsTrust, allow(["kms:Decrypt"], ["*"])),
      roleStack(ecsTrust, allow(["kms:ReEncrypt*"], ["*"])),
      SENSITIVE_READS.decryptEveryKey,
      roleStack(ecsTrust, allow(["*"], ["*"])),
      SENSITIVE_READS.notAction,
      // conditions do not excuse it
      roleStack(ecsTrust, statementOn(["kms:Decrypt"], ["*"], { condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] }] })),
      // an inline_policy block of the role, and a user's policy
      stack({ aws_iam_role: { r: { name: "r", assume_role_policy: json([]), inline_policy: [{ name: "p", policy: json([{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" }]) }] } } }),
      stack({ aws_iam_user_policy: { u: { user: "ci", policy: json([{ Effect: "Allow", Action: ["ec2:GetPasswordData"], Resource: ["*"] }]) } } }),
      stack({ aws_ssoadmin_permission_set_inline_policy: { p: { instance_arn: "arn:aws:sso:::instance/i", permission_set_arn: "arn:aws:sso:::permissionSet/i/p", inline_policy: json([{ Effect: "Allow", Action: "sso:GetRoleCredentials", Resource: "*" }]) } } }),
      // every other policy document, as CKV_AWS_107/108 read them
      SENSITIVE_READS.secretPolicyDocument,
      stack({}, { aws_iam_policy_document: { unused: doc({ sid: "Keys", effect: "Allow", actions: ["iam:CreateAccessKey"], resources: ["*"] }) } }),
      // a policy only known after apply
      stack({ aws_iam_role_policy: { p: { role: "${aws_iam_role.r.id}", policy: "${jsonencode(local.policy)}" } } }),
    ],
  },
  "IAM-07": {
    pass: [
      roleStack(ecsTrust),
      roleStack(trustOf(aws(`arn:aws:iam::${OTHER}:role/deployer`))),
      roleStack(trustOf(aws("${aws_iam_role.r.arn}"))),
      roleStack(trustOf(aws(rootOf(OTHER)), externalId())),
      roleStack(doc({ sid: "NoAccounts", effect: "Deny", actions: ["sts:AssumeRole"], principals: aws(rootOf(OTHER)) })),
    ],
    fail: [
      ACCOUNT_TRUST.bareAccount,
      ACCOUNT_TRUST.root,
      ACCOUNT_TRUST.callerRoot,
      roleStack(trustOf(aws("${data.aws_caller_identity.current.account_id}"))),
      ACCOUNT_TRUST.externalIdOtherAction,
      roleStack(trustOf(aws(rootOf(OTHER)), externalId("StringNotEquals"))),
      roleStack(trustOf(aws(rootOf(OTHER)), externalId("StringLike", ["*"]))),
      stack({ aws_iam_role: { r: { name: "r", assume_role_policy: json([{ Effect: "Allow", Principal: { AWS: `arn:aws-us-gov:iam::${OTHER}:root` }, Action: "sts:AssumeRole" }]) } } }),
      ACCOUNT_TRUST.unknownPrincipal,
      stack({ aws_iam_role: { r: { name: "r", assume_role_policy: "${jsonencode(local.trust)}" } } }),
    ],
  },
  "IAM-08": {
    pass: [
      attachment("aws_iam_role_policy_attachment", "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"),
      attachment("aws_iam_role_policy_attachment", "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
      attachment("aws_iam_role_policy_attachment", "${aws_iam_policy.app.arn}", { aws_iam_policy: { app: { name: "app", policy: json([]) } } }),
      stack({ aws_iam_role: { r: { name: "r", assume_role_policy: json([]), managed_policy_arns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } } }),
      stack({}, { aws_iam_policy: { ro: { name: "ReadOnlyAccess" } } }),
    ],
    fail: [
      ADMIN_POLICIES.roleAdmin,
      attachment("aws_iam_role_policy_attachment", "arn:aws:iam::aws:policy/IAMFullAccess"),
      attachment("aws_iam_user_policy_attachment", "arn:aws-us-gov:iam::aws:policy/AdministratorAccess"),
      attachment("aws_iam_group_policy_attachment", "arn:aws:iam::aws:policy/AdministratorAccess"),
      stack({ aws_iam_policy_attachment: { a: { name: "a", roles: ["${aws_iam_role.r.name}"], policy_arn: "arn:aws:iam::aws:policy/IAMFullAccess" } } }),
      stack({ aws_iam_role_policy_attachments_exclusive: { a: { role_name: "r", policy_arns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } } }),
      stack({ aws_ssoadmin_managed_policy_attachment: { a: { instance_arn: "arn:aws:sso:::instance/i", permission_set_arn: "arn:aws:sso:::permissionSet/i/p", managed_policy_arn: "arn:aws:iam::aws:policy/IAMFullAccess" } } }),
      ADMIN_POLICIES.lookedUp,
      stack({}, { aws_iam_policy: { iam: { arn: "arn:aws:iam::aws:policy/IAMFullAccess" } } }),
      ADMIN_POLICIES.unknownArn,
      stack({ aws_iam_role: { r: { name: "r", assume_role_policy: json([]), managed_policy_arns: "${var.managed_policy_arns}" } } }),
    ],
  },
  "IAM-09": {
    pass: [
      bucketStack(),
      stack(
        { aws_kms_key: { k: { policy: "${data.aws_iam_policy_document.k.json}" } } },
        { aws_iam_policy_document: { k: doc({ sid: "AccountAdministers", effect: "Allow", actions: ["kms:*"], resources: ["*"], principals: aws(rootOf(ACCOUNT)) }) } },
      ),
      topicPolicy({ sid: "Alarms", effect: "Allow", actions: ["sns:Publish"], resources: ["${aws_sns_topic.t.arn}"], principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }], ...principalAccount }),
      stack({ aws_efs_file_system_policy: { f: { file_system_id: "${aws_efs_file_system.f.id}", policy: json([{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }]) } } }),
    ],
    fail: [
      PUBLIC_POLICIES.bucketWithCondition,
      bucketStack({ policyDoc: tlsDenyDoc(tlsDeny(), { sid: "Public", effect: "Allow", actions: ["s3:GetObject"], resources: ["${aws_s3_bucket.b.arn}/*"], principals: [{ type: "*", identifiers: ["*"] }] }) }),
      PUBLIC_POLICIES.keyPolicy,
      stack(
        { aws_kms_key_policy: { k: { key_id: "${aws_kms_key.k.id}", policy: "${data.aws_iam_policy_document.k.json}" } } },
        { aws_iam_policy_document: { k: doc({ sid: "Anyone", effect: "Allow", actions: ["kms:Encrypt"], resources: ["*"], principals: aws("*") }) } },
      ),
      topicPolicy({ sid: "Anyone", effect: "Allow", actions: ["sns:Subscribe"], resources: ["${aws_sns_topic.t.arn}"], principals: [{ type: "*", identifiers: ["*"] }], ...principalAccount }),
      stack({ aws_sns_topic: { t: { name: "t", policy: json([{ Effect: "Allow", Principal: "*", Action: "sns:Publish", Resource: "*" }]) } } }),
      stack({ aws_efs_file_system_policy: { f: { file_system_id: "${aws_efs_file_system.f.id}", policy: json([{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "elasticfilesystem:ClientMount", Resource: "*" }]) } } }),
      stack({ aws_secretsmanager_secret_policy: { s: { secret_arn: "${aws_secretsmanager_secret.s.arn}", policy: json([{ Effect: "Allow", Principal: { AWS: "*" }, NotAction: "secretsmanager:DeleteSecret", Resource: "*" }]) } } }),
      PUBLIC_POLICIES.otherDocument,
      bucketStack({ with: { aws_s3_bucket_policy: { b: { bucket: "${aws_s3_bucket.b.id}", policy: "${jsonencode(local.bucket_policy)}" } } } }),
    ],
  },
  "S3-08": {
    pass: [
      bucketStack(),
      bucketWithJsonPolicy([{ Sid: "DenyAllButRead", Effect: "Deny", Principal: "*", NotAction: "s3:GetObject", Resource: "arn:aws:s3:::acme-dev-b-111111111111/*" }]),
      bucketWithJsonPolicy([{ Sid: "DenyRoleWrites", Effect: "Deny", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` }, Action: "s3:*", Resource: "arn:aws:s3:::acme-dev-b-111111111111/*" }]),
    ],
    fail: [
      LOCKOUT.denyAllToEveryone,
      bucketWithJsonPolicy([{ Sid: "NoDelete", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::acme-dev-b-111111111111" }]),
      LOCKOUT.denyEverythingToRole,
      stack({ aws_s3_bucket: { b: { bucket: "b", policy: json([{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }]) } } }),
      bucketStack({ with: { aws_s3_bucket_policy: { b: { bucket: "${aws_s3_bucket.b.id}", policy: "${jsonencode(local.bucket_policy)}" } } } }),
    ],
  },
  "S3-09": {
    pass: [
      pinned(bucketStack()),
      bucketAllowing({ AWS: rootOf(ACCOUNT) }, ["s3:PutBucketPolicy", "s3:PutObjectAcl"]),
      bucketAllowing({ AWS: `arn:aws:iam::${OTHER}:role/partner` }, ["s3:GetObject", "s3:PutObject"]),
      bucketAllowing({ Service: "logging.s3.amazonaws.com" }, "s3:*"),
      withRole(bucketAllowing({ AWS: "${aws_iam_role.r.arn}" }, "s3:*")),
    ],
    fail: [
      OTHER_ACCOUNTS.putPolicy,
      bucketAllowing({ AWS: OTHER }, "s3:*"),
      OTHER_ACCOUNTS.putWildcard,
      bucketAllowing({ AWS: `arn:aws:iam::${OTHER}:role/partner` }, "s3:PutEncryptionConfiguration", { Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } } }),
      bucketAllowing("*", "s3:PutObjectAcl", { Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } } }),
      pinned(bucketWithJsonPolicy([{ Sid: "AllButReads", Effect: "Allow", Principal: { AWS: rootOf(OTHER) }, NotAction: "s3:Get*", Resource: "arn:aws:s3:::acme-dev-b-111111111111" }])),
      OTHER_ACCOUNTS.unpinned,
      bucketAllowing({ AWS: "${var.partner_role_arn}" }, "s3:DeleteBucketPolicy"),
      pinned(bucketStack({ with: { aws_s3_bucket_policy: { b: { bucket: "${aws_s3_bucket.b.id}", policy: "${jsonencode(local.bucket_policy)}" } } } })),
    ],
  },
  "SNS-02": {
    pass: [
      topicPolicy(manage(aws(rootOf(ACCOUNT)), principalAccount)),
      topicPolicy({ sid: "Alarms", effect: "Allow", actions: ["sns:Publish"], resources: ["${aws_sns_topic.t.arn}"], principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }] }),
      topicPolicy({ sid: "NoOther", effect: "Deny", actions: ["sns:*"], resources: ["${aws_sns_topic.t.arn}"], principals: aws(rootOf(OTHER)) }),
    ],
    fail: [
      TOPIC_GRANTS.rootWithoutCondition,
      TOPIC_GRANTS.bareAccount,
      topicPolicy(manage(aws("${aws_iam_role.r.arn}"))),
      stack({ aws_sns_topic: { t: { name: "t", policy: json([{ Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${OTHER}:role/x`] }, Action: "sns:Subscribe", Resource: "*", Condition: {} }]) } } }),
      stack({ aws_sns_topic_policy: { t: { arn: "${aws_sns_topic.t.arn}", policy: "${jsonencode(local.topic_policy)}" } } }),
    ],
  },
  "KMS-03": {
    pass: [key(), key({ is_enabled: true }), key({ policy: undefined }, { aws_kms_key_policy: { k: { key_id: "${aws_kms_key.k.id}", policy: "${data.aws_iam_policy_document.k.json}" } } })],
    fail: [
      KEYS.disabled,
      key({ is_enabled: "false" }),
      KEYS.withoutPolicy,
      key({ policy: undefined }, { aws_kms_key_policy: { other: { key_id: "${aws_kms_key.other.id}", policy: "${data.aws_iam_policy_document.k.json}" } } }),
      KEYS.enabledUnknown,
    ],
  },
};
