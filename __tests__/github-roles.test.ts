/**
 * The GitHub Actions roles of every environment that has one, evaluated as IAM
 * would: the deploy role can deploy every resource its phases synthesize and
 * nothing of another environment; the plan role reads state and configuration,
 * takes the lock, and reads no data and changes nothing else.
 */
import * as fs from "node:fs";
import type { ResolvedConfig } from "../config/defaults";
import { readsOf, servicesFor, servicesOf } from "../constructs/github/aws-services";
import { isWriteAction } from "../policy/iam";
import { PHASES, type StackName } from "../stacks/phases";
import { stateKey } from "../stacks/state-backend";
import { allows, policyCharacters, type Call } from "./support/iam-access";
import { rolesOf, type Statement } from "./support/kms-access";
import { sharedStackDir, shippedEnvironments, type TerraformJson } from "./support/synth";

type Json = Record<string, any>;
const read = (env: string, stack: StackName) => JSON.parse(fs.readFileSync(`${sharedStackDir(env, stack)}/cdk.tf.json`, "utf8")) as TerraformJson;
const environments = shippedEnvironments();
const withGithub = environments.filter((c) => c.github);

/** What an environment's phases hold, read from their synthesized JSON. */
function phasesOf(c: ResolvedConfig) {
  const stacks = PHASES.map((p) => read(c.environment, p));
  const types = new Set(stacks.flatMap((j) => [...Object.keys(j.resource ?? {}), ...Object.keys(j.data ?? {})]));
  const names = (type: string, key: string) => stacks.flatMap((j) => Object.values(((j.resource ?? {}) as Json)[type] ?? {}).map((r: any) => String(r[key])));
  const managedPolicies = stacks.flatMap((j) => Object.values(((j.resource ?? {}) as Json).aws_iam_role_policy_attachment ?? {}).map((a: any) => String(a.policy_arn)));
  return { types, names, managedPolicies };
}

function roles(c: ResolvedConfig): { deploy: readonly Statement[]; plan: readonly Statement[]; trust: (role: string) => string[] } {
  const j = read(c.environment, "foundation");
  const all = rolesOf(j, c.partition);
  const identity = (name: string) => all.find((r) => r.name === name)!.identity;
  const trust = (address: string) => {
    const doc = (j.data!.aws_iam_policy_document as Json)[`${address}_trust`];
    return doc.statement[0].condition.find((x: Json) => x.variable.endsWith(":sub")).values;
  };
  return { deploy: identity(c.names.deployRole), plan: identity(c.names.planRole), trust };
}

/** One call per service: a write the deploy needs, and a configuration read a plan needs. */
const WRITE: Record<string, string> = {
  acm: "acm:RequestCertificate", "application-autoscaling": "application-autoscaling:RegisterScalableTarget", apprunner: "apprunner:CreateService",
  batch: "batch:CreateJobQueue", cloudfront: "cloudfront:CreateDistribution", cloudwatch: "cloudwatch:PutMetricAlarm", ec2: "ec2:CreateVpc",
  ecs: "ecs:CreateService", elasticfilesystem: "elasticfilesystem:CreateFileSystem", elasticache: "elasticache:CreateReplicationGroup",
  elasticloadbalancing: "elasticloadbalancing:CreateLoadBalancer", events: "events:PutRule", kms: "kms:CreateKey", logs: "logs:CreateLogGroup",
  rds: "rds:CreateDBInstance", route53: "route53:ChangeResourceRecordSets", servicediscovery: "servicediscovery:CreateService", sns: "sns:CreateTopic",
  wafv2: "wafv2:CreateWebACL",
};
const READ: Record<string, string> = {
  acm: "acm:DescribeCertificate", "application-autoscaling": "application-autoscaling:DescribeScalableTargets", apprunner: "apprunner:DescribeService",
  batch: "batch:DescribeJobQueues", cloudfront: "cloudfront:GetDistribution", cloudwatch: "cloudwatch:DescribeAlarms", ec2: "ec2:DescribeVpcs",
  ecr: "ecr:DescribeRepositories", ecs: "ecs:DescribeServices", elasticfilesystem: "elasticfilesystem:DescribeFileSystems",
  elasticache: "elasticache:DescribeReplicationGroups", elasticloadbalancing: "elasticloadbalancing:DescribeLoadBalancers", events: "events:DescribeRule",
  iam: "iam:GetRole", kms: "kms:DescribeKey", logs: "logs:DescribeLogGroups", rds: "rds:DescribeDBInstances", route53: "route53:GetHostedZone",
  s3: "s3:GetBucketPolicy", secretsmanager: "secretsmanager:DescribeSecret", servicediscovery: "servicediscovery:GetService", sns: "sns:GetTopicAttributes",
  ssm: "ssm:DescribeParameters", wafv2: "wafv2:GetWebACL",
};

describe("the resource types of every environment", () => {
  it.each(environments.map((c) => [c.environment, c] as const))("%s: every type of its phases has a row in constructs/github/aws-services.ts", (_, c) => {
    for (const t of phasesOf(c).types) expect(() => servicesOf(t), t).not.toThrow();
  });

  it("a type without a row fails the synth with where to add it", () => {
    expect(() => servicesOf("aws_sagemaker_domain")).toThrow("constructs/github/aws-services.ts: no row for the resource type aws_sagemaker_domain");
  });
});

describe.each(withGithub.map((c) => [c.environment, c] as const))("GitHub roles of %s", (_, c) => {
  const { deploy, plan, trust } = roles(c);
  const { types, names, managedPolicies } = phasesOf(c);
  const prefixes = [...new Set([...types].flatMap((t) => servicesOf(t).map((s) => s.prefix)))];
  const arn = (service: string, resource: string, region = c.region) => `arn:${c.partition}:${service}:${region}:${c.accountId}:${resource}`;
  const inRegion = (call: Call): Call => ({ ...call, context: { "aws:RequestedRegion": c.region, ...call.context } });
  const other = { ...c, environment: "other" };
  const stateObject = (env: ResolvedConfig, stack: StackName) => `arn:${c.partition}:s3:::${c.stateBackend.bucket}/${stateKey(env, stack)}`;
  const lock = (env: ResolvedConfig, stack: StackName) => ({
    resource: arn("dynamodb", `table/${c.stateBackend.lockTable}`),
    context: { "dynamodb:LeadingKeys": `${c.stateBackend.bucket}/${stateKey(env, stack)}`, "kms:ViaService": `dynamodb.${c.region}.amazonaws.com` },
  });

  it("the plan role is trusted for pull requests and the default branch; the deploy role only for its branch or environment", () => {
    const repo = c.github!.repository;
    expect(trust("github_plan")).toEqual([`repo:${repo}:pull_request`, `repo:${repo}:ref:refs/heads/${c.github!.defaultBranch}`]);
    expect(trust("github_deploy")).toEqual([c.github!.branch ? `repo:${repo}:ref:refs/heads/${c.github!.branch}` : `repo:${repo}:environment:${c.github!.environment}`]);
  });

  it("the deploy role can create and read what every service of its phases holds, in its region", () => {
    const writes = prefixes.filter((p) => WRITE[p]);
    expect(writes.length).toBeGreaterThan(5);
    for (const p of writes) {
      expect(allows(deploy, inRegion({ action: WRITE[p], resource: "*" })), WRITE[p]).toBe(true);
      expect(allows(deploy, inRegion({ action: WRITE[p], resource: "*", context: { "aws:RequestedRegion": "ap-southeast-4" } })), `${WRITE[p]} elsewhere`).toBe(false);
    }
    for (const p of prefixes) expect(allows(deploy, inRegion({ action: READ[p], resource: "*" })) || ["iam", "s3", "ecr", "secretsmanager", "ssm"].includes(p), READ[p]).toBe(true);
  });

  it("the deploy role manages its phases' roles, buckets, secrets and repositories by name, and no one else's", () => {
    const roleNames = names("aws_iam_role", "name");
    expect(roleNames).toContain(c.names.deployRole);
    for (const name of roleNames) {
      for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:PassRole", "iam:DeleteRole"]) expect(allows(deploy, { action, resource: `arn:${c.partition}:iam::${c.accountId}:role/${name}` }), `${action} ${name}`).toBe(true);
    }
    for (const policy of managedPolicies) {
      expect(allows(deploy, { action: "iam:AttachRolePolicy", resource: `arn:${c.partition}:iam::${c.accountId}:role/${roleNames[0]}`, context: { "iam:PolicyARN": policy } })).toBe(true);
    }
    expect(allows(deploy, { action: "iam:AttachRolePolicy", resource: `arn:${c.partition}:iam::${c.accountId}:role/${roleNames[0]}`, context: { "iam:PolicyARN": `arn:${c.partition}:iam::aws:policy/AdministratorAccess` } })).toBe(false);
    expect(allows(deploy, { action: "iam:CreateRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/${other.project}-other-admin` })).toBe(false);
    expect(allows(deploy, { action: "iam:CreateUser", resource: `arn:${c.partition}:iam::${c.accountId}:user/${c.names.prefix}-x` })).toBe(false);
    for (const bucket of names("aws_s3_bucket", "bucket")) {
      expect(allows(deploy, { action: "s3:CreateBucket", resource: `arn:${c.partition}:s3:::${bucket}` }), bucket).toBe(true);
      expect(allows(deploy, { action: "s3:PutObject", resource: `arn:${c.partition}:s3:::${bucket}/index.html` }), bucket).toBe(true);
      expect(allows(deploy, { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::${bucket.replace(c.names.prefix, `${c.project}-other`)}/x` })).toBe(false);
    }
    for (const secret of names("aws_secretsmanager_secret", "name")) expect(allows(deploy, { action: "secretsmanager:CreateSecret", resource: arn("secretsmanager", `secret:${secret}-AbCdEf`) }), secret).toBe(true);
    for (const repo of names("aws_ecr_repository", "name")) expect(allows(deploy, { action: "ecr:PutImage", resource: arn("ecr", `repository/${repo}`) }), repo).toBe(true);
    expect(allows(deploy, { action: "secretsmanager:GetSecretValue", resource: arn("secretsmanager", `secret:${other.project}/other/api-AbCdEf`) })).toBe(false);
  });

  it("the deploy role writes its environment's state and locks only, never assumes a role, and runs no instance", () => {
    for (const phase of PHASES) {
      expect(allows(deploy, { action: "s3:PutObject", resource: stateObject(c, phase) })).toBe(true);
      expect(allows(deploy, { action: "s3:PutObject", resource: stateObject(other, phase) })).toBe(false);
    }
    if (c.stateBackend.locking !== "lockfile") {
      expect(allows(deploy, { action: "dynamodb:PutItem", ...lock(c, "services") })).toBe(true);
      expect(allows(deploy, { action: "dynamodb:PutItem", ...lock(other, "services") })).toBe(false);
    }
    expect(allows(deploy, { action: "sts:AssumeRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/${c.names.deployRole}` })).toBe(false);
    for (const action of ["ec2:RunInstances", "ec2:GetPasswordData", "logs:GetLogEvents", "kms:Decrypt"]) expect(allows(deploy, inRegion({ action, resource: "*" })), action).toBe(false);
  });

  it("the deploy role touches nothing tagged as another environment's or project's, but the shared state, zone and network", () => {
    const db = arn("rds", `db:${c.names.prefix}-db`);
    const tags = (environment: string, project = c.project) => ({ "aws:RequestedRegion": c.region, "aws:ResourceTag/environment": environment, "aws:ResourceTag/project": project });
    expect(allows(deploy, { action: "rds:DeleteDBInstance", resource: db, context: tags(c.environment) })).toBe(true);
    expect(allows(deploy, { action: "rds:DeleteDBInstance", resource: db, context: tags("other") })).toBe(false);
    expect(allows(deploy, { action: "ecs:UpdateService", resource: arn("ecs", "service/x/api"), context: tags(c.environment, "other-project") })).toBe(false);
    // Untagged (created outside the platform): not covered by the guard.
    expect(allows(deploy, inRegion({ action: "rds:DeleteDBInstance", resource: db }))).toBe(true);
    // The bucket and lock table belong to the environment that manages them; the zone and an existing VPC to the team.
    expect(allows(deploy, { action: "s3:PutObject", resource: stateObject(c, "services"), context: tags("the-owner") })).toBe(true);
    if (c.stateBackend.locking !== "lockfile") expect(allows(deploy, { action: "dynamodb:PutItem", ...lock(c, "services"), context: { ...lock(c, "services").context, ...tags("the-owner") } })).toBe(true);
    if (c.domain) expect(allows(deploy, { action: "route53:ChangeResourceRecordSets", resource: `arn:${c.partition}:route53:::hostedzone/${c.domain.zoneId}`, context: { ...tags("shared"), "aws:RequestedRegion": "us-east-1" } })).toBe(true);
    if (c.network.mode === "existing") expect(allows(deploy, { action: "ec2:CreateSecurityGroup", resource: arn("ec2", `vpc/${c.network.vpcId}`), context: tags("shared") })).toBe(true);
  });

  it("the plan role reads every phase's state and takes the lock, of its environment only", () => {
    for (const phase of PHASES) {
      expect(allows(plan, { action: "s3:GetObject", resource: stateObject(c, phase) })).toBe(true);
      expect(allows(plan, { action: "s3:PutObject", resource: stateObject(c, phase) })).toBe(false);
      expect(allows(plan, { action: "s3:GetObject", resource: stateObject(other, phase) })).toBe(false);
    }
    if (c.stateBackend.locking !== "lockfile") {
      for (const action of ["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:GetItem"]) expect(allows(plan, { action, ...lock(c, "foundation") }), action).toBe(true);
      expect(allows(plan, { action: "dynamodb:PutItem", ...lock(other, "foundation") })).toBe(false);
    }
    if (c.stateBackend.locking !== "dynamodb") expect(allows(plan, { action: "s3:PutObject", resource: `${stateObject(c, "foundation")}.tflock` })).toBe(true);
  });

  it("the plan role reads the configuration of every service its phases use, and no data", () => {
    for (const p of prefixes) expect(allows(plan, { action: READ[p], resource: "*" }), READ[p]).toBe(true);
    for (const bucket of names("aws_s3_bucket", "bucket")) {
      expect(allows(plan, { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::${bucket}/data.json` }), bucket).toBe(false);
      // HeadBucket, the provider's first call when refreshing a bucket.
      expect(allows(plan, { action: "s3:ListBucket", resource: `arn:${c.partition}:s3:::${bucket}` }), bucket).toBe(true);
      expect(allows(plan, { action: "s3:ListBucket", resource: `arn:${c.partition}:s3:::${bucket.replace(c.names.prefix, `${c.project}-other`)}` })).toBe(false);
    }
    for (const secret of names("aws_secretsmanager_secret", "name")) expect(allows(plan, { action: "secretsmanager:GetSecretValue", resource: arn("secretsmanager", `secret:${secret}-AbCdEf`) })).toBe(false);
    for (const action of ["logs:GetLogEvents", "logs:StartQuery", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ssm:GetParametersByPath", "wafv2:GetSampledRequests", "ec2:GetPasswordData"]) {
      expect(allows(plan, { action, resource: "*" }), action).toBe(false);
    }
  });

  it("the plan role changes nothing but its lock", () => {
    const written = plan.filter((s) => (s.effect ?? "Allow") === "Allow").flatMap((s) => (s.actions ?? []).filter(isWriteAction).map((a) => `${a} on ${(s.resources ?? []).join(", ")}`));
    const lockWrites = written.filter((w) => /^(dynamodb:(PutItem|DeleteItem) on .*:table\/|s3:(PutObject|DeleteObject) on .*\*\.tflock$)/.test(w));
    expect(written).toEqual(lockWrites);
    for (const a of servicesFor(types).flatMap(readsOf)) expect(isWriteAction(a), a).toBe(false);
  });

  it("each role's inline policies fit IAM's 10,240-character quota per role", () => {
    expect(policyCharacters(deploy)).toBeLessThan(10_240);
    expect(policyCharacters(plan)).toBeLessThan(10_240);
  });
});
