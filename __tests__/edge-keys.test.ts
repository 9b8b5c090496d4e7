/**
 * Customer managed keys at the edge (encryption.keys: aws-managed | platform | bring):
 *
 * 1. the static site's bucket is SSE-KMS under the data key with customer keys
 *    (AES256 otherwise), and the data key's policy admits CloudFront, for this
 *    account's distributions and that bucket's objects only (evaluated with
 *    support/kms-access.ts);
 * 2. the public URL's SSM parameter is under the secrets key: the services
 *    phase creates it so, the reader role may decrypt it through SSM only, and
 *    the frontend's publish step keeps the key when it overwrites the value (the
 *    script run with sh and the project's fake `aws` on PATH);
 * 3. outside us-east-1 the CDN firewall's log group (in us-east-1) gets a key of
 *    that region: the platform's cdn_logs_key, or the team's keyArns.cdnLogs,
 *    with the configuration errors around cdnLogs.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import type { ResolvedConfig } from "../config/defaults";
import { ConfigError } from "../config/errors";
import { parseEnvironment } from "../config/load";
import { FoundationStack } from "../stacks/foundation-stack";
import { FrontendStack } from "../stacks/frontend-stack";
import { ServicesStack } from "../stacks/services-stack";
import type { UpstreamMode } from "../stacks/upstream";
import { apiOnAppRunner, configErrorOf, devWith, lineOf, prodWith } from "./support/config-text";
import { canUse, keysOf, rolesOf, type Context, type Key, type Principal, type Statement } from "./support/kms-access";
import type { TerraformJson } from "./support/synth";

// Local readers (as support/stack-json.ts has them): importing that module loads the shipped
// environments at import time, and every environment here is built from text instead.
type R = Record<string, Record<string, Record<string, any>>>;
const res = (j: TerraformJson) => j.resource as R;
const remote = (output: string) => `\${data.terraform_remote_state.foundation.outputs.${output}}`;
const fromServices = (output: string) => `\${data.terraform_remote_state.services.outputs.${output}}`;

const FAKE_BIN = path.join(__dirname, "support", "fake-bin");
const DEV_ACCOUNT = "111111111111";
const PROD_ACCOUNT = "333333333333";
const OTHER_ACCOUNT = "999999999999";
const SITE_BUCKET = { dev: "acme-ai-dev-frontend-111111111111", prod: "acme-ai-prod-frontend-333333333333" };
const CDN_LOG_GROUP = "aws-waf-logs-acme-ai-prod-cdn";

const load = (text: string, env: "dev" | "prod") => parseEnvironment(text, env, `config/environments/${env}.yaml`, {});
const foundationOf = (config: ResolvedConfig) => JSON.parse(Testing.synth(new FoundationStack(Testing.app(), { config }))) as TerraformJson;
const servicesOf = (config: ResolvedConfig, upstreamMode: UpstreamMode = "remote-state") =>
  JSON.parse(Testing.synth(new ServicesStack(Testing.app(), { config, upstreamMode }))) as TerraformJson;
const frontendOf = (config: ResolvedConfig) => JSON.parse(Testing.synth(new FrontendStack(Testing.app(), { config }))) as TerraformJson;
const docs = (j: TerraformJson) => j.data!.aws_iam_policy_document as unknown as Record<string, { statement: Statement[] }>;

type Change = (d: any) => void;
const both =
  (...changes: Change[]) =>
  (d: any) =>
    changes.forEach((c) => c(d));
/** Prod's CDN names: the shipped file's resolved hosts ([domain]), stated so the variants do not depend on the default. */
const prodHosts: Change = (d) => (d.frontend.hosts = ["acme-ai.example.com"]);
const prodVariant = (...changes: Change[]) => load(prodWith(both(prodHosts, ...changes)), "prod");
const platform: Change = (d) => (d.encryption = { keys: "platform" });
const awsManaged: Change = (d) => (d.encryption = { keys: "aws-managed" });
/** Prod moved to eu-west-1. */
const euWest1: Change = (d) => {
  d.region = "eu-west-1";
  d.availabilityZones = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
};
/** The team's keys of a region and account (same key ids everywhere), the state's key by alias. */
const teamKey = (region: string, account: string, id: string) => `arn:aws:kms:${region}:${account}:key/${id}`;
const teamKeys = (region: string, account: string) => ({
  data: teamKey(region, account, "11111111-1111-4111-8111-111111111111"),
  logs: teamKey(region, account, "22222222-2222-4222-8222-222222222222"),
  secrets: teamKey(region, account, "33333333-3333-4333-8333-333333333333"),
});
const TEAM_CDN_LOGS_KEY = teamKey("us-east-1", PROD_ACCOUNT, "44444444-4444-4444-8444-444444444444");
/** keys: bring with these keyArns, and the team's state key of the environment's region. */
const bringing =
  (keyArns: Record<string, string>): Change =>
  (d) => {
    d.encryption = { keys: "bring", keyArns };
    d.stateBackend.kmsKeyArn = `arn:aws:kms:${d.region}:${d.accountId}:alias/team-tfstate`;
  };

/** The file and problems validation reports for a file's text (fails when it loads). */
const configError = (text: string, env: "dev" | "prod") => configErrorOf(() => load(text, env));
const problems = (e: ConfigError) => e.problems.map((p) => ({ path: p.path, message: p.message, line: p.line }));

// Each configuration synthesized once.
const prodPlatform = prodVariant();
const prodAwsManaged = prodVariant(awsManaged);
const prodBring = prodVariant(bringing(teamKeys("us-east-1", PROD_ACCOUNT)));
const prodService = prodVariant((d) => (d.frontend = { type: "service", service: "api", hosts: ["acme-ai.example.com"] }));
const devDefault = load(devWith(() => undefined), "dev");
const devPlatform = load(devWith(platform), "dev");
const devBring = load(devWith(bringing(teamKeys("us-east-1", DEV_ACCOUNT))), "dev");

const prodPlatformF = foundationOf(prodPlatform);
const prodServiceF = foundationOf(prodService);
const devPlatformF = foundationOf(devPlatform);

const SSE = "apply_server_side_encryption_by_default";

// ---------------------------------------------------------------------------------------------
// 1. The static site's bucket under the data key

describe("the static site's bucket", () => {
  const encryption = (j: TerraformJson) => res(j).aws_s3_bucket_server_side_encryption_configuration.site_bucket_encryption;

  it("is named c.names.bucket(\"frontend\")", () => {
    expect([prodPlatform.names.bucket("frontend"), devDefault.names.bucket("frontend")]).toEqual([SITE_BUCKET.prod, SITE_BUCKET.dev]);
    expect(res(frontendOf(prodPlatform)).aws_s3_bucket.site_bucket).toEqual({ bucket: SITE_BUCKET.prod, force_destroy: false });
  });

  it.each([
    ["prod (platform keys, its default)", prodPlatform],
    ["prod with the team's keys", prodBring],
    ["dev set to platform", devPlatform],
  ] as const)("%s: SSE-KMS with the foundation's data key, bucket key on", (_name, c) => {
    expect(encryption(frontendOf(c))).toEqual({
      bucket: "${aws_s3_bucket.site_bucket.id}",
      rule: [{ [SSE]: { sse_algorithm: "aws:kms", kms_master_key_id: remote("data_key_arn") }, bucket_key_enabled: true }],
    });
  });

  it.each([
    ["prod set to aws-managed", prodAwsManaged],
    ["dev (aws-managed, its default)", devDefault],
  ] as const)("%s: AES256, no key, no bucket key", (_name, c) => {
    expect(encryption(frontendOf(c))).toEqual({
      bucket: "${aws_s3_bucket.site_bucket.id}",
      rule: [{ [SSE]: { sse_algorithm: "AES256" }, bucket_key_enabled: false }],
    });
  });

  it("a type: service frontend has no bucket to encrypt", () => {
    const j = frontendOf(prodService);
    expect([res(j).aws_s3_bucket, res(j).aws_s3_bucket_server_side_encryption_configuration]).toEqual([undefined, undefined]);
  });
});

describe("the data key's policy admits CloudFront for the site bucket only", () => {
  const dataPolicy = (j: TerraformJson) => docs(j).keys_data_key_policy.statement;
  const siteStatement = (account: string, bucket: string): Statement => ({
    sid: "CloudFrontReadsTheSiteBucket",
    effect: "Allow",
    actions: ["kms:Decrypt"],
    resources: ["*"],
    principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
    condition: [
      { test: "ArnLike", variable: "aws:SourceArn", values: [`arn:aws:cloudfront::${account}:distribution/*`] },
      { test: "StringLike", variable: "kms:EncryptionContext:aws:s3:arn", values: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`] },
    ],
  });

  it("prod (static): the account, Fargate's two statements, and CloudFront's, exactly", () => {
    const statements = dataPolicy(prodPlatformF);
    expect(statements.map((s) => s.sid)).toEqual(["AccountAdministersThroughIam", "FargateEncryptsTheClustersTaskStorage", "FargateDecryptsTheClustersTaskStorage", "CloudFrontReadsTheSiteBucket"]);
    expect(statements[3]).toEqual(siteStatement(PROD_ACCOUNT, SITE_BUCKET.prod));
  });

  it("dev set to platform: its own account and bucket", () => {
    expect(dataPolicy(devPlatformF).find((s) => s.sid === "CloudFrontReadsTheSiteBucket")).toEqual(siteStatement(DEV_ACCOUNT, SITE_BUCKET.dev));
  });

  it("no site (frontend.type: service): no CloudFront statement", () => {
    expect(dataPolicy(prodServiceF).map((s) => s.sid)).toEqual(["AccountAdministersThroughIam", "FargateEncryptsTheClustersTaskStorage", "FargateDecryptsTheClustersTaskStorage"]);
  });

  describe("evaluated (support/kms-access.ts)", () => {
    const CLOUDFRONT: Principal = { type: "Service", service: "cloudfront.amazonaws.com" };
    const keyOf = (j: TerraformJson, account: string, label: string): Key => keysOf(j, "us-east-1", account).find((k) => k.label === label)!;
    const prodData = keyOf(prodPlatformF, PROD_ACCOUNT, "data");
    const distribution = (account: string) => `arn:aws:cloudfront::${account}:distribution/E2ABCDEF123456`;
    const request = (s3Arn: string | undefined, account = PROD_ACCOUNT): Context => ({
      "aws:SourceAccount": account,
      "aws:SourceArn": distribution(account),
      ...(s3Arn ? { "kms:EncryptionContext:aws:s3:arn": s3Arn } : {}),
    });
    const cloudfront = (key: Key, action: string, context: Context) => canUse({ principal: CLOUDFRONT, identity: [], key, action, context });

    it("a distribution of this account may Decrypt the site bucket's objects: the bucket's context (bucket key) and an object's", () => {
      expect(cloudfront(prodData, "kms:Decrypt", request(`arn:aws:s3:::${SITE_BUCKET.prod}`))).toBe(true);
      expect(cloudfront(prodData, "kms:Decrypt", request(`arn:aws:s3:::${SITE_BUCKET.prod}/assets/index-aaaa1111.js`))).toBe(true);
    });

    it("not another bucket's objects, not a bucket whose name merely starts with the site's, not without a context", () => {
      expect(cloudfront(prodData, "kms:Decrypt", request("arn:aws:s3:::acme-ai-prod-artifacts-333333333333/report.pdf"))).toBe(false);
      expect(cloudfront(prodData, "kms:Decrypt", request("arn:aws:s3:::acme-ai-prod-artifacts-333333333333"))).toBe(false);
      expect(cloudfront(prodData, "kms:Decrypt", request(`arn:aws:s3:::${SITE_BUCKET.prod}-copy/index.html`))).toBe(false);
      expect(cloudfront(prodData, "kms:Decrypt", request(undefined))).toBe(false);
    });

    it("not for a distribution of another account (its whole request, or only its distribution ARN)", () => {
      const site = `arn:aws:s3:::${SITE_BUCKET.prod}/index.html`;
      expect(cloudfront(prodData, "kms:Decrypt", request(site, OTHER_ACCOUNT))).toBe(false);
      expect(cloudfront(prodData, "kms:Decrypt", { ...request(site), "aws:SourceArn": distribution(OTHER_ACCOUNT) })).toBe(false);
    });

    it("only Decrypt: no GenerateDataKey, Encrypt, ReEncrypt, CreateGrant", () => {
      const site = request(`arn:aws:s3:::${SITE_BUCKET.prod}/index.html`);
      for (const action of ["kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:Encrypt", "kms:ReEncryptFrom", "kms:CreateGrant", "kms:DescribeKey"]) {
        expect(cloudfront(prodData, action, site), action).toBe(false);
      }
    });

    it("CloudFront may use neither the logs nor the secrets key, and no key at all without a site", () => {
      const site = request(`arn:aws:s3:::${SITE_BUCKET.prod}/index.html`);
      expect(["logs", "secrets"].map((k) => cloudfront(keyOf(prodPlatformF, PROD_ACCOUNT, k), "kms:Decrypt", site))).toEqual([false, false]);
      const noSite = request(`arn:aws:s3:::${SITE_BUCKET.prod}/index.html`);
      expect(keysOf(prodServiceF, "us-east-1", PROD_ACCOUNT).map((k) => [k.label, cloudfront(k, "kms:Decrypt", noSite)])).toEqual([
        ["alerts", false],
        ["data", false],
        ["logs", false],
        ["secrets", false],
      ]);
    });

    it("dev's key admits dev's bucket for dev's distributions, not prod's", () => {
      const devData = keyOf(devPlatformF, DEV_ACCOUNT, "data");
      expect(cloudfront(devData, "kms:Decrypt", request(`arn:aws:s3:::${SITE_BUCKET.dev}/index.html`, DEV_ACCOUNT))).toBe(true);
      expect(cloudfront(devData, "kms:Decrypt", request(`arn:aws:s3:::${SITE_BUCKET.prod}/index.html`, DEV_ACCOUNT))).toBe(false);
      expect(cloudfront(devData, "kms:Decrypt", request(`arn:aws:s3:::${SITE_BUCKET.dev}/index.html`, PROD_ACCOUNT))).toBe(false);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 2. The public URL's parameter under the secrets key

describe("the public URL's SSM parameter (dev: no domain, the api reads app.url)", () => {
  const PARAMETER = {
    name: "/acme-ai/dev/public-url",
    description: "Public URL of acme-ai-dev: written by the frontend phase, read at start by the services that refer to app.url",
    type: "SecureString",
    value_wo: "https://public-url-not-yet-published.invalid",
    value_wo_version: 1,
  };

  it("aws-managed (dev's default): no key_id, the parameter stays under aws/ssm", () => {
    expect(res(servicesOf(devDefault)).aws_ssm_parameter).toEqual({ public_url: PARAMETER });
  });

  it.each([
    ["platform", devPlatform],
    ["bring", devBring],
  ] as const)("%s: key_id is the foundation's secrets key", (_mode, c) => {
    expect(res(servicesOf(c)).aws_ssm_parameter).toEqual({ public_url: { ...PARAMETER, key_id: remote("secrets_key_arn") } });
  });

  it("plan-only (mock upstream): the contract's mock secrets key, or the team's", () => {
    expect(res(servicesOf(devPlatform, "mock")).aws_ssm_parameter.public_url.key_id).toBe("arn:aws:kms:us-east-1:111111111111:key/0000000c-0000-4000-8000-000000000000");
    expect(res(servicesOf(devBring, "mock")).aws_ssm_parameter.public_url.key_id).toBe(teamKeys("us-east-1", DEV_ACCOUNT).secrets);
  });
});

describe("who may decrypt the public URL (foundation)", () => {
  const statement = (j: TerraformJson, doc: string, sid: string) => docs(j)[doc].statement.find((s) => s.sid === sid);
  const READ: Statement = { sid: "ReadPublicUrl", effect: "Allow", actions: ["ssm:GetParameters"], resources: ["arn:aws:ssm:us-east-1:111111111111:parameter/acme-ai/dev/public-url"] };
  const DECRYPT = (key: string): Statement => ({
    sid: "DecryptPublicUrl",
    effect: "Allow",
    actions: ["kms:Decrypt"],
    resources: [key],
    condition: [{ test: "StringEquals", variable: "kms:ViaService", values: ["ssm.us-east-1.amazonaws.com"] }],
  });

  it("platform: the api's execution role reads the parameter and decrypts the secrets key through SSM", () => {
    expect([statement(devPlatformF, "api_execution_role_policy", "ReadPublicUrl"), statement(devPlatformF, "api_execution_role_policy", "DecryptPublicUrl")]).toEqual([
      READ,
      DECRYPT("${aws_kms_key.keys_secrets_key.arn}"),
    ]);
    // Not the task role, not a service that does not refer to app.url.
    expect([statement(devPlatformF, "api_task_role_policy", "DecryptPublicUrl"), statement(devPlatformF, "worker_execution_role_policy", "DecryptPublicUrl")]).toEqual([undefined, undefined]);
  });

  it("bring: the team's literal secrets key ARN", () => {
    expect(statement(foundationOf(devBring), "api_execution_role_policy", "DecryptPublicUrl")).toEqual(DECRYPT(teamKeys("us-east-1", DEV_ACCOUNT).secrets));
  });

  it("aws-managed: the read only, no KMS statement", () => {
    const j = foundationOf(devDefault);
    expect([statement(j, "api_execution_role_policy", "ReadPublicUrl"), statement(j, "api_execution_role_policy", "DecryptPublicUrl")]).toEqual([READ, undefined]);
  });

  it("an App Runner reader: its instance role (the task role) decrypts, not the access role", () => {
    const j = foundationOf(load(devWith(both(apiOnAppRunner, platform)), "dev"));
    expect([statement(j, "api_task_role_policy", "DecryptPublicUrl"), statement(j, "api_execution_role_policy", "DecryptPublicUrl")]).toEqual([
      DECRYPT("${aws_kms_key.keys_secrets_key.arn}"),
      undefined,
    ]);
  });

  it("evaluated: the reader decrypts the secrets key through SSM only; other roles not through SSM", () => {
    const roles = rolesOf(devPlatformF);
    const secrets = keysOf(devPlatformF, "us-east-1", DEV_ACCOUNT).find((k) => k.label === "secrets")!;
    const via = (service?: string): Context => (service ? { "kms:ViaService": `${service}.us-east-1.amazonaws.com` } : {});
    const can = (name: string, action: string, service?: string) => {
      const role = roles.find((r) => r.name === name)!;
      return canUse({ principal: role.principal, identity: role.identity, key: secrets, action, context: via(service) });
    };
    expect(can("acme-ai-dev-api-exec", "kms:Decrypt", "ssm")).toBe(true);
    expect(can("acme-ai-dev-api-exec", "kms:Decrypt")).toBe(false);
    expect(can("acme-ai-dev-api-exec", "kms:Decrypt", "s3")).toBe(false);
    expect(can("acme-ai-dev-api-exec", "kms:GenerateDataKey", "ssm")).toBe(false);
    expect(can("acme-ai-dev-api-exec", "kms:Encrypt", "ssm")).toBe(false);
    expect(roles.filter((r) => r.name !== "acme-ai-dev-api-exec" && can(r.name, "kms:Decrypt", "ssm")).map((r) => r.name)).toEqual([]);
  });
});

describe("the frontend's publish step keeps the parameter's key", () => {
  const URL = "https://d111111abcdef8.cloudfront.net";
  const SECRETS_KEY = "arn:aws:kms:us-east-1:111111111111:key/33333333-3333-4333-8333-333333333333";
  const publishStep = (c: ResolvedConfig) => res(frontendOf(c)).terraform_data.publish_public_url.provisioner[0]["local-exec"];
  const platformStep = publishStep(devPlatform);
  const defaultStep = publishStep(devDefault);

  it("KEY_ID is the foundation's secrets key with customer keys, empty with aws-managed keys", () => {
    expect(platformStep.environment.KEY_ID).toBe(remote("secrets_key_arn"));
    expect(publishStep(devBring).environment.KEY_ID).toBe(remote("secrets_key_arn"));
    expect(defaultStep.environment.KEY_ID).toBe("");
    expect(platformStep.interpreter).toEqual(["/bin/sh", "-c"]);
    expect(platformStep.command).toBe(defaultStep.command);
  });

  /** Run the synthesized command as local-exec would, Terraform's references replaced by values, with the fake aws on PATH. */
  function runStep(step: { interpreter: string[]; command: string; environment: Record<string, string> }, keyId: string) {
    const values: Record<string, string> = {
      [`https://\${aws_cloudfront_distribution.site.domain_name}`]: URL,
      [fromServices("public_url_parameter")]: "/acme-ai/dev/public-url",
      [fromServices("ecs_cluster_name")]: "acme-ai-dev",
      [fromServices("ecs_service_names.api")]: "api",
      [remote("secrets_key_arn")]: keyId,
    };
    const environment = Object.fromEntries(Object.entries(step.environment).map(([k, v]) => [k, values[v] ?? v]));
    expect(Object.values(environment).filter((v) => v.includes("${"))).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edge-keys-"));
    try {
      const log = path.join(dir, "aws.log");
      const [shell, flag] = step.interpreter;
      const r = spawnSync(shell, [flag, step.command], { env: { PATH: `${FAKE_BIN}:${process.env.PATH}`, FAKE_LOG: log, ...environment }, encoding: "utf8" });
      return { status: r.status, stderr: r.stderr, calls: fs.readFileSync(log, "utf8").trim().split("\n") };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const ROLL_OUT = "aws ecs update-service --region us-east-1 --cluster acme-ai-dev --service api --force-new-deployment --query service.serviceName --output text";
  const inputJson = (call: string) => JSON.parse(call.split(" --cli-input-json ")[1]);

  it("with KEY_ID set: put-parameter's JSON carries KeyId, before Overwrite", () => {
    const r = runStep(platformStep, SECRETS_KEY);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.calls).toEqual([
      `aws ssm put-parameter --region us-east-1 --cli-input-json {"Name":"/acme-ai/dev/public-url","Value":"${URL}","Type":"SecureString","KeyId":"${SECRETS_KEY}","Overwrite":true}`,
      ROLL_OUT,
    ]);
    expect(inputJson(r.calls[0])).toEqual({ Name: "/acme-ai/dev/public-url", Value: URL, Type: "SecureString", KeyId: SECRETS_KEY, Overwrite: true });
  });

  it("with KEY_ID empty: no KeyId at all (SSM keeps aws/ssm)", () => {
    const r = runStep(defaultStep, "");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.calls).toEqual([`aws ssm put-parameter --region us-east-1 --cli-input-json {"Name":"/acme-ai/dev/public-url","Value":"${URL}","Type":"SecureString","Overwrite":true}`, ROLL_OUT]);
    expect(inputJson(r.calls[0])).toEqual({ Name: "/acme-ai/dev/public-url", Value: URL, Type: "SecureString", Overwrite: true });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. The CDN firewall's log group in us-east-1

describe("the CDN firewall's log group key", () => {
  const prodEuPlatform = prodVariant(euWest1);
  const prodEu = frontendOf(prodEuPlatform);
  const prodUs = frontendOf(prodPlatform);

  it("prod in eu-west-1 resolves to platform keys and the frontend has a us-east-1 provider", () => {
    expect([prodEuPlatform.region, prodEuPlatform.encryption.mode]).toEqual(["eu-west-1", "platform"]);
    expect(prodEu.provider.aws.map((p) => [p.alias, p.region])).toEqual([
      [undefined, "eu-west-1"],
      ["us_east_1", "us-east-1"],
    ]);
  });

  it("eu-west-1, platform keys: the frontend creates cdn_logs_key and alias/<prefix>-logs in us-east-1", () => {
    expect(res(prodEu).aws_kms_key.cdn_logs_key).toEqual({
      description: "acme-ai-prod: the CDN firewall's log group in us-east-1",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      policy: "${data.aws_iam_policy_document.cdn_logs_key_policy.json}",
      lifecycle: { prevent_destroy: true },
      provider: "aws.us_east_1",
    });
    expect(res(prodEu).aws_kms_alias.cdn_logs_key_alias).toEqual({ name: "alias/acme-ai-prod-logs", target_key_id: "${aws_kms_key.cdn_logs_key.key_id}", provider: "aws.us_east_1" });
  });

  it("its policy: the account through IAM, and CloudWatch Logs of us-east-1 for exactly the CDN firewall's log group", () => {
    expect(docs(prodEu).cdn_logs_key_policy.statement).toEqual([
      { sid: "AccountAdministersThroughIam", effect: "Allow", actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::333333333333:root"] }] },
      {
        sid: "CloudWatchLogsEncryptsTheEnvironmentsLogGroups",
        effect: "Allow",
        actions: ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        resources: ["*"],
        principals: [{ type: "Service", identifiers: ["logs.us-east-1.amazonaws.com"] }],
        condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [`arn:aws:logs:us-east-1:333333333333:log-group:${CDN_LOG_GROUP}`] }],
      },
    ]);
  });

  it("the log group is in us-east-1 and uses it", () => {
    expect(res(prodEu).aws_cloudwatch_log_group).toEqual({
      firewall_logs: { name: CDN_LOG_GROUP, retention_in_days: 365, kms_key_id: "${aws_kms_key.cdn_logs_key.arn}", provider: "aws.us_east_1" },
    });
  });

  it("evaluated: CloudWatch Logs of us-east-1 may use it for that log group only", () => {
    const key = keysOf(prodEu, "us-east-1", PROD_ACCOUNT).find((k) => k.label === "cdn_logs")!;
    const logs = (region: string): Principal => ({ type: "Service", service: `logs.${region}.amazonaws.com` });
    const group = (region: string, account: string, name: string): Context => ({ "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${account}:log-group:${name}` });
    const can = (p: Principal, action: string, context: Context) => canUse({ principal: p, identity: [], key, action, context });
    for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:DescribeKey"]) {
      expect(can(logs("us-east-1"), action, group("us-east-1", PROD_ACCOUNT, CDN_LOG_GROUP)), action).toBe(true);
    }
    expect(can(logs("us-east-1"), "kms:Encrypt", group("us-east-1", PROD_ACCOUNT, "aws-waf-logs-acme-ai-prod-alb"))).toBe(false);
    expect(can(logs("us-east-1"), "kms:Encrypt", group("us-east-1", PROD_ACCOUNT, "/ecs/acme-ai-prod/api"))).toBe(false);
    expect(can(logs("us-east-1"), "kms:Encrypt", group("us-east-1", PROD_ACCOUNT, `${CDN_LOG_GROUP}-x`))).toBe(false);
    expect(can(logs("us-east-1"), "kms:Encrypt", group("us-east-1", OTHER_ACCOUNT, CDN_LOG_GROUP))).toBe(false);
    expect(can(logs("eu-west-1"), "kms:Encrypt", group("us-east-1", PROD_ACCOUNT, CDN_LOG_GROUP))).toBe(false);
    expect(can(logs("us-east-1"), "kms:Encrypt", {})).toBe(false);
    expect(can(logs("us-east-1"), "kms:CreateGrant", group("us-east-1", PROD_ACCOUNT, CDN_LOG_GROUP))).toBe(false);
  });

  it("us-east-1 (prod as shipped): the foundation's logs key, no provider alias, no cdn_logs_key", () => {
    expect(res(prodUs).aws_cloudwatch_log_group).toEqual({ firewall_logs: { name: CDN_LOG_GROUP, retention_in_days: 365, kms_key_id: remote("logs_key_arn") } });
    expect(res(prodUs).aws_kms_key).toBeUndefined();
    expect(res(prodUs).aws_kms_alias).toBeUndefined();
    expect(docs(prodUs).cdn_logs_key_policy).toBeUndefined();
  });

  it("us-east-1: the foundation's logs key policy serves that log group (logs.us-east-1, the exact name)", () => {
    const logsKey = keysOf(prodPlatformF, "us-east-1", PROD_ACCOUNT).find((k) => k.label === "logs")!;
    const context = (name: string): Context => ({ "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:333333333333:log-group:${name}` });
    const logs: Principal = { type: "Service", service: "logs.us-east-1.amazonaws.com" };
    expect(canUse({ principal: logs, identity: [], key: logsKey, action: "kms:Encrypt", context: context(CDN_LOG_GROUP) })).toBe(true);
    expect(canUse({ principal: logs, identity: [], key: logsKey, action: "kms:Encrypt", context: context(`${CDN_LOG_GROUP}-x`) })).toBe(false);
  });

  it("eu-west-1, aws-managed keys: no key, no kms_key_id", () => {
    const j = frontendOf(prodVariant(euWest1, awsManaged));
    expect(res(j).aws_cloudwatch_log_group).toEqual({ firewall_logs: { name: CDN_LOG_GROUP, retention_in_days: 365, provider: "aws.us_east_1" } });
    expect(Object.keys(res(j).aws_kms_key)).toEqual(["alerts_us_east_1_key"]);
  });

  it("eu-west-1, the team's keys: the log group uses keyArns.cdnLogs; no key is created for it", () => {
    const c = prodVariant(euWest1, bringing({ ...teamKeys("eu-west-1", PROD_ACCOUNT), cdnLogs: TEAM_CDN_LOGS_KEY }));
    expect(c.encryption.keyArns).toEqual({ ...teamKeys("eu-west-1", PROD_ACCOUNT), cdnLogs: TEAM_CDN_LOGS_KEY });
    const j = frontendOf(c);
    expect(res(j).aws_cloudwatch_log_group).toEqual({ firewall_logs: { name: CDN_LOG_GROUP, retention_in_days: 365, kms_key_id: TEAM_CDN_LOGS_KEY, provider: "aws.us_east_1" } });
    expect(Object.keys(res(j).aws_kms_key)).toEqual(["alerts_us_east_1_key"]);
    expect(Object.keys(res(j).aws_kms_alias)).toEqual(["alerts_us_east_1_key_alias"]);
  });

  it("eu-west-1, platform keys, an explicit deletion window: the CDN logs key follows it", () => {
    const j = frontendOf(prodVariant(euWest1, (d) => (d.encryption = { keys: "platform", keyDeletionWindowDays: 14 })));
    expect(res(j).aws_kms_key.cdn_logs_key.deletion_window_in_days).toBe(14);
  });

  it("eu-west-1 without the CDN firewall (waf off): no log group, no cdn_logs_key", () => {
    const j = frontendOf(prodVariant(euWest1, (d) => (d.waf = { enabled: false })));
    expect([res(j).aws_cloudwatch_log_group, res(j).aws_wafv2_web_acl]).toEqual([undefined, undefined]);
    // Only the alert topic's copy in us-east-1 (the CDN's alarm) keeps a key there.
    expect(Object.keys(res(j).aws_kms_key)).toEqual(["alerts_us_east_1_key"]);
  });
});

describe("configuration errors: encryption.keyArns.cdnLogs", () => {
  const PATH = "encryption.keyArns.cdnLogs";
  const euKeys = teamKeys("eu-west-1", PROD_ACCOUNT);

  it("missing with keys: bring outside us-east-1 (the CDN has a firewall)", () => {
    const text = prodWith(both(prodHosts, euWest1, bringing(euKeys)));
    const e = configError(text, "prod");
    expect(e.file).toBe("config/environments/prod.yaml");
    expect(problems(e)).toEqual([
      { path: PATH, message: "the CDN's firewall logs to us-east-1 and the logs key serves eu-west-1 only: give a us-east-1 key for its log group here", line: lineOf(text, "keyArns:") },
    ]);
  });

  it("a key in the environment's region instead of us-east-1", () => {
    const text = prodWith(both(prodHosts, euWest1, bringing({ ...euKeys, cdnLogs: teamKey("eu-west-1", PROD_ACCOUNT, "44444444-4444-4444-8444-444444444444") })));
    expect(problems(configError(text, "prod"))).toEqual([{ path: PATH, message: "the key is in eu-west-1; the CDN's firewall logs are in us-east-1", line: lineOf(text, "cdnLogs:") }]);
  });

  it("a us-east-1 key of another account", () => {
    const text = prodWith(both(prodHosts, euWest1, bringing({ ...euKeys, cdnLogs: teamKey("us-east-1", OTHER_ACCOUNT, "44444444-4444-4444-8444-444444444444") })));
    expect(problems(configError(text, "prod"))).toEqual([{ path: PATH, message: "the key belongs to account 999999999999, the environment to 333333333333", line: lineOf(text, "cdnLogs:") }]);
  });

  it("given while the environment is in us-east-1", () => {
    const text = prodWith(both(prodHosts, bringing({ ...teamKeys("us-east-1", PROD_ACCOUNT), cdnLogs: TEAM_CDN_LOGS_KEY })));
    expect(problems(configError(text, "prod"))).toEqual([
      { path: PATH, message: "the environment is in us-east-1, where the logs key serves the CDN's firewall logs too; remove cdnLogs", line: lineOf(text, "cdnLogs:") },
    ]);
  });

  it.each([
    ["waf off", (d: any) => (d.waf = { enabled: false })],
    ["frontend.type: none", (d: any) => (d.frontend = { type: "none" })],
  ])("given while there is no CDN firewall (%s)", (_name, change) => {
    const text = prodWith(both(prodHosts, euWest1, change, bringing({ ...euKeys, cdnLogs: TEAM_CDN_LOGS_KEY })));
    expect(problems(configError(text, "prod"))).toEqual([
      { path: PATH, message: "only used for the CDN firewall's logs, and this environment has none (waf off or no frontend); remove cdnLogs", line: lineOf(text, "cdnLogs:") },
    ]);
  });

  it("not needed: outside us-east-1 without a firewall, or in us-east-1 with one", () => {
    expect(prodVariant(euWest1, (d) => (d.waf = { enabled: false }), bringing(euKeys)).encryption.keyArns).toEqual(euKeys);
    expect(prodBring.encryption.keyArns).toEqual(teamKeys("us-east-1", PROD_ACCOUNT));
  });
});
