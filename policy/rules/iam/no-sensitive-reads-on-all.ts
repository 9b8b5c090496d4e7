import { policyStatements, type Statement } from "../../iam";
import type { StackRule, Violation } from "../../types";
import { granted, through } from "./actions";
import { identityPolicies, isUnknown, unknownPolicy, type CarriedPolicy } from "./policies";
import { documentStatements, documentsUsedBy } from "./resource-policies";

/** Read-only actions that hand out data: cloudsplaining's READ_ONLY_DATA_EXFILTRATION_ACTIONS (CKV_AWS_108, CKV_AWS_288). */
export const EXFILTRATION_ACTIONS = ["s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "secretsmanager:GetSecretValue"];

/**
 * Actions whose response carries credentials: cloudsplaining's ACTIONS_THAT_RETURN_CREDENTIALS (CKV_AWS_107,
 * CKV_AWS_287), without the ECR registry logins that checkov excludes too (ecr:GetAuthorizationToken and
 * ecr-public:GetAuthorizationToken accept only "*" and return a token for pulling images). cloudsplaining's list
 * spells two GameLift actions "gamelist:"; they are listed under gamelift, their service.
 */
export const CREDENTIAL_ACTIONS = [
  "airflow:CreateCliToken", "airflow:CreateWebLoginToken", "appsync:CreateApiKey", "chime:CreateApiKey", "cloud9:CreateEnvironmentToken",
  "codeartifact:GetAuthorizationToken", "codepipeline:PollForJobs", "cognito-identity:GetOpenIdToken", "cognito-identity:GetOpenIdTokenForDeveloperIdentity",
  "cognito-identity:GetCredentialsForIdentity", "cognito-idp:GetSigningCertificate", "connect:GetFederationToken", "connect:GetFederationTokens", "ec2:GetPasswordData",
  "emr-containers:GetManagedEndpointSessionCredentials", "finspace-api:GetProgrammaticAccessCredentials", "gamelift:RequestUploadCredentials", "gamelift:GetInstanceAccess",
  "gamelift:GetComputeAccess", "gamelift:GetComputeAuthToken", "grafana:CreateWorkspaceApiKey", "iam:CreateAccessKey", "iam:CreateLoginProfile",
  "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential", "iam:UpdateAccessKey", "license-manager:GetAccessToken", "lightsail:GetInstanceAccessDetails",
  "lightsail:DownloadDefaultKeyPair", "lightsail:CreateBucketAccessKey", "lightsail:GetRelationalDatabaseMasterUserPassword", "mediapackage:RotateChannelCredentials",
  "mediapackage:RotateIngestEndpointCredentials", "rds-db:connect", "redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM", "redshift-serverless:GetCredentials",
  "sso:GetRoleCredentials", "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:GetFederationToken", "sts:GetSessionToken",
];

/** Decryption with any key: FSBP KMS.2's blocked actions. */
export const DECRYPT_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom"];

/**
 * A resource that stands for every resource: "*", an ARN whose resource part is only a wildcard
 * (`arn:aws:s3:::*`, `arn:aws:*:*:*:*`), or every KMS key (`arn:aws:kms:<region>:<account>:key/*`).
 */
export function isEveryResource(resource: string): boolean {
  if (resource === "*") return true;
  const parts = resource.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return false;
  const [, , service] = parts;
  const rest = parts.slice(5).join(":");
  return rest === "*" || rest === "*/*" || (/^(kms|\*)$/.test(service) && /^(key|alias)\/\*$/.test(rest));
}

function violations(p: CarriedPolicy, actions: readonly string[]): Violation[] {
  if (isUnknown(p.statements)) return [unknownPolicy(p)];
  return (p.statements ?? []).flatMap((s: Statement) => {
    const every = s.resources.filter(isEveryResource);
    const found = every.length > 0 ? granted(s, actions) : [];
    if (found.length === 0) return [];
    return [{ address: p.carrier.address, detail: `statement ${s.sid ?? "(no sid)"} allows ${found.join(", ")}${through(s, found)} on ${every.map((r) => `"${r}"`).join(", ")}` }];
  });
}

export const iamNoSensitiveReadsOnAll: StackRule = {
  id: "IAM-06",
  checkov: ["CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_287", "CKV_AWS_288"],
  fsbp: ["KMS.2"],
  level: "error",
  message: 'IAM policies must not allow reading secrets, data or credentials, or decrypting, on every resource ("*")',
  rationale:
    'Reading every object, parameter and secret, or decrypting with every key, is how one compromised workload becomes a leak of all the account\'s data; actions that return credentials (sts:AssumeRole*, rds-db:connect, iam:CreateAccessKey, ...) on "*" reach every role, database user and IAM user. Wildcards in actions count ("s3:Get*", "kms:*", "*"), as does an Allow with NotAction, and conditions do not excuse a statement. Identity policies (role, user and group policies, inline or managed, and the inline policies of IAM Identity Center permission sets) are read for all three lists; every other aws_iam_policy_document, as CKV_AWS_107/108 read them, for the exfiltration and credential lists (not kms:Decrypt: in a key policy "*" is the key itself). Exempt, as in checkov: ecr:GetAuthorizationToken and ecr-public:GetAuthorizationToken, which accept only "*" and only log in to pull images; the other actions of the lists that accept only "*" (sts:GetSessionToken, sso:GetRoleCredentials) are refused wherever they appear, where cloudsplaining counts them only next to an action that names resources: a workload that needs one suppresses the rule with its reason. Deny statements are not read (cloudsplaining counts them as if they allowed). Every key ("arn:…:kms:…:key/*") and ARNs whose resource is only "*" count as "*" too.',
  fix: "Name the resources: the bucket's objects ARN, the parameter or secret ARNs, the key ARNs, the role or database user ARN.",
  checkStack: ({ stack }) => {
    const permissionSets = stack.ofType("aws_ssoadmin_permission_set_inline_policy");
    const identity = [...identityPolicies(stack), ...permissionSets.map((r): CarriedPolicy => ({ carrier: r, statements: policyStatements(r.values.inline_policy, stack) }))];
    const covered = new Set([...documentsUsedBy(identity.map((p) => p.carrier)), ...documentsUsedBy([...stack.ofType("aws_iam_role"), ...permissionSets], "inline_policy")]);
    const documents = stack.ofType("data.aws_iam_policy_document").filter((d) => !covered.has(d.address));
    return [
      ...identity.flatMap((p) => violations(p, [...EXFILTRATION_ACTIONS, ...CREDENTIAL_ACTIONS, ...DECRYPT_ACTIONS])),
      ...documents.flatMap((d) => violations({ carrier: d, statements: documentStatements(d, stack) }, [...EXFILTRATION_ACTIONS, ...CREDENTIAL_ACTIONS])),
    ];
  },
};
