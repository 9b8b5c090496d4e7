/** Exact findings of the access rules (IAM, resource policies, KMS): what each reports, where, and when it is unknown. */
import { evaluate } from "../../policy/engine";
import { StackModel, type StackJson } from "../../policy/model";
import { ACCESS_RULES } from "../../policy/rules/access-rules";
import { actionMatches } from "../../policy/rules/iam/actions";
import { CREDENTIAL_ACTIONS, isEveryResource } from "../../policy/rules/iam/no-sensitive-reads-on-all";
import { ACCOUNT_TRUST, ADMIN_POLICIES, KEYS, LOCKOUT, OTHER_ACCOUNTS, PUBLIC_POLICIES, SENSITIVE_READS, TOPIC_GRANTS } from "./cases/access";

const ruleById = (id: string) => ACCESS_RULES.find((r) => r.id === id)!;
const findings = (id: string, json: StackJson, stage: "dev" | "staging" | "prod" = "prod") => {
  const report = evaluate([new StackModel("s", json)], { environment: "test", stage, rules: [ruleById(id)] });
  return [...report.errors, ...report.warnings];
};
/** `<address>: <detail>`, with ` (unknown)` when the finding is only known after apply. */
const addressed = (id: string, json: StackJson) => findings(id, json).map((f) => `${f.address}: ${f.detail}${f.unknown ? " (unknown)" : ""}`);

describe("the access rules", () => {
  it("are IAM-06..09, S3-08, S3-09, SNS-02 and KMS-03, errors in every stage", () => {
    expect(ACCESS_RULES.map((r) => [r.id, r.level, r.stages])).toEqual(
      ["IAM-06", "IAM-07", "IAM-08", "IAM-09", "S3-08", "S3-09", "SNS-02", "KMS-03"].map((id) => [id, "error", undefined]),
    );
  });

  it("cite exactly the public ids they enforce", () => {
    expect(Object.fromEntries(ACCESS_RULES.map((r) => [r.id, [...r.checkov, ...r.fsbp]]))).toEqual({
      "IAM-06": ["CKV_AWS_107", "CKV_AWS_108", "CKV_AWS_287", "CKV_AWS_288", "KMS.2"],
      "IAM-07": ["CKV_AWS_61"],
      "IAM-08": ["CKV_AWS_274", "CKV2_AWS_56"],
      "IAM-09": ["CKV_AWS_33", "CKV_AWS_70", "CKV_AWS_169", "CKV_AWS_283", "KMS.5", "SNS.4"],
      "S3-08": ["CKV_AWS_93"],
      "S3-09": ["S3.6"],
      "SNS-02": ["CKV_AWS_385"],
      "KMS-03": ["CKV_AWS_227"],
    });
  });
});

describe("IAM-06", () => {
  it("matches actions as IAM does: case-insensitively, with * and ?", () => {
    expect(actionMatches("s3:Get*", "s3:GetObject")).toBe(true);
    expect(actionMatches("S3:GETOBJECT", "s3:GetObject")).toBe(true);
    expect(actionMatches("kms:ReEncrypt*", "kms:ReEncryptFrom")).toBe(true);
    expect(actionMatches("ssm:GetParameter?", "ssm:GetParameters")).toBe(true);
    expect(actionMatches("s3:Get", "s3:GetObject")).toBe(false);
    expect(actionMatches("s3:List*", "s3:GetObject")).toBe(false);
  });

  it("takes as every resource: *, an ARN whose resource is only a wildcard, every KMS key", () => {
    expect(["*", "arn:aws:s3:::*", "arn:aws:ssm:*:*:*", "arn:aws:s3:::*/*", "arn:aws:kms:us-east-1:111111111111:key/*", "arn:aws:*:*:*:key/*"].filter(isEveryResource)).toHaveLength(6);
    expect(["arn:aws:s3:::b/*", "${aws_kms_key.k.arn}", "arn:aws:kms:us-east-1:111111111111:key/abc", "arn:aws:secretsmanager:us-east-1:111111111111:secret:app-*"].filter(isEveryResource)).toEqual([]);
  });

  it("leaves the ECR registry logins out of the credential actions, as checkov does", () => {
    expect(CREDENTIAL_ACTIONS.filter((a) => /GetAuthorizationToken$/.test(a))).toEqual(["codeartifact:GetAuthorizationToken"]);
  });

  it("names the sensitive actions a wildcard grants, and through which pattern", () => {
    expect(addressed("IAM-06", SENSITIVE_READS.getWildcard)).toEqual(['aws_iam_role_policy.p: statement S allows s3:GetObject (through s3:Get*) on "*"']);
    expect(addressed("IAM-06", SENSITIVE_READS.decryptEveryKey)).toEqual(['aws_iam_role_policy.p: statement S allows kms:Decrypt, kms:ReEncryptFrom (through kms:*) on "arn:aws:kms:us-east-1:111111111111:key/*"']);
  });

  it("reads NotAction: every sensitive action it does not exclude", () => {
    const [detail] = findings("IAM-06", SENSITIVE_READS.notAction).map((f) => f.detail);
    expect(detail).toMatch(/^statement AllButIam allows s3:GetObject, ssm:GetParameter, .*rds-db:connect, .*kms:Decrypt, kms:ReEncryptFrom \(NotAction iam:\*, sts:\*\) on "\*"$/);
    expect(detail).not.toMatch(/sts:AssumeRole|iam:CreateAccessKey/);
  });

  it("reports other policy documents at the document, with the exfiltration and credential lists only", () => {
    expect(addressed("IAM-06", SENSITIVE_READS.secretPolicyDocument)).toEqual(['data.aws_iam_policy_document.secret: statement ReadIt allows secretsmanager:GetSecretValue on "*"']);
    expect(addressed("IAM-06", SENSITIVE_READS.keyPolicyDecrypt)).toEqual([]);
  });
});

describe("IAM-07", () => {
  it("names the account a trust policy lets in", () => {
    expect(addressed("IAM-07", ACCOUNT_TRUST.bareAccount)).toEqual(["aws_iam_role.r: statement T trusts account 222222222222"]);
    expect(addressed("IAM-07", ACCOUNT_TRUST.root)).toEqual(["aws_iam_role.r: statement T trusts the root of account 222222222222"]);
    expect(addressed("IAM-07", ACCOUNT_TRUST.callerRoot)).toEqual(["aws_iam_role.r: statement T trusts the root of account ${data.aws_caller_identity.current.account_id}"]);
  });

  it("accepts an external id for sts:AssumeRole only", () => {
    expect(addressed("IAM-07", ACCOUNT_TRUST.externalIdOtherAction)).toEqual(["aws_iam_role.r: statement T trusts the root of account 222222222222"]);
  });

  it("reports a principal only known after apply as unknown", () => {
    expect(addressed("IAM-07", ACCOUNT_TRUST.unknownPrincipal)).toEqual(["aws_iam_role.r: statement T trusts ${var.trusted_principal}, only known after apply (unknown)"]);
  });
});

describe("IAM-08", () => {
  it("names the policy and where it is attached", () => {
    expect(addressed("IAM-08", ADMIN_POLICIES.roleAdmin)).toEqual(["aws_iam_role.r: managed_policy_arns attaches AdministratorAccess (arn:aws:iam::aws:policy/AdministratorAccess)"]);
    expect(addressed("IAM-08", ADMIN_POLICIES.lookedUp)).toEqual([
      "aws_iam_role_policy_attachment.a: policy_arn attaches AdministratorAccess (data.aws_iam_policy.admin)",
      "data.aws_iam_policy.admin: looks up the AdministratorAccess managed policy",
    ]);
  });

  it("reports a policy ARN only known after apply as unknown", () => {
    expect(addressed("IAM-08", ADMIN_POLICIES.unknownArn)).toEqual(["aws_iam_role_policy_attachment.a: policy_arn ${var.policy_arn} is only known after apply (unknown)"]);
  });
});

describe("IAM-09", () => {
  it("refuses * even under a condition", () => {
    expect(addressed("IAM-09", PUBLIC_POLICIES.bucketWithCondition)).toEqual(['aws_s3_bucket_policy.b: statement ReadFromVpce allows s3:GetObject to "*" (conditions do not make it private)']);
  });

  it("names the principal type, and reports other documents at the document", () => {
    expect(addressed("IAM-09", PUBLIC_POLICIES.keyPolicy)).toEqual(['aws_kms_key.k: statement Anyone allows kms:Decrypt to AWS "*"']);
    expect(addressed("IAM-09", PUBLIC_POLICIES.otherDocument)).toEqual(['data.aws_iam_policy_document.q: statement Send allows sqs:SendMessage to AWS "*"']);
  });
});

describe("S3-08", () => {
  it("names the Deny that would lock the bucket", () => {
    expect(addressed("S3-08", LOCKOUT.denyAllToEveryone)).toEqual(['aws_s3_bucket_policy.b: statement DenyAll denies s3:* to "*" without a condition']);
    expect(addressed("S3-08", LOCKOUT.denyEverythingToRole)).toEqual(["aws_s3_bucket_policy.b: statement DenyRole denies * to AWS arn:aws:iam::111111111111:role/app without a condition"]);
  });
});

describe("S3-09", () => {
  it("names the actions and the other account", () => {
    expect(addressed("S3-09", OTHER_ACCOUNTS.putPolicy)).toEqual(["aws_s3_bucket_policy.b: statement Grant allows s3:PutBucketPolicy to another account: arn:aws:iam::222222222222:root"]);
    expect(addressed("S3-09", OTHER_ACCOUNTS.putWildcard)).toEqual([
      "aws_s3_bucket_policy.b: statement Grant allows s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl (through s3:Put*) to another account: arn:aws:iam::222222222222:role/partner",
    ]);
  });

  it("reports an account it cannot compare with the stack's as unknown", () => {
    expect(addressed("S3-09", OTHER_ACCOUNTS.unpinned)).toEqual([
      "aws_s3_bucket_policy.b: statement Grant allows s3:PutObjectAcl to arn:aws:iam::222222222222:root, and the provider pins no allowed_account_ids to tell whether that is the bucket's account (unknown)",
    ]);
  });
});

describe("SNS-02", () => {
  it("names the grant without a condition", () => {
    expect(addressed("SNS-02", TOPIC_GRANTS.rootWithoutCondition)).toEqual(["aws_sns_topic_policy.t: statement AccountManages allows sns:Publish, sns:Subscribe to arn:aws:iam::111111111111:root without a condition"]);
    expect(addressed("SNS-02", TOPIC_GRANTS.bareAccount)).toEqual(["aws_sns_topic_policy.t: statement AccountManages allows sns:Publish, sns:Subscribe to 222222222222 without a condition"]);
  });
});

describe("KMS-03", () => {
  it("says what the key lacks", () => {
    expect(addressed("KMS-03", KEYS.disabled)).toEqual(["aws_kms_key.k: is_enabled is false"]);
    expect(addressed("KMS-03", KEYS.withoutPolicy)).toEqual(["aws_kms_key.k: no key policy: neither policy nor an aws_kms_key_policy for it (AWS's default policy applies)"]);
    expect(addressed("KMS-03", KEYS.enabledUnknown)).toEqual(["aws_kms_key.k: is_enabled is only known after apply (unknown)"]);
  });
});
