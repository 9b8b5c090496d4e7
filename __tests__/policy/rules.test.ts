import * as fs from "node:fs";
import * as path from "node:path";
import { RULES } from "../../policy/rules";
import { renderRuleTable } from "../../scripts/rule-table";
import { REPO_ROOT } from "../support/synth";
import { evaluate } from "../../policy/engine";
import { StackModel, type StackJson } from "../../policy/model";
import { bucketStack, container, distribution, realApiTask, realFrontend, realServices, realServicesHttpOnly, revise, stack, taskDefinition } from "./fixtures";
import { CACHE_GROUPS_UNKNOWN, DOMAIN_WITHOUT_HTTPS, EDGE, RULE_CASES, TLS_ONLY } from "./rule-cases";

const findings = (rule: (typeof RULES)[number], json: StackJson, stage: "dev" | "staging" | "prod") => {
  const report = evaluate([new StackModel("s", json)], { environment: "test", stage, rules: [rule] });
  return [...report.errors, ...report.warnings];
};
const fired = (rule: (typeof RULES)[number], json: StackJson, stage: "dev" | "staging" | "prod") => findings(rule, json, stage).map((f) => f.ruleId);
const ruleById = (id: string) => RULES.find((r) => r.id === id)!;
const details = (id: string, json: StackJson) => findings(ruleById(id), json, "prod").map((f) => f.detail);

describe("policy rules", () => {
  it("every rule has an id of its own, public ids or none, a rationale and a fix", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z0-9]+-\d{2}$/);
      expect(r.message.length).toBeGreaterThan(10);
      expect(r.rationale.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(5);
      for (const c of r.checkov) expect(c).toMatch(/^CKV2?_(AWS|SECRET)_\d+$/);
      for (const f of r.fsbp) expect(f).toMatch(/^[A-Za-z0-9]+\.\d+$/);
    }
  });

  it("every rule has compliant and non-compliant fixtures", () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const c of Object.values(RULE_CASES)) {
      expect(c.pass.length).toBeGreaterThan(0);
      expect(c.fail.length).toBeGreaterThan(0);
    }
  });

  describe.each(RULES.map((r) => [r.id, r] as const))("%s", (id, rule) => {
    const c = RULE_CASES[id];
    it.each(c.pass.map((json, i) => [i, json] as const))("passes compliant fixture %i", (_i, json) => {
      expect(fired(rule, json, c.stage ?? "prod")).toEqual([]);
    });
    it.each(c.fail.map((json, i) => [i, json] as const))(`fires ${id} on non-compliant fixture %i`, (_i, json) => {
      // The engine runs only this rule here, so every finding carries its id; what can fail is that there is none,
      // or one that does not say what is wrong. That the registry runs the rule under this exact id is in engine.test.ts.
      const found = findings(rule, json, c.stage ?? "prod");
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) expect(f.detail).toMatch(/\w{3}/);
    });
    if (rule.stages) {
      const skipped = (["dev", "staging", "prod"] as const).filter((s) => !rule.stages!.includes(s));
      it.each(skipped)(`does not apply in %s`, (stage) => {
        expect(fired(rule, c.fail[0], stage)).toEqual([]);
      });
    }
  });
});

describe("rule details", () => {
  it("S3-04 says which part of the TLS deny is missing", () => {
    expect(details("S3-04", TLS_ONLY.bucketOnly)).toEqual([
      "aws_s3_bucket_policy.b: the Deny of insecure transport (DenyInsecureTransport) lacks the objects ARN (<bucket arn>/*) in its resources",
    ]);
    expect(details("S3-04", TLS_ONLY.objectsOnly)).toEqual(["aws_s3_bucket_policy.b: the Deny of insecure transport (DenyInsecureTransport) lacks the bucket ARN in its resources"]);
    expect(details("S3-04", TLS_ONLY.rolePrincipal)).toEqual([
      'aws_s3_bucket_policy.b: the Deny of insecure transport (DenyInsecureTransport) lacks principal "*" (it applies to AWS arn:aws:iam::111111111111:role/app)',
    ]);
    expect(details("S3-04", TLS_ONLY.jsonRolePrincipal)).toEqual([
      'aws_s3_bucket_policy.b: the Deny of insecure transport (DenyInsecureTransport) lacks principal "*" (it applies to AWS arn:aws:iam::111111111111:role/app)',
    ]);
    // one statement must cover both: two halves in two statements leave the first one short
    expect(details("S3-04", TLS_ONLY.split)).toEqual([
      "aws_s3_bucket_policy.b: the Deny of insecure transport (DenyInsecureTransport) lacks the objects ARN (<bucket arn>/*) in its resources",
    ]);
  });

  it("KMS-02 says which key is missing, and where", () => {
    const sse = (d: Record<string, unknown>) => bucketStack({ with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: d }] } } } });
    expect(details("KMS-02", sse({ sse_algorithm: "AES256" }))).toEqual(["default encryption is AES256 (SSE-S3), not SSE-KMS"]);
    expect(details("KMS-02", sse({ sse_algorithm: "aws:kms", kms_master_key_id: "arn:aws:kms:us-east-1:111111111111:alias/aws/s3" }))).toEqual(["kms_master_key_id is the AWS-managed alias/aws/s3 key"]);
    expect(details("KMS-02", stack({ aws_db_instance: { db: { kms_key_id: "${aws_kms_key.data.arn}", performance_insights_enabled: true } } }))).toEqual([
      "performance_insights_kms_key_id is not set (AWS-managed key)",
    ]);
    expect(details("KMS-02", stack({ aws_ecr_repository: { r: { name: "r" } } }))).toEqual(["encryption_type is AES256 (default)"]);
    expect(details("KMS-02", stack({ aws_ssm_parameter: { q: { name: "q", type: "SecureString" } } }))).toEqual(["key_id is not set (AWS-managed key)"]);
    expect(details("KMS-02", stack({ aws_cloudwatch_log_group: { g: { name: "x", kms_key_id: "${data.aws_kms_alias.a.target_key_arn}" } } }, { aws_kms_alias: { a: { name: "alias/aws/logs" } } }))).toEqual([
      "kms_key_id is the AWS-managed alias/aws/logs key",
    ]);
    const unknown = findings(ruleById("KMS-02"), stack({ aws_cloudwatch_log_group: { g: { name: "x", kms_key_id: "${var.key}" } } }), "prod");
    expect(unknown.map((f) => [f.detail, f.unknown])).toEqual([["kms_key_id is ${var.key}: which key it is only shows at apply", true]]);
  });

  it("CF-02 refuses CloudFront's default certificate in prod only", () => {
    const withDefault = stack(distribution());
    expect(details("CF-02", withDefault)).toEqual(["serves CloudFront's default certificate, which accepts TLSv1 (prod needs its own: domain and frontend.hosts)"]);
    expect(fired(ruleById("CF-02"), withDefault, "staging")).toEqual([]);
    expect(fired(ruleById("CF-02"), withDefault, "dev")).toEqual([]);
  });

  it("EC-03 reports user groups it cannot read as unknown, never compliant", () => {
    const report = evaluate([new StackModel("s", CACHE_GROUPS_UNKNOWN)], { environment: "test", stage: "prod", rules: [ruleById("EC-03")] });
    expect(report.errors).toEqual([expect.objectContaining({ ruleId: "EC-03", address: "aws_elasticache_replication_group.r", unknown: true })]);
  });

  it("ECS-04 leaves LLM settings in plain environment alone and names the secret it finds", () => {
    const env = (names: string[]) => stack(taskDefinition([container({ environment: names.map((name) => ({ name, value: "x" })) })]));
    expect(details("ECS-04", env(["MAX_TOKENS", "TOKENIZERS_PARALLELISM"]))).toEqual([]);
    expect(details("ECS-04", env(["MAX_TOKENS", "TOKENIZERS_PARALLELISM", "OPENAI_API_KEY"]))).toEqual(['container "api" has OPENAI_API_KEY in plain environment']);
  });
});

describe("the services stack as synthesized", () => {
  it.each([
    // prod serves HTTPS only: LoadBalancer creates no port 80 listener there (policy ALB-11)
    ["prod, with a domain", revise(realServices(), { "aws_lb_listener.load_balancer_http_listener": null }), "prod"],
    ["staging, without a domain", realServicesHttpOnly(), "staging"],
  ] as const)("%s passes every rule", (_name, resources, stage) => {
    const report = evaluate([new StackModel("services", stack(resources))], { environment: "test", stage });
    expect([...report.errors, ...report.warnings].map((f) => `${f.ruleId} ${f.address}: ${f.detail}`)).toEqual([]);
  });

  const realWith = (changes: Parameters<typeof revise>[1]) => stack(revise(realServices(), changes));
  const addressed = (id: string, json: StackJson) => findings(ruleById(id), json, "prod").map((f) => `${f.address}: ${f.detail}`);

  it("ECS-09 names the container whose root file system is writable", () => {
    expect(addressed("ECS-09", realWith({ "aws_ecs_task_definition.api": realApiTask({ readonlyRootFilesystem: false }) }))).toEqual(['aws_ecs_task_definition.api: container "api" has readonlyRootFilesystem false']);
    expect(addressed("ECS-09", realWith({ "aws_ecs_task_definition.api": realApiTask({ readonlyRootFilesystem: undefined }) }))).toEqual([
      'aws_ecs_task_definition.api: container "api" has no readonlyRootFilesystem (AWS default: false)',
    ]);
  });

  it("ECS-10 reports the service behind the load balancer only", () => {
    expect(addressed("ECS-10", realWith({ "aws_ecs_service.api_service": { health_check_grace_period_seconds: undefined } }))).toEqual([
      "aws_ecs_service.api_service: health_check_grace_period_seconds is 0 (AWS default); at least 1 required",
    ]);
  });

  it("ECS-11 names the scaling target that would fight Terraform over the count", () => {
    expect(addressed("ECS-11", realWith({ "aws_ecs_service.worker_service": { lifecycle: undefined } }))).toEqual([
      "aws_ecs_service.worker_service: aws_appautoscaling_target.worker_autoscaling scales it, but lifecycle.ignore_changes does not list desired_count",
    ]);
  });

  it("ALB-02 names a listener rule that forwards plain HTTP next to HTTPS", () => {
    expect(addressed("ALB-02", realWith({ "aws_lb_listener_rule.load_balancer_api_rule": { listener_arn: "${aws_lb_listener.load_balancer_http_listener.arn}" } }))).toEqual([
      "aws_lb_listener.load_balancer_http_listener: listener rule aws_lb_listener_rule.load_balancer_api_rule forwards plain HTTP to a target",
    ]);
  });

  it("ALB-06 says what makes the domain: the alias record, else the certificate", () => {
    expect(addressed("ALB-06", DOMAIN_WITHOUT_HTTPS.aliasOnly)).toEqual([
      "aws_lb.load_balancer: aws_route53_record.domain_api_acme_ai_example_com points at it, but no HTTPS listener with a certificate_arn serves it",
    ]);
    expect(addressed("ALB-06", DOMAIN_WITHOUT_HTTPS.certificateOnly)).toEqual(["aws_lb.load_balancer: the stack issues aws_acm_certificate.certificate, but no HTTPS listener with a certificate_arn serves it"]);
  });

  it("ALB-07 reports the listener whose default forwards, as a warning", () => {
    const found = findings(ruleById("ALB-07"), realWith({ "aws_lb_listener.load_balancer_https_listener": { default_action: [{ target_group_arn: "${aws_lb_target_group.load_balancer_api_target_group.arn}", type: "forward" }] } }), "prod");
    expect(found.map((f) => [f.level, f.address, f.detail])).toEqual([["warning", "aws_lb_listener.load_balancer_https_listener", 'default_action is "forward": requests no listener rule matches reach a target']]);
  });
});

describe("the frontend stack as synthesized", () => {
  const addressed = (id: string, json: StackJson, stage: "dev" | "staging" | "prod" = "prod") => findings(ruleById(id), json, stage).map((f) => `${f.address}: ${f.detail}`);

  it("prod, with the site, /api/* through a VPC origin and a web ACL, passes every rule", () => {
    const report = evaluate([new StackModel("frontend", stack(realFrontend()))], { environment: "test", stage: "prod" });
    expect([...report.errors, ...report.warnings].map((f) => `${f.ruleId} ${f.address}: ${f.detail}`)).toEqual([]);
  });

  it("CF-04 reports a VPC origin over HTTP at the aws_cloudfront_vpc_origin, the address staging's suppression names", () => {
    expect(addressed("CF-04", EDGE.httpVpcOrigin, "staging")).toEqual(["aws_cloudfront_vpc_origin.site_load_balancer_origin: vpc_origin_endpoint_config: origin_protocol_policy is http-only"]);
  });

  it("CF-07 names the origin reachable without CloudFront", () => {
    expect(addressed("CF-07", EDGE.publicLoadBalancer)).toEqual(['aws_cloudfront_distribution.site: origin "load-balancer" is a custom origin (${aws_lb.lb.dns_name}): it is reachable without CloudFront']);
  });

  it("CF-09 names each fallback and the origins whose errors it would hide", () => {
    expect(addressed("CF-09", EDGE.spaFallback)).toEqual([
      'aws_cloudfront_distribution.site: custom_error_response turns 403 into 200 /index.html, also for origin "load-balancer"',
      'aws_cloudfront_distribution.site: custom_error_response turns 404 into 200 /index.html, also for origin "load-balancer"',
    ]);
  });

  it("WAF-01 says which Log4j rules no longer block", () => {
    expect(addressed("WAF-01", EDGE.log4jCounted)).toEqual([
      'aws_wafv2_web_acl.firewall: rule "AWSManagedRulesKnownBadInputsRuleSet" sets Log4JRCE_HEADER to count',
      'aws_wafv2_web_acl.firewall: rule "AWSManagedRulesKnownBadInputsRuleSet" sets Log4JRCE_BODY to allow',
    ]);
  });

  it("ALB-08 reports a load balancer whose scheme is only known after apply as unknown, never compliant", () => {
    expect(findings(ruleById("ALB-08"), EDGE.schemeUnknown, "prod")).toEqual([expect.objectContaining({ ruleId: "ALB-08", address: "aws_lb.lb", level: "error", unknown: true })]);
  });
});

describe("documentation", () => {
  it("the README's rule table is generated from the registry (run npm run docs:rules)", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain(renderRuleTable());
  });
});
