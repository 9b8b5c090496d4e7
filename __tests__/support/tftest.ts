/**
 * Writes a `terraform test` file for a synthesized stack: the AWS provider mocked,
 * every remote-state read overridden with values shaped by the upstream contract,
 * one `apply` run, and assertions given by the caller.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedConfig } from "../../config/defaults";
import { mockOutputs, type Contract } from "../../stacks/contract";
import { frontsLoadBalancer, originHost } from "../../config/frontend";

export interface TfAssert {
  readonly condition: string;
  readonly message: string;
}

/** HCL accepts JSON object and list syntax as expressions. */
const hcl = (value: unknown) => JSON.stringify(value);

/**
 * The mock provider invents random strings for computed attributes; resources that
 * parse a policy document (roles, bucket policies) need a JSON policy instead.
 */
const MOCK_POLICY_JSON = JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Mock", Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }] });
/**
 * Likewise, attributes other resources validate as ARNs get ARN-shaped defaults,
 * and RDS's managed master secret (a computed block) gets one entry, as AWS returns it.
 */
const mockDefaults = (c: ResolvedConfig): Record<string, Record<string, unknown>> => {
  const arn = (service: string, resource: string, region = c.region) => `arn:${c.partition}:${service}:${region}:${c.accountId}:${resource}`;
  return {
    aws_iam_role: { arn: `arn:${c.partition}:iam::${c.accountId}:role/mock-role` },
    aws_cloudwatch_log_group: { arn: arn("logs", "log-group:/mock") },
    aws_s3_bucket: { arn: `arn:${c.partition}:s3:::mock-bucket` },
    aws_secretsmanager_secret: { arn: arn("secretsmanager", "secret:mock-AbCdEf") },
    aws_kms_key: { arn: arn("kms", "key/00000000-0000-0000-0000-000000000000") },
    aws_db_instance: {
      arn: arn("rds", "db:mock"),
      resource_id: "db-MOCKRESOURCEID",
      master_user_secret: [{ secret_arn: arn("secretsmanager", "secret:rds!db-mock-AbCdEf"), kms_key_id: "", secret_status: "active" }],
    },
    aws_db_proxy: { arn: arn("rds", "db-proxy:prx-0123456789abcdef0") },
    aws_elasticache_replication_group: { arn: arn("elasticache", "replicationgroup:mock") },
    aws_elasticache_user: { arn: arn("elasticache", "user:mock") },
    aws_efs_file_system: { arn: arn("elasticfilesystem", "file-system/fs-mock") },
    aws_efs_access_point: { arn: arn("elasticfilesystem", "access-point/fsap-mock") },
    aws_cloudfront_distribution: { arn: `arn:${c.partition}:cloudfront::${c.accountId}:distribution/E2MOCKDISTRIBUTION` },
    aws_cloudwatch_log_delivery_destination: { arn: arn("logs", "delivery-destination:mock") },
    aws_lb: { arn: arn("elasticloadbalancing", "loadbalancer/app/mock/0123456789abcdef"), arn_suffix: "app/mock/0123456789abcdef", zone_id: "Z35SXDOTRQ7X7K" },
    aws_lb_listener: { arn: arn("elasticloadbalancing", "listener/app/mock/0123456789abcdef/0123456789abcdef") },
    aws_lb_target_group: { arn: arn("elasticloadbalancing", "targetgroup/mock/0123456789abcdef"), arn_suffix: "targetgroup/mock/0123456789abcdef" },
    aws_acm_certificate: { arn: arn("acm", "certificate/00000000-0000-0000-0000-000000000000") },
    aws_acm_certificate_validation: { certificate_arn: arn("acm", "certificate/00000000-0000-0000-0000-000000000000") },
    aws_ecs_cluster: { arn: arn("ecs", "cluster/mock") },
    aws_service_discovery_service: { arn: arn("servicediscovery", "service/srv-mock") },
    aws_apprunner_auto_scaling_configuration_version: { arn: arn("apprunner", "autoscalingconfiguration/mock/1/0123456789abcdef0123456789abcdef") },
    aws_apprunner_observability_configuration: { arn: arn("apprunner", "observabilityconfiguration/mock/1/0123456789abcdef0123456789abcdef") },
    aws_apprunner_service: { arn: arn("apprunner", "service/mock/0123456789abcdef0123456789abcdef"), service_url: `mock.${c.region}.awsapprunner.com` },
    aws_batch_compute_environment: { arn: arn("batch", "compute-environment/mock") },
    aws_batch_job_queue: { arn: arn("batch", "job-queue/mock") },
    aws_batch_job_definition: { arn: arn("batch", "job-definition/mock:1") },
    aws_vpc_endpoint: { arn: arn("ec2", "vpc-endpoint/vpce-mock") },
    aws_cloudfront_function: { arn: `arn:${c.partition}:cloudfront::${c.accountId}:function/mock` },
    aws_cloudfront_vpc_origin: { arn: `arn:${c.partition}:cloudfront::${c.accountId}:vpcorigin/vo_mock`, id: "vo_mock" },
    aws_cloudfront_response_headers_policy: { id: "00000000-0000-0000-0000-0000000000aa" },
    aws_wafv2_web_acl: { arn: `arn:${c.partition}:wafv2:us-east-1:${c.accountId}:global/webacl/mock/00000000-0000-0000-0000-000000000000` },
    aws_ssm_parameter: { arn: arn("ssm", "parameter/mock") },
    aws_sns_topic: { arn: arn("sns", `${c.names.alertTopic}`) },
  };
};

/**
 * The real provider knows a new certificate's validation domains at plan time
 * (one entry per host, records unknown); the mock provider does not, so the
 * certificate's validation options are given during plan, as AWS would return them.
 */
const certificateOverride = (c: ResolvedConfig, stack: "services" | "frontend"): string => {
  const origin = c.domain && frontsLoadBalancer(c.frontend) ? [originHost(c.domain)] : [];
  const hosts = stack === "frontend" ? [...c.frontend.hosts] : [...new Set([...c.services.flatMap((s) => (s.kind === "web" && s.compute === "ecs" ? s.hosts : [])), ...origin])];
  if (!c.domain || hosts.length === 0) return "";
  const arn = `arn:${c.partition}:acm:${c.region}:${c.accountId}:certificate/00000000-0000-0000-0000-000000000000`;
  const options = hosts.map((host) => ({
    domain_name: host,
    resource_record_name: `_0123456789abcdef.${host.replace(/^\*\./, "")}.`,
    resource_record_type: "CNAME",
    resource_record_value: "_0123456789abcdef.acm-validations.aws.",
  }));
  // During plan every computed attribute must be given: generated ones would differ at apply.
  const values = {
    id: arn,
    arn,
    domain_validation_options: options,
    not_after: "2027-01-01T00:00:00Z",
    not_before: "2026-01-01T00:00:00Z",
    pending_renewal: false,
    renewal_eligibility: "INELIGIBLE",
    renewal_summary: [],
    status: "PENDING_VALIDATION",
    type: "AMAZON_ISSUED",
    validation_emails: [],
    tags_all: {},
  };
  return `override_resource {\n  target = aws_acm_certificate.certificate\n  override_during = plan\n  values = ${hcl(values)}\n}\n`;
};

/**
 * The mocked provider, and its us-east-1 configuration (CloudFront's certificate,
 * firewall and their keys and logs) for an environment in another region.
 */
const mockProvider = (c: ResolvedConfig) => {
  const block = (config: ResolvedConfig, alias?: string) =>
    [
      `mock_provider "aws" {`,
      ...(alias ? [`  alias = "${alias}"`] : []),
      `  mock_data "aws_iam_policy_document" {\n    defaults = { json = ${hcl(MOCK_POLICY_JSON)} }\n  }`,
      ...Object.entries(mockDefaults(config)).map(([type, values]) => `  mock_resource "${type}" {\n    defaults = ${hcl(values)}\n  }`),
      `}\n`,
    ].join("\n");
  return [block(c), ...(c.region === "us-east-1" ? [] : [block({ ...c, region: "us-east-1" }, "us_east_1")])].join("\n");
};

/**
 * The overrides every run of a stack shares: the upstream contracts' values for
 * the remote-state reads, and the overrides that make mock values realistic.
 */
function stackOverrides(dir: string, config: ResolvedConfig, upstreams: readonly Contract[]): string[] {
  const overrides = upstreams.map((u) => overrideUpstream(u, mockOutputs(u, config)));
  const stack = upstreams.some((u) => u.phase === "services") ? "frontend" : "services";
  // CloudFront Functions get an ARN of their own each, so assertions can tell them apart.
  const synthesized = JSON.parse(fs.readFileSync(path.join(dir, "cdk.tf.json"), "utf8")) as { resource?: Record<string, Record<string, unknown>> };
  const functions = Object.keys(synthesized.resource?.aws_cloudfront_function ?? {}).map(
    (name) => `override_resource {\n  target = aws_cloudfront_function.${name}\n  values = { arn = "arn:${config.partition}:cloudfront::${config.accountId}:function/${name}" }\n}\n`,
  );
  // The cache's member clusters as ElastiCache names them (the foundation checks its alarms watch these).
  const cache = synthesized.resource?.aws_elasticache_replication_group?.cache ? [cacheMembersOverride(cacheMembers(config), "apply")] : [];
  return [...overrides, certificateOverride(config, stack), ...functions, ...cache].filter((o) => o !== "");
}

/** The part of a test file every run shares: the mocked provider and the stack's overrides. */
export function mockPreamble(dir: string, config: ResolvedConfig, upstreams: readonly Contract[]): string {
  return [mockProvider(config), ...stackOverrides(dir, config, upstreams)].join("\n");
}

/** The node names ElastiCache gives the replication group's member clusters. */
export const cacheMembers = (c: ResolvedConfig): string[] =>
  c.cache ? Array.from({ length: 1 + c.cache.replicas }, (_, i) => `${c.names.prefix}-redis-${String(i + 1).padStart(3, "0")}`) : [];

/** The replication group's member clusters, from the apply (or already at plan, for a plan-only run). */
export const cacheMembersOverride = (members: readonly string[], during: "plan" | "apply", indent = "") =>
  `${indent}override_resource {\n${indent}  target = aws_elasticache_replication_group.cache\n${indent}  override_during = ${during}\n${indent}  values = { member_clusters = ${hcl(members)} }\n${indent}}\n`;

const overrideUpstream = (u: Contract, outputs: unknown, indent = "") =>
  `${indent}override_data {\n${indent}  target = data.terraform_remote_state.${u.phase}\n${indent}  values = { outputs = ${hcl(outputs)} }\n${indent}}\n`;

/** Write `tests/<name>.tftest.hcl` into a stack folder. */
export function writeTestFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, "tests", `${name}.tftest.hcl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** What one stack's runs prove: the apply with `asserts`, and optionally more. */
export interface StackRuns {
  readonly upstreams: readonly Contract[];
  readonly asserts: readonly TfAssert[];
  /** One plan per upstream showing its phase guard refuses another environment's state. @default true */
  readonly guards?: boolean;
  /** Plan runs before the apply, against an empty state (each may override what the stack's overrides set). */
  readonly extraRuns?: readonly string[];
}

/** The runs of one stack, in order: extra plans, the apply, the phase guards. */
function stackRuns(name: (run: string) => string, config: ResolvedConfig, o: StackRuns): string[] {
  const checks = o.asserts.map((a) => `  assert {\n    condition     = ${a.condition}\n    error_message = ${hcl(a.message)}\n  }\n`);
  // Each upstream's phase guard, inside Terraform: a state of another environment stops the plan.
  const guards = (o.guards ?? true ? o.upstreams : []).map((u) => {
    const foreign = { ...mockOutputs(u, config), phase_contract: { phase: u.phase, environment: `not-${config.environment}`, version: u.version } };
    return `run "${name(`refuses_${u.phase}_state_of_another_environment`)}" {\n  command = plan\n${overrideUpstream(u, foreign, "  ")}  expect_failures = [data.terraform_remote_state.${u.phase}]\n}\n`;
  });
  const extra = (o.extraRuns ?? []).map((r) => r.replace(/^run "([^"]+)"/, (_, n: string) => `run "${name(n)}"`));
  return [...extra, `run "${name("apply_with_mock_provider")}" {\n  command = apply\n\n${checks.join("\n")}}\n`, ...guards];
}

/**
 * The apply run with `asserts`, and (unless `guards: false`, for variants of a
 * shipped environment whose guards are already proven) one plan per upstream
 * showing its phase guard refuses another environment's state.
 */
export function writeMockApplyTest(
  dir: string,
  config: ResolvedConfig,
  upstreams: readonly Contract[],
  asserts: readonly TfAssert[],
  options: { readonly guards?: boolean; readonly extraRuns?: readonly string[] } = {},
): string {
  const text = [mockPreamble(dir, config, upstreams), ...stackRuns((n) => n, config, { upstreams, asserts, ...options })].join("\n");
  return writeTestFile(dir, "mock_apply", text);
}

/**
 * One `terraform test` for every stack of an environment: each stack's runs use
 * its folder as their module (a state of their own) with the stack's overrides
 * inside each run, so one Terraform process, which loads the AWS provider's
 * schema once, validates, plans and applies them all. Written into the first
 * stack's folder; returns the number of runs.
 */
export function writeEnvironmentTest(stacksDir: string, config: ResolvedConfig, stacks: ReadonlyArray<readonly [stack: string, runs: StackRuns]>): { dir: string; runs: number } {
  const blocks = stacks.flatMap(([stack, o]) => {
    const dir = path.join(stacksDir, stack);
    const overrides = stackOverrides(dir, config, o.upstreams);
    const targetOf = (block: string) => /target = (\S+)/.exec(block)?.[1];
    return stackRuns((n) => `${stack}_${n}`, config, o).map((run) => {
      // A run that overrides a target itself keeps its own (Terraform refuses two in one run).
      const own = new Set([...run.matchAll(/^ {2}override_\w+ \{\n {4}target = (\S+)/gm)].map((m) => m[1]));
      const shared = overrides.filter((b) => !own.has(targetOf(b) ?? "")).map((b) => b.trimEnd().replace(/^/gm, "  "));
      return run.replace(/^(run "[^"]+" \{\n)/, `$1  module {\n    source = "../${stack}"\n  }\n${shared.join("\n")}\n`);
    });
  });
  const dir = path.join(stacksDir, stacks[0][0]);
  writeTestFile(dir, "environment", [mockProvider(config), ...blocks].join("\n"));
  return { dir, runs: blocks.length };
}
