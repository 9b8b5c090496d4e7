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
import { Names, RESERVED_SERVICE_NAMES } from "../config/names";
import type { ResolvedConfig } from "../config/defaults";
import { buildApp } from "../stacks/app";
import { FoundationContract, ImagesContract, ServicesContract, FrontendContract } from "../stacks/contracts";
import { MARKER_OUTPUT, mockOutputs } from "../stacks/contract";
import { DASHBOARD_OUTPUT } from "../stacks/frontend-stack";
import { PhaseStack } from "../stacks/phase-stack";
import { PHASES, UPSTREAMS, type StackName } from "../stacks/phases";
import { PLAN_ONLY_MESSAGE, PLAN_ONLY_STATE_FILE } from "../stacks/plan-only-guard";
import { ARCHITECTURE_FILE, COST_FILE, synthesize } from "../stacks/synthesize";
import { architectureOf, renderMermaid } from "../diagram/architecture";
import { estimateCost, renderCost } from "../cost/estimate";
import { loadSynthesizedStacks } from "../policy/synthesized";
import type { UpstreamMode } from "../stacks/upstream";
import { REPO_ROOT, shippedEnvironments, type TerraformJson } from "./support/synth";

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
  const texts = new Map<StackName, string>();
  const text = (name: StackName) => texts.get(name) ?? texts.set(name, Testing.synth(all[name])).get(name)!;
  const json = (name: StackName) => JSON.parse(text(name)) as TerraformJson;
  return { built, text, json, all, outdir };
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

  it.each([
    ["dev", "111111111111", { use_lockfile: true }],
    ["staging", "222222222222", { dynamodb_table: "acme-ai-tflock" }],
    // prod's platform keys: the state key bootstrap creates, by its alias (config/state-key.ts)
    ["prod", "333333333333", { dynamodb_table: "acme-ai-tflock", use_lockfile: true, kms_key_id: "arn:aws:kms:us-east-1:333333333333:alias/tfstate/acme-ai-tfstate-333333333333" }],
  ] as const)("every terraform_remote_state in %s reads the upstream stack's state exactly where that stack writes it", (env, account, locking) => {
    const s = synth(configs[env]);
    const expected = (stack: string) => ({ bucket: `acme-ai-tfstate-${account}`, key: `acme-ai/${env}/${stack}.tfstate`, region: "us-east-1", encrypt: true, ...locking });
    const reads: string[] = [];
    for (const phase of PHASES) {
      expect(s.json(phase).terraform.backend.s3).toEqual(expected(phase));
      for (const upstream of UPSTREAMS[phase]) {
        const remote = s.json(phase).data!.terraform_remote_state[upstream] as { backend: string; config: unknown };
        expect(remote).toMatchObject({ backend: "s3", config: expected(upstream) });
        reads.push(`${phase}<-${upstream}`);
      }
    }
    expect(reads).toEqual(["images<-foundation", "services<-foundation", "services<-images", "frontend<-foundation", "frontend<-services"]);
  });

  it("state keys differ per stack and per environment", () => {
    const keys = ["dev", "staging", "prod"].flatMap((e) => PHASES.map((p) => synth(configs[e]).json(p).terraform.backend.s3.key));
    expect(new Set(keys).size).toBe(12);
  });

  it("the bootstrap stack keeps its own state locally until it is moved into the bucket", () => {
    const local = dev.json("bootstrap").terraform.backend.local as { path: string };
    expect(path.resolve(dev.outdir, "stacks", "bootstrap", local.path)).toBe(path.join(REPO_ROOT, "state", "dev", "bootstrap.tfstate"));
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
    // The dashboard's URL is for people, not a contract for a later phase: the frontend has it with any frontend type.
    const forPeople = phase === "frontend" ? [DASHBOARD_OUTPUT] : [];
    expect(Object.keys(outputs).sort()).toEqual([...Object.keys(contract.outputs), MARKER_OUTPUT, ...forPeople].sort());
    for (const [name, spec] of Object.entries(contract.outputs)) expect(outputs[name].description).toBe(spec.description);
    expect(outputs[MARKER_OUTPUT].value).toEqual({ phase, environment: "dev", version: contract.version });
  });

  it("no stack emits cdktf's generated cross-stack outputs", () => {
    for (const stack of ["bootstrap", ...PHASES] as StackName[]) expect(dev.text(stack)).not.toMatch(/cross-stack-output/);
  });

  it("images resolve each service's URI from the foundation's repository URL", () => {
    const record = dev.json("images").resource!.terraform_data.api_image as { input: { uri: string } };
    expect(record.input.uri).toBe("${data.terraform_remote_state.foundation.outputs.ecr_repository_urls.api}:dev");
    expect(dev.json("images").output!.image_uris.value).toEqual({
      api: "${terraform_data.api_image.output.uri}",
      worker: "${terraform_data.worker_image.output.uri}",
      migrate: "${terraform_data.migrate_image.output.uri}",
    });
  });

  it("digest pinning deploys repository@sha256, read from ECR after the image record", () => {
    const images = synth(configs.prod).json("images");
    expect(images.data!.aws_ecr_image.api_digest).toMatchObject({ repository_name: "acme-ai/prod/api", image_tag: "1.0.0", depends_on: ["terraform_data.api_image"] });
    expect((images.output!.image_uris.value as Record<string, string>).api).toBe(
      "${data.terraform_remote_state.foundation.outputs.ecr_repository_urls.api}@${data.aws_ecr_image.api_digest.image_digest}",
    );
  });

  it("every synthesis writes the deployment-config.env hand-off with each service's image, and the architecture diagram and cost estimate of what it wrote", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-"));
    synthesize(configs.dev, { outdir: path.join(out, "cdktf.out") });
    expect(fs.readFileSync(path.join(out, "cdktf.out", ARCHITECTURE_FILE), "utf8")).toBe(
      renderMermaid(architectureOf(loadSynthesizedStacks(path.join(out, "cdktf.out"))), "acme-ai-dev (dev, us-east-1)"),
    );
    expect(fs.readFileSync(path.join(out, "cdktf.out", COST_FILE), "utf8")).toBe(
      renderCost(estimateCost(loadSynthesizedStacks(path.join(out, "cdktf.out")), "us-east-1"), "acme-ai-dev (dev, us-east-1)"),
    );
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
        "MIGRATE_IMAGE_URI=111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/migrate:dev",
        "MIGRATE_IMAGE_TAG=dev",
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

  it("mock values are derived from config", () => {
    expect(mockOutputs(FoundationContract, configs.dev).ecr_repository_urls).toEqual({
      api: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/api",
      worker: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/worker",
      migrate: "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/migrate",
    });
  });

  const contracts = { foundation: FoundationContract, images: ImagesContract, services: ServicesContract, frontend: FrontendContract } as const;
  const shapeOf = (value: unknown): unknown =>
    typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, typeof (value as Record<string, unknown>)[k]])) : Array.isArray(value) ? "list" : typeof value;

  it.each(shippedEnvironments().map((c) => [c.environment, c] as const))("%s: mock and real outputs have the same names and map keys in every phase", (_env, config) => {
    const s = synth(config);
    for (const phase of PHASES) {
      const { [DASHBOARD_OUTPUT]: dashboard, ...real } = s.json(phase).output ?? {};
      expect(dashboard === undefined, phase).toBe(phase !== "frontend");
      if (phase === "frontend" && config.frontend.type === "none") {
        expect(real).toEqual({});
        continue;
      }
      const mock = mockOutputs(contracts[phase], config);
      const realShape = Object.fromEntries(Object.entries(real).map(([k, o]) => [k, shapeOf(o.value)]));
      // A real list or map may be a single reference; its shape is then only known from the contract.
      const mockShape = Object.fromEntries(Object.entries(mock).map(([k, v]) => [k, typeof real[k]?.value === "string" && typeof v !== "string" ? "string" : shapeOf(v)]));
      expect(realShape, phase).toEqual(mockShape);
    }
  });

  it("the app services run on ECS only: App Runner services get no ECS log group or task definition, in mock and real outputs alike", () => {
    const agentic = shippedEnvironments().find((c) => c.environment === "agentic")!;
    expect(Object.keys(mockOutputs(FoundationContract, agentic).log_group_names as object)).toEqual([]);
    expect(synth(agentic).json("foundation").output!.log_group_names.value).toEqual({});
    expect(Object.keys(mockOutputs(ServicesContract, agentic).task_definition_arns as object)).toEqual([]);
  });

  it("publishing a map output with other keys than its contract selects fails synthesis", () => {
    class Drifting extends PhaseStack {
      constructor(scope: Construct) {
        super(scope, "images", { config: configs.dev });
        this.publish(ImagesContract, { image_uris: { api: "x" }, image_tags: { api: "1", worker: "1", migrate: "1" } });
      }
    }
    expect(() => new Drifting(Testing.app())).toThrow("contract output images.image_uris is published with keys [api] but its contract selects [api, migrate, worker]; publish exactly the selected keys");
  });
});

describe("plan-only mode (APP_UPSTREAM=mock)", () => {
  const mock = synth(configs.dev, "mock");

  it("reads no remote state and uses the contract's mock values instead", () => {
    expect(mock.json("services").data?.terraform_remote_state).toBeUndefined();
    const [container] = JSON.parse(mock.json("services").resource!.aws_ecs_task_definition.api.container_definitions as string);
    expect(container.image).toBe("111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/dev/api:dev");
  });

  it("keeps its state in a local file of its own stack folder, never in the shared bucket", () => {
    for (const stack of ["bootstrap", ...PHASES] as StackName[]) expect(mock.json(stack).terraform.backend).toEqual({ local: { path: PLAN_ONLY_STATE_FILE } });
  });

  it("ships that state with an undestroyable guard, under a lineage no real state has", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-only-"));
    synthesize(configs.dev, { outdir: path.join(dir, "out"), upstreamMode: "mock" });
    for (const stack of ["bootstrap", ...PHASES]) {
      const state = JSON.parse(fs.readFileSync(path.join(dir, "out", "stacks", stack, PLAN_ONLY_STATE_FILE), "utf8"));
      expect(state).toMatchObject({ version: 4, lineage: `plan-only-${stack}`, resources: [{ mode: "managed", type: "terraform_data", name: "plan_only_guard" }] });
      expect(JSON.parse(fs.readFileSync(path.join(dir, "out", "stacks", stack, "cdk.tf.json"), "utf8")).resource.terraform_data.plan_only_guard).toMatchObject({
        input: { mode: "plan-only" },
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  it("puts prevent_destroy and a never-true-at-apply precondition on every resource and output", () => {
    for (const phase of PHASES) {
      const j = mock.json(phase);
      expect(j.locals).toEqual({ plan_only_clock: "${timestamp()}" });
      const resources = Object.values(j.resource ?? {}).flatMap((byName) => Object.values(byName));
      expect(resources.length).toBeGreaterThan(1);
      for (const r of resources) {
        const lifecycle = (r as { lifecycle: { precondition: unknown[]; prevent_destroy: boolean } }).lifecycle;
        expect(lifecycle.prevent_destroy).toBe(true);
        expect(lifecycle.precondition).toContainEqual({
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
    expect(Object.keys(f.resource!.aws_ecr_repository)).toEqual(["api_repository", "migrate_repository", "worker_repository"]);
    expect(Object.keys(f.resource!.aws_s3_bucket).sort()).toEqual(["artifacts_bucket", "logs_bucket"]);
    expect(Object.keys(f.resource!.aws_s3_bucket_public_access_block).sort()).toEqual(["artifacts_bucket_public_access", "logs_bucket_public_access"]);
    expect(Object.keys(f.resource!.aws_iam_role).sort()).toEqual([
      "api_execution_role", "api_task_role", "migrate_execution_role", "migrate_task_role", "worker_execution_role", "worker_task_role",
    ]);
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
    // dev's api also has exec: true, hence EcsExec.
    expect(docs.api_task_role_policy.statement.map((s) => s.sid)).toEqual(["EcsExec", "ListBuckets", "ReadObjects", "WriteObjects", "InvokeBedrockModels", "ReadDatabaseCredentials"]);
    expect(docs.worker_task_role_policy.statement.map((s) => s.sid)).toEqual(["ListBuckets", "ReadObjects", "ReadDatabaseCredentials"]);
    expect(docs.worker_task_role_policy.statement.find((s) => s.sid === "ReadObjects")!.resources).toEqual(["${aws_s3_bucket.artifacts_bucket.arn}/*"]);
  });

  it("execution roles pull only their own image, write their own logs and read their own secret", () => {
    const docs = dev.json("foundation").data!.aws_iam_policy_document as Record<string, { statement: Array<{ sid: string; resources: string[] }> }>;
    const byId = Object.fromEntries(docs.api_execution_role_policy.statement.map((s) => [s.sid, s.resources]));
    expect(byId).toEqual({
      PullImages: ["${aws_ecr_repository.api_repository.arn}"],
      RegistryLogin: ["*"],
      WriteLogs: ["${aws_cloudwatch_log_group.api_logs.arn}:*"],
      ReadSecrets: ["${aws_secretsmanager_secret.api_secret.arn}"],
      // dev's api reads the site's URL (CORS_ORIGIN) from SSM at start: exactly that parameter.
      ReadPublicUrl: ["arn:aws:ssm:us-east-1:111111111111:parameter/acme-ai/dev/public-url"],
    });
    // The database password is read by the application when it connects, never injected at start.
    expect(docs.worker_execution_role_policy.statement.map((s) => s.sid)).toEqual(["PullImages", "RegistryLogin", "WriteLogs"]);
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
    // Dev deletes secrets at once, so a destroyed environment can be recreated with the same names.
    expect(f.aws_secretsmanager_secret.api_secret).toMatchObject({ name: "acme-ai/dev/api", recovery_window_in_days: 0 });
    expect(synth(configs.prod).json("foundation").resource!.aws_secretsmanager_secret.api_secret).toMatchObject({ recovery_window_in_days: 30 });
    expect(f.aws_secretsmanager_secret.api_secret.description).toMatch(/JSON keys: OPENAI_API_KEY, JWT_SECRET, LANGSMITH_API_KEY/);
    expect(f.aws_secretsmanager_secret_version).toBeUndefined();
    expect(f.aws_secretsmanager_secret.worker_secret).toBeUndefined();
    const [container] = JSON.parse(dev.json("services").resource!.aws_ecs_task_definition.api.container_definitions as string);
    expect(container.secrets).toEqual([
      { name: "CORS_ORIGIN", valueFrom: "${aws_ssm_parameter.public_url.arn}" },
      ...["OPENAI_API_KEY", "JWT_SECRET", "LANGSMITH_API_KEY"].map((k) => ({ name: k, valueFrom: `\${data.terraform_remote_state.foundation.outputs.secret_arns.api}:${k}::` })),
    ]);
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
    const c = { ...configs.dev, frontend: { ...configs.dev.frontend, type: "none" as const } };
    const f = synth(c).json("frontend");
    // Only the environment's dashboard, which the last phase holds whatever the frontend.
    expect(Object.keys(f.resource!)).toEqual(["aws_cloudwatch_dashboard"]);
    expect(f.data!.terraform_remote_state.services).toBeDefined();
  });
});

describe("hardening", () => {
  const all = (c: ResolvedConfig) => ["bootstrap", ...PHASES].map((stack) => ({ stack, json: synth(c).json(stack as StackName) }));
  const shipped = shippedEnvironments();

  it("every stack requires a Terraform that understands its backend and resources", () => {
    for (const { json } of all(configs.dev)) expect((json.terraform as { required_version?: string }).required_version).toBe(">= 1.11.0");
  });

  it("the bootstrap state file is the project's state/<env>/bootstrap.tfstate wherever the output is written", () => {
    const target = path.join(REPO_ROOT, "state", "dev", "bootstrap.tfstate");
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "outdirs-"));
    for (const outdir of [path.join(base, "a"), path.join(base, "x", "y", "z", "cdktf.out")]) {
      fs.mkdirSync(outdir, { recursive: true });
      const built = buildApp(configs.dev, { outdir });
      const backend = (JSON.parse(Testing.synth(built.bootstrap)) as TerraformJson).terraform.backend.local as { path: string };
      expect(path.resolve(outdir, "stacks", "bootstrap", backend.path)).toBe(target);
    }
  });

  it("no resource replaced create-before-destroy has a fixed name (the new one could never be created next to the old)", () => {
    let checked = 0;
    const fixedNames: string[] = [];
    const unnamed: string[] = [];
    let revisions = 0;
    for (const c of shipped) {
      for (const { stack, json } of all(c)) {
        for (const [type, byName] of Object.entries(json.resource ?? {})) {
          for (const [name, r] of Object.entries(byName)) {
            if (!(r.lifecycle as { create_before_destroy?: boolean } | undefined)?.create_before_destroy) continue;
            checked++;
            if (type === "aws_lb_target_group") {
              // Deliberate: the name ends with the port, the only attribute config can change that replaces
              // the group, so the replacement is created under a different name before the old one goes.
              fixedNames.push(`${c.environment}/${stack} ${type}.${name}`);
              expect(r.name, `${c.environment}/${stack} ${type}.${name}`).toMatch(new RegExp(`-${r.port}$`));
              continue;
            }
            // App Runner configurations are revisions of a name: a new revision always exists next to the old one.
            if (type === "aws_apprunner_auto_scaling_configuration_version" || type === "aws_apprunner_observability_configuration") {
              revisions++;
              continue;
            }
            expect(r, `${c.environment}/${stack} ${type}.${name}`).not.toHaveProperty("name");
            // Task definitions are revisions of a family: a new revision always exists next to the old one.
            if (type === "aws_ecs_task_definition") {
              revisions++;
              continue;
            }
            if (type === "aws_batch_compute_environment") {
              expect(r.compute_environment_name_prefix, `${c.environment}/${stack} ${type}.${name}`).toMatch(/-$/);
              continue;
            }
            if (r.name_prefix === undefined) unnamed.push(`${c.environment}/${stack} ${type}.${name}`);
            else expect(r.name_prefix, `${c.environment}/${stack} ${type}.${name}`).toMatch(/-$/);
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(18);
    // Only the target groups: one per ECS web service of every environment.
    expect(fixedNames.sort()).toEqual(
      shipped.flatMap((c) => c.services.filter((s) => s.kind === "web" && s.compute === "ecs").map((s) => `${c.environment}/services aws_lb_target_group.load_balancer_${s.name}_target_group`)).sort(),
    );
    // AWS gives certificates no name at all: the edge's and the load balancer's, with a domain.
    expect(unnamed.sort()).toEqual(
      shipped
        .filter((c) => c.domain)
        .flatMap((c) => [
          ...(c.frontend.type !== "none" ? [`${c.environment}/frontend aws_acm_certificate.certificate`] : []),
          ...(c.services.some((s) => s.kind === "web" && s.compute === "ecs") ? [`${c.environment}/services aws_acm_certificate.certificate`] : []),
        ])
        .sort(),
    );
    // Every ECS workload's task definition and each App Runner service's scaling configuration: every workload but Batch jobs (job definitions).
    expect(revisions).toBe(shipped.flatMap((c) => c.services.filter((s) => s.kind !== "job")).length);
  });

  it("tasks run on the CPU architecture their image was built for", () => {
    const arm = { ...configs.dev, services: configs.dev.services.map((s, i) => (i === 0 ? { ...s, cpuArchitecture: "ARM64" as const } : s)) };
    const defs = synth(arm).json("services").resource!.aws_ecs_task_definition;
    expect(defs.api.runtime_platform).toEqual({ operating_system_family: "LINUX", cpu_architecture: "ARM64" });
    expect(defs.worker.runtime_platform).toEqual({ operating_system_family: "LINUX", cpu_architecture: "X86_64" });
  });

  it("database clients authenticate per connection: the current password from the RDS secret, or an IAM token; never an injected password", () => {
    const env = (c: ResolvedConfig) => {
      const [container] = JSON.parse(synth(c).json("services").resource!.aws_ecs_task_definition.api.container_definitions as string);
      expect(container.secrets.map((x: { name: string }) => x.name)).not.toContain("DB_PASSWORD");
      return Object.fromEntries(container.environment.filter((e: { name: string }) => e.name.startsWith("DB_")).map((e: { name: string; value: string }) => [e.name, e.value]));
    };
    const out = (name: string) => `\${data.terraform_remote_state.foundation.outputs.${name}}`;
    expect(env(configs.dev)).toEqual({
      DB_AUTH: "secret",
      DB_HOST: out("database_endpoint"),
      DB_NAME: out("database_name"),
      DB_PORT: out("database_port"),
      DB_SECRET_ARN: out("database_secret_arn"),
      DB_SSLMODE: "require",
      DB_USERNAME: out("database_username"),
    });
    expect(env(configs.prod)).toEqual({
      DB_AUTH: "iam",
      DB_HOST: out("database_endpoint"),
      DB_NAME: out("database_name"),
      DB_PORT: out("database_port"),
      DB_SSLMODE: "require",
      DB_USERNAME: out("database_username"),
    });
    const prodDocs = synth(configs.prod).json("foundation").data!.aws_iam_policy_document as Record<string, { statement: Array<{ sid: string }> }>;
    expect(prodDocs.api_task_role_policy.statement.map((x) => x.sid)).toContain("ConnectToDatabase");
    expect(prodDocs.api_task_role_policy.statement.map((x) => x.sid)).not.toContain("ReadDatabaseCredentials");
    expect(prodDocs.api_execution_role_policy.statement.map((x) => x.sid)).not.toContain("ReadDatabaseCredentials");
  });

  it("the reserved service names cover every construct the platform puts in a stack", () => {
    const services = new Set(shipped.flatMap((c) => c.services.map((s) => s.name)));
    const bucketIds = new Set(shipped.flatMap((c) => c.buckets.map((b) => `${b.key}_bucket`)));
    const sharedSecretIds = new Set(shipped.flatMap((c) => Object.keys(c.sharedSecrets).map((name) => `${name}_shared_secret`)));
    // Ids a service owns (api_tasks, api_service, api_autoscaling) start with its name, like a bucket's id with its key.
    const serviceOwned = (id: string) => [...services].some((name) => id.startsWith(`${name}_`));
    const platformWords = new Set<string>();
    for (const c of shipped) {
      for (const mode of ["remote-state", "mock"] as const) {
        const s = synth(c, mode);
        for (const stack of Object.values(s.all)) {
          for (const child of stack.node.children) {
            const id = child.node.id;
            if (services.has(id) || serviceOwned(id) || bucketIds.has(id) || sharedSecretIds.has(id) || child.constructor.name === "TerraformOutput") continue;
            platformWords.add(id.split("_")[0]);
          }
        }
      }
    }
    const unreserved = [...platformWords].filter((w) => /^[a-z][a-z0-9-]*$/.test(w) && !(RESERVED_SERVICE_NAMES as readonly string[]).includes(w));
    expect(unreserved).toEqual([]);
  });

  it("two environments in one account: one owns the state bucket, lock table and OIDC provider, and no account-wide name is taken twice", () => {
    const github = { repository: "acme/ai-app", branch: "main", createProvider: true, defaultBranch: "main", driftSchedule: "0 6 * * 1-5" };
    const owner = { ...configs.staging, github };
    const qa = loadEnvironment("staging", { env: {} });
    const other: ResolvedConfig = {
      ...qa,
      environment: "qa",
      names: new Names("acme-ai", "qa", qa.accountId),
      buckets: qa.buckets.map((b) => ({ ...b, name: new Names("acme-ai", "qa", qa.accountId).bucket(b.key) })),
      services: qa.services.map((sv) => ({ ...sv, repositoryName: new Names("acme-ai", "qa", qa.accountId).ecrRepository(sv.name) })),
      stateBackend: { ...qa.stateBackend, manage: false },
      github: { ...github, createProvider: false },
    };
    expect(synth(other).json("bootstrap").resource).toBeUndefined();
    expect(synth(other).json("bootstrap").output).toEqual({ state_bucket_name: expect.objectContaining({ value: "acme-ai-tfstate-222222222222" }) });
    const accountWide: Record<string, string[]> = {};
    const take = (kind: string, name: unknown) => (accountWide[kind] ??= []).push(String(name));
    for (const c of [owner, other]) {
      for (const { json } of all(c)) {
        for (const [name, r] of Object.entries(json.resource?.aws_s3_bucket ?? {})) take("bucket", r.bucket ?? name);
        for (const r of Object.values(json.resource?.aws_iam_role ?? {})) take("iam role", r.name);
        for (const r of Object.values(json.resource?.aws_dynamodb_table ?? {})) take("table", r.name);
        for (const r of Object.values(json.resource?.aws_iam_openid_connect_provider ?? {})) take("oidc provider", r.url);
        for (const r of Object.values(json.resource?.aws_ecr_repository ?? {})) take("ecr", r.name);
        for (const r of Object.values(json.resource?.aws_secretsmanager_secret ?? {})) take("secret", r.name);
        for (const r of Object.values(json.resource?.aws_cloudwatch_log_group ?? {})) take("log group", r.name);
      }
    }
    for (const [kind, list] of Object.entries(accountWide)) expect(list.filter((n, i) => list.indexOf(n) !== i), kind).toEqual([]);
    expect(accountWide["oidc provider"]).toEqual(["https://token.actions.githubusercontent.com"]);
    expect(accountWide.table).toEqual(["acme-ai-tflock"]);
    expect(accountWide.bucket).toContain("acme-ai-tfstate-222222222222");
  });

  it("a policy error on a resource built from config names the environment file, line and key", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, "config", "environments", "dev.yaml"), "utf8").replace("noncurrentVersionExpirationDays: 7", "noncurrentVersionExpirationDays: 7\n    versioned: false");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "provenance-"));
    const file = path.join(dir, "dev.yaml");
    fs.writeFileSync(file, text);
    const config = loadEnvironment("dev", { configDir: dir, env: {} });
    let message = "";
    try {
      synthesize(config, { outdir: path.join(dir, "out") });
    } catch (e) {
      message = (e as Error).message;
    }
    const line = text.split("\n").findIndex((l) => l.startsWith("  artifacts:")) + 1;
    expect(message).toContain(`ERROR S3-03 foundation aws_s3_bucket.artifacts_bucket\n    from config: buckets.artifacts  [${config.sourceFile}:${line}]`);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });
});
