import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { loadEnvironment } from "../config/load";
import type { ResolvedConfig } from "../config/defaults";
import { buildApp } from "../stacks/app";
import { FoundationContract, ImagesContract, ServicesContract, FrontendContract } from "../stacks/contracts";
import { MARKER_OUTPUT, mockOutputs } from "../stacks/contract";
import { PhaseStack } from "../stacks/phase-stack";
import { PHASES, UPSTREAMS, type StackName } from "../stacks/phases";
import { PLAN_ONLY_MESSAGE } from "../stacks/plan-only-guard";
import { synthesize } from "../stacks/synthesize";
import type { UpstreamMode } from "../stacks/upstream";
import type { TerraformJson } from "./support/synth";

const configs: Record<string, ResolvedConfig> = Object.fromEntries(
  ["dev", "staging", "prod"].map((e) => [e, loadEnvironment(e, { env: {} })]),
);

const synthCache = new Map<string, ReturnType<typeof synthUncached>>();
/** One synthesis per configuration and mode, shared by the tests that read it. */
function synth(config: ResolvedConfig, mode: UpstreamMode = "remote-state") {
  const key = `${JSON.stringify(config, (_k, v) => (v instanceof Object && v.constructor?.name === "Names" ? undefined : v))}|${mode}`;
  if (!synthCache.has(key)) synthCache.set(key, synthUncached(config, mode));
  return synthCache.get(key)!;
}

function synthUncached(config: ResolvedConfig, mode: UpstreamMode) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-"));
  const built = buildApp(config, { outdir, upstreamMode: mode });
  const all = { bootstrap: built.bootstrap, ...built.phases } as Record<StackName, TerraformStack>;
  const text = (name: StackName) => Testing.synth(all[name]);
  const json = (name: StackName) => JSON.parse(text(name)) as TerraformJson;
  return { built, text, json, all };
}

const dev = synth(configs.dev);

describe("shared remote state", () => {
  it.each(PHASES)("%s keeps its state at <prefix>/<env>/<stack>.tfstate in the shared bucket, encrypted", (phase) => {
    expect(dev.json(phase).terraform.backend.s3).toMatchObject({
      bucket: "acme-ai-tfstate-111111111111",
      key: `acme-ai/dev/${phase}.tfstate`,
      region: "us-east-1",
      encrypt: true,
    });
  });

  it.each([
    ["dev", { use_lockfile: true }, ["dynamodb_table"]],
    ["staging", { dynamodb_table: "acme-ai-tflock" }, ["use_lockfile"]],
    ["prod", { dynamodb_table: "acme-ai-tflock", use_lockfile: true }, []],
  ] as const)("%s locks state as configured", (env, present, absent) => {
    const backend = synth(configs[env]).json("services").terraform.backend.s3;
    expect(backend).toMatchObject(present);
    for (const key of absent) expect(backend).not.toHaveProperty(key);
  });

  it.each(["dev", "staging", "prod"])("every terraform_remote_state in %s carries exactly the upstream stack's backend settings", (env) => {
    const s = synth(configs[env]);
    let reads = 0;
    for (const phase of PHASES) {
      for (const upstream of UPSTREAMS[phase]) {
        const remote = s.json(phase).data!.terraform_remote_state[upstream] as { backend: string; config: unknown };
        expect(remote.backend).toBe("s3");
        expect(remote.config).toEqual(s.json(upstream).terraform.backend.s3);
        reads++;
      }
    }
    expect(reads).toBe(5);
  });

  it("state keys differ per stack and per environment", () => {
    const keys = ["dev", "staging", "prod"].flatMap((e) => PHASES.map((p) => synth(configs[e]).json(p).terraform.backend.s3.key));
    expect(new Set(keys).size).toBe(12);
  });

  it("the bootstrap stack keeps its own state locally until it is moved into the bucket", () => {
    expect(dev.json("bootstrap").terraform.backend).toEqual({ local: { path: "../../../state/dev/bootstrap.tfstate" } });
    const moved = { ...configs.dev, stateBackend: { ...configs.dev.stateBackend, bootstrapState: "s3" as const } };
    expect(synth(moved).json("bootstrap").terraform.backend.s3).toMatchObject({ key: "acme-ai/dev/bootstrap.tfstate" });
  });

  it("emulated backends get endpoints and path-style addressing, in the backend and in every remote-state read", () => {
    const endpoints = { s3: "http://127.0.0.1:4568", sts: "http://127.0.0.1:4569" };
    const c = { ...configs.dev, stateBackend: { ...configs.dev.stateBackend, endpoints, usePathStyle: true } };
    const s = synth(c);
    expect(s.json("images").terraform.backend.s3).toMatchObject({ endpoints, use_path_style: true });
    expect((s.json("images").data!.terraform_remote_state.foundation as { config: unknown }).config).toMatchObject({ endpoints, use_path_style: true });
  });
});

describe("provider", () => {
  it.each(["bootstrap", ...PHASES] as StackName[])("%s pins region and account and tags everything", (stack) => {
    expect(dev.text(stack)).toHaveProviderWithProperties(AwsProvider, {
      region: "us-east-1",
      allowed_account_ids: ["111111111111"],
      default_tags: [{ tags: { project: "acme-ai", environment: "dev", stack, "managed-by": "cdktf", team: "platform", "cost-center": "ai-dev" } }],
    });
  });
});

describe("phase order", () => {
  it("declares each phase's upstream stacks as cdktf dependencies", () => {
    const deps = Object.fromEntries(PHASES.map((p) => [p, dev.built.phases[p].dependencies.map((d) => (d as PhaseStack).stackName).sort()]));
    expect(deps).toEqual({ foundation: [], images: ["foundation"], services: ["foundation", "images"], frontend: ["foundation", "services"] });
  });

  it("guards every remote-state read with postconditions that name the phase to deploy first", () => {
    const remote = dev.json("services").data!.terraform_remote_state.images as { lifecycle: { postcondition: Array<{ condition: string; error_message: string }> } };
    const [exists, sameEnv, sameVersion] = remote.lifecycle.postcondition;
    expect(exists.condition).toBe("${can(self.outputs.phase_contract.phase)}");
    expect(exists.error_message).toMatch(/The images phase of environment "dev" has no outputs in s3:\/\/acme-ai-tfstate-111111111111\/acme-ai\/dev\/images.tfstate.*APP_ENV=dev npx cdktf deploy images --ignore-missing-stack-dependencies/);
    expect(sameEnv.condition).toContain('try(self.outputs.phase_contract.environment, "") == "dev"');
    expect(sameVersion.condition).toContain(`try(self.outputs.phase_contract.version, 0) == ${ImagesContract.version}`);
  });
});

describe("contracts", () => {
  it.each([
    ["foundation", FoundationContract],
    ["images", ImagesContract],
    ["services", ServicesContract],
    ["frontend", FrontendContract],
  ] as const)("%s publishes exactly its contract's named outputs, with descriptions", (phase, contract) => {
    const outputs = dev.json(phase).output!;
    expect(Object.keys(outputs).sort()).toEqual([...Object.keys(contract.outputs), MARKER_OUTPUT].sort());
    for (const [name, spec] of Object.entries(contract.outputs)) expect(outputs[name].description).toBe(spec.description);
    expect(outputs[MARKER_OUTPUT].value).toEqual({ phase, environment: "dev", version: contract.version });
  });

  it("no stack emits cdktf's generated cross-stack outputs", () => {
    for (const stack of ["bootstrap", ...PHASES] as StackName[]) expect(dev.text(stack)).not.toMatch(/cross-stack-output/);
  });

  it("images resolve each service's URI from the foundation's repository URL", () => {
    const record = dev.json("images").resource!.terraform_data.api_image as { input: { uri: string } };
    expect(record.input.uri).toBe("${data.terraform_remote_state.foundation.outputs.ecr_repository_urls.api}:dev");
    expect(dev.json("images").output!.image_uris.value).toEqual({ api: "${terraform_data.api_image.output.uri}", worker: "${terraform_data.worker_image.output.uri}" });
  });

  it("digest pinning deploys repository@sha256, read from ECR after the image record", () => {
    const images = synth(configs.prod).json("images");
    expect(images.data!.aws_ecr_image.api_digest).toMatchObject({ repository_name: "acme-ai/prod/api", image_tag: "1.0.0", depends_on: ["terraform_data.api_image"] });
    expect((images.output!.image_uris.value as Record<string, string>).api).toBe(
      "${data.terraform_remote_state.foundation.outputs.ecr_repository_urls.api}@${data.aws_ecr_image.api_digest.image_digest}",
    );
  });

  it("every synthesis writes the deployment-config.env hand-off with each service's image", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-"));
    synthesize(configs.dev, { outdir: path.join(out, "cdktf.out") });
    expect(fs.readFileSync(path.join(out, "cdktf.out", "deployment-config.env"), "utf8")).toBe(
      [
        "# Image hand-off for environment dev, written at synthesis. No secrets.",
        "ENVIRONMENT=dev",
        "AWS_REGION=us-east-1",
        "ECR_REGISTRY=111111111111.dkr.ecr.us-east-1.amazonaws.com",
        "API_IMAGE_URI=111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/api:dev",
        "API_IMAGE_TAG=dev",
        "WORKER_IMAGE_URI=111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/worker:dev",
        "WORKER_IMAGE_TAG=dev",
        "",
      ].join("\n"),
    );
  });

  it("services run exactly the image URIs published by the images phase", () => {
    const defs = dev.json("services").resource!.aws_ecs_task_definition;
    for (const name of ["api", "worker"]) {
      const [container] = JSON.parse(defs[name].container_definitions as string);
      expect(container.image).toBe(`\${data.terraform_remote_state.images.outputs.image_uris.${name}}`);
    }
  });

  it("mock values have the same names as the real outputs and are derived from config", () => {
    const mocks = mockOutputs(FoundationContract, configs.dev);
    expect(Object.keys(mocks).sort()).toEqual(Object.keys(dev.json("foundation").output!).sort());
    expect(mocks.ecr_repository_urls).toEqual({
      api: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/api",
      worker: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/worker",
    });
  });
});

describe("plan-only mode (APP_UPSTREAM=mock)", () => {
  const mock = synth(configs.dev, "mock");

  it("reads no remote state and uses the contract's mock values instead", () => {
    expect(mock.json("services").data?.terraform_remote_state).toBeUndefined();
    const [container] = JSON.parse(mock.json("services").resource!.aws_ecs_task_definition.api.container_definitions as string);
    expect(container.image).toBe("111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/api:dev");
  });

  it("puts a never-true-at-apply precondition on every resource and output", () => {
    for (const phase of PHASES) {
      const j = mock.json(phase);
      expect(j.locals).toEqual({ plan_only_clock: "${timestamp()}" });
      const resources = Object.values(j.resource ?? {}).flatMap((byName) => Object.values(byName));
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) {
        expect((r as { lifecycle: { precondition: unknown[] } }).lifecycle.precondition).toContainEqual({
          condition: '${local.plan_only_clock == "plan-only"}',
          error_message: PLAN_ONLY_MESSAGE,
        });
      }
      for (const o of Object.values(j.output ?? {})) expect(o.precondition).toEqual([{ condition: '${local.plan_only_clock == "plan-only"}', error_message: PLAN_ONLY_MESSAGE }]);
    }
  });

  it("is absent from deployable output", () => {
    for (const phase of PHASES) expect(dev.text(phase)).not.toContain("plan_only_clock");
  });
});

describe("readable, stable addresses", () => {
  it("names resources after their construct path, without hash suffixes", () => {
    const f = dev.json("foundation");
    expect(Object.keys(f.resource!.aws_ecr_repository)).toEqual(["api_repository", "worker_repository"]);
    expect(Object.keys(f.resource!.aws_s3_bucket).sort()).toEqual(["artifacts_bucket", "logs_bucket"]);
    expect(Object.keys(f.resource!.aws_s3_bucket_public_access_block).sort()).toEqual(["artifacts_bucket_public_access", "logs_bucket_public_access"]);
    expect(Object.keys(f.resource!.aws_iam_role).sort()).toEqual(["api_execution_role", "api_task_role", "worker_execution_role", "worker_task_role"]);
    expect(dev.json("services").resource!.aws_iam_role).toBeUndefined();
  });

  it("refuses two constructs that would share a Terraform address", () => {
    class Clash extends PhaseStack {
      constructor(scope: Construct) {
        super(scope, "foundation", { config: configs.dev });
        new S3Bucket(this, "a_b", { bucket: "x1" });
        new S3Bucket(new Construct(this, "a"), "b", { bucket: "x2" });
      }
    }
    const app = Testing.app();
    expect(() => Testing.synth(new Clash(app))).toThrow(/Two constructs map to the Terraform address aws_s3_bucket.a_b/);
  });
});

describe("secure defaults", () => {
  it("state bucket: all four public access flags, owner-enforced, TLS-only, versioned", () => {
    const b = dev.text("bootstrap");
    expect(b).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(b).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
    const policy = dev.json("bootstrap").data!.aws_iam_policy_document.state_policy_document as { statement: Array<Record<string, unknown>> };
    expect(policy.statement).toContainEqual(
      expect.objectContaining({ sid: "DenyInsecureTransport", effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] }),
    );
    expect(dev.json("bootstrap").resource!.aws_s3_bucket_versioning.state_versioning).toMatchObject({ versioning_configuration: { status: "Enabled" } });
  });

  it("lock table only when locking uses DynamoDB, with PITR, encryption, and deletion protection outside dev", () => {
    expect(dev.text("bootstrap")).not.toHaveResource(DynamodbTable);
    expect(synth(configs.staging).text("bootstrap")).toHaveResourceWithProperties(DynamodbTable, {
      name: "acme-ai-tflock",
      hash_key: "LockID",
      billing_mode: "PAY_PER_REQUEST",
      point_in_time_recovery: { enabled: true },
      server_side_encryption: { enabled: true },
      deletion_protection_enabled: true,
    });
    const devWithTable = { ...configs.dev, stateBackend: { ...configs.dev.stateBackend, locking: "both" as const } };
    expect(synth(devWithTable).text("bootstrap")).toHaveResourceWithProperties(DynamodbTable, { deletion_protection_enabled: false });
  });

  it("ECR: scan on push; tags immutable in prod, mutable in dev", () => {
    expect(dev.text("foundation")).toHaveResourceWithProperties(EcrRepository, { name: "acme-ai/dev/api", image_scanning_configuration: { scan_on_push: true }, image_tag_mutability: "MUTABLE" });
    expect(synth(configs.prod).text("foundation")).toHaveResourceWithProperties(EcrRepository, { image_tag_mutability: "IMMUTABLE", force_delete: false });
  });

  it("application buckets may be force-destroyed only in dev", () => {
    expect(dev.text("foundation")).toHaveResourceWithProperties(S3Bucket, { bucket: "acme-ai-dev-artifacts-111111111111", force_destroy: true });
    expect(synth(configs.prod).text("foundation")).toHaveResourceWithProperties(S3Bucket, { force_destroy: false });
  });

  it("ECS cluster has Container Insights", () => {
    expect(dev.text("services")).toHaveResourceWithProperties(EcsCluster, { setting: [{ name: "containerInsights", value: "enabled" }] });
  });

  it("each service runs as its own task role, distinct from its execution role, both from the foundation", () => {
    const defs = dev.json("services").resource!.aws_ecs_task_definition;
    expect(defs.api).toMatchObject({
      execution_role_arn: "${data.terraform_remote_state.foundation.outputs.execution_role_arns.api}",
      task_role_arn: "${data.terraform_remote_state.foundation.outputs.task_role_arns.api}",
    });
    expect(defs.worker).toMatchObject({ task_role_arn: "${data.terraform_remote_state.foundation.outputs.task_role_arns.worker}" });
  });

  it("grants follow bucketAccess: api may write artifacts, worker may only read", () => {
    const docs = dev.json("foundation").data!.aws_iam_policy_document as Record<string, { statement: Array<{ sid: string; resources: string[] }> }>;
    expect(docs.api_task_role_policy.statement.map((s) => s.sid)).toEqual(["ListBuckets", "ReadObjects", "WriteObjects", "InvokeBedrockModels"]);
    expect(docs.worker_task_role_policy.statement.map((s) => s.sid)).toEqual(["ListBuckets", "ReadObjects"]);
    expect(docs.worker_task_role_policy.statement[1].resources).toEqual(["${aws_s3_bucket.artifacts_bucket.arn}/*"]);
  });

  it("execution roles pull only their own image, write their own logs and read their own secret", () => {
    const docs = dev.json("foundation").data!.aws_iam_policy_document as Record<string, { statement: Array<{ sid: string; resources: string[] }> }>;
    const byId = Object.fromEntries(docs.api_execution_role_policy.statement.map((s) => [s.sid, s.resources]));
    expect(byId).toEqual({
      PullImages: ["${aws_ecr_repository.api_repository.arn}"],
      RegistryLogin: ["*"],
      WriteLogs: ["${aws_cloudwatch_log_group.api_logs.arn}:*"],
      ReadSecrets: ["${aws_secretsmanager_secret.api_secret.arn}"],
      ReadDatabaseCredentials: ["${element(aws_db_instance.database.master_user_secret, 0).secret_arn}"],
    });
    expect(docs.worker_execution_role_policy.statement.map((s) => s.sid)).toEqual(["PullImages", "RegistryLogin", "WriteLogs", "ReadDatabaseCredentials"]);
  });

  it("trust policies are limited to this account (confused deputy)", () => {
    const trust = dev.json("foundation").data!.aws_iam_policy_document.api_task_role_trust as { statement: Array<Record<string, unknown>> };
    expect(trust.statement[0]).toMatchObject({
      principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }],
      condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }],
    });
  });

  it("log groups keep logs for the stage's retention", () => {
    expect(dev.json("foundation").resource!.aws_cloudwatch_log_group.api_logs).toMatchObject({ name: "/ecs/acme-ai-dev/api", retention_in_days: 30 });
    expect(synth(configs.prod).json("foundation").resource!.aws_cloudwatch_log_group.api_logs).toMatchObject({ retention_in_days: 365 });
  });

  it("secrets: the foundation creates the secret without a value; the task injects each key from it", () => {
    const f = dev.json("foundation").resource!;
    expect(f.aws_secretsmanager_secret.api_secret).toMatchObject({ name: "acme-ai/dev/api", recovery_window_in_days: 7 });
    expect(f.aws_secretsmanager_secret.api_secret.description).toMatch(/JSON keys: OPENAI_API_KEY, JWT_SECRET, LANGSMITH_API_KEY/);
    expect(f.aws_secretsmanager_secret_version).toBeUndefined();
    expect(f.aws_secretsmanager_secret.worker_secret).toBeUndefined();
    const [container] = JSON.parse(dev.json("services").resource!.aws_ecs_task_definition.api.container_definitions as string);
    expect(container.secrets.slice(0, 3)).toEqual(
      ["OPENAI_API_KEY", "JWT_SECRET", "LANGSMITH_API_KEY"].map((k) => ({ name: k, valueFrom: `\${data.terraform_remote_state.foundation.outputs.secret_arns.api}:${k}::` })),
    );
    expect(container.environment.map((e: { name: string }) => e.name)).not.toContain("OPENAI_API_KEY");
  });

  it("Bedrock: an inference profile grants the profile and its model in every region", () => {
    const docs = dev.json("foundation").data!.aws_iam_policy_document as Record<string, { statement: Array<{ sid: string; actions: string[]; resources: string[] }> }>;
    const bedrock = docs.api_task_role_policy.statement.find((s) => s.sid === "InvokeBedrockModels")!;
    expect(bedrock.actions).toEqual(["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
    expect(bedrock.resources).toEqual([
      "arn:aws:bedrock:us-east-1:111111111111:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0",
      "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
    ]);
  });

  it("the static site is private behind CloudFront with HTTPS redirect and security headers", () => {
    const f = dev.json("frontend");
    expect(dev.text("frontend")).toHaveResourceWithProperties(CloudfrontDistribution, {
      default_cache_behavior: expect.objectContaining({ viewer_protocol_policy: "redirect-to-https", response_headers_policy_id: "${aws_cloudfront_response_headers_policy.site_security_headers.id}" }),
    });
    expect(f.resource!.aws_cloudfront_distribution.site.origin).toEqual([
      expect.objectContaining({ origin_access_control_id: "${aws_cloudfront_origin_access_control.site_origin_access.id}" }),
    ]);
    const doc = f.data!.aws_iam_policy_document.site_bucket_policy_document as { statement: Array<Record<string, unknown>> };
    expect(doc.statement).toContainEqual(
      expect.objectContaining({ sid: "AllowCloudFrontRead", condition: [{ test: "StringEquals", variable: "AWS:SourceArn", values: ["${aws_cloudfront_distribution.site.arn}"] }] }),
    );
  });

  it("CloudFront access logs are delivered to the log archive (standard logging v2, no bucket ACLs)", () => {
    const f = dev.json("frontend").resource!;
    expect(f.aws_cloudwatch_log_delivery_source.site_access_logs_source).toMatchObject({ log_type: "ACCESS_LOGS", resource_arn: "${aws_cloudfront_distribution.site.arn}" });
    expect(f.aws_cloudwatch_log_delivery_destination.site_access_logs_destination).toMatchObject({
      output_format: "parquet",
      delivery_destination_configuration: [{ destination_resource_arn: "arn:aws:s3:::${data.terraform_remote_state.foundation.outputs.logs_bucket_name}" }],
    });
    expect(f.aws_cloudwatch_log_delivery.site_access_logs).not.toHaveProperty("provider");
  });

  it("outside us-east-1 the CloudFront log delivery uses a us-east-1 provider pinned to the same account", () => {
    const eu = { ...configs.dev, region: "eu-west-1", availabilityZones: ["eu-west-1a", "eu-west-1b"] };
    const j = synth(eu).json("frontend");
    expect(j.provider.aws).toContainEqual(expect.objectContaining({ alias: "us_east_1", region: "us-east-1", allowed_account_ids: ["111111111111"] }));
    expect(j.resource!.aws_cloudwatch_log_delivery_source.site_access_logs_source.provider).toBe("aws.us_east_1");
    expect(j.resource!.aws_cloudfront_distribution.site).not.toHaveProperty("provider");
  });

  it("frontend type none creates no site but still checks the services phase", () => {
    const c = { ...configs.dev, frontend: { type: "none" as const, indexDocument: "index.html" } };
    const f = synth(c).json("frontend");
    expect(f.resource).toBeUndefined();
    expect(f.data!.terraform_remote_state.services).toBeDefined();
  });
});
