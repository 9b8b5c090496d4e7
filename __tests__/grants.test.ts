/** Grants as methods: what they return, how they merge into a policy, and the KMS keys they include. */
import { DefaultTokenResolver, StringConcat, Testing, TerraformStack, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import { loadEnvironment } from "../config/load";
import { grantBedrockInvoke } from "../constructs/bedrock";
import type { Grant, IGrantable } from "../constructs/grant";
import { PolicyDocument, type PolicyStatement } from "../constructs/policy-document";
import { SecureBucket } from "../constructs/secure-bucket";
import { ServiceLogs } from "../constructs/service-logs";
import { ServiceRepository } from "../constructs/service-repository";
import { ServiceRole } from "../constructs/service-role";
import { ServiceSecret } from "../constructs/service-secret";
import { FoundationStack } from "../stacks/foundation-stack";

type Doc = { statement: Array<Record<string, unknown>> };

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555";
const OTHER_KEY = "arn:aws:kms:eu-west-1:111111111111:key/99999999-8888-7777-6666-555555555555";
const viaService = (service: string, region = "eu-west-1") => [{ test: "StringEquals", variable: "kms:ViaService", values: [`${service}.${region}.amazonaws.com`] }];

const newStack = () => new TerraformStack(Testing.app(), "test");
const newRole = (stack: TerraformStack, id = "role") =>
  new ServiceRole(stack, id, { roleName: `${id}-name`, description: "test role", servicePrincipal: "ecs-tasks.amazonaws.com", accountId: "111111111111" });

/** Tokens resolved to their Terraform expressions (each read of a resource attribute is a new token). */
const resolve = <T>(scope: IConstruct, value: T): T => Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });

/** The synthesized aws_iam_policy_document of construct `id` (logical ids carry a hash suffix outside the phase stacks). */
function synthDoc(stack: TerraformStack, id: string): Doc {
  const docs = JSON.parse(Testing.synth(stack)).data.aws_iam_policy_document as Record<string, Doc>;
  const key = Object.keys(docs).find((k) => k.startsWith(`${id}_`) && /^[0-9A-F]{8}$/.test(k.slice(id.length + 1)));
  if (!key) throw new Error(`no policy document ${id} in ${Object.keys(docs).join(", ")}`);
  return docs[key];
}

/** An IGrantable that is not a ServiceRole: records what it was given. */
class RecordingPrincipal implements IGrantable {
  readonly grantPrincipalName = "recorder";
  readonly received: PolicyStatement[] = [];
  addToPrincipalPolicy(...statements: PolicyStatement[]): void {
    this.received.push(...statements);
  }
}

/**
 * A grant returns its principal and exactly what it added; the statements come
 * back resolved in `stack`.
 */
function expectGrant(stack: TerraformStack, g: Grant, principal: RecordingPrincipal): PolicyStatement[] {
  expect(g.principal).toBe(principal);
  expect(g.statements).toEqual(principal.received);
  return resolve(stack, [...g.statements]);
}

describe("PolicyDocument merges statements by sid only when nothing but actions and resources differ", () => {
  it("unites the resources of equal statements, and the actions of statements on the same resources", () => {
    const stack = newStack();
    const role = newRole(stack);
    role.addToPolicy({ sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::a/*"] });
    role.addToPolicy({ sid: "Read", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] });
    role.addToPolicy({ sid: "Read", actions: ["s3:GetObjectVersion"], resources: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] });
    // Conditions compare regardless of order.
    const c1 = { test: "StringEquals", variable: "aws:ResourceTag/team", values: ["x", "y"] };
    const c2 = { test: "Bool", variable: "aws:SecureTransport", values: ["true"] };
    role.addToPolicy({ sid: "Tagged", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::c/*"], conditions: [c1, c2] });
    role.addToPolicy({ sid: "Tagged", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::d/*"], conditions: [c2, { ...c1, values: ["y", "x"] }] });
    expect(synthDoc(stack, "role_policy").statement).toEqual([
      { sid: "Read", effect: "Allow", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"] },
      { sid: "Tagged", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::c/*", "arn:aws:s3:::d/*"], condition: [c1, c2] },
    ]);
  });

  it("compares resolved values: one attribute read twice (two tokens) is the same resource and the same condition", () => {
    const stack = newStack();
    const role = newRole(stack);
    const bucket = new SecureBucket(stack, "bucket", { bucketName: "b" });
    bucket.grantRead(role);
    bucket.grantReadWrite(role);
    const onBucket = () => ({ sid: "Scoped", actions: ["s3:GetObject"], resources: ["*"], conditions: [{ test: "ArnEquals", variable: "s3:DataAccessPointArn", values: [bucket.bucket.arn] }] });
    role.addToPolicy(onBucket());
    role.addToPolicy(onBucket());
    const statements = synthDoc(stack, "role_policy").statement;
    const arn = resolve(stack, bucket.arn);
    expect(statements.find((s) => s.sid === "ListBuckets")!.resources).toEqual([arn]);
    expect(statements.find((s) => s.sid === "Scoped")!.condition).toEqual([{ test: "ArnEquals", variable: "s3:DataAccessPointArn", values: [arn] }]);
  });

  it("refuses to merge a conditional statement into an unconditional one (and the reverse), naming sid, path and difference", () => {
    const stack = newStack();
    const role = newRole(stack);
    role.addToPolicy({ sid: "Mount", actions: ["elasticfilesystem:ClientMount"], resources: ["fs"], conditions: [{ test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: ["ap"] }] });
    expect(() => role.addToPolicy({ sid: "Mount", actions: ["elasticfilesystem:ClientMount"], resources: ["fs"] })).toThrow(
      /PolicyDocument test\/role\/policy: statement "Mount" .*different conditions \(\[\{"test":"StringEquals","values":\["ap"\],"variable":"elasticfilesystem:AccessPointArn"\}\] vs none\)/,
    );
    const doc = new PolicyDocument(stack, "doc", [{ sid: "S", actions: ["s3:GetObject"], resources: ["a"] }]);
    expect(() => doc.add({ sid: "S", actions: ["s3:GetObject"], resources: ["b"], conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }] })).toThrow(
      /test\/doc: statement "S" .*different conditions \(none vs/,
    );
    // Nothing was merged: the document still holds only the first statement.
    expect(synthDoc(stack, "role_policy").statement).toEqual([expect.objectContaining({ sid: "Mount", condition: [expect.objectContaining({ values: ["ap"] })] })]);
  });

  it("refuses different effects and different principals", () => {
    const stack = newStack();
    const doc = new PolicyDocument(stack, "bucket_policy", [
      { sid: "S", effect: "Deny", actions: ["s3:*"], resources: ["a"], principals: [{ type: "*", identifiers: ["*"] }] },
    ]);
    expect(() => doc.add({ sid: "S", actions: ["s3:*"], resources: ["b"], principals: [{ type: "*", identifiers: ["*"] }] })).toThrow(
      /test\/bucket_policy: statement "S" .*different effect \("Deny" vs "Allow"\)/,
    );
    expect(() => doc.add({ sid: "S", effect: "Deny", actions: ["s3:*"], resources: ["b"], principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }] })).toThrow(
      /statement "S" .*different principals/,
    );
    // Initial statements go through the same check.
    expect(() => new PolicyDocument(stack, "clash", [{ sid: "T", actions: ["a:B"] }, { sid: "T", effect: "Deny", actions: ["a:B"] }])).toThrow(/test\/clash: statement "T"/);
  });

  it("refuses a merge that would grant one statement's actions on the other's resources", () => {
    const stack = newStack();
    const role = newRole(stack);
    role.addToPolicy({ sid: "Use", actions: ["kms:Decrypt"], resources: ["key-a"] });
    expect(() => role.addToPolicy({ sid: "Use", actions: ["kms:GenerateDataKey"], resources: ["key-b"] })).toThrow(
      /statement "Use" .*different actions and resources \(\["kms:Decrypt"\] on \["key-a"\] vs \["kms:GenerateDataKey"\] on \["key-b"\]\)/,
    );
    // A statement already covered (fewer actions on the same resources) merges as a no-op.
    role.addToPolicy({ sid: "Both", actions: ["s3:GetObject", "s3:PutObject"], resources: ["x", "y"] });
    role.addToPolicy({ sid: "Both", actions: ["s3:GetObject"], resources: ["x"] });
    expect(synthDoc(stack, "role_policy").statement.find((s) => s.sid === "Both")).toMatchObject({ actions: ["s3:GetObject", "s3:PutObject"], resources: ["x", "y"] });
  });
});

describe("grants take any IGrantable and return what they granted", () => {
  it("ServiceRole is an IGrantable named after its role; addToPolicy still works", () => {
    const stack = newStack();
    const role = newRole(stack);
    const grantee: IGrantable = role;
    expect(grantee.grantPrincipalName).toBe("role-name");
    const bucket = new SecureBucket(stack, "bucket", { bucketName: "b" });
    const g = bucket.grantRead(role);
    expect(g.principal).toBe(role);
    expect(g.statements.map((s) => s.sid)).toEqual(["ListBuckets", "ReadObjects"]);
    role.addToPolicy({ sid: "Extra", actions: ["sqs:SendMessage"], resources: ["q"] });
    expect(synthDoc(stack, "role_policy").statement.map((s) => s.sid)).toEqual(["ListBuckets", "ReadObjects", "Extra"]);
  });

  it("SecureBucket without a KMS key: read and read-write, no KMS statement", () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, "bucket", { bucketName: "b" });
    const reader = new RecordingPrincipal();
    expect(expectGrant(stack, bucket.grantRead(reader), reader)).toEqual(resolve(stack, [
      { sid: "ListBuckets", actions: ["s3:ListBucket", "s3:GetBucketLocation"], resources: [bucket.arn] },
      { sid: "ReadObjects", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [`${bucket.arn}/*`] },
    ]));
    const writer = new RecordingPrincipal();
    expect(expectGrant(stack, bucket.grantReadWrite(writer), writer).map((s) => s.sid)).toEqual(["ListBuckets", "ReadObjects", "WriteObjects"]);
  });

  it("ServiceRepository.grantPull and ServiceLogs.grantWrite need nothing on their KMS keys", () => {
    const stack = newStack();
    const repository = new ServiceRepository(stack, "repository", { repositoryName: "r", kmsKeyArn: KEY });
    const logs = new ServiceLogs(stack, "logs", { logGroupName: "/l", retentionDays: 7, kmsKeyArn: KEY });
    const p = new RecordingPrincipal();
    expect(expectGrant(stack, repository.grantPull(p), p)).toEqual(resolve(stack, [
      { sid: "PullImages", actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], resources: [repository.repository.arn] },
      { sid: "RegistryLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    ]));
    const w = new RecordingPrincipal();
    expect(expectGrant(stack, logs.grantWrite(w), w)).toEqual(resolve(stack, [{ sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${logs.group.arn}:*`] }]));
  });

  it("grantBedrockInvoke returns its statement, or an empty grant that creates no policy", () => {
    const stack = newStack();
    const ctx = { partition: "aws", region: "us-east-1", accountId: "111111111111" };
    const p = new RecordingPrincipal();
    expect(expectGrant(stack, grantBedrockInvoke(p, { models: ["anthropic.claude-3-haiku"], inferenceProfiles: [] }, ctx), p)).toEqual(resolve(stack, [
      { sid: "InvokeBedrockModels", actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"], resources: ["arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku"] },
    ]));
    const role = newRole(stack);
    const none = grantBedrockInvoke(role, { models: [], inferenceProfiles: [] }, ctx);
    expect(none).toEqual({ principal: role, statements: [] });
    expect(JSON.parse(Testing.synth(stack)).resource?.aws_iam_role_policy).toBeUndefined();
  });

  it("the data stores' grants (database, cache, file system) return exactly what they add", () => {
    const config = loadEnvironment("prod", { env: {} });
    const f = new FoundationStack(Testing.app(), { config });
    const p = new RecordingPrincipal();
    const grants = [
      f.database!.grantReadCredentials(p),
      f.database!.grantConnect(p, "app_admin", config),
      f.cache!.grantConnect(p),
      f.fileSystem!.grantMount(p, "qdrant"),
    ];
    expect(grants.every((g) => g.principal === p)).toBe(true);
    expect(grants.flatMap((g) => g.statements)).toEqual(p.received);
    // Prod keeps the master secret under its secrets key: reading it includes decrypting it.
    expect(grants.map((g) => g.statements.map((s) => s.sid))).toEqual([["ReadDatabaseCredentials", "DecryptDatabaseCredentials"], ["ConnectToDatabase"], ["ConnectToRedis"], ["MountEfsQdrant"]]);
    expect(resolve(f, grants[3].statements)).toEqual([
      {
        sid: "MountEfsQdrant",
        actions: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        resources: ["${aws_efs_file_system.file_system.arn}"],
        conditions: [{ test: "StringEquals", variable: "elasticfilesystem:AccessPointArn", values: ["${aws_efs_access_point.file_system_qdrant_access_point.arn}"] }],
      },
    ]);
    expect(() => f.fileSystem!.grantMount(p, "nope")).toThrow("unknown access point nope");
  });
});

describe("grants include the customer managed KMS key, only through the owning service", () => {
  it("SSE-KMS bucket: read decrypts, read-write also generates data keys, both scoped to the key and to S3", () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, "bucket", { bucketName: "b", kmsKeyArn: KEY });
    const reader = new RecordingPrincipal();
    expect(expectGrant(stack, bucket.grantRead(reader), reader).slice(2)).toEqual(resolve(stack, [
      { sid: "DecryptS3Objects", actions: ["kms:Decrypt"], resources: [KEY], conditions: viaService("s3") },
    ]));
    const writer = new RecordingPrincipal();
    expect(expectGrant(stack, bucket.grantReadWrite(writer), writer).slice(2)).toEqual(resolve(stack, [
      { sid: "WriteObjects", actions: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], resources: [`${bucket.arn}/*`] },
      { sid: "DecryptS3Objects", actions: ["kms:Decrypt"], resources: [KEY], conditions: viaService("s3") },
      { sid: "EncryptS3Objects", actions: ["kms:GenerateDataKey"], resources: [KEY], conditions: viaService("s3") },
    ]));
  });

  it("one role reading one SSE-KMS bucket and writing another gets GenerateDataKey only on the written bucket's key", () => {
    const stack = newStack();
    const role = newRole(stack);
    new SecureBucket(stack, "read_bucket", { bucketName: "r", kmsKeyArn: KEY }).grantRead(role);
    new SecureBucket(stack, "write_bucket", { bucketName: "w", kmsKeyArn: OTHER_KEY }).grantReadWrite(role);
    new SecureBucket(stack, "plain_bucket", { bucketName: "p" }).grantRead(role);
    const statements = synthDoc(stack, "role_policy").statement;
    expect(statements.find((s) => s.sid === "DecryptS3Objects")).toEqual({
      sid: "DecryptS3Objects", effect: "Allow", actions: ["kms:Decrypt"], resources: [KEY, OTHER_KEY], condition: viaService("s3"),
    });
    expect(statements.find((s) => s.sid === "EncryptS3Objects")).toEqual({
      sid: "EncryptS3Objects", effect: "Allow", actions: ["kms:GenerateDataKey"], resources: [OTHER_KEY], condition: viaService("s3"),
    });
  });

  it("a secret with a customer key: grantRead adds kms:Decrypt through Secrets Manager; without a key, none", () => {
    const stack = newStack();
    const encrypted = new ServiceSecret(stack, "secret", { secretName: "s", keys: ["A"], kmsKeyArn: KEY });
    const p = new RecordingPrincipal();
    expect(expectGrant(stack, encrypted.grantRead(p), p)).toEqual(resolve(stack, [
      { sid: "ReadSecrets", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [encrypted.arn] },
      { sid: "DecryptSecrets", actions: ["kms:Decrypt"], resources: [KEY], conditions: viaService("secretsmanager") },
    ]));
    const plain = new ServiceSecret(stack, "plain", { secretName: "p", keys: ["A"] });
    expect(plain.grantRead(new RecordingPrincipal()).statements.map((s) => s.sid)).toEqual(["ReadSecrets"]);
  });

  it("one key used by a bucket and a secret of the same role: two statements, one per service, no clash", () => {
    const stack = newStack();
    const role = newRole(stack);
    new SecureBucket(stack, "bucket", { bucketName: "b", kmsKeyArn: KEY }).grantRead(role);
    new ServiceSecret(stack, "secret", { secretName: "s", keys: ["A"], kmsKeyArn: KEY }).grantRead(role);
    const kms = synthDoc(stack, "role_policy").statement.filter((s) => (s.actions as string[]).some((a) => a.startsWith("kms:")));
    expect(kms.map((s) => [s.sid, s.condition])).toEqual([
      ["DecryptS3Objects", viaService("s3")],
      ["DecryptSecrets", viaService("secretsmanager")],
    ]);
  });

  it("a key ARN known only at apply needs the region prop; an alias ARN cannot be granted", () => {
    const stack = newStack();
    const tokenKey = new SecureBucket(stack, "source", { bucketName: "src" }).arn; // any token stands in for a key ARN
    const noRegion = new SecureBucket(stack, "token_bucket", { bucketName: "t", kmsKeyArn: tokenKey });
    expect(() => noRegion.grantRead(new RecordingPrincipal())).toThrow(/SecureBucket test\/token_bucket: kmsKeyArn is only known at apply, so pass `region`/);
    const withRegion = new ServiceSecret(stack, "token_secret", { secretName: "t", keys: ["A"], kmsKeyArn: tokenKey, region: "cn-north-1" });
    expect(resolve(stack, withRegion.grantRead(new RecordingPrincipal()).statements[1])).toEqual({
      sid: "DecryptSecrets", actions: ["kms:Decrypt"], resources: [resolve(stack, tokenKey)], conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.cn-north-1.amazonaws.com.cn"] }],
    });
    const alias = new SecureBucket(stack, "alias_bucket", { bucketName: "a", kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:alias/state" });
    expect(() => alias.grantReadWrite(new RecordingPrincipal())).toThrow(/SecureBucket test\/alias_bucket: grants need kmsKeyArn to be a KMS key ARN/);
  });
});
