/**
 * Alerts: the `alerts` section (config/alerts-schema.ts) with its defaults and
 * refusals (path, message, line, column); the foundation's alert topic
 * (constructs/alerts/alert-topic.ts: an SNS topic under a key of its own, the key's
 * and the topic's policies, subscriptions addressed by a hash of the endpoint, the
 * contract's alert_topic_arn); the database's events rule (foundation); the ECS
 * deployment failures rule and the Batch jobs' failure targets (services); and the
 * input transformer's guard (constructs/alerts/event-alert.ts).
 */
import { createHash } from "node:crypto";
import { Testing, TerraformStack } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import type { ResolvedConfig } from "../config/defaults";
import { loadEnvironment, parseEnvironment } from "../config/load";
import { EventAlert, alertTarget } from "../constructs/alerts/event-alert";
import { evaluate } from "../policy/engine";
import { StackModel, type StackJson } from "../policy/model";
import { iamNoPublicResourcePolicies } from "../policy/rules/iam/no-public-resource-policies";
import { snsConditionalAccountAccess } from "../policy/rules/sns/conditional-account-access";
import { snsEncryptedTopic } from "../policy/rules/sns/encrypted-topic";
import { FoundationContract } from "../stacks/contracts";
import { FoundationStack } from "../stacks/foundation-stack";
import { devWith, lineOf, onlyProblem, prodWith, stagingWith } from "./support/config-text";
import { configs, remote, res, synthOf } from "./support/stack-json";
import { EXAMPLES_DIR, type TerraformJson } from "./support/synth";

type Statement = Record<string, unknown>;
const docsOf = (j: TerraformJson) => j.data!.aws_iam_policy_document as unknown as Record<string, { statement: Statement[] }>;
const resolve = (text: string, environment = "dev") => parseEnvironment(text, environment, `config/environments/${environment}.yaml`, {});
const foundationOf = (config: ResolvedConfig) => synthOf(config, FoundationStack);
const withAlerts = (c: ResolvedConfig, change: Partial<ResolvedConfig["alerts"]>): ResolvedConfig => ({ ...c, alerts: { ...c.alerts, ...change } });
/** The address suffix of a subscription: the first 10 hex characters of the endpoint's SHA-256. */
const hashOf = (endpoint: string) => createHash("sha256").update(endpoint).digest("hex").slice(0, 10);

const TOPIC_ARN = "${aws_sns_topic.alerts.arn}";
const PUBLISHERS = [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] }];
const fromAccount = (account: string) => [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }];
const root = (account: string) => [{ type: "AWS", identifiers: [`arn:aws:iam::${account}:root`] }];

const ONCALL = "platform-oncall@acme.example.com";
const ENVIRONMENTS = [
  ["dev", "111111111111", 7],
  ["staging", "222222222222", 30],
  ["prod", "333333333333", 30],
] as const;
const foundations = { dev: foundationOf(configs.dev), staging: foundationOf(configs.staging), prod: foundationOf(configs.prod) };
const staging = synthOf(configs.staging);
const agentic = loadEnvironment("agentic", { configDir: EXAMPLES_DIR, env: {} });

describe("the alerts section", () => {
  it("dev subscribes nobody; staging and prod subscribe on-call by e-mail, and no HTTPS endpoint", () => {
    expect([configs.dev, configs.staging, configs.prod].map((c) => [c.alerts.emails, c.alerts.httpsEndpoints])).toEqual([
      [[], []],
      [[ONCALL], []],
      [[ONCALL], []],
    ]);
  });

  it.each(ENVIRONMENTS)("the key deletion window defaults to the stage's: %s (account %s) waits %i days", (env, _account, days) => {
    expect(configs[env].alerts.keyDeletionWindowDays).toBe(days);
  });

  it("an explicit key deletion window wins over the stage's default, in dev and in prod", () => {
    expect([resolve(devWith((d) => (d.alerts = { keyDeletionWindowDays: 30 }))).alerts.keyDeletionWindowDays, resolve(prodWith((d) => (d.alerts = { keyDeletionWindowDays: 7 })), "prod").alerts.keyDeletionWindowDays]).toEqual([30, 7]);
  });

  it("e-mails and HTTPS endpoints are kept as written, in order", () => {
    const c = resolve(stagingWith((d) => (d.alerts = { emails: ["oncall@example.com", "lead@example.com"], httpsEndpoints: ["https://hooks.example.com/T0/B0/x"] })), "staging");
    expect(c.alerts).toEqual({ emails: ["oncall@example.com", "lead@example.com"], httpsEndpoints: ["https://hooks.example.com/T0/B0/x"], keyDeletionWindowDays: 30 });
  });

  it("an e-mail that is not an address is refused at its list item, naming an example", () => {
    const text = devWith((d) => (d.alerts = { emails: ["oncall@example.com", "not-an-email"] }));
    expect(onlyProblem(text)).toEqual({ path: "alerts.emails.1", message: "must be an e-mail address such as oncall@example.com", line: lineOf(text, "- not-an-email"), column: 7 });
  });

  it("an endpoint over plain http is refused: only https:// URLs", () => {
    const text = devWith((d) => (d.alerts = { httpsEndpoints: ["http://hooks.example.com/x"] }));
    expect(onlyProblem(text)).toEqual({ path: "alerts.httpsEndpoints.0", message: "must be an https:// URL, such as a chat webhook", line: lineOf(text, "- http://hooks.example.com/x"), column: 7 });
  });

  it("more than 20 e-mails are refused at the list", () => {
    const text = devWith((d) => (d.alerts = { emails: Array.from({ length: 21 }, (_, i) => `oncall${i}@example.com`) }));
    expect(onlyProblem(text)).toEqual({ path: "alerts.emails", message: "Too big: expected array to have <=20 items", line: lineOf(text, "emails:"), column: 3 });
  });

  it("20 e-mails are accepted", () => {
    const emails = Array.from({ length: 20 }, (_, i) => `oncall${i}@example.com`);
    expect(resolve(devWith((d) => (d.alerts = { emails }))).alerts.emails).toEqual(emails);
  });

  it("more than 10 HTTPS endpoints are refused at the list", () => {
    const text = devWith((d) => (d.alerts = { httpsEndpoints: Array.from({ length: 11 }, (_, i) => `https://hooks.example.com/${i}`) }));
    expect(onlyProblem(text)).toEqual({ path: "alerts.httpsEndpoints", message: "Too big: expected array to have <=10 items", line: lineOf(text, "httpsEndpoints:"), column: 3 });
  });

  it.each([
    [6, "Too small: expected number to be >=7"],
    [31, "Too big: expected number to be <=30"],
    [7.5, "Invalid input: expected int, received number"],
  ])("a key deletion window of %s days is refused: %s", (days, message) => {
    const text = devWith((d) => (d.alerts = { keyDeletionWindowDays: days }));
    expect(onlyProblem(text)).toEqual({ path: "alerts.keyDeletionWindowDays", message, line: lineOf(text, `keyDeletionWindowDays: ${days}`), column: 26 });
  });

  it("a misspelt key in the section is refused as unknown, at its line", () => {
    const text = devWith((d) => (d.alerts = { email: ["oncall@example.com"] }));
    // Only the start of the message: sections with a prefault (alerts, frontend, waf, loadBalancer) do not yet list the allowed keys.
    expect(onlyProblem(text)).toEqual({ path: "alerts.email", message: 'unknown key "email"; allowed here: emails, httpsEndpoints, keyDeletionWindowDays', line: lineOf(text, "email:"), column: 3 });
  });
});

describe.each(ENVIRONMENTS)("the alert topic of %s", (env, account, days) => {
  const j = foundations[env];

  it(`is acme-ai-${env}-alerts, encrypted with its own key's ARN`, () => {
    expect(res(j).aws_sns_topic).toEqual({ alerts: { name: `acme-ai-${env}-alerts`, display_name: `Alerts of acme-ai-${env}`, kms_master_key_id: "${aws_kms_key.alerts_key.arn}" } });
  });

  it(`its key rotates, waits ${days} days before deletion and carries the key policy`, () => {
    expect(res(j).aws_kms_key.alerts_key).toEqual({
      description: `Encrypts the alert topic acme-ai-${env}-alerts`,
      enable_key_rotation: true,
      deletion_window_in_days: days,
      policy: "${data.aws_iam_policy_document.alerts_key_policy.json}",
    });
  });

  it(`its key is aliased alias/acme-ai-${env}-alerts`, () => {
    expect(res(j).aws_kms_alias.alerts_key_alias).toEqual({ name: `alias/acme-ai-${env}-alerts`, target_key_id: "${aws_kms_key.alerts_key.key_id}" });
  });

  it("the key policy: the account administers it; CloudWatch and EventBridge may encrypt (the topic policy checks the account)", () => {
    expect(docsOf(j).alerts_key_policy.statement).toEqual([
      { sid: "AccountAdministers", effect: "Allow", actions: ["kms:*"], resources: ["*"], principals: root(account) },
      { sid: "AlarmsAndEventsEncrypt", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey*"], resources: ["*"], principals: PUBLISHERS },
    ]);
  });

  it("the topic policy: CloudWatch and EventBridge of this account publish, the account manages (under aws:PrincipalAccount), publishing without TLS is denied to all", () => {
    expect(res(j).aws_sns_topic_policy).toEqual({ alerts_policy: { arn: TOPIC_ARN, policy: "${data.aws_iam_policy_document.alerts_policy_document.json}" } });
    expect(docsOf(j).alerts_policy_document.statement).toEqual([
      { sid: "AlarmsAndEventsPublish", effect: "Allow", actions: ["sns:Publish"], resources: [TOPIC_ARN], principals: PUBLISHERS, condition: fromAccount(account) },
      {
        sid: "AccountManages",
        effect: "Allow",
        actions: ["sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:Publish", "sns:SetTopicAttributes", "sns:Subscribe"],
        resources: [TOPIC_ARN],
        principals: root(account),
        condition: [{ test: "StringEquals", variable: "aws:PrincipalAccount", values: [account] }],
      },
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["sns:Publish"],
        resources: [TOPIC_ARN],
        principals: [{ type: "*", identifiers: ["*"] }],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
  });

  it(env === "dev" ? "has no subscriptions (dev lists no endpoint)" : "subscribes exactly on-call's e-mail, addressed by its hash", () => {
    const expected = env === "dev" ? undefined : { [`alerts_email_${hashOf(ONCALL)}`]: { topic_arn: TOPIC_ARN, protocol: "email", endpoint: ONCALL } };
    expect(res(j).aws_sns_topic_subscription).toEqual(expected);
  });

  it("publishes the topic's ARN as alert_topic_arn, and the contract's mock is the same topic's ARN", () => {
    expect(j.output!.alert_topic_arn.value).toBe(TOPIC_ARN);
    expect(FoundationContract.outputs.alert_topic_arn.mock(configs[env])).toBe(`arn:aws:sns:us-east-1:${account}:acme-ai-${env}-alerts`);
  });

  it("passes SNS-01 (encrypted with a customer managed key)", () => {
    const report = evaluate([new StackModel("foundation", j as unknown as StackJson)], { environment: env, stage: configs[env].stage, rules: [snsEncryptedTopic] });
    expect([...report.errors, ...report.warnings]).toEqual([]);
  });

  it("passes SNS-02 (every grant to an account or IAM principal has a condition) and IAM-09 (no grant to \"*\")", () => {
    const report = evaluate([new StackModel("foundation", j as unknown as StackJson)], { environment: env, stage: configs[env].stage, rules: [snsConditionalAccountAccess, iamNoPublicResourcePolicies] });
    expect([...report.errors, ...report.warnings]).toEqual([]);
  });
});

describe("subscriptions", () => {
  const EMAILS = ["oncall@example.com", "lead@example.com"];
  const HOOK = "https://hooks.example.com/services/T000/B000/secret-token";
  const subscribed = res(foundationOf(withAlerts(configs.staging, { emails: EMAILS, httpsEndpoints: [HOOK] }))).aws_sns_topic_subscription;

  it("one per e-mail and per HTTPS endpoint, with its protocol, addressed by the endpoint's hash", () => {
    expect(subscribed).toEqual({
      [`alerts_email_${hashOf("oncall@example.com")}`]: { topic_arn: TOPIC_ARN, protocol: "email", endpoint: "oncall@example.com" },
      [`alerts_email_${hashOf("lead@example.com")}`]: { topic_arn: TOPIC_ARN, protocol: "email", endpoint: "lead@example.com" },
      [`alerts_https_${hashOf(HOOK)}`]: { topic_arn: TOPIC_ARN, protocol: "https", endpoint: HOOK },
    });
  });

  it("the webhook's token stays out of the address", () => {
    expect(Object.keys(subscribed).filter((address) => address.includes("secret-token"))).toEqual([]);
  });

  it("reordering the lists keeps every address and its endpoint", () => {
    const reordered = res(foundationOf(withAlerts(configs.staging, { emails: [...EMAILS].reverse(), httpsEndpoints: [HOOK] }))).aws_sns_topic_subscription;
    expect(reordered).toEqual(subscribed);
  });

  it("an endpoint listed twice is subscribed once", () => {
    const twice = res(foundationOf(withAlerts(configs.dev, { emails: ["oncall@example.com", "oncall@example.com"] }))).aws_sns_topic_subscription;
    expect(twice).toEqual({ [`alerts_email_${hashOf("oncall@example.com")}`]: { topic_arn: TOPIC_ARN, protocol: "email", endpoint: "oncall@example.com" } });
  });

  it("adding an e-mail adds one subscription and leaves the others' addresses alone", () => {
    const more = res(foundationOf(withAlerts(configs.staging, { emails: [...EMAILS, "cto@example.com"], httpsEndpoints: [HOOK] }))).aws_sns_topic_subscription;
    expect(more).toEqual({ ...subscribed, [`alerts_email_${hashOf("cto@example.com")}`]: { topic_arn: TOPIC_ARN, protocol: "email", endpoint: "cto@example.com" } });
  });
});

describe("the database's events (foundation)", () => {
  const dev = foundations.dev;

  it("dev's rule matches its instance's failover, failure and low storage events", () => {
    const rule = res(dev).aws_cloudwatch_event_rule;
    expect(rule).toEqual({
      database_events: { name: "acme-ai-dev-database-events", description: "Failover, failure and low storage of the acme-ai-dev database", event_pattern: expect.any(String) },
    });
    expect(JSON.parse(rule.database_events.event_pattern as string)).toEqual({
      source: ["aws.rds"],
      "detail-type": ["RDS DB Instance Event"],
      detail: { SourceIdentifier: ["${aws_db_instance.database.identifier}"], EventCategories: ["failover", "failure", "low storage"] },
    });
  });

  it("its target publishes a sentence naming the database, the first category and RDS's message to the topic", () => {
    expect(res(dev).aws_cloudwatch_event_target).toEqual({
      database_events_target: {
        rule: "${aws_cloudwatch_event_rule.database_events.name}",
        arn: TOPIC_ARN,
        input_transformer: {
          // The first category: an array inside a string template is not plain text.
          input_paths: { database: "$.detail.SourceIdentifier", category: "$.detail.EventCategories[0]", message: "$.detail.Message" },
          input_template: '"Database <database> (<category>): <message>"',
        },
      },
    });
  });

  it("the input template is a JSON string: SNS delivers the sentence as the message text", () => {
    const template = res(dev).aws_cloudwatch_event_target.database_events_target.input_transformer.input_template as string;
    expect(JSON.parse(template)).toBe("Database <database> (<category>): <message>");
  });

  it.each(["staging", "prod"] as const)("%s has the rule too, named after its prefix", (env) => {
    expect(res(foundations[env]).aws_cloudwatch_event_rule.database_events.name).toBe(`acme-ai-${env}-database-events`);
  });

  it("without a database there is no events rule and no target; the topic stays", () => {
    const j = foundationOf(resolve(devWith((d) => delete d.database)));
    expect([res(j).aws_cloudwatch_event_rule, res(j).aws_cloudwatch_event_target, Object.keys(res(j).aws_sns_topic)]).toEqual([undefined, undefined, ["alerts"]]);
  });
});

describe("the services stack's failure events", () => {
  it("the deployment failures rule matches SERVICE_DEPLOYMENT_FAILED of the cluster's services, by their ARN prefix", () => {
    const rule = res(staging).aws_cloudwatch_event_rule.deployment_failures;
    expect(rule).toEqual({ name: "acme-ai-staging-deployment-failures", description: "Failed deployments of ECS services in acme-ai-staging", event_pattern: expect.any(String) });
    expect(JSON.parse(rule.event_pattern as string)).toEqual({
      source: ["aws.ecs"],
      "detail-type": ["ECS Deployment State Change"],
      resources: [{ prefix: "arn:aws:ecs:us-east-1:222222222222:service/acme-ai-staging/" }],
      detail: { eventName: ["SERVICE_DEPLOYMENT_FAILED"] },
    });
  });

  it.each([
    ["dev", "arn:aws:ecs:us-east-1:111111111111:service/acme-ai-dev/"],
    ["prod", "arn:aws:ecs:us-east-1:333333333333:service/acme-ai-prod/"],
  ] as const)("%s's deployment failures rule matches its own cluster: %s", (env, prefix) => {
    const rule = res(synthOf(configs[env])).aws_cloudwatch_event_rule.deployment_failures;
    expect(JSON.parse(rule.event_pattern as string).resources).toEqual([{ prefix }]);
  });

  it("a failed deployment is published to the foundation's alert topic as a sentence", () => {
    expect(res(staging).aws_cloudwatch_event_target.deployment_failures_target).toEqual({
      rule: "${aws_cloudwatch_event_rule.deployment_failures.name}",
      arn: remote("alert_topic_arn"),
      input_transformer: {
        input_paths: { service: "$.resources[0]", deployment: "$.detail.deploymentId", reason: "$.detail.reason" },
        input_template: '"ECS deployment <deployment> of <service> failed and was rolled back: <reason>"',
      },
    });
  });

  it("staging's Batch job's FAILED rule publishes to the foundation's alert topic as a sentence", () => {
    expect(res(staging).aws_cloudwatch_event_target.evaluate_failed_alert).toEqual({
      rule: "${aws_cloudwatch_event_rule.evaluate_failed.name}",
      arn: remote("alert_topic_arn"),
      input_transformer: {
        input_paths: { job: "$.detail.jobName", id: "$.detail.jobId", queue: "$.detail.jobQueue", reason: "$.detail.statusReason" },
        input_template: '"Batch job <job> (<id>) failed after its last attempt in <queue>: <reason>"',
      },
    });
  });

  it("staging has exactly the two rules and their two targets", () => {
    expect([Object.keys(res(staging).aws_cloudwatch_event_rule).sort(), Object.keys(res(staging).aws_cloudwatch_event_target).sort()]).toEqual([
      ["deployment_failures", "evaluate_failed"],
      ["deployment_failures_target", "evaluate_failed_alert"],
    ]);
  });

  it("an environment whose web services all run on App Runner (agentic) has no deployment rule and no target", () => {
    const j = synthOf(agentic);
    expect([res(j).aws_cloudwatch_event_rule, res(j).aws_cloudwatch_event_target, Object.keys(res(j).aws_apprunner_service).sort()]).toEqual([undefined, undefined, ["api", "web"]]);
  });

  it("agentic's foundation still has the topic and its database's events rule", () => {
    const j = foundationOf(agentic);
    expect([res(j).aws_sns_topic.alerts.name, res(j).aws_cloudwatch_event_rule.database_events.name]).toEqual(["agentic-agentic-alerts", "agentic-agentic-database-events"]);
  });
});

describe("alertTarget", () => {
  const ruleIn = () => {
    const stack = new TerraformStack(Testing.app(), "test");
    return { stack, rule: new CloudwatchEventRule(stack, "rule", { name: "r", eventPattern: "{}" }) };
  };

  it("a placeholder without a path throws, naming the construct and the placeholder", () => {
    const { stack, rule } = ruleIn();
    expect(() => alertTarget(stack, "target", rule, "arn:aws:sns:us-east-1:111111111111:t", { paths: { job: "$.detail.jobName" }, template: "Job <job> failed: <reason>" })).toThrow(
      "test/target: the alert template uses <reason> without a path",
    );
  });

  it("names every unknown placeholder, in template order", () => {
    const { stack, rule } = ruleIn();
    expect(() => alertTarget(stack, "target", rule, "arn:aws:sns:us-east-1:111111111111:t", { paths: {}, template: "<job> in <queue> failed" })).toThrow(
      "test/target: the alert template uses <job>, <queue> without a path",
    );
  });

  it("EventAlert throws the same for its target", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const props = { name: "r", description: "d", eventPattern: { source: ["aws.rds"] }, topicArn: "arn:aws:sns:us-east-1:111111111111:t", message: { paths: {}, template: "Database <database> failed" } };
    expect(() => new EventAlert(stack, "events", props)).toThrow("test/events/target: the alert template uses <database> without a path");
  });

  it("quotes in the template are escaped in the JSON string", () => {
    const { stack, rule } = ruleIn();
    alertTarget(stack, "target", rule, "arn:aws:sns:us-east-1:111111111111:t", { paths: { job: "$.detail.jobName" }, template: 'Job "<job>" failed' });
    expect(JSON.parse(Testing.synth(stack)).resource.aws_cloudwatch_event_target.target.input_transformer.input_template).toBe('"Job \\"<job>\\" failed"');
  });
});
