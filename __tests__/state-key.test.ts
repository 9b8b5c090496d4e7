/**
 * The remote state's own key (config/state-key.ts, constructs/keys/state-backend-key.ts):
 * which key the bootstrap creates (or not) in each encryption mode, what the state
 * bucket, the lock table, every backend and every remote-state read are encrypted
 * with, who may use the key (its key policy evaluated, see support/kms-access.ts),
 * and the configuration errors around it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import type { KeyClass } from "../config/encryption-schema";
import type { ResolvedConfig } from "../config/defaults";
import { ConfigError } from "../config/errors";
import { loadEnvironment, parseEnvironment } from "../config/load";
import { describeStateKey, stateKeyAliasName, stateKeyArn, stateKeyOf } from "../config/state-key";
import { KEY_ADMINISTRATION_ACTIONS, StateBackendKey } from "../constructs/keys/state-backend-key";
import { buildApp } from "../stacks/app";
import { PHASES, UPSTREAMS, type StackName } from "../stacks/phases";
import { configErrorOf, devWith, lineOf, prodWith, stagingWith } from "./support/config-text";
import { configs, res } from "./support/stack-json";
import { REPO_ROOT, type TerraformJson } from "./support/synth";
import { canUse, keysOf, type Key, type Principal, type Statement } from "./support/kms-access";

const REGION = "us-east-1";
const PROD_ACCOUNT = "333333333333";
const OTHER_ACCOUNT = "444444444444";
const PROD_BUCKET = "acme-ai-tfstate-333333333333";
const DEV_BUCKET = "acme-ai-tfstate-111111111111";
/** What prod's backends name the platform state key by: its alias ARN, known before the key exists. */
const PROD_ALIAS_ARN = `arn:aws:kms:us-east-1:${PROD_ACCOUNT}:alias/tfstate/${PROD_BUCKET}`;
const DEV_ALIAS_ARN = `arn:aws:kms:us-east-1:111111111111:alias/tfstate/${DEV_BUCKET}`;
/** The platform state key as the bootstrap stack refers to it. */
const STATE_KEY_REF = "${aws_kms_key.state_key.arn}";
/** The team's keys of the bring variant, in prod's region and account. */
const TEAM_KEYS: Record<KeyClass, string> = {
  data: "arn:aws:kms:us-east-1:333333333333:key/11111111-1111-4111-8111-111111111111",
  logs: "arn:aws:kms:us-east-1:333333333333:key/22222222-2222-4222-8222-222222222222",
  secrets: "arn:aws:kms:us-east-1:333333333333:key/33333333-3333-4333-8333-333333333333",
};
/** The team's state key, by alias ARN: allowed for the state key (S3, DynamoDB and the backend take aliases). */
const TEAM_STATE_KEY = "arn:aws:kms:us-east-1:333333333333:alias/team-tfstate";
const SSE = "apply_server_side_encryption_by_default";

const load = (text: string, env: string) => parseEnvironment(text, env, `config/environments/${env}.yaml`, {});
const bring = (d: any) => {
  d.encryption = { keys: "bring", keyArns: TEAM_KEYS };
  d.stateBackend.kmsKeyArn = TEAM_STATE_KEY;
};
const unmanaged = (d: any) => {
  d.stateBackend.manage = false;
};

/** One synthesis per configuration: the app is built once, each stack synthesized when first read. */
function synthesized(config: ResolvedConfig) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "state-key-"));
  const built = buildApp(config, { outdir, upstreamMode: "remote-state" });
  const stacks: Record<StackName, TerraformStack> = { bootstrap: built.bootstrap, ...built.phases };
  const cache = new Map<StackName, TerraformJson>();
  const json = (stack: StackName) => cache.get(stack) ?? cache.set(stack, JSON.parse(Testing.synth(stacks[stack])) as TerraformJson).get(stack)!;
  return { outdir, json };
}
type Synth = ReturnType<typeof synthesized>;

const prod = synthesized(configs.prod);
const dev = synthesized(configs.dev);

/** What every backend and remote-state read of a stack says, given the locking and key of the environment. */
const s3Settings = (env: string, bucket: string, stack: StackName, extra: Record<string, unknown>) => ({ bucket, key: `acme-ai/${env}/${stack}.tfstate`, region: REGION, encrypt: true, ...extra });

/** The S3 backend of every phase and the config of every terraform_remote_state, by `<stack>` and `<stack><-<upstream>`. */
function stateSettings(s: Synth): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const phase of PHASES) {
    out[phase] = s.json(phase).terraform.backend.s3;
    const reads = (s.json(phase).data?.terraform_remote_state ?? {}) as Record<string, { backend: string; config: unknown }>;
    expect(Object.keys(reads).sort(), phase).toEqual([...UPSTREAMS[phase]].sort());
    for (const [upstream, read] of Object.entries(reads)) {
      expect(read.backend, `${phase}<-${upstream}`).toBe("s3");
      out[`${phase}<-${upstream}`] = read.config;
    }
  }
  return out;
}
/** The expected map of stateSettings. */
function expectedSettings(env: string, bucket: string, extra: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const phase of PHASES) {
    out[phase] = s3Settings(env, bucket, phase, extra);
    for (const upstream of UPSTREAMS[phase]) out[`${phase}<-${upstream}`] = s3Settings(env, bucket, upstream, extra);
  }
  return out;
}
const PROD_LOCKING = { dynamodb_table: "acme-ai-tflock", use_lockfile: true };

/**
 * Every string of a stack's resources about encryption: a field named *kms* or
 * sse_algorithm, or a value naming a KMS key (a key resource, a KMS ARN), by
 * `<type>.<name>.<path>`; the key and its alias left out (tested on their own).
 */
function keyUses(j: TerraformJson): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown, at: string[]) => {
    if (typeof v === "string") {
      if (/kms|^sse_algorithm$/i.test(at[at.length - 1]) || /aws_kms_key\.|:kms:/.test(v)) out[at.join(".")] = v;
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, String(i)]));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  for (const [type, resources] of Object.entries(j.resource ?? {})) {
    if (type === "aws_kms_key" || type === "aws_kms_alias") continue;
    for (const [name, body] of Object.entries(resources)) walk(body, [`${type}.${name}`]);
  }
  return out;
}

const bucketEncryption = (j: TerraformJson) => res(j).aws_s3_bucket_server_side_encryption_configuration.state_encryption;

// ---------------------------------------------------------------------------------------------

describe("naming the state key (config/state-key.ts)", () => {
  it("the alias is alias/tfstate/<bucket>, dots turned into dashes (alias names allow no dots)", () => {
    expect(stateKeyAliasName(PROD_BUCKET)).toBe("alias/tfstate/acme-ai-tfstate-333333333333");
    expect(stateKeyAliasName("state.acme.example.com")).toBe("alias/tfstate/state-acme-example-com");
  });

  it("an explicit ARN wins in any mode; otherwise platform keys get the alias, aws-managed nothing", () => {
    for (const mode of ["aws-managed", "platform", "bring"] as const) expect(stateKeyOf("b", TEAM_STATE_KEY, mode)).toEqual({ kind: "bring", arn: TEAM_STATE_KEY });
    expect(stateKeyOf("a.b", undefined, "platform")).toEqual({ kind: "platform", aliasName: "alias/tfstate/a-b" });
    expect(stateKeyOf("a.b", undefined, "aws-managed")).toEqual({ kind: "aws-managed" });
  });

  it("what backends pass as kms_key_id: the brought ARN, the platform alias's ARN (partition, region, account), or nothing", () => {
    expect(stateKeyArn({ kind: "bring", arn: TEAM_STATE_KEY }, "aws", REGION, PROD_ACCOUNT)).toBe(TEAM_STATE_KEY);
    expect(stateKeyArn({ kind: "platform", aliasName: "alias/tfstate/b" }, "aws", REGION, PROD_ACCOUNT)).toBe("arn:aws:kms:us-east-1:333333333333:alias/tfstate/b");
    expect(stateKeyArn({ kind: "platform", aliasName: "alias/tfstate/b" }, "aws-cn", "cn-north-1", "555555555555")).toBe("arn:aws-cn:kms:cn-north-1:555555555555:alias/tfstate/b");
    expect(stateKeyArn({ kind: "aws-managed" }, "aws", REGION, PROD_ACCOUNT)).toBeUndefined();
  });

  it("the resolved configs: prod platform (its stage default), dev aws-managed", () => {
    expect(configs.prod.stateBackend.key).toEqual({ kind: "platform", aliasName: `alias/tfstate/${PROD_BUCKET}` });
    expect(configs.prod.stateBackend.kmsKeyArn).toBe(PROD_ALIAS_ARN);
    expect(configs.dev.stateBackend.key).toEqual({ kind: "aws-managed" });
    expect(configs.dev.stateBackend.kmsKeyArn).toBeUndefined();
  });
});

describe("prod (platform keys, its default): the bootstrap creates the state key first", () => {
  const b = () => prod.json("bootstrap");

  it("one key, rotated, 30-day deletion window, never destroyed by Terraform; its alias alias/tfstate/<bucket>", () => {
    expect(res(b()).aws_kms_key).toEqual({
      state_key: {
        description: `Terraform state: bucket ${PROD_BUCKET}, its state objects and lock table`,
        enable_key_rotation: true,
        deletion_window_in_days: 30,
        policy: "${data.aws_iam_policy_document.state_key_policy.json}",
        lifecycle: { prevent_destroy: true },
      },
    });
    expect(res(b()).aws_kms_alias).toEqual({ state_key_alias: { name: `alias/tfstate/${PROD_BUCKET}`, target_key_id: "${aws_kms_key.state_key.key_id}" } });
  });

  it("the state bucket is SSE-KMS under the key, with an S3 bucket key; its access-log bucket stays SSE-S3", () => {
    expect(bucketEncryption(b())).toEqual({
      bucket: "${aws_s3_bucket.state.id}",
      rule: [{ [SSE]: { sse_algorithm: "aws:kms", kms_master_key_id: STATE_KEY_REF }, bucket_key_enabled: true }],
    });
    expect(res(b()).aws_s3_bucket_server_side_encryption_configuration.state_logs_encryption.rule).toEqual([{ [SSE]: { sse_algorithm: "AES256" }, bucket_key_enabled: false }]);
  });

  it("the lock table is encrypted with the key", () => {
    expect(res(b()).aws_dynamodb_table.lock.server_side_encryption).toEqual({ enabled: true, kms_key_arn: STATE_KEY_REF });
  });

  it("nothing else in the bootstrap uses a KMS key", () => {
    expect(keyUses(b())).toEqual({
      "aws_dynamodb_table.lock.server_side_encryption.kms_key_arn": STATE_KEY_REF,
      [`aws_s3_bucket_server_side_encryption_configuration.state_encryption.rule.0.${SSE}.kms_master_key_id`]: STATE_KEY_REF,
      [`aws_s3_bucket_server_side_encryption_configuration.state_encryption.rule.0.${SSE}.sse_algorithm`]: "aws:kms",
      [`aws_s3_bucket_server_side_encryption_configuration.state_logs_encryption.rule.0.${SSE}.sse_algorithm`]: "AES256",
    });
  });

  it("every phase's backend and every remote-state read names the key by its alias ARN", () => {
    expect(stateSettings(prod)).toEqual(expectedSettings("prod", PROD_BUCKET, { ...PROD_LOCKING, kms_key_id: PROD_ALIAS_ARN }));
  });

  it("the bootstrap's own backend is the local state file (the bucket does not exist yet): no key there", () => {
    const backend = b().terraform.backend;
    expect(Object.keys(backend)).toEqual(["local"]);
    const local = backend.local as { path: string };
    expect(Object.keys(local)).toEqual(["path"]);
    expect(path.resolve(prod.outdir, "stacks", "bootstrap", local.path)).toBe(path.join(REPO_ROOT, "state", "prod", "bootstrap.tfstate"));
  });

  it("moved into the bucket (bootstrapState: s3), the bootstrap's backend names the key like the others", () => {
    const moved = load(prodWith((d) => (d.stateBackend.bootstrapState = "s3")), "prod");
    expect(synthesized(moved).json("bootstrap").terraform.backend).toEqual({ s3: s3Settings("prod", PROD_BUCKET, "bootstrap", { ...PROD_LOCKING, kms_key_id: PROD_ALIAS_ARN }) });
  });
});

// ---------------------------------------------------------------------------------------------
// Who may use the state key: its key policy, evaluated

describe("the state key's policy (evaluated)", () => {
  const statements = () => (prod.json("bootstrap").data!.aws_iam_policy_document as Record<string, { statement: Statement[] }>).state_key_policy.statement;
  const stateKey = (): Key => {
    const keys = keysOf(prod.json("bootstrap"), REGION, PROD_ACCOUNT);
    expect(keys.map((k) => k.label)).toEqual(["state"]);
    return keys[0];
  };
  const role = (account: string, name: string): Principal => ({ type: "AWS", arn: `arn:aws:iam::${account}:role/${name}`, account });
  /** An identity policy allowing actions on any KMS key of the account (as a state reader's or writer's would). */
  const allows = (account: string, ...actions: string[]): Statement[] => [{ effect: "Allow", actions, resources: [`arn:aws:kms:*:${account}:key/*`] }];
  const ANYWHERE: Statement[] = [{ effect: "Allow", actions: ["kms:*"], resources: ["*"] }];
  /** How a request arrives: through a service of a region (or directly), with the caller's account as KMS sets it. */
  const through = (service: string | undefined, callerAccount: string, region = REGION) => ({
    "kms:CallerAccount": callerAccount,
    ...(service ? { "kms:ViaService": `${service}.${region}.amazonaws.com` } : {}),
  });
  const VIA = ["s3", "dynamodb", "secretsmanager", "ssm", "logs", "ec2", undefined] as const;
  const ACTIONS = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:DescribeKey",
    "kms:GetKeyPolicy",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
  ];
  /** Every (action, via) the evaluator allows the principal, as `<action> via <service|direct>`. */
  const allowed = (principal: Principal, identity: Statement[], callerAccount: string) =>
    ACTIONS.flatMap((action) => VIA.filter((s) => canUse({ principal, identity, key: stateKey(), action, context: through(s, callerAccount) })).map((s) => `${action} via ${s ?? "direct"}`));

  it("has exactly the three statements, by sid", () => {
    expect(statements().map((s) => s.sid)).toEqual(["AccountAdministersThroughIam", "StateThroughS3AndDynamoDbOnly", "DynamoDbDescribesTheKey"]);
  });

  it("exactly: administration for the account, use through S3 and DynamoDB of the region by the account, describing for DynamoDB", () => {
    const root = [{ type: "AWS", identifiers: [`arn:aws:iam::${PROD_ACCOUNT}:root`] }];
    expect(statements()).toEqual([
      { sid: "AccountAdministersThroughIam", effect: "Allow", actions: [...KEY_ADMINISTRATION_ACTIONS].sort(), resources: ["*"], principals: root },
      {
        sid: "StateThroughS3AndDynamoDbOnly",
        effect: "Allow",
        actions: ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        resources: ["*"],
        principals: root,
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com", "dynamodb.us-east-1.amazonaws.com"] },
          { test: "StringEquals", variable: "kms:CallerAccount", values: [PROD_ACCOUNT] },
        ],
      },
      { sid: "DynamoDbDescribesTheKey", effect: "Allow", actions: ["kms:Describe*", "kms:Get*", "kms:List*"], resources: ["*"], principals: [{ type: "Service", identifiers: ["dynamodb.amazonaws.com"] }] },
    ]);
  });

  it("the administration statement allows no use of the key", () => {
    const admin = { ...stateKey(), policy: statements().filter((s) => s.sid === "AccountAdministersThroughIam") };
    const p = role(PROD_ACCOUNT, "admin");
    for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"]) {
      for (const s of VIA) expect(canUse({ principal: p, identity: ANYWHERE, key: admin, action, context: through(s, PROD_ACCOUNT) }), `${action} via ${s}`).toBe(false);
    }
    expect(canUse({ principal: p, identity: ANYWHERE, key: admin, action: "kms:ScheduleKeyDeletion", context: through(undefined, PROD_ACCOUNT) })).toBe(true);
  });

  it("a principal of the account whose IAM policy allows kms:Decrypt decrypts through S3 and DynamoDB, not directly nor through another service or region", () => {
    const reader = role(PROD_ACCOUNT, "state-reader");
    const identity = allows(PROD_ACCOUNT, "kms:Decrypt");
    expect(allowed(reader, identity, PROD_ACCOUNT)).toEqual(["kms:Decrypt via s3", "kms:Decrypt via dynamodb"]);
    expect(canUse({ principal: reader, identity, key: stateKey(), action: "kms:Decrypt", context: through("s3", PROD_ACCOUNT, "eu-west-1") })).toBe(false);
    expect(canUse({ principal: reader, identity, key: stateKey(), action: "kms:Decrypt", context: through("dynamodb", PROD_ACCOUNT, "us-west-2") })).toBe(false);
  });

  it("a writer (Encrypt, GenerateDataKey) likewise through S3 and DynamoDB only", () => {
    const writer = role(PROD_ACCOUNT, "state-writer");
    expect(allowed(writer, allows(PROD_ACCOUNT, "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"), PROD_ACCOUNT)).toEqual([
      "kms:Decrypt via s3",
      "kms:Decrypt via dynamodb",
      "kms:Encrypt via s3",
      "kms:Encrypt via dynamodb",
      "kms:GenerateDataKey via s3",
      "kms:GenerateDataKey via dynamodb",
      "kms:GenerateDataKeyWithoutPlaintext via s3",
      "kms:GenerateDataKeyWithoutPlaintext via dynamodb",
    ]);
  });

  it("the key policy alone grants nothing: a principal of the account without an IAM permission may not use it", () => {
    expect(allowed(role(PROD_ACCOUNT, "nobody"), [], PROD_ACCOUNT)).toEqual([]);
    // An IAM policy naming another key does not count.
    expect(allowed(role(PROD_ACCOUNT, "elsewhere"), [{ effect: "Allow", actions: ["kms:*"], resources: ["arn:aws:kms:us-east-1:333333333333:key/other"] }], PROD_ACCOUNT)).toEqual([]);
  });

  it("an account administrator (kms:* in IAM) administers the key but uses it only through S3 and DynamoDB", () => {
    expect(allowed(role(PROD_ACCOUNT, "admin"), ANYWHERE, PROD_ACCOUNT)).toEqual([
      "kms:Decrypt via s3",
      "kms:Decrypt via dynamodb",
      "kms:Encrypt via s3",
      "kms:Encrypt via dynamodb",
      "kms:GenerateDataKey via s3",
      "kms:GenerateDataKey via dynamodb",
      "kms:GenerateDataKeyWithoutPlaintext via s3",
      "kms:GenerateDataKeyWithoutPlaintext via dynamodb",
      "kms:ReEncryptFrom via s3",
      "kms:ReEncryptFrom via dynamodb",
      "kms:ReEncryptTo via s3",
      "kms:ReEncryptTo via dynamodb",
      ...["kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey"].flatMap((a) => VIA.map((s) => `${a} via ${s ?? "direct"}`)),
    ]);
  });

  it("a principal of another account cannot use nor administer it, whatever its own IAM policy says", () => {
    const outsider = role(OTHER_ACCOUNT, "state-reader");
    expect(allowed(outsider, ANYWHERE, OTHER_ACCOUNT)).toEqual([]);
    expect(allowed(outsider, allows(PROD_ACCOUNT, "kms:Decrypt"), OTHER_ACCOUNT)).toEqual([]);
    // Even were the caller's account misreported as the key's.
    expect(allowed(outsider, ANYWHERE, PROD_ACCOUNT)).toEqual([]);
  });

  it("DynamoDB's service principal may describe the key, never use it", () => {
    const dynamodb: Principal = { type: "Service", service: "dynamodb.amazonaws.com" };
    expect(allowed(dynamodb, [], PROD_ACCOUNT)).toEqual([...VIA.map((s) => `kms:DescribeKey via ${s ?? "direct"}`), ...VIA.map((s) => `kms:GetKeyPolicy via ${s ?? "direct"}`)]);
    expect(allowed({ type: "Service", service: "s3.amazonaws.com" }, [], PROD_ACCOUNT)).toEqual([]);
  });

  it("in China the services' names carry China's DNS suffix", () => {
    const stack = new TerraformStack(Testing.app(), "state");
    new StateBackendKey(stack, "state_key", {
      aliasName: "alias/tfstate/shop-tfstate",
      bucket: "shop-tfstate",
      accountId: "555555555555",
      partition: "aws-cn",
      region: "cn-north-1",
      deletionWindowDays: 7,
      retain: false,
    });
    const docs = (JSON.parse(Testing.synth(stack)) as TerraformJson).data!.aws_iam_policy_document as Record<string, { statement: Statement[] }>;
    const [doc] = Object.entries(docs).filter(([id]) => id.startsWith("state_key_policy")).map(([, d]) => d);
    expect(doc.statement[1].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws-cn:iam::555555555555:root"] }]);
    expect(doc.statement[1].condition).toEqual([
      { test: "StringEquals", variable: "kms:ViaService", values: ["s3.cn-north-1.amazonaws.com.cn", "dynamodb.cn-north-1.amazonaws.com.cn"] },
      { test: "StringEquals", variable: "kms:CallerAccount", values: ["555555555555"] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("dev (AWS-managed keys, its default)", () => {
  const devWithTable = synthesized(load(devWith((d) => (d.stateBackend.locking = "both")), "dev"));

  it("the bootstrap creates no key; the state bucket is SSE-S3 without a bucket key", () => {
    expect(res(dev.json("bootstrap")).aws_kms_key).toBeUndefined();
    expect(res(dev.json("bootstrap")).aws_kms_alias).toBeUndefined();
    expect(dev.json("bootstrap").data!.aws_iam_policy_document).not.toHaveProperty("state_key_policy");
    expect(bucketEncryption(dev.json("bootstrap"))).toEqual({ bucket: "${aws_s3_bucket.state.id}", rule: [{ [SSE]: { sse_algorithm: "AES256" }, bucket_key_enabled: false }] });
  });

  it("the lock table (dev locks with a lockfile; set to both, it has one) uses DynamoDB's own key: no kms_key_arn", () => {
    expect(res(dev.json("bootstrap")).aws_dynamodb_table).toBeUndefined();
    expect(res(devWithTable.json("bootstrap")).aws_dynamodb_table.lock.server_side_encryption).toEqual({ enabled: true });
    expect(res(devWithTable.json("bootstrap")).aws_kms_key).toBeUndefined();
  });

  it("no backend, no remote-state read and no bootstrap resource names a KMS key (both buckets SSE-S3)", () => {
    expect(stateSettings(dev)).toEqual(expectedSettings("dev", DEV_BUCKET, { use_lockfile: true }));
    expect(stateSettings(devWithTable)).toEqual(expectedSettings("dev", DEV_BUCKET, { dynamodb_table: "acme-ai-tflock", use_lockfile: true }));
    const sse = (bucket: string) => [`aws_s3_bucket_server_side_encryption_configuration.${bucket}_encryption.rule.0.${SSE}.sse_algorithm`, "AES256"];
    for (const s of [dev, devWithTable]) expect(keyUses(s.json("bootstrap"))).toEqual(Object.fromEntries([sse("state"), sse("state_logs")]));
  });
});

describe("platform keys outside prod", () => {
  it("dev set to platform: the key with a 7-day window and no prevent_destroy; backends name its alias", () => {
    const s = synthesized(load(devWith((d) => (d.encryption = { keys: "platform" })), "dev"));
    expect(res(s.json("bootstrap")).aws_kms_key).toEqual({
      state_key: {
        description: `Terraform state: bucket ${DEV_BUCKET}, its state objects and lock table`,
        enable_key_rotation: true,
        deletion_window_in_days: 7,
        policy: "${data.aws_iam_policy_document.state_key_policy.json}",
      },
    });
    expect(res(s.json("bootstrap")).aws_kms_alias.state_key_alias).toEqual({ name: `alias/tfstate/${DEV_BUCKET}`, target_key_id: "${aws_kms_key.state_key.key_id}" });
    expect(bucketEncryption(s.json("bootstrap")).rule).toEqual([{ [SSE]: { sse_algorithm: "aws:kms", kms_master_key_id: STATE_KEY_REF }, bucket_key_enabled: true }]);
    expect(stateSettings(s)).toEqual(expectedSettings("dev", DEV_BUCKET, { use_lockfile: true, kms_key_id: DEV_ALIAS_ARN }));
  });

  it("staging set to platform (deletion protection on): prevent_destroy, 30 days", () => {
    const b = synthesized(load(stagingWith((d) => (d.encryption = { keys: "platform" })), "staging")).json("bootstrap");
    expect(res(b).aws_kms_key.state_key).toMatchObject({ deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(res(b).aws_dynamodb_table.lock.server_side_encryption).toEqual({ enabled: true, kms_key_arn: STATE_KEY_REF });
  });
});

describe("prod with the team's keys (keys: bring and stateBackend.kmsKeyArn)", () => {
  const config = load(prodWith(bring), "prod");
  const s = synthesized(config);

  it("resolves to the brought key, an alias ARN, as is", () => {
    expect(config.stateBackend.key).toEqual({ kind: "bring", arn: TEAM_STATE_KEY });
    expect(config.stateBackend.kmsKeyArn).toBe(TEAM_STATE_KEY);
  });

  it("the bootstrap creates no key; bucket and lock table use the key behind the given alias (DynamoDB reports key ARNs)", () => {
    const b = s.json("bootstrap");
    expect(res(b).aws_kms_key).toBeUndefined();
    expect(res(b).aws_kms_alias).toBeUndefined();
    expect((b.data as any).aws_kms_alias.state_key_alias).toEqual({ name: "alias/team-tfstate" });
    const behind = "${data.aws_kms_alias.state_key_alias.target_key_arn}";
    expect(bucketEncryption(b).rule).toEqual([{ [SSE]: { sse_algorithm: "aws:kms", kms_master_key_id: behind }, bucket_key_enabled: true }]);
    expect(res(b).aws_dynamodb_table.lock.server_side_encryption).toEqual({ enabled: true, kms_key_arn: behind });
  });

  it("a brought key ARN is used as it is, with no alias lookup", () => {
    const keyArn = "arn:aws:kms:us-east-1:333333333333:key/44444444-4444-4444-8444-444444444444";
    const b = synthesized(load(prodWith((d) => (d.stateBackend.kmsKeyArn = keyArn)), "prod")).json("bootstrap");
    expect((b.data as any)?.aws_kms_alias).toBeUndefined();
    expect(res(b).aws_dynamodb_table.lock.server_side_encryption).toEqual({ enabled: true, kms_key_arn: keyArn });
  });

  it("every backend and remote-state read passes it as kms_key_id", () => {
    expect(stateSettings(s)).toEqual(expectedSettings("prod", PROD_BUCKET, { ...PROD_LOCKING, kms_key_id: TEAM_STATE_KEY }));
  });

  it("a brought state key wins over platform keys too (no key created, backends use it)", () => {
    const onPlatform = load(prodWith((d) => (d.stateBackend.kmsKeyArn = TEAM_STATE_KEY)), "prod");
    expect(onPlatform.encryption.mode).toBe("platform");
    expect(onPlatform.stateBackend.key).toEqual({ kind: "bring", arn: TEAM_STATE_KEY });
    const b = synthesized(onPlatform).json("bootstrap");
    expect(res(b).aws_kms_key).toBeUndefined();
    expect(bucketEncryption(b).rule[0][SSE]).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: "${data.aws_kms_alias.state_key_alias.target_key_arn}" });
  });
});

describe("prod sharing another environment's bucket (stateBackend.manage: false)", () => {
  const config = load(prodWith(unmanaged), "prod");
  const s = synthesized(config);

  it("the bootstrap creates nothing, not even the key, and only names the bucket", () => {
    expect(s.json("bootstrap").resource).toBeUndefined();
    expect(s.json("bootstrap").data).toBeUndefined();
    expect(Object.keys(s.json("bootstrap").output!)).toEqual(["state_bucket_name"]);
    expect(s.json("bootstrap").output!.state_bucket_name.value).toBe(PROD_BUCKET);
  });

  it("every backend and remote-state read still names the platform key's alias ARN", () => {
    expect(config.stateBackend.key).toEqual({ kind: "platform", aliasName: `alias/tfstate/${PROD_BUCKET}` });
    expect(stateSettings(s)).toEqual(expectedSettings("prod", PROD_BUCKET, { ...PROD_LOCKING, kms_key_id: PROD_ALIAS_ARN }));
  });
});

// ---------------------------------------------------------------------------------------------
// Configuration errors

/** The error validation reports (fails when the config loads). */
const configError = configErrorOf;
const problems = (e: ConfigError) => e.problems.map((p) => ({ path: p.path, message: p.message, line: p.line }));

describe("configuration errors", () => {
  it("keys: bring without stateBackend.kmsKeyArn", () => {
    const text = prodWith((d) => (d.encryption = { keys: "bring", keyArns: TEAM_KEYS }));
    const e = configError(() => load(text, "prod"));
    expect(e.file).toBe("config/environments/prod.yaml");
    const message = "keys: bring needs the state's key too: the ARN of the key (or alias) that encrypts the state bucket, its objects and the lock table";
    // No kmsKeyArn in the file: the line of its parent, stateBackend.
    expect(problems(e)).toEqual([{ path: "stateBackend.kmsKeyArn", message, line: lineOf(text, "stateBackend:") }]);
    expect(e.message).toContain(`stateBackend.kmsKeyArn: ${message}  [config/environments/prod.yaml:${lineOf(text, "stateBackend:")}:`);
  });

  it("an alias of another account (bootstrap looks aliases up in its own account)", () => {
    const text = prodWith((d) => (d.stateBackend.kmsKeyArn = "arn:aws:kms:us-east-1:999999999999:alias/central-tfstate"));
    const e = configError(() => load(text, "prod"));
    expect(problems(e)).toEqual([
      {
        path: "stateBackend.kmsKeyArn",
        message: "an alias of account 999999999999 cannot be looked up from 333333333333: name another account's key by its key ARN (arn:aws:kms:<region>:999999999999:key/<id>)",
        line: lineOf(text, "kmsKeyArn:"),
      },
    ]);
  });

  it("a state key in another region than the bucket's", () => {
    const text = prodWith((d) => {
      bring(d);
      d.stateBackend.kmsKeyArn = "arn:aws:kms:eu-west-1:333333333333:alias/team-tfstate";
    });
    const e = configError(() => load(text, "prod"));
    expect(e.file).toBe("config/environments/prod.yaml");
    expect(problems(e)).toEqual([
      { path: "stateBackend.kmsKeyArn", message: "the key is in eu-west-1, the state bucket in us-east-1: S3 only uses keys of the bucket's region", line: lineOf(text, "kmsKeyArn:") },
    ]);
    // In any key mode: dev (aws-managed) naming a state key of another region.
    const devText = devWith((d) => (d.stateBackend.kmsKeyArn = "arn:aws:kms:us-west-2:111111111111:key/44444444-4444-4444-8444-444444444444"));
    expect(problems(configError(() => load(devText, "dev")))).toEqual([
      { path: "stateBackend.kmsKeyArn", message: "the key is in us-west-2, the state bucket in us-east-1: S3 only uses keys of the bucket's region", line: lineOf(devText, "kmsKeyArn:") },
    ]);
  });

  describe("an environment sharing the bucket expects the key of the environment that manages it", () => {
    /** prod manages the bucket (platform keys, its default); prodb shares it. */
    const folder = (sharer: (d: any) => void, owner: (d: any) => void = () => undefined) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "state-key-"));
      fs.writeFileSync(path.join(dir, "prod.yaml"), prodWith(owner));
      const text = prodWith((d) => {
        unmanaged(d);
        d.github.createProvider = false; // the OIDC provider exists once per account
        sharer(d);
      });
      fs.writeFileSync(path.join(dir, "prodb.yaml"), text);
      return { dir, text, owner: path.join(dir, "prod.yaml"), file: path.join(dir, "prodb.yaml") };
    };
    const ownerKey = `the platform key alias/tfstate/${PROD_BUCKET} its bootstrap creates`;

    it("AWS-managed keys here, the platform key there", () => {
      const f = folder((d) => (d.encryption = { keys: "aws-managed" }));
      const e = configError(() => loadEnvironment("prodb", { configDir: f.dir, env: {} }));
      expect(e.file).toBe(f.file); // outside the project: shown absolute
      expect(problems(e)).toEqual([
        {
          path: "stateBackend.kmsKeyArn",
          message: `the state bucket ${PROD_BUCKET} is encrypted with ${ownerKey} (environment "prod", ${f.owner}, manages it), but this environment expects AWS-managed keys; the key belongs to the bucket: set stateBackend.kmsKeyArn: arn:aws:kms:us-east-1:333333333333:alias/tfstate/${PROD_BUCKET} here (the owner's key)`,
          line: lineOf(f.text, "stateBackend:"),
        },
      ]);
    });

    it("a brought key here, the platform key there", () => {
      const f = folder(bring);
      const e = configError(() => loadEnvironment("prodb", { configDir: f.dir, env: {} }));
      expect(problems(e)).toEqual([
        {
          path: "stateBackend.kmsKeyArn",
          message: `the state bucket ${PROD_BUCKET} is encrypted with ${ownerKey} (environment "prod", ${f.owner}, manages it), but this environment expects the key ${TEAM_STATE_KEY} (stateBackend.kmsKeyArn); the key belongs to the bucket: set stateBackend.kmsKeyArn: arn:aws:kms:us-east-1:333333333333:alias/tfstate/${PROD_BUCKET} here (the owner's key)`,
          line: lineOf(f.text, "kmsKeyArn:"),
        },
      ]);
      expect(describeStateKey({ kind: "bring", arn: TEAM_STATE_KEY })).toBe(`the key ${TEAM_STATE_KEY} (stateBackend.kmsKeyArn)`);
    });

    it("the team's keys here, naming the owner's platform key by its alias ARN: the same key, both load", () => {
      const ownersAlias = `arn:aws:kms:us-east-1:333333333333:alias/tfstate/${PROD_BUCKET}`;
      const f = folder((d) => (bring(d), (d.stateBackend.kmsKeyArn = ownersAlias)));
      expect(loadEnvironment("prodb", { configDir: f.dir, env: {} }).stateBackend.kmsKeyArn).toBe(ownersAlias);
    });

    it("both on platform keys (the same alias of the same bucket): both load, and the sharer's backends use the owner's key", () => {
      const f = folder(() => undefined);
      const sharer = loadEnvironment("prodb", { configDir: f.dir, env: {} });
      expect(sharer.stateBackend.manage).toBe(false);
      expect(sharer.stateBackend.kmsKeyArn).toBe(PROD_ALIAS_ARN);
      expect(loadEnvironment("prod", { configDir: f.dir, env: {} }).stateBackend.kmsKeyArn).toBe(PROD_ALIAS_ARN);
    });

    it("both with the same brought key: both load", () => {
      const f = folder(bring, bring);
      expect(loadEnvironment("prodb", { configDir: f.dir, env: {} }).stateBackend.kmsKeyArn).toBe(TEAM_STATE_KEY);
    });

    it("another account's or another bucket's owner is not asked", () => {
      const otherAccount = folder((d) => (d.encryption = { keys: "aws-managed" }), (d) => (d.accountId = OTHER_ACCOUNT));
      expect(loadEnvironment("prodb", { configDir: otherAccount.dir, env: {} }).stateBackend.key).toEqual({ kind: "aws-managed" });
      const otherBucket = folder((d) => (d.encryption = { keys: "aws-managed" }), (d) => (d.stateBackend.bucket = "acme-ai-tfstate-main-333333333333"));
      expect(loadEnvironment("prodb", { configDir: otherBucket.dir, env: {} }).stateBackend.key).toEqual({ kind: "aws-managed" });
    });
  });
});
