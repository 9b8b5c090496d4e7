/**
 * Writes a `terraform test` file for a synthesized stack: the AWS provider mocked,
 * every remote-state read overridden with values shaped by the upstream contract,
 * one `apply` run, and assertions given by the caller.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResolvedConfig } from "../../config/defaults";
import { mockOutputs, type Contract } from "../../stacks/contract";

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
/** Likewise, attributes other resources validate as ARNs get ARN-shaped defaults. */
const mockArns = (c: ResolvedConfig): Record<string, string> => ({
  aws_iam_role: `arn:${c.partition}:iam::${c.accountId}:role/mock-role`,
  aws_cloudwatch_log_group: `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:/mock`,
  aws_s3_bucket: `arn:${c.partition}:s3:::mock-bucket`,
  aws_secretsmanager_secret: `arn:${c.partition}:secretsmanager:${c.region}:${c.accountId}:secret:mock-AbCdEf`,
  aws_kms_key: `arn:${c.partition}:kms:${c.region}:${c.accountId}:key/00000000-0000-0000-0000-000000000000`,
});
const mockProvider = (c: ResolvedConfig) =>
  [
    `mock_provider "aws" {`,
    `  mock_data "aws_iam_policy_document" {\n    defaults = { json = ${hcl(MOCK_POLICY_JSON)} }\n  }`,
    ...Object.entries(mockArns(c)).map(([type, arn]) => `  mock_resource "${type}" {\n    defaults = { arn = ${hcl(arn)} }\n  }`),
    `}\n`,
  ].join("\n");


export function writeMockApplyTest(dir: string, config: ResolvedConfig, upstreams: readonly Contract[], asserts: readonly TfAssert[]): string {
  const overrides = upstreams.map(
    (u) => `override_data {\n  target = data.terraform_remote_state.${u.phase}\n  values = { outputs = ${hcl(mockOutputs(u, config))} }\n}\n`,
  );
  const checks = asserts.map((a) => `  assert {\n    condition     = ${a.condition}\n    error_message = ${hcl(a.message)}\n  }\n`);
  const text = [mockProvider(config), ...overrides, `run "apply_with_mock_provider" {\n  command = apply\n\n${checks.join("\n")}}\n`].join("\n");
  const file = path.join(dir, "tests", "mock_apply.tftest.hcl");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}
