/** App Runner identities and VPC connector (seed 000), and the GitHub OIDC deploy role (seed 002). */
import { Testing } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { ConfigError } from "../config/errors";
import { loadEnvironment, parseEnvironment, DEFAULT_CONFIG_DIR } from "../config/load";
import { evaluate } from "../policy/engine";
import { StackModel, type StackJson } from "../policy/model";
import { RULES } from "../policy/rules";
import { FoundationStack } from "../stacks/foundation-stack";
import { ServicesStack } from "../stacks/services-stack";
import { EXAMPLES_DIR, type TerraformJson } from "./support/synth";

type R = Record<string, Record<string, Record<string, unknown>>>;
type Doc = { statement: Array<Record<string, any>> };

const agentic = loadEnvironment("agentic", { configDir: EXAMPLES_DIR, env: {} });
const synth = (Stack: typeof FoundationStack | typeof ServicesStack, config = agentic) =>
  JSON.parse(Testing.synth(new Stack(Testing.app(), { config }))) as TerraformJson;
const f = synth(FoundationStack);
const r = f.resource as R;
const docs = f.data!.aws_iam_policy_document as unknown as Record<string, Doc>;

describe("App Runner services", () => {
  it("get an ECR access role and an instance role assumed by App Runner, limited to this account", () => {
    expect(docs.api_execution_role_trust.statement[0].principals).toEqual([{ type: "Service", identifiers: ["build.apprunner.amazonaws.com"] }]);
    expect(docs.api_task_role_trust.statement[0].principals).toEqual([{ type: "Service", identifiers: ["tasks.apprunner.amazonaws.com"] }]);
    expect(docs.api_task_role_trust.statement[0].condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["444444444444"] }]);
  });

  it("the instance role reads runtime secrets and database credentials; the access role only pulls", () => {
    expect(docs.api_execution_role_policy.statement.map((s) => s.sid)).toEqual(["PullImages", "RegistryLogin"]);
    expect(docs.api_task_role_policy.statement.map((s) => s.sid)).toEqual(expect.arrayContaining(["ReadSecrets", "ReadDatabaseCredentials", "WriteObjects"]));
    expect(r.aws_cloudwatch_log_group?.api_logs).toBeUndefined();
  });

  it("reach the private network through a VPC connector of their own, in their own group, when they use something in it", () => {
    // The api is a database client; the web frontend talks to nothing in the VPC and keeps App Runner's egress.
    expect(r.aws_apprunner_vpc_connector).toEqual({
      api_vpc_connector: {
        vpc_connector_name: "agentic-agentic-api",
        subnets: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"],
        security_groups: ["${aws_security_group.service_tier.id}", "${aws_security_group.api_tasks.id}"],
      },
    });
    expect(f.output!.apprunner_vpc_connector_arns.value).toEqual({ api: "${aws_apprunner_vpc_connector.api_vpc_connector.arn}" });
  });

  it("get no ECS task definition", () => {
    expect((synth(ServicesStack).resource as R).aws_ecs_task_definition).toBeUndefined();
  });

  it("ECS-only environments have no VPC connector", () => {
    expect((synth(FoundationStack, loadEnvironment("dev", { env: {} })).resource as R).aws_apprunner_vpc_connector).toBeUndefined();
  });
});

describe("GitHub OIDC deploy role", () => {
  it("trusts one repository and branch, with the STS audience, and passes the policy rule IAM-04", () => {
    expect(r.aws_iam_openid_connect_provider.github_deploy_oidc_provider).toMatchObject({ url: "https://token.actions.githubusercontent.com", client_id_list: ["sts.amazonaws.com"] });
    expect(docs.github_deploy_trust.statement[0]).toMatchObject({
      actions: ["sts:AssumeRoleWithWebIdentity"],
      principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.github_deploy_oidc_provider.arn}"] }],
      condition: [
        { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
        { test: "StringEquals", variable: "token.actions.githubusercontent.com:sub", values: ["repo:acme/agentic-mlops:ref:refs/heads/main"] },
      ],
    });
    const report = evaluate([new StackModel("foundation", f as unknown as StackJson)], { environment: "agentic", stage: "staging", rules: RULES.filter((x) => x.id.startsWith("IAM")) });
    // Only the read-only plan role trusts pull requests: Testing.synth drops the suppression that
    // `npm run check` reads from the synthesized JSON (github-roles.test.ts checks what it may do).
    expect(report.errors.map((e) => `${e.ruleId} ${e.address}: ${e.detail}`)).toEqual(['IAM-04 aws_iam_role.github_plan: sub "repo:acme/agentic-mlops:pull_request" is not one repository and branch/environment']);
  });

  it("may push only the services' images", () => {
    const push = docs.github_deploy_push_images_document.statement.find((s) => s.sid === "PushImages")!;
    expect(push.resources).toEqual(["${aws_ecr_repository.api_repository.arn}", "${aws_ecr_repository.web_repository.arn}"]);
    expect(push.actions).toContain("ecr:PutImage");
  });

  it("prod trusts a GitHub environment and can reuse the account's existing provider", () => {
    const prod = loadEnvironment("prod", { env: {} });
    const existing = { ...prod, github: { ...prod.github!, createProvider: false } };
    const j = synth(FoundationStack, existing);
    const trust = (j.data!.aws_iam_policy_document as unknown as Record<string, Doc>).github_deploy_trust.statement[0];
    expect(trust.principals[0].identifiers).toEqual(["arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com"]);
    expect(trust.condition[1].values).toEqual(["repo:acme/ai-app:environment:prod"]);
    expect((j.resource as R).aws_iam_openid_connect_provider).toBeUndefined();
  });

  it("needs exactly one of branch or environment", () => {
    const text = fs.readFileSync(path.join(DEFAULT_CONFIG_DIR, "dev.yaml"), "utf8");
    const doc = parseYaml(text);
    doc.github = { repository: "acme/ai-app", branch: "main", environment: "prod" };
    let problems: string[] = [];
    try {
      parseEnvironment(stringify(doc), "dev", "dev.yaml", {});
    } catch (e) {
      problems = (e as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    expect(problems).toEqual(["github: set exactly one of branch or environment"]);
  });
});
