/**
 * The environment's KMS keys (`encryption`): AWS-managed keys (the default outside
 * prod), keys the foundation creates, one per data class (data, logs, secrets; the
 * default in prod), or the team's own keys by ARN. Which resource uses which key
 * in each mode, the foundation contract's key outputs, who may use the keys
 * (key policies and identity policies evaluated, see support/kms-access.ts), and
 * the configuration errors.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { EnvironmentKeys } from "../constructs/keys/environment-keys";
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedConfig } from "../config/defaults";
import { ConfigError } from "../config/errors";
import { loadEnvironment, parseEnvironment } from "../config/load";
import type { KeyClass } from "../config/encryption-schema";
import { publishedUrlReaders } from "../config/frontend";
import { FoundationStack } from "../stacks/foundation-stack";
import { ServicesStack } from "../stacks/services-stack";
import { FoundationContract } from "../stacks/contracts";
import type { UpstreamMode } from "../stacks/upstream";
import { configErrorOf, devWith, lineOf, prodWith, stagingWith } from "./support/config-text";
import { configs, remote, res } from "./support/stack-json";
import { EXAMPLES_DIR, type TerraformJson } from "./support/synth";
import { arnLike, canUse, defaultKeyPolicy, keysOf, rolesOf, type Context, type Key, type Principal, type Role, type Statement } from "./support/kms-access";

const REGION = "us-east-1";
const PROD_ACCOUNT = "333333333333";
/** The team's own keys of the bring variants, in prod's region and account. */
const TEAM_KEYS: Record<KeyClass, string> = {
  data: "arn:aws:kms:us-east-1:333333333333:key/11111111-1111-4111-8111-111111111111",
  logs: "arn:aws:kms:us-east-1:333333333333:key/22222222-2222-4222-8222-222222222222",
  secrets: "arn:aws:kms:us-east-1:333333333333:key/33333333-3333-4333-8333-333333333333",
};
/** The platform's keys as the foundation refers to them. */
const PLATFORM_KEYS: Record<KeyClass, string> = {
  data: "${aws_kms_key.keys_data_key.arn}",
  logs: "${aws_kms_key.keys_logs_key.arn}",
  secrets: "${aws_kms_key.keys_secrets_key.arn}",
};
const ALERTS_KEY = "${aws_kms_key.alerts_key.arn}";

const load = (text: string, env: string) => parseEnvironment(text, env, `config/environments/${env}.yaml`, {});
const foundationOf = (config: ResolvedConfig) => JSON.parse(Testing.synth(new FoundationStack(Testing.app(), { config }))) as TerraformJson;
const servicesOf = (config: ResolvedConfig, upstreamMode: UpstreamMode = "remote-state") =>
  JSON.parse(Testing.synth(new ServicesStack(Testing.app(), { config, upstreamMode }))) as TerraformJson;
const agenticWith = (change: (d: any) => void): ResolvedConfig => {
  const doc = parseYaml(fs.readFileSync(path.join(EXAMPLES_DIR, "agentic.yaml"), "utf8"));
  change(doc);
  return parseEnvironment(stringify(doc), "agentic", "config/examples/agentic.yaml", {});
};

const platform = (d: any) => (d.encryption = { keys: "platform" });
const awsManaged = (d: any) => (d.encryption = { keys: "aws-managed" });
/** The team's state key, by alias: the backend and S3 take aliases. */
const TEAM_STATE_KEY = "arn:aws:kms:us-east-1:333333333333:alias/team-tfstate";
/** keys: bring with these settings, and the team's state key. */
const bringing = (encryption: Record<string, unknown>) => (d: any) => {
  d.encryption = { keys: "bring", ...encryption };
  d.stateBackend.kmsKeyArn = TEAM_STATE_KEY;
};
const bring = bringing({ keyArns: TEAM_KEYS });
/** No CloudFront route to the load balancer: it is internet-facing, and in prod gets the regional web ACL (services phase). */
const publicLoadBalancer = (d: any) => delete d.frontend.routes;
const both =
  (...changes: Array<(d: any) => void>) =>
  (d: any) =>
    changes.forEach((c) => c(d));

const prod = configs.prod;
const prodAwsManaged = load(prodWith(awsManaged), "prod");
const prodBring = load(prodWith(bring), "prod");
const devPlatform = load(devWith(platform), "dev");

const prodF = foundationOf(prod);
const prodAwsManagedF = foundationOf(prodAwsManaged);
const prodBringF = foundationOf(prodBring);

/**
 * Every string of the stack's resources that is about encryption: a field named
 * *kms*, sse_algorithm or encryption_type, or a value naming a KMS key (a key
 * resource, a KMS ARN, a foundation key output). Keys are `<type>.<name>.<path>`;
 * the keys and aliases themselves are left out (tested on their own).
 */
function keyUses(j: TerraformJson): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (v: unknown, at: string[]) => {
    if (typeof v === "string") {
      if (/kms|^sse_algorithm$|^encryption_type$/i.test(at[at.length - 1]) || /aws_kms_key\.|:kms:|_key_arn\b/.test(v)) out[at.join(".")] = v;
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, String(i)]));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...at, k]);
  };
  for (const [type, resources] of Object.entries(j.resource ?? {})) {
    if (type === "aws_kms_key" || type === "aws_kms_alias") continue;
    for (const [name, body] of Object.entries(resources)) walk(body, [`${type}.${name}`]);
  }
  return out;
}

const SSE = "rule.0.apply_server_side_encryption_by_default";
/** Prod's foundation: what each resource is encrypted with, given the key of each class (none: AWS-managed keys). */
function prodFoundationUses(k?: Record<KeyClass, string>): Record<string, string> {
  const services = ["api", "migrate", "qdrant", "worker"];
  return {
    [`aws_s3_bucket_server_side_encryption_configuration.artifacts_bucket_encryption.${SSE}.sse_algorithm`]: k ? "aws:kms" : "AES256",
    ...(k ? { [`aws_s3_bucket_server_side_encryption_configuration.artifacts_bucket_encryption.${SSE}.kms_master_key_id`]: k.data } : {}),
    // S3 access logs (and ALB logs) cannot be delivered to an SSE-KMS bucket.
    [`aws_s3_bucket_server_side_encryption_configuration.logs_bucket_encryption.${SSE}.sse_algorithm`]: "AES256",
    ...Object.fromEntries(
      services.flatMap((s) => [
        [`aws_ecr_repository.${s}_repository.encryption_configuration.0.encryption_type`, k ? "KMS" : "AES256"],
        ...(k ? [[`aws_ecr_repository.${s}_repository.encryption_configuration.0.kms_key`, k.data]] : []),
      ]),
    ),
    ...(k
      ? {
          "aws_db_instance.database.kms_key_id": k.data,
          // The master credentials RDS keeps in Secrets Manager are a secret like the others.
          "aws_db_instance.database.master_user_secret_kms_key_id": k.secrets,
          "aws_db_instance.database.performance_insights_kms_key_id": k.data,
          "aws_elasticache_replication_group.cache.kms_key_id": k.data,
          "aws_efs_file_system.file_system.kms_key_id": k.data,
          "aws_secretsmanager_secret.api_secret.kms_key_id": k.secrets,
          ...Object.fromEntries(services.map((s) => [`aws_cloudwatch_log_group.${s}_logs.kms_key_id`, k.logs])),
          // The groups RDS exports to, created by the platform first.
          "aws_cloudwatch_log_group.database_postgresql_logs.kms_key_id": k.logs,
          "aws_cloudwatch_log_group.database_upgrade_logs.kms_key_id": k.logs,
          "aws_cloudwatch_log_group.vpc_flow_logs_group.kms_key_id": k.logs,
        }
      : {}),
    // The alert topic keeps its own key in every mode.
    "aws_sns_topic.alerts.kms_master_key_id": ALERTS_KEY,
  };
}

const keyOutputs = (j: TerraformJson) => ({ data: j.output!.data_key_arn.value, logs: j.output!.logs_key_arn.value, secrets: j.output!.secrets_key_arn.value });
const mockKeyOutputs = (c: ResolvedConfig) => ({
  data: FoundationContract.outputs.data_key_arn.mock(c),
  logs: FoundationContract.outputs.logs_key_arn.mock(c),
  secrets: FoundationContract.outputs.secrets_key_arn.mock(c),
});

describe("aws-managed keys (the default outside prod)", () => {
  it.each([
    ["dev", configs.dev],
    ["staging", configs.staging],
    ["prod set to aws-managed", prodAwsManaged],
  ] as const)("%s: resolves to aws-managed", (_name, c) => {
    expect(c.encryption.mode).toBe("aws-managed");
    expect(c.encryption.keyArns).toBeUndefined();
  });

  it.each([
    ["dev", configs.dev],
    ["staging", configs.staging],
  ] as const)("%s: no key but the alert topic's; buckets and repositories AES256, no KMS key on anything else", (_name, c) => {
    const j = foundationOf(c);
    expect(Object.keys(res(j).aws_kms_key)).toEqual(["alerts_key"]);
    expect(Object.keys(res(j).aws_kms_alias)).toEqual(["alerts_key_alias"]);
    const uses = keyUses(j);
    expect(Object.entries(uses).filter(([, v]) => v !== "AES256")).toEqual([["aws_sns_topic.alerts.kms_master_key_id", ALERTS_KEY]]);
    expect(Object.keys(uses).filter((k) => k.endsWith("sse_algorithm")).sort()).toEqual([
      `aws_s3_bucket_server_side_encryption_configuration.artifacts_bucket_encryption.${SSE}.sse_algorithm`,
      `aws_s3_bucket_server_side_encryption_configuration.logs_bucket_encryption.${SSE}.sse_algorithm`,
    ]);
    expect(Object.keys(uses).filter((k) => k.endsWith("encryption_type")).sort()).toEqual(c.services.map((s) => `aws_ecr_repository.${s.name}_repository.encryption_configuration.0.encryption_type`).sort());
  });

  it("prod set to aws-managed: exactly AES256 buckets and repositories, and no kms_key_id on log groups, the database (nor Performance Insights), the cache, the file system or the secret", () => {
    expect(Object.keys(res(prodAwsManagedF).aws_kms_key)).toEqual(["alerts_key"]);
    expect(keyUses(prodAwsManagedF)).toEqual(prodFoundationUses());
    expect(res(prodAwsManagedF).aws_s3_bucket_server_side_encryption_configuration.artifacts_bucket_encryption.rule[0].bucket_key_enabled).toBe(false);
    // Still encrypted, with AWS's keys.
    expect(res(prodAwsManagedF).aws_db_instance.database).toMatchObject({ storage_encrypted: true, performance_insights_enabled: true });
    expect(res(prodAwsManagedF).aws_elasticache_replication_group.cache.at_rest_encryption_enabled).toBe("true");
    expect(res(prodAwsManagedF).aws_efs_file_system.file_system.encrypted).toBe(true);
  });

  it("identity policies name no KMS key: nothing to grant with AWS-managed keys", () => {
    for (const role of rolesOf(prodAwsManagedF)) {
      expect(role.identity.filter((s) => (s.actions ?? []).some((a) => a.startsWith("kms:"))), role.name).toEqual([]);
    }
  });

  it("the contract's key outputs are empty, real and mock", () => {
    expect(keyOutputs(prodAwsManagedF)).toEqual({ data: "", logs: "", secrets: "" });
    expect(keyOutputs(foundationOf(configs.dev))).toEqual({ data: "", logs: "", secrets: "" });
    expect(mockKeyOutputs(prodAwsManaged)).toEqual({ data: "", logs: "", secrets: "" });
    expect(mockKeyOutputs(configs.dev)).toEqual({ data: "", logs: "", secrets: "" });
  });
});

describe("platform keys (the default in prod)", () => {
  it("prod resolves to platform with a 30-day deletion window; a dev environment set to platform gets 7 days", () => {
    expect(prod.encryption).toEqual({ mode: "platform", keyArns: undefined, keyDeletionWindowDays: 30 });
    expect(devPlatform.encryption).toEqual({ mode: "platform", keyArns: undefined, keyDeletionWindowDays: 7 });
  });

  it("creates exactly the three keys besides the alert topic's, rotated yearly, each with its own key policy", () => {
    expect(Object.keys(res(prodF).aws_kms_key).sort()).toEqual(["alerts_key", "keys_data_key", "keys_logs_key", "keys_secrets_key"]);
    expect(res(prodF).aws_kms_key.keys_data_key).toEqual({
      description: "acme-ai-prod: buckets (the static site's too), database, cache, file system, image repositories, App Runner and Fargate task storage",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      policy: "${data.aws_iam_policy_document.keys_data_key_policy.json}",
      lifecycle: { prevent_destroy: true },
    });
    expect(res(prodF).aws_kms_key.keys_logs_key).toEqual({
      description: "acme-ai-prod: CloudWatch log groups",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      policy: "${data.aws_iam_policy_document.keys_logs_key_policy.json}",
      lifecycle: { prevent_destroy: true },
    });
    expect(res(prodF).aws_kms_key.keys_secrets_key).toEqual({
      description: "acme-ai-prod: Secrets Manager secrets",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      policy: "${data.aws_iam_policy_document.keys_secrets_key_policy.json}",
      lifecycle: { prevent_destroy: true },
    });
  });

  it("aliases alias/<project>-<env>-<class>", () => {
    const { alerts_key_alias: _alerts, ...aliases } = res(prodF).aws_kms_alias;
    expect(aliases).toEqual({
      keys_data_key_alias: { name: "alias/acme-ai-prod-data", target_key_id: "${aws_kms_key.keys_data_key.key_id}" },
      keys_logs_key_alias: { name: "alias/acme-ai-prod-logs", target_key_id: "${aws_kms_key.keys_logs_key.key_id}" },
      keys_secrets_key_alias: { name: "alias/acme-ai-prod-secrets", target_key_id: "${aws_kms_key.keys_secrets_key.key_id}" },
    });
  });

  it("a dev environment set to platform: deletion window 7 days; an explicit window wins", () => {
    const j = foundationOf(devPlatform);
    expect(["data", "logs", "secrets"].map((k) => res(j).aws_kms_key[`keys_${k}_key`].deletion_window_in_days)).toEqual([7, 7, 7]);
    expect(res(j).aws_kms_alias.keys_data_key_alias.name).toBe("alias/acme-ai-dev-data");
    const explicit = foundationOf(load(prodWith((d) => (d.encryption = { keyDeletionWindowDays: 14 })), "prod"));
    expect(["data", "logs", "secrets"].map((k) => res(explicit).aws_kms_key[`keys_${k}_key`].deletion_window_in_days)).toEqual([14, 14, 14]);
    // The alert topic's key keeps its own setting.
    expect(res(explicit).aws_kms_key.alerts_key.deletion_window_in_days).toBe(30);
  });

  it("every resource uses exactly its class's key: data (buckets, database and Performance Insights, cache, file system, repositories), logs (log groups), secrets (secrets); the logs bucket stays AES256", () => {
    expect(keyUses(prodF)).toEqual(prodFoundationUses(PLATFORM_KEYS));
    expect(res(prodF).aws_s3_bucket_server_side_encryption_configuration.artifacts_bucket_encryption.rule[0].bucket_key_enabled).toBe(true);
    expect(res(prodF).aws_s3_bucket_server_side_encryption_configuration.logs_bucket_encryption.rule[0].bucket_key_enabled).toBe(false);
  });

  it("staging set to platform: the shared secret and the batch job's log group too", () => {
    const uses = keyUses(foundationOf(load(stagingWith(platform), "staging")));
    expect(uses["aws_secretsmanager_secret.server_shared_secret.kms_key_id"]).toBe(PLATFORM_KEYS.secrets);
    expect(uses["aws_secretsmanager_secret.api_secret.kms_key_id"]).toBe(PLATFORM_KEYS.secrets);
    expect(uses["aws_cloudwatch_log_group.evaluate_logs.kms_key_id"]).toBe(PLATFORM_KEYS.logs);
    expect(uses["aws_ecr_repository.evaluate_repository.encryption_configuration.0.kms_key"]).toBe(PLATFORM_KEYS.data);
  });

  it("the contract publishes each key's ARN; the mock has one made-up key ARN per class in the environment's region and account", () => {
    expect(keyOutputs(prodF)).toEqual(PLATFORM_KEYS);
    expect(mockKeyOutputs(prod)).toEqual({
      data: "arn:aws:kms:us-east-1:333333333333:key/0000000a-0000-4000-8000-000000000000",
      logs: "arn:aws:kms:us-east-1:333333333333:key/0000000b-0000-4000-8000-000000000000",
      secrets: "arn:aws:kms:us-east-1:333333333333:key/0000000c-0000-4000-8000-000000000000",
    });
  });
});

describe("bring your own keys", () => {
  it("resolves the team's ARNs", () => {
    expect(prodBring.encryption).toEqual({ mode: "bring", keyArns: TEAM_KEYS, keyDeletionWindowDays: 30 });
  });

  it("creates no keys (only the alert topic's)", () => {
    expect(Object.keys(res(prodBringF).aws_kms_key)).toEqual(["alerts_key"]);
    expect(Object.keys(res(prodBringF).aws_kms_alias)).toEqual(["alerts_key_alias"]);
    expect(prodBringF.data!.aws_iam_policy_document).not.toHaveProperty("keys_data_key_policy");
  });

  it("every resource uses the team's literal ARN of its class", () => {
    expect(keyUses(prodBringF)).toEqual(prodFoundationUses(TEAM_KEYS));
  });

  it("grants name the literal ARNs, with kms:ViaService of the environment's region", () => {
    const doc = (name: string) => (prodBringF.data!.aws_iam_policy_document as Record<string, { statement: Statement[] }>)[name].statement;
    expect(doc("api_task_role_policy").find((s) => s.sid === "DecryptS3Objects")).toEqual({
      sid: "DecryptS3Objects",
      effect: "Allow",
      actions: ["kms:Decrypt"],
      resources: [TEAM_KEYS.data],
      condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] }],
    });
    expect(doc("api_execution_role_policy").find((s) => s.sid === "DecryptSecrets")).toEqual({
      sid: "DecryptSecrets",
      effect: "Allow",
      actions: ["kms:Decrypt"],
      resources: [TEAM_KEYS.secrets],
      condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.us-east-1.amazonaws.com"] }],
    });
  });

  it("the contract publishes the team's ARNs, real and mock", () => {
    expect(keyOutputs(prodBringF)).toEqual(TEAM_KEYS);
    expect(mockKeyOutputs(prodBring)).toEqual(TEAM_KEYS);
  });
});

describe("services phase: the regional web ACL's log group", () => {
  const variants = {
    "aws-managed": load(prodWith(both(publicLoadBalancer, awsManaged)), "prod"),
    platform: load(prodWith(publicLoadBalancer), "prod"),
    bring: load(prodWith(both(publicLoadBalancer, bring)), "prod"),
  };

  it("the variants have the regional web ACL (internet-facing load balancer, WAF on in prod)", () => {
    for (const c of Object.values(variants)) {
      expect(c.loadBalancer.internal).toBe(false);
      expect(res(servicesOf(c)).aws_wafv2_web_acl.load_balancer_firewall.scope).toBe("REGIONAL");
    }
  });

  it.each([
    ["aws-managed", {}],
    [
      "platform",
      {
        "aws_cloudwatch_log_group.cluster_insights_logs.kms_key_id": remote("logs_key_arn"),
        "aws_cloudwatch_log_group.load_balancer_firewall_logs.kms_key_id": remote("logs_key_arn"),
        "aws_ecs_cluster.cluster.configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id": remote("data_key_arn"),
      },
    ],
    [
      "bring",
      {
        "aws_cloudwatch_log_group.cluster_insights_logs.kms_key_id": remote("logs_key_arn"),
        "aws_cloudwatch_log_group.load_balancer_firewall_logs.kms_key_id": remote("logs_key_arn"),
        "aws_ecs_cluster.cluster.configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id": remote("data_key_arn"),
      },
    ],
  ] as const)("%s: the phase uses the logs key (the firewall's logs) and the data key (Fargate task storage), from the foundation contract", (mode, expected) => {
    expect(keyUses(servicesOf(variants[mode]))).toEqual(expected);
  });

  it.each([
    ["aws-managed", {}],
    [
      "platform",
      {
        "aws_cloudwatch_log_group.cluster_insights_logs.kms_key_id": "arn:aws:kms:us-east-1:333333333333:key/0000000b-0000-4000-8000-000000000000",
        "aws_cloudwatch_log_group.load_balancer_firewall_logs.kms_key_id": "arn:aws:kms:us-east-1:333333333333:key/0000000b-0000-4000-8000-000000000000",
        "aws_ecs_cluster.cluster.configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id": "arn:aws:kms:us-east-1:333333333333:key/0000000a-0000-4000-8000-000000000000",
      },
    ],
    [
      "bring",
      {
        "aws_cloudwatch_log_group.cluster_insights_logs.kms_key_id": TEAM_KEYS.logs,
        "aws_cloudwatch_log_group.load_balancer_firewall_logs.kms_key_id": TEAM_KEYS.logs,
        "aws_ecs_cluster.cluster.configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id": TEAM_KEYS.data,
      },
    ],
  ] as const)("%s, plan-only (mock upstream): the contract's mock keys", (mode, expected) => {
    expect(keyUses(servicesOf(variants[mode], "mock"))).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// Who may use the keys

const ACTIONS = [
  "kms:Decrypt",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:CreateGrant",
  "kms:DescribeKey",
  "kms:ScheduleKeyDeletion",
  "kms:PutKeyPolicy",
];
/** Services a request may come through (kms:ViaService), and none (a direct call). */
const VIA = ["s3", "secretsmanager", "logs", "rds", "ecr", "elasticache", "elasticfilesystem", "ssm", "sns", undefined] as const;
const via = (service: string | undefined): Context => (service ? { "kms:ViaService": `${service}.${REGION}.amazonaws.com` } : {});

/** Every (role, key, action, via) the evaluator allows, as `<role> <key> <action> via <service|direct>`. */
function allowedUses(roles: readonly Role[], keys: readonly Key[]): string[] {
  return roles.flatMap((role) =>
    keys.flatMap((key) =>
      ACTIONS.flatMap((action) =>
        VIA.filter((s) => canUse({ principal: role.principal, identity: role.identity, key, action, context: via(s) })).map((s) => `${role.name} ${key.label} ${action} via ${s ?? "direct"}`),
      ),
    ),
  );
}

/**
 * What the configuration says roles need: a service's task role decrypts the data
 * key through S3 when it may read a bucket, and generates data keys when it may
 * write one; whoever fetches its secrets at start (the execution role; App Runner's
 * instance role) decrypts the secrets key through Secrets Manager, and through SSM
 * when it reads the published public URL. Nothing else.
 */
function neededUses(c: ResolvedConfig): string[] {
  const db = c.database;
  // The database's master secret: read by the proxy, and by clients that sign in with the password.
  const credentialReaders = db ? [...(db.proxy ? [`${c.names.prefix}-db-proxy`] : []), ...(db.iamAuthentication ? [] : db.clients.map((n) => c.names.taskRole(n)))] : [];
  const urlReaders = new Set(publishedUrlReaders(c).map((s) => s.name));
  const uses = c.services.flatMap((s) => {
    const task = c.names.taskRole(s.name);
    const reader = s.compute === "apprunner" ? task : c.names.taskExecutionRole(s.name);
    const access = Object.values(s.bucketAccess);
    return [
      ...(access.length > 0 ? [`${task} data kms:Decrypt via s3`] : []),
      ...(access.includes("readwrite") ? [`${task} data kms:GenerateDataKey via s3`] : []),
      ...(s.secrets.length > 0 || Object.keys(s.sharedSecrets).length > 0 ? [`${reader} secrets kms:Decrypt via secretsmanager`] : []),
      // the public URL's SecureString parameter, when the frontend phase publishes it there
      ...(urlReaders.has(s.name) ? [`${reader} secrets kms:Decrypt via ssm`] : []),
    ];
  });
  return [...new Set([...uses, ...credentialReaders.map((r) => `${r} secrets kms:Decrypt via secretsmanager`)])];
}

/** A key of the same account that is not the environment's, with AWS's default key policy. */
const otherKey = (account: string): Key => {
  const arn = `arn:aws:kms:${REGION}:${account}:key/99999999-9999-4999-8999-999999999999`;
  return { label: "other", refs: [arn], arn, policy: defaultKeyPolicy(account) };
};

const LOGS = (region: string): Principal => ({ type: "Service", service: `logs.${region}.amazonaws.com` });
const logGroupArn = (account: string, name: string) => `arn:aws:logs:${REGION}:${account}:log-group:${name}`;
const logsContext = (arn: string) => ({ "kms:EncryptionContext:aws:logs:arn": arn });
const LOGS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:DescribeKey"];

describe("the evaluator", () => {
  const account = "123456789012";
  const role: Principal = { type: "AWS", arn: `arn:aws:iam::${account}:role/r`, account };
  const key = (policy: Statement[]): Key => ({ label: "k", refs: ["${aws_kms_key.k.arn}"], arn: `arn:aws:kms:${REGION}:${account}:key/k`, policy });
  const decryptViaS3: Statement = {
    effect: "Allow",
    actions: ["kms:Decrypt"],
    resources: ["${aws_kms_key.k.arn}"],
    condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] }],
  };

  it("needs the key policy to delegate to the account before an identity policy counts", () => {
    const request = { principal: role, identity: [decryptViaS3], action: "kms:Decrypt", context: via("s3") };
    expect(canUse({ ...request, key: key(defaultKeyPolicy(account)) })).toBe(true);
    expect(canUse({ ...request, key: key([]) })).toBe(false);
    expect(canUse({ ...request, key: key(defaultKeyPolicy("999999999999")) })).toBe(false);
  });

  it("checks action wildcards, resources and conditions of the identity policy", () => {
    const k = key(defaultKeyPolicy(account));
    expect(canUse({ principal: role, identity: [decryptViaS3], key: k, action: "kms:Decrypt", context: via("secretsmanager") })).toBe(false);
    expect(canUse({ principal: role, identity: [decryptViaS3], key: k, action: "kms:Decrypt" })).toBe(false);
    expect(canUse({ principal: role, identity: [decryptViaS3], key: k, action: "kms:Encrypt", context: via("s3") })).toBe(false);
    const other = { ...k, refs: ["${aws_kms_key.other.arn}"] };
    expect(canUse({ principal: role, identity: [decryptViaS3], key: other, action: "kms:Decrypt", context: via("s3") })).toBe(false);
    const wide: Statement = { effect: "Allow", actions: ["KMS:Decrypt*"], resources: [`arn:aws:kms:*:${account}:key/*`] };
    expect(canUse({ principal: role, identity: [wide], key: k, action: "kms:Decrypt" })).toBe(true);
    expect(canUse({ principal: role, identity: [wide], key: k, action: "kms:Encrypt" })).toBe(false);
  });

  it("lets a Deny win", () => {
    const deny: Statement = { effect: "Deny", actions: ["kms:*"], resources: ["*"] };
    expect(canUse({ principal: role, identity: [decryptViaS3, deny], key: key(defaultKeyPolicy(account)), action: "kms:Decrypt", context: via("s3") })).toBe(false);
    const denyInKey: Statement = { effect: "Deny", actions: ["kms:Decrypt"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["*"] }] };
    expect(canUse({ principal: role, identity: [decryptViaS3], key: key([...defaultKeyPolicy(account), denyInKey]), action: "kms:Decrypt", context: via("s3") })).toBe(false);
  });

  it("ArnLike matches component by component, wildcards not spanning a colon", () => {
    expect(arnLike("arn:aws:logs:us-east-1:333333333333:log-group:/ecs/acme-ai-prod/*", "arn:aws:logs:us-east-1:333333333333:log-group:/ecs/acme-ai-prod/api")).toBe(true);
    expect(arnLike("arn:aws:logs:us-east-1:333333333333:log-group:/ecs/acme-ai-prod/*", "arn:aws:logs:us-east-1:333333333333:log-group:/ecs/other-prod/api")).toBe(false);
    expect(arnLike("arn:aws:logs:us-east-1:333333333333:log-group:/ecs/acme-ai-prod/*", "arn:aws:logs:us-east-1:444444444444:log-group:/ecs/acme-ai-prod/api")).toBe(false);
    expect(arnLike("arn:aws:logs:*:333333333333:*", "arn:aws:logs:eu-west-1:333333333333:log-group:x")).toBe(true);
    expect(arnLike("arn:aws:logs:*", "arn:aws:logs:us-east-1:333333333333:log-group:x")).toBe(false);
  });

  it("evaluates a service principal against the key policy alone", () => {
    const logsStatement: Statement = {
      effect: "Allow",
      actions: ["kms:Encrypt*"],
      resources: ["*"],
      principals: [{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }],
      condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:us-east-1:123456789012:log-group:/a/*"] }],
    };
    const k = key([...defaultKeyPolicy(account), logsStatement]);
    expect(canUse({ principal: LOGS(REGION), identity: [], key: k, action: "kms:Encrypt", context: logsContext("arn:aws:logs:us-east-1:123456789012:log-group:/a/b") })).toBe(true);
    expect(canUse({ principal: LOGS(REGION), identity: [], key: k, action: "kms:Encrypt" })).toBe(false);
    expect(canUse({ principal: LOGS("eu-west-1"), identity: [], key: k, action: "kms:Encrypt", context: logsContext("arn:aws:logs:us-east-1:123456789012:log-group:/a/b") })).toBe(false);
  });
});

describe("who may use prod's keys (key policies and identity policies evaluated)", () => {
  const roles = rolesOf(prodF);
  const keys = [...keysOf(prodF, REGION, PROD_ACCOUNT), otherKey(PROD_ACCOUNT)];
  const key = (label: string) => keys.find((k) => k.label === label)!;
  const role = (name: string) => roles.find((r) => r.name === name)!;
  const can = (roleName: string, keyLabel: string, action: string, service?: string) =>
    canUse({ principal: role(roleName).principal, identity: role(roleName).identity, key: key(keyLabel), action, context: via(service) });
  const allowed = allowedUses(roles, keys);

  it("reads every role of the stack, each key with its policy", () => {
    expect(roles.map((r) => r.name).sort()).toEqual([
      "acme-ai-prod-api-exec",
      "acme-ai-prod-api-task",
      "acme-ai-prod-db-monitoring",
      "acme-ai-prod-db-proxy",
      "acme-ai-prod-github-deploy",
      "acme-ai-prod-github-plan",
      "acme-ai-prod-migrate-exec",
      "acme-ai-prod-migrate-task",
      "acme-ai-prod-qdrant-exec",
      "acme-ai-prod-qdrant-task",
      "acme-ai-prod-vpc-flow-logs",
      "acme-ai-prod-worker-exec",
      "acme-ai-prod-worker-task",
    ]);
    expect(keys.map((k) => k.label).sort()).toEqual(["alerts", "data", "logs", "other", "secrets"]);
  });

  it("the roles that read a bucket decrypt the data key through S3 only, never through Secrets Manager, never another key", () => {
    for (const name of ["acme-ai-prod-api-task", "acme-ai-prod-worker-task"]) {
      expect(can(name, "data", "kms:Decrypt", "s3"), name).toBe(true);
      expect(can(name, "data", "kms:Decrypt", "secretsmanager"), name).toBe(false);
      expect(can(name, "data", "kms:Decrypt"), name).toBe(false);
      for (const other of ["secrets", "logs", "alerts", "other"]) expect(can(name, other, "kms:Decrypt", "s3"), `${name} ${other}`).toBe(false);
    }
    // Writing (api: readwrite) generates data keys; reading only (worker) does not.
    expect(can("acme-ai-prod-api-task", "data", "kms:GenerateDataKey", "s3")).toBe(true);
    expect(can("acme-ai-prod-worker-task", "data", "kms:GenerateDataKey", "s3")).toBe(false);
  });

  it("a task role without bucket access cannot decrypt the data key", () => {
    for (const name of ["acme-ai-prod-migrate-task", "acme-ai-prod-qdrant-task"]) {
      for (const service of VIA) expect(can(name, "data", "kms:Decrypt", service), `${name} via ${service}`).toBe(false);
    }
  });

  it("the execution role of the service with secrets decrypts the secrets key through Secrets Manager and nothing else", () => {
    expect(can("acme-ai-prod-api-exec", "secrets", "kms:Decrypt", "secretsmanager")).toBe(true);
    expect(allowed.filter((u) => u.startsWith("acme-ai-prod-api-exec "))).toEqual(["acme-ai-prod-api-exec secrets kms:Decrypt via secretsmanager"]);
  });

  it("no role can use the logs key", () => {
    expect(allowed.filter((u) => u.split(" ")[1] === "logs")).toEqual([]);
  });

  it("what the evaluator allows over every role, key, action and service is exactly what the config's bucketAccess and secrets need", () => {
    expect(neededUses(prod).sort()).toEqual([
      "acme-ai-prod-api-exec secrets kms:Decrypt via secretsmanager",
      "acme-ai-prod-api-task data kms:Decrypt via s3",
      "acme-ai-prod-api-task data kms:GenerateDataKey via s3",
      // The RDS Proxy reads the master credentials (prod's clients sign in with IAM, not the password).
      "acme-ai-prod-db-proxy secrets kms:Decrypt via secretsmanager",
      "acme-ai-prod-worker-task data kms:Decrypt via s3",
    ]);
    expect(allowed.sort()).toEqual(neededUses(prod).sort());
  });

  it("the logs key: CloudWatch Logs of the region may use it for the environment's log groups, not another environment's nor another account's", () => {
    const own = logGroupArn(PROD_ACCOUNT, "/ecs/acme-ai-prod/api");
    for (const action of LOGS_ACTIONS) {
      expect(canUse({ principal: LOGS(REGION), identity: [], key: key("logs"), action, context: logsContext(own) }), action).toBe(true);
      expect(canUse({ principal: LOGS(REGION), identity: [], key: key("logs"), action, context: logsContext(logGroupArn(PROD_ACCOUNT, "/ecs/other-prod/api")) }), action).toBe(false);
      expect(canUse({ principal: LOGS(REGION), identity: [], key: key("logs"), action, context: logsContext(logGroupArn("444444444444", "/ecs/acme-ai-prod/api")) }), action).toBe(false);
      expect(canUse({ principal: LOGS(REGION), identity: [], key: key("logs"), action }), `${action} without a log group`).toBe(false);
      expect(canUse({ principal: LOGS("eu-west-1"), identity: [], key: key("logs"), action, context: logsContext(own) }), `${action} from eu-west-1`).toBe(false);
      for (const other of ["data", "secrets"]) expect(canUse({ principal: LOGS(REGION), identity: [], key: key(other), action, context: logsContext(own) }), `${action} ${other}`).toBe(false);
    }
    // Not for actions beyond encrypting and decrypting.
    expect(canUse({ principal: LOGS(REGION), identity: [], key: key("logs"), action: "kms:CreateGrant", context: logsContext(own) })).toBe(false);
  });

  it("CloudWatch Logs may use the logs key for every log group encrypted with it, the web ACL's in the services phase included", () => {
    const services = servicesOf(load(prodWith(publicLoadBalancer), "prod"));
    const groups = [prodF, services].flatMap((j) =>
      Object.values(res(j).aws_cloudwatch_log_group)
        .filter((g) => g.kms_key_id === PLATFORM_KEYS.logs || g.kms_key_id === remote("logs_key_arn"))
        .map((g) => g.name as string),
    );
    expect(groups.sort()).toEqual([
      "/aws/ecs/containerinsights/acme-ai-prod/performance",
      "/aws/rds/instance/acme-ai-prod-db/postgresql",
      "/aws/rds/instance/acme-ai-prod-db/upgrade",
      "/ecs/acme-ai-prod/api",
      "/ecs/acme-ai-prod/migrate",
      "/ecs/acme-ai-prod/qdrant",
      "/ecs/acme-ai-prod/worker",
      "/vpc/acme-ai-prod/flow-logs",
      "aws-waf-logs-acme-ai-prod-alb",
    ]);
    for (const name of groups) {
      for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"]) {
        expect(canUse({ principal: LOGS(REGION), identity: [], key: key("logs"), action, context: logsContext(logGroupArn(PROD_ACCOUNT, name)) }), `${name} ${action}`).toBe(true);
      }
    }
  });
});

describe("who may use the keys in other environments set to platform, and with the team's own keys", () => {
  const cases: Array<[string, ResolvedConfig]> = [
    ["staging (shared secrets, a batch job)", load(stagingWith(platform), "staging")],
    ["agentic (App Runner: the instance role reads secrets)", agenticWith(platform)],
    ["dev", devPlatform],
  ];

  it.each(cases)("%s: allowed uses are exactly the needed ones", (_name, c) => {
    const j = foundationOf(c);
    const keys = [...keysOf(j, c.region, c.accountId), otherKey(c.accountId)];
    expect(keys.map((k) => k.label).sort()).toEqual(["alerts", "data", "logs", "other", "secrets"]);
    const needed = neededUses(c);
    expect(needed.some((u) => u.includes(" secrets "))).toBe(true);
    expect(allowedUses(rolesOf(j), keys).sort()).toEqual(needed.sort());
  });

  it("staging's batch job log group and agentic's flow logs are covered by the logs key policy", () => {
    const staging = keysOf(foundationOf(load(stagingWith(platform), "staging")), REGION, "222222222222").find((k) => k.label === "logs")!;
    expect(canUse({ principal: LOGS(REGION), identity: [], key: staging, action: "kms:Encrypt", context: logsContext(logGroupArn("222222222222", "/aws/batch/acme-ai-staging/evaluate")) })).toBe(true);
    const agentic = keysOf(foundationOf(agenticWith(platform)), REGION, "444444444444").find((k) => k.label === "logs")!;
    expect(canUse({ principal: LOGS(REGION), identity: [], key: agentic, action: "kms:Encrypt", context: logsContext(logGroupArn("444444444444", "/vpc/agentic-agentic/flow-logs")) })).toBe(true);
  });

  it("prod with the team's keys (assuming their key policies delegate to the account, AWS's default): the same uses, on the team's ARNs", () => {
    const teamKeys: Key[] = (Object.entries(TEAM_KEYS) as Array<[KeyClass, string]>).map(([label, arn]) => ({ label, refs: [arn], arn, policy: defaultKeyPolicy(PROD_ACCOUNT) }));
    const keys = [...teamKeys, ...keysOf(prodBringF, REGION, PROD_ACCOUNT), otherKey(PROD_ACCOUNT)];
    expect(allowedUses(rolesOf(prodBringF), keys).sort()).toEqual(neededUses(prodBring).sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Configuration errors

/** The file and problems validation reports for a file's text (fails when it loads). */
const configError = (text: string, env: "dev" | "prod") => configErrorOf(() => load(text, env));
const problems = (e: ConfigError) => e.problems.map((p) => ({ path: p.path, message: p.message, line: p.line }));

describe("configuration errors", () => {
  it("keys: bring without keyArns", () => {
    const text = prodWith(bringing({}));
    const e = configError(text, "prod");
    expect(e.file).toBe("config/environments/prod.yaml");
    expect(problems(e)).toEqual([{ path: "encryption.keyArns", message: "keys: bring needs the key of each data class here (data, logs, secrets)", line: lineOf(text, "encryption:") }]);
    expect(e.message).toContain(`encryption.keyArns: keys: bring needs the key of each data class here (data, logs, secrets)  [config/environments/prod.yaml:${lineOf(text, "encryption:")}:`);
  });

  it("keyArns without keys: bring (stage default, or platform)", () => {
    const unset = prodWith((d) => (d.encryption = { keyArns: TEAM_KEYS }));
    const e = configError(unset, "prod");
    expect(e.file).toBe("config/environments/prod.yaml");
    expect(problems(e)).toEqual([{ path: "encryption.keyArns", message: "only used with keys: bring (keys is its stage default); remove keyArns or set keys: bring", line: lineOf(unset, "keyArns:") }]);
    const onPlatform = prodWith((d) => (d.encryption = { keys: "platform", keyArns: TEAM_KEYS }));
    expect(problems(configError(onPlatform, "prod"))).toEqual([
      { path: "encryption.keyArns", message: "only used with keys: bring (keys is platform); remove keyArns or set keys: bring", line: lineOf(onPlatform, "keyArns:") },
    ]);
  });

  it("a key in another region, and a key of another account", () => {
    const text = prodWith(
      bringing({
        keyArns: {
          data: "arn:aws:kms:eu-west-1:333333333333:key/11111111-1111-4111-8111-111111111111",
          logs: "arn:aws:kms:us-east-1:999999999999:key/22222222-2222-4222-8222-222222222222",
          secrets: TEAM_KEYS.secrets,
        },
      }),
    );
    const e = configError(text, "prod");
    expect(e.file).toBe("config/environments/prod.yaml");
    expect(problems(e)).toEqual([
      { path: "encryption.keyArns.data", message: "the key is in eu-west-1, the environment in us-east-1: services only use keys of their own region", line: lineOf(text, "data: arn:") },
      { path: "encryption.keyArns.logs", message: "the key belongs to account 999999999999, the environment to 333333333333", line: lineOf(text, "logs: arn:") },
    ]);
  });

  it.each([
    ["an alias ARN", "arn:aws:kms:us-east-1:333333333333:alias/acme-data"],
    ["an alias name", "alias/acme-data"],
  ])("%s instead of a key ARN", (_name, alias) => {
    const text = prodWith(bringing({ keyArns: { ...TEAM_KEYS, data: alias } }));
    const e = configError(text, "prod");
    expect(e.file).toBe("config/environments/prod.yaml");
    expect(problems(e)).toEqual([
      {
        path: "encryption.keyArns.data",
        message: "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias: IAM matches key use against the key ARN",
        line: lineOf(text, "data: "),
      },
    ]);
  });

  it("keyDeletionWindowDays with keys: aws-managed (and bring)", () => {
    const text = devWith((d) => (d.encryption = { keys: "aws-managed", keyDeletionWindowDays: 14 }));
    const e = configError(text, "dev");
    expect(e.file).toBe("config/environments/dev.yaml");
    expect(problems(e)).toEqual([
      { path: "encryption.keyDeletionWindowDays", message: "only platform keys are deleted with the environment (keys is aws-managed); remove it, or set keys: platform", line: lineOf(text, "keyDeletionWindowDays:") },
    ]);
    const withBring = prodWith(bringing({ keyArns: TEAM_KEYS, keyDeletionWindowDays: 14 }));
    expect(problems(configError(withBring, "prod"))).toEqual([
      { path: "encryption.keyDeletionWindowDays", message: "only platform keys are deleted with the environment (keys is bring); remove it, or set keys: platform", line: lineOf(withBring, "keyDeletionWindowDays:") },
    ]);
  });

  it("keyDeletionWindowDays without keys, where the stage's default is aws-managed (dev)", () => {
    const text = devWith((d) => (d.encryption = { keyDeletionWindowDays: 14 }));
    expect(problems(configError(text, "dev"))).toEqual([
      {
        path: "encryption.keyDeletionWindowDays",
        message: "only platform keys are deleted with the environment (keys is aws-managed, dev's default); remove it, or set keys: platform",
        line: lineOf(text, "keyDeletionWindowDays:"),
      },
    ]);
  });

  it("a key of another partition (GovCloud's ARN for a us-east-1 environment)", () => {
    const govData = TEAM_KEYS.data.replace("arn:aws:", "arn:aws-us-gov:");
    const text = prodWith(bringing({ keyArns: { ...TEAM_KEYS, data: govData } }));
    expect(problems(configError(text, "prod"))).toEqual([
      { path: "encryption.keyArns.data", message: "the key's partition is aws-us-gov, the environment's (us-east-1) is aws", line: lineOf(text, "data: ") },
    ]);
  });

  it("the team's keys in the environment's region and account load", () => {
    expect(loadEnvironment("prod", { env: {} }).encryption.mode).toBe("platform");
    expect(prodBring.encryption.keyArns).toEqual(TEAM_KEYS);
  });
});

describe("App Runner services (agentic)", () => {
  const encryptionOf = (config: ResolvedConfig) =>
    Object.fromEntries(Object.entries(res(servicesOf(config)).aws_apprunner_service as Record<string, Record<string, unknown>>).map(([name, s]) => [name, s.encryption_configuration]));

  it("with AWS-managed keys App Runner keeps its AWS-owned key", () => {
    expect(encryptionOf(agenticWith(awsManaged))).toEqual({ api: undefined, web: undefined });
  });

  it("as shipped (the team's keys, keys: bring) every App Runner service is encrypted with the data key, read from the foundation's state", () => {
    expect(encryptionOf(agenticWith(() => undefined))).toEqual({ api: { kms_key: remote("data_key_arn") }, web: { kms_key: remote("data_key_arn") } });
  });

  it("with customer managed keys every App Runner service is encrypted with the data key, read from the foundation's state", () => {
    expect(encryptionOf(agenticWith(platform))).toEqual({ api: { kms_key: remote("data_key_arn") }, web: { kms_key: remote("data_key_arn") } });
  });
});

describe("the logs key's service principal and log groups", () => {
  const logsStatement = (region: string, partition: string) => {
    const stack = new TerraformStack(Testing.app(), "keys");
    new EnvironmentKeys(stack, "keys", {
      namePrefix: "shop-prod",
      accountId: "111111111111",
      partition,
      region,
      fargateCluster: "shop-prod",
      logGroupPatterns: ["/ecs/shop-prod/*"],
      deletionWindowDays: 30,
      retain: true,
    });
    const json = JSON.parse(Testing.synth(stack)) as TerraformJson;
    // A plain stack names by path with a hash suffix (the phase stacks use readable ids).
    const docs = (json.data as Record<string, Record<string, { statement: Array<Record<string, unknown>> }>>).aws_iam_policy_document;
    const [doc] = Object.entries(docs).filter(([id]) => id.startsWith("keys_logs_key_policy")).map(([, d]) => d);
    return doc.statement[1];
  };

  it("is CloudWatch Logs of the key's region, with China's DNS suffix in China", () => {
    expect(logsStatement("eu-west-1", "aws").principals).toEqual([{ type: "Service", identifiers: ["logs.eu-west-1.amazonaws.com"] }]);
    expect(logsStatement("cn-north-1", "aws-cn").principals).toEqual([{ type: "Service", identifiers: ["logs.cn-north-1.amazonaws.com.cn"] }]);
    expect(logsStatement("cn-north-1", "aws-cn").condition).toEqual([
      { test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws-cn:logs:cn-north-1:111111111111:log-group:/ecs/shop-prod/*"] },
    ]);
  });

  it("names the firewalls' log groups exactly, so a longer prefix (acme-ai-prod-eu) is not served", () => {
    const patterns = configs.prod.names.logGroupPatterns;
    expect(patterns).toEqual([
      "/ecs/acme-ai-prod/*",
      "/aws/batch/acme-ai-prod/*",
      "/vpc/acme-ai-prod/*",
      "/aws/rds/instance/acme-ai-prod-db/*",
      "/aws/ecs/containerinsights/acme-ai-prod/*",
      "aws-waf-logs-acme-ai-prod-alb",
      "aws-waf-logs-acme-ai-prod-cdn",
    ]);
    const arn = (group: string) => `arn:aws:logs:us-east-1:333333333333:log-group:${group}`;
    const served = (group: string) => patterns.some((p) => arnLike(arn(p), arn(group)));
    expect(["aws-waf-logs-acme-ai-prod-alb", "aws-waf-logs-acme-ai-prod-cdn", "/ecs/acme-ai-prod/api"].map(served)).toEqual([true, true, true]);
    expect(["aws-waf-logs-acme-ai-prod-eu-alb", "/ecs/acme-ai-prod-eu/api"].map(served)).toEqual([false, false]);
  });
});

describe("Fargate task storage (the data key)", () => {
  it("the data key lets Fargate create data keys and Decrypt-only grants for this environment's cluster, and nothing else", () => {
    const stack = new TerraformStack(Testing.app(), "keys");
    new EnvironmentKeys(stack, "keys", {
      namePrefix: "shop-prod",
      accountId: "111111111111",
      partition: "aws",
      region: "eu-west-1",
      fargateCluster: "shop-prod",
      logGroupPatterns: ["/ecs/shop-prod/*"],
      deletionWindowDays: 30,
      retain: true,
    });
    const docs = (JSON.parse(Testing.synth(stack)) as { data: Record<string, Record<string, { statement: Array<Record<string, unknown>> }>> }).data.aws_iam_policy_document;
    const [data] = Object.entries(docs).filter(([id]) => id.startsWith("keys_data_key_policy")).map(([, d]) => d);
    const cluster = [
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:ecs:clusterAccount", values: ["111111111111"] },
      { test: "StringEquals", variable: "kms:EncryptionContext:aws:ecs:clusterName", values: ["shop-prod"] },
    ];
    expect(data.statement.slice(1)).toEqual([
      { sid: "FargateEncryptsTheClustersTaskStorage", effect: "Allow", actions: ["kms:GenerateDataKeyWithoutPlaintext"], resources: ["*"], principals: [{ type: "Service", identifiers: ["fargate.amazonaws.com"] }], condition: cluster },
      {
        sid: "FargateDecryptsTheClustersTaskStorage",
        effect: "Allow",
        actions: ["kms:CreateGrant"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: ["fargate.amazonaws.com"] }],
        condition: [...cluster, { test: "ForAllValues:StringEquals", variable: "kms:GrantOperations", values: ["Decrypt"] }],
      },
    ]);
  });

  it("with AWS-managed keys the cluster has no storage key", () => {
    const dev = load(devWith(() => undefined), "dev");
    expect(res(servicesOf(dev)).aws_ecs_cluster.cluster.configuration).toBeUndefined();
  });
});
