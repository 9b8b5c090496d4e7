import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { loadEnvironment } from "../../config/load";
import { evaluate, INVALID_SUPPRESSION, UNUSED_SUPPRESSION } from "../../policy/engine";
import { StackModel, SUPPRESSIONS_KEY } from "../../policy/model";
import { formatReport, jsonReport } from "../../policy/report";
import { RULES } from "../../policy/rules";
import { suppressRule } from "../../policy/suppress";
import { PolicyError, synthesize } from "../../stacks/synthesize";
import { shippedEnvironments } from "../support/synth";
import { alb, bucketStack, stack } from "./fixtures";
import { RULE_CASES } from "./rule-cases";

const ruleById = (id: string) => RULES.find((r) => r.id === id)!;
const withSuppression = (rule: string, reason: string) => {
  const json = bucketStack({ without: ["aws_s3_bucket_logging"] }) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  json.resource.aws_s3_bucket.b["//"] = { [SUPPRESSIONS_KEY]: [{ rule, reason }] };
  return json;
};

describe("policy engine", () => {
  it("a suppression with a reason moves the finding to the suppressed list, with its reason", () => {
    const report = evaluate([new StackModel("foundation", withSuppression("S3-06", "logs go to the central archive account"))], { environment: "prod", stage: "prod" });
    expect(report.warnings).toEqual([]);
    expect(report.suppressed).toEqual([expect.objectContaining({ ruleId: "S3-06", address: "aws_s3_bucket.b", suppressedBecause: "logs go to the central archive account" })]);
    expect(formatReport(report)).toMatch(/suppressed:\n {4}S3-06 foundation aws_s3_bucket.b: logs go to the central archive account/);
  });

  it("a suppression without a real reason is an error and suppresses nothing", () => {
    const report = evaluate([new StackModel("foundation", withSuppression("S3-06", "because"))], { environment: "prod", stage: "prod" });
    expect(report.errors.map((f) => f.ruleId)).toEqual([INVALID_SUPPRESSION]);
    expect(report.warnings.map((f) => f.ruleId)).toEqual(["S3-06"]);
  });

  it("an unused suppression is a warning", () => {
    const report = evaluate([new StackModel("foundation", withSuppression("S3-01", "public website bucket by design"))], { environment: "prod", stage: "prod" });
    expect(report.warnings.map((f) => f.ruleId).sort()).toEqual([UNUSED_SUPPRESSION, "S3-06"].sort());
    expect(report.warnings.find((f) => f.ruleId === UNUSED_SUPPRESSION)!.detail).toMatch(/suppression of S3-01 matches no finding/);
  });

  it("suppressions from the environment file apply per stack and address", () => {
    const json = bucketStack({ without: ["aws_s3_bucket_logging"] });
    const report = evaluate([new StackModel("foundation", json)], {
      environment: "prod",
      stage: "prod",
      suppressions: [{ rule: "S3-06", stack: "foundation", address: "aws_s3_bucket.b", reason: "access logged by CloudTrail data events" }],
    });
    expect(report.suppressed.map((f) => f.ruleId)).toEqual(["S3-06"]);
    const elsewhere = evaluate([new StackModel("frontend", json)], {
      environment: "prod",
      stage: "prod",
      suppressions: [{ rule: "S3-06", stack: "foundation", address: "aws_s3_bucket.b", reason: "access logged by CloudTrail data events" }],
    });
    expect(elsewhere.warnings.map((f) => f.ruleId)).toEqual(["S3-06"]);
  });

  it("values only known after apply are findings marked unknown, never compliant", () => {
    const json = stack({ aws_cloudwatch_log_group: { g: { name: "x", retention_in_days: "${var.days}" } } });
    const report = evaluate([new StackModel("s", json)], { environment: "dev", stage: "dev", rules: [ruleById("LOG-01")] });
    expect(report.errors).toEqual([expect.objectContaining({ ruleId: "LOG-01", unknown: true })]);
    expect(formatReport(report)).toMatch(/only known after apply; not assumed compliant/);
  });

  it("the default registry runs every rule: each rule's non-compliant fixtures raise that exact rule id", () => {
    const raised = new Set<string>();
    const missed = Object.entries(RULE_CASES).flatMap(([id, c]) =>
      c.fail.flatMap((json, i) => {
        const report = evaluate([new StackModel("s", json)], { environment: "test", stage: c.stage ?? "prod" });
        const ids = [...report.errors, ...report.warnings].map((f) => f.ruleId);
        ids.forEach((x) => raised.add(x));
        return ids.includes(id) ? [] : [`${id} fixture ${i} raised ${ids.join(", ") || "nothing"}`];
      }),
    );
    expect(missed).toEqual([]);
    expect(RULES.map((r) => r.id).filter((id) => !raised.has(id))).toEqual([]);
  });

  it("a rule limited to some stages does not run in others", () => {
    const json = stack(alb({ enable_deletion_protection: false, access_logs: undefined }));
    const albIds = (stage: "dev" | "staging" | "prod") => {
      const report = evaluate([new StackModel("s", json)], { environment: stage, stage });
      return [...report.errors, ...report.warnings].map((f) => f.ruleId).filter((id) => id.startsWith("ALB-")).sort();
    };
    expect(albIds("dev")).toEqual([]);
    expect(albIds("staging")).toEqual(["ALB-04"]);
    expect(albIds("prod")).toEqual(["ALB-04", "ALB-05"]);
  });

  it("a suppression of a rule that does not run in this stage is not reported unused", () => {
    const report = evaluate([new StackModel("foundation", withSuppression("S3-06", "logs go to the central archive account"))], { environment: "dev", stage: "dev" });
    expect([...report.errors, ...report.warnings, ...report.suppressed]).toEqual([]);
  });

  it("the JSON report carries every finding for CI annotations", () => {
    const report = evaluate([new StackModel("s", bucketStack({ without: ["aws_s3_bucket_versioning"] }))], { environment: "dev", stage: "dev" });
    const json = JSON.parse(jsonReport([report]));
    expect(json.ok).toBe(false);
    expect(json.reports[0].errors[0]).toMatchObject({ ruleId: "S3-03", stack: "s", address: "aws_s3_bucket.b", level: "error", fix: expect.any(String) });
  });
});

describe("policy checks in synthesis", () => {
  it.each(shippedEnvironments().map((c) => [c.environment, c] as const))("%s synthesizes with zero unsuppressed policy errors", (_env, config) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "policy-env-"));
    const report = synthesize(config, { outdir: path.join(out, "cdktf.out") });
    expect(report.errors).toEqual([]);
  });

  it("a policy error fails synthesis and leaves the last good output untouched", () => {
    const config = loadEnvironment("dev", { env: {} });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-gate-")), "cdktf.out");
    synthesize(config, { outdir: out });
    const before = fs.readFileSync(path.join(out, "stacks", "foundation", "cdk.tf.json"), "utf8");
    const insecure = (app: App) => {
      const s = new TerraformStack(app, "rogue");
      new AwsProvider(s, "aws", { region: "us-east-1" });
      new S3Bucket(s, "open", { bucket: "rogue-bucket" });
    };
    let error: unknown;
    try {
      synthesize(config, { outdir: out, extend: insecure });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const report = (error as PolicyError).report;
    expect(report.errors.map((f) => `${f.ruleId} ${f.stack} ${f.address}`)).toEqual(
      expect.arrayContaining(["S3-01 rogue aws_s3_bucket.open", "S3-04 rogue aws_s3_bucket.open", "S3-05 rogue aws_s3_bucket.open"]),
    );
    expect((error as Error).message).toMatch(/ERROR S3-01 rogue aws_s3_bucket.open\n {4}S3 bucket must have a public access block with all four flags on: .*\n {4}fix: /);
    expect(fs.readFileSync(path.join(out, "stacks", "foundation", "cdk.tf.json"), "utf8")).toBe(before);
    expect(fs.existsSync(path.join(out, "stacks", "rogue"))).toBe(false);
  });

  it("suppressRule writes the suppression next to the resource and the report lists it", () => {
    const config = loadEnvironment("dev", { env: {} });
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "policy-suppress-")), "cdktf.out");
    const report = synthesize(config, {
      outdir: out,
      extend: (app) => {
        const s = new TerraformStack(app, "extra");
        new AwsProvider(s, "aws", { region: "us-east-1" });
        const g = new CloudwatchLogGroup(s, "audit", { name: "/audit" });
        suppressRule(g, "LOG-01", "audit logs are kept forever by regulation");
      },
    });
    expect(report.suppressed).toEqual([expect.objectContaining({ ruleId: "LOG-01", stack: "extra", suppressedBecause: "audit logs are kept forever by regulation" })]);
    const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", "extra", "cdk.tf.json"), "utf8"));
    expect(json.resource.aws_cloudwatch_log_group.audit["//"][SUPPRESSIONS_KEY]).toEqual([{ rule: "LOG-01", reason: "audit logs are kept forever by regulation" }]);
  });

  it("suppressRule refuses a short reason", () => {
    const s = new TerraformStack(new App(), "x");
    const g = new CloudwatchLogGroup(s, "g", { name: "g" });
    expect(() => suppressRule(g, "LOG-01", "nope")).toThrow(/needs a reason of at least 10 characters/);
  });
});
