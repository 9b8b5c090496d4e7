/** The data rules (RDS, ElastiCache, DynamoDB, SSM, ACM): what each finding says, and the platform's own data tier against them. */
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Stage } from "../../config/schema";
import { loadEnvironment } from "../../config/load";
import { evaluate } from "../../policy/engine";
import { StackModel, type StackJson } from "../../policy/model";
import { RULES } from "../../policy/rules";
import { DATA_RULES } from "../../policy/rules/data-rules";
import { rdsLogExports } from "../../policy/rules/rds/log-exports";
import { logFdwProblem } from "../../policy/rules/rds/log-fdw-version";
import { DnsValidatedCertificate } from "../../constructs/certificate";
import { StateLockTable } from "../../constructs/state-lock-table";
import { BootstrapStack } from "../../stacks/bootstrap-stack";
import { FoundationStack } from "../../stacks/foundation-stack";
import { merge, postgres, redis, stack } from "./fixtures";
import { database, INTERNET_ROUTE, loggingGroup, network } from "./cases/data";

const ruleById = (id: string) => RULES.find((r) => r.id === id)!;
const findings = (id: string, json: StackJson, stage: Stage = "prod") => {
  const report = evaluate([new StackModel("s", json)], { environment: "test", stage, rules: [ruleById(id)] });
  return [...report.errors, ...report.warnings];
};
const details = (id: string, json: StackJson, stage: Stage = "prod") => findings(id, json, stage).map((f) => f.detail);
const db = (extra: Record<string, unknown> = {}, more: Record<string, Record<string, Record<string, unknown>>> = {}) => stack(merge({ aws_db_instance: { db: database(extra) } }, more));
const cache = (extra: Record<string, unknown>) => stack({ aws_elasticache_replication_group: { r: redis(extra) } });

describe("the data rules are registered", () => {
  it("every data rule runs in the engine under its id", () => {
    expect(DATA_RULES.map((r) => r.id)).toEqual(["RDS-12", "RDS-13", "RDS-14", "RDS-15", "RDS-16", "RDS-17", "RDS-18", "RDS-19", "RDS-20", "EC-05", "EC-06", "EC-07", "DDB-02", "DDB-03", "SSM-01", "ACM-01"]);
    for (const rule of DATA_RULES) expect(RULES).toContain(rule);
  });
});

describe("RDS rule details", () => {
  it("RDS-08 asks PostgreSQL for its postgresql log, and reports exports it cannot read as unknown", () => {
    expect(details("RDS-08", stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: ["upgrade"] }) } }))).toEqual(["enabled_cloudwatch_logs_exports (upgrade) does not include postgresql"]);
    expect(details("RDS-08", stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: [] }) } }))).toEqual(["enabled_cloudwatch_logs_exports is empty"]);
    expect(findings("RDS-08", stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: "${var.exports}" }) } }))).toEqual([
      expect.objectContaining({ level: "warning", unknown: true, detail: "enabled_cloudwatch_logs_exports is only known after apply" }),
    ]);
    expect(rdsLogExports.fsbp).toEqual(["RDS.9", "RDS.36"]);
  });

  it("RDS-12 asks for IAM authentication in prod only, and not of engines without it", () => {
    expect(details("RDS-12", db({ iam_database_authentication_enabled: false }))).toEqual(["iam_database_authentication_enabled is false"]);
    expect(details("RDS-12", db({ iam_database_authentication_enabled: undefined }))).toEqual(["iam_database_authentication_enabled is not set (AWS default: false)"]);
    expect(details("RDS-12", db({ iam_database_authentication_enabled: false }), "staging")).toEqual([]);
    expect(details("RDS-12", db({ engine: "sqlserver-se", iam_database_authentication_enabled: false }))).toEqual([]);
  });

  it("RDS-13 names the CA, and leaves AWS's default alone", () => {
    expect(details("RDS-13", db({ ca_cert_identifier: "rds-ca-2019" }))).toEqual(['ca_cert_identifier is "rds-ca-2019"; allowed: rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1']);
    expect(details("RDS-13", db({ ca_cert_identifier: undefined }))).toEqual([]);
    expect(findings("RDS-13", db({ ca_cert_identifier: "${var.ca}" }))).toEqual([expect.objectContaining({ unknown: true })]);
  });

  it("RDS-14 fails a pinned minor in every stage, and asks for the setting to be written", () => {
    for (const stage of ["dev", "staging", "prod"] as const) expect(details("RDS-14", db({ engine_version: "16.4", auto_minor_version_upgrade: false }), stage)).toEqual(["auto_minor_version_upgrade is false"]);
    expect(details("RDS-14", db({ auto_minor_version_upgrade: undefined }))).toEqual(["auto_minor_version_upgrade is not set (AWS default: true; CKV_AWS_226 wants it written)"]);
    expect(ruleById("RDS-14").fix).toContain("suppress RDS-14");
  });

  it("RDS-15 says from which version the major is fixed", () => {
    expect(details("RDS-15", db({ engine_version: "13.2" }))).toEqual(["engine_version 13.2 is affected by AWS-2022-004 (log_fdw): 13 is fixed from 13.3"]);
    expect(details("RDS-15", db({ engine_version: "9.6.21" }))).toEqual(["engine_version 9.6.21 is affected by AWS-2022-004 (log_fdw): 9.6 is fixed from 9.6.22"]);
    expect(details("RDS-15", db({ engine_version: "9.5.25" }))).toEqual(["engine_version 9.5.25 is affected by AWS-2022-004 (log_fdw): PostgreSQL 9 has no fixed release"]);
    expect(details("RDS-15", stack({ aws_rds_cluster: { c: { engine: "aurora-postgresql", engine_version: "10.13" } } }))).toEqual([
      "engine_version 10.13 is affected by AWS-2022-004 (log_fdw): 10 is fixed from 10.14",
    ]);
    expect(findings("RDS-15", db({ engine: "${var.engine}", engine_version: "12.6" }))).toEqual([
      expect.objectContaining({ unknown: true, detail: "engine_version 12.6 is affected by AWS-2022-004 (log_fdw): 12 is fixed from 12.7, if the engine (only known after apply) is PostgreSQL" }),
    ]);
  });

  it("RDS-15's version table is CKV_AWS_250's: the last affected and the first fixed release of each major", () => {
    const affected = (kind: "postgres" | "aurora-postgresql", v: string) => logFdwProblem(kind, v) !== undefined;
    for (const [last, first] of [["13.2", "13.3"], ["12.6", "12.7"], ["11.11", "11.12"], ["10.16", "10.17"], ["9.6.21", "9.6.22"]]) {
      expect([affected("postgres", last), affected("postgres", first)], last).toEqual([true, false]);
    }
    for (const [last, first] of [["11.8", "11.9"], ["10.13", "10.14"]]) expect([affected("aurora-postgresql", last), affected("aurora-postgresql", first)], last).toEqual([true, false]);
    expect(affected("postgres", "14.0")).toBe(false);
    expect(affected("aurora-postgresql", "12.4")).toBe(false);
  });

  it("RDS-16 lets MySQL on a class without Performance Insights off outside prod only; PostgreSQL has it on every class", () => {
    const micro = db({ engine: "mysql", engine_version: "8.0", instance_class: "db.t4g.micro", performance_insights_enabled: false });
    expect(details("RDS-16", micro, "dev")).toEqual([]);
    expect(details("RDS-16", micro, "staging")).toEqual([]);
    expect(details("RDS-16", micro, "prod")).toEqual(["performance_insights_enabled is false"]);
    expect(details("RDS-16", db({ instance_class: "db.t4g.micro", performance_insights_enabled: false }), "dev")).toEqual(["performance_insights_enabled is false"]);
    expect(details("RDS-16", db({ performance_insights_enabled: undefined }))).toEqual(["performance_insights_enabled is not set (AWS default: false)"]);
  });

  it("RDS-17 names the parameter group and each parameter that does not log", () => {
    expect(details("RDS-17", db({}, loggingGroup({ log_statement: undefined, log_min_duration_statement: "-1" })))).toEqual([
      "aws_db_parameter_group.pg does not set log_statement (PostgreSQL's default: none)",
      "aws_db_parameter_group.pg: log_min_duration_statement is -1 (off)",
    ]);
    expect(details("RDS-17", db({}, loggingGroup({ log_statement: "none", log_min_duration_statement: undefined })))).toEqual([
      'aws_db_parameter_group.pg: log_statement is "none"; allowed: ddl, mod, all',
      "aws_db_parameter_group.pg does not set log_min_duration_statement (PostgreSQL's default: -1, off)",
    ]);
    expect(details("RDS-17", db({ parameter_group_name: undefined }))).toEqual(["parameter_group_name is not set: the default parameter group logs no statements"]);
    expect(details("RDS-17", db({ parameter_group_name: "default.postgres16" }))).toEqual(['parameter_group_name is "default.postgres16": the default parameter group logs no statements']);
    expect(details("RDS-17", db({ parameter_group_name: "shared-postgres16" }))).toEqual(['parameter_group_name names "shared-postgres16", a parameter group this stack does not declare, so its logging cannot be checked']);
    expect(findings("RDS-17", db({}, loggingGroup({ log_statement: "${var.log_statement}" })))).toEqual([
      expect.objectContaining({ unknown: true, detail: "aws_db_parameter_group.pg: log_statement is only known after apply" }),
    ]);
  });

  it("RDS-18 and RDS-19 say what is set", () => {
    expect(details("RDS-18", db({ copy_tags_to_snapshot: undefined }))).toEqual(["copy_tags_to_snapshot is not set (AWS default: false)"]);
    expect(details("RDS-19", db({ username: "Postgres" }))).toEqual(['username is "Postgres", a default name']);
    expect(details("RDS-19", stack({ aws_rds_cluster: { c: { engine: "aurora-postgresql", master_username: "admin" } } }))).toEqual(['master_username is "admin", a default name']);
  });

  it("RDS-20 follows the subnet group to the route that reaches the internet gateway", () => {
    expect(details("RDS-20", INTERNET_ROUTE.publicSubnet)).toEqual([
      "aws_subnet.public_0 (in aws_db_subnet_group.db) routes to aws_internet_gateway.igw through aws_route_table.public (aws_route.public_default)",
    ]);
    expect(details("RDS-20", INTERNET_ROUTE.inlineRoute)).toEqual([
      "aws_subnet.database_0 (in aws_db_subnet_group.db) routes to aws_internet_gateway.igw through aws_route_table.database",
      "aws_subnet.database_1 (in aws_db_subnet_group.db) routes to aws_internet_gateway.igw through aws_route_table.database",
    ]);
    expect(details("RDS-20", INTERNET_ROUTE.mainTable)).toEqual([
      "aws_subnet.loose (in aws_db_subnet_group.db) routes to aws_internet_gateway.igw through aws_route_table.public (aws_route.public_default)",
    ]);
    expect(details("RDS-20", db({ db_subnet_group_name: undefined }))).toEqual(["db_subnet_group_name is not set: RDS uses the default VPC's subnets, which route to its internet gateway"]);
  });

  it("RDS-20 reports a subnet group or a gateway from another phase's state as unknown", () => {
    expect(findings("RDS-20", db({ db_subnet_group_name: "${data.terraform_remote_state.foundation.outputs.db_subnet_group}" })).map((f) => [f.unknown, f.detail])).toEqual([
      [true, "db_subnet_group_name is ${data.terraform_remote_state.foundation.outputs.db_subnet_group}, a subnet group this stack does not declare: its routes are only known after apply"],
    ]);
  });

  it("RDS-20 reports a gateway it cannot resolve as unknown, and passes subnets it cannot see", () => {
    expect(findings("RDS-20", INTERNET_ROUTE.variableGateway).map((f) => [f.unknown, f.detail])).toEqual([
      [true, "aws_subnet.database_0 (in aws_db_subnet_group.db) has a route through aws_route_table.database (aws_route.database_default) whose gateway_id is only known after apply"],
      [true, "aws_subnet.database_1 (in aws_db_subnet_group.db) has a route through aws_route_table.database (aws_route.database_default) whose gateway_id is only known after apply"],
    ]);
    expect(details("RDS-20", INTERNET_ROUTE.existingNetwork)).toEqual([]);
    // a route to a NAT gateway or a VPC endpoint is no route to the internet gateway
    const nat = { aws_route: { database_default: { route_table_id: "${aws_route_table.database.id}", destination_cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.nat.id}" } } };
    expect(details("RDS-20", db({}, network({ changes: nat })))).toEqual([]);
  });
});

describe("ElastiCache, DynamoDB, SSM and ACM rule details", () => {
  it("EC-05, EC-06 and EC-07 say what is set", () => {
    expect(details("EC-05", cache({ snapshot_retention_limit: 0 }))).toEqual(["snapshot_retention_limit is 0; at least 1 required"]);
    expect(details("EC-05", cache({}))).toEqual(["snapshot_retention_limit is 0 (AWS default); at least 1 required"]);
    expect(details("EC-06", cache({ auto_minor_version_upgrade: "false" }))).toEqual(["auto_minor_version_upgrade is false"]);
    expect(details("EC-07", cache({}))).toEqual(["subnet_group_name is not set: the cache goes into the default subnet group"]);
    expect(details("EC-07", cache({ subnet_group_name: "default" }))).toEqual(['subnet_group_name is "default"']);
    expect(findings("EC-07", cache({ subnet_group_name: "${var.subnet_group}" }))).toEqual([expect.objectContaining({ unknown: true, detail: "subnet_group_name is only known after apply" })]);
  });

  it("DDB-02 names the capacity nothing scales", () => {
    const table = (extra: Record<string, unknown>, more: Record<string, Record<string, Record<string, unknown>>> = {}) => stack(merge({ aws_dynamodb_table: { t: { name: "t", hash_key: "id", ...extra } } }, more));
    expect(details("DDB-02", table({ billing_mode: "PROVISIONED" }))).toEqual(["billing_mode is PROVISIONED, and no auto scaling target with a policy scales ReadCapacityUnits or WriteCapacityUnits"]);
    const readOnly = {
      aws_appautoscaling_target: { read: { service_namespace: "dynamodb", resource_id: "table/t", scalable_dimension: "dynamodb:table:ReadCapacityUnits", min_capacity: 1, max_capacity: 10 } },
      aws_appautoscaling_policy: { read: { name: "read", resource_id: "table/t", scalable_dimension: "dynamodb:table:ReadCapacityUnits", service_namespace: "dynamodb" } },
    };
    expect(details("DDB-02", table({}, readOnly))).toEqual(["billing_mode is not set (AWS default: PROVISIONED), and no auto scaling target with a policy scales WriteCapacityUnits"]);
  });

  it("DDB-03 applies outside dev only", () => {
    const unprotected = stack({ aws_dynamodb_table: { t: { name: "t", billing_mode: "PAY_PER_REQUEST", deletion_protection_enabled: false } } });
    expect(details("DDB-03", unprotected, "staging")).toEqual(["deletion_protection_enabled is false"]);
    expect(details("DDB-03", unprotected, "prod")).toEqual(["deletion_protection_enabled is false"]);
    expect(details("DDB-03", unprotected, "dev")).toEqual([]);
  });

  it("SSM-01 names the type", () => {
    expect(details("SSM-01", stack({ aws_ssm_parameter: { p: { name: "p", type: "String", value: "x" } } }))).toEqual(['type is "String"; allowed: SecureString']);
  });

  it("ACM-01 reports each problem of a certificate on its own", () => {
    const cert = { domain_name: "*.acme-ai.example.com", subject_alternative_names: ["api.acme-ai.example.com", "*.api.acme-ai.example.com"], options: { certificate_transparency_logging_preference: "DISABLED" } };
    expect(details("ACM-01", stack({ aws_acm_certificate: { c: cert } }))).toEqual([
      "lifecycle.create_before_destroy is not set",
      "options.certificate_transparency_logging_preference is DISABLED",
      "domain_name *.acme-ai.example.com is a wildcard",
      "subject_alternative_names has the wildcard *.api.acme-ai.example.com",
    ]);
    expect(findings("ACM-01", stack({ aws_acm_certificate: { c: { domain_name: "${var.host}", lifecycle: { create_before_destroy: true } } } }))).toEqual([
      expect.objectContaining({ unknown: true, detail: "domain_name is only known after apply" }),
    ]);
  });
});

describe("the platform's data tier against the data rules", () => {
  const dataFindings = (json: StackJson, stage: Stage) => {
    const report = evaluate([new StackModel("s", json)], { environment: "test", stage, rules: DATA_RULES });
    return [...report.errors, ...report.warnings].map((f) => `${f.ruleId} ${f.address}: ${f.detail}`);
  };
  const foundation = (env: string) => {
    const config = loadEnvironment(env, { env: {} });
    return { stage: config.stage, json: JSON.parse(Testing.synth(new FoundationStack(Testing.app(), { config }))) as StackJson };
  };

  it.each(["dev", "staging", "prod"])("%s: the foundation (database, cache, network) passes every data rule", (env) => {
    const { stage, json } = foundation(env);
    expect(json.resource?.aws_db_instance).toBeDefined();
    expect(dataFindings(json, stage)).toEqual([]);
  });

  it("prod: the database on the public subnets fails RDS-20, a pinned minor fails RDS-14", () => {
    const { json } = foundation("prod");
    const moved = structuredClone(json) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    moved.resource.aws_db_subnet_group.database_subnets.subnet_ids = ["${aws_subnet.vpc_public_subnet_0.id}"];
    moved.resource.aws_db_instance.database.auto_minor_version_upgrade = false;
    expect(dataFindings(moved as StackJson, "prod")).toEqual([
      "RDS-14 aws_db_instance.database: auto_minor_version_upgrade is false",
      "RDS-20 aws_db_instance.database: aws_subnet.vpc_public_subnet_0 (in aws_db_subnet_group.database_subnets) routes to aws_internet_gateway.vpc_internet_gateway through aws_route_table.vpc_public_routes (aws_route.vpc_public_default_route)",
    ]);
  });

  it("the state lock table passes in every stage it is checked in, and is unprotected only in dev", () => {
    for (const env of ["staging", "prod"]) {
      const config = loadEnvironment(env, { env: {} });
      const json = JSON.parse(Testing.synth(new BootstrapStack(Testing.app(), { config }))) as StackJson;
      expect(Object.keys(json.resource?.aws_dynamodb_table ?? {}), env).toEqual(["lock"]);
      expect(dataFindings(json, config.stage), env).toEqual([]);
    }
    const devStack = new TerraformStack(Testing.app(), "bootstrap");
    new StateLockTable(devStack, "lock", { tableName: "acme-ai-tflock", deletionProtection: false });
    const dev = JSON.parse(Testing.synth(devStack)) as StackJson;
    expect(dataFindings(dev, "dev")).toEqual([]);
    expect(dataFindings(dev, "staging")).toEqual([expect.stringMatching(/^DDB-03 aws_dynamodb_table\.lock_\w+: deletion_protection_enabled is false$/)]);
  });

  it("the load balancer's and CloudFront's certificates (DnsValidatedCertificate) pass ACM-01", () => {
    const certStack = new TerraformStack(Testing.app(), "services");
    new AwsProvider(certStack, "aws", { region: "us-east-1" });
    new DnsValidatedCertificate(certStack, "certificate", { hostNames: ["api.acme-ai.example.com", "origin.acme-ai.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" });
    const json = JSON.parse(Testing.synth(certStack)) as StackJson;
    expect(Object.keys(json.resource?.aws_acm_certificate ?? {})).toHaveLength(1);
    expect(dataFindings(json, "prod")).toEqual([]);
  });
});
