/** Fixtures of the rules added for the standards coverage (data): compliant and non-compliant stacks per rule id. */
import type { StackJson } from "../../../policy/model";
import { merge, postgres, redis, stack } from "../fixtures";
import type { RuleCase } from "../rule-cases";

type Body = Record<string, unknown>;
type Section = Record<string, Record<string, Body>>;

/** An instance as PostgresDatabase writes it in prod, with fields replaced (an undefined field is removed). */
export const database = (extra: Body = {}): Body =>
  postgres({
    engine_version: "16",
    instance_class: "db.m7g.large",
    username: "app_admin",
    iam_database_authentication_enabled: true,
    ca_cert_identifier: "rds-ca-rsa2048-g1",
    auto_minor_version_upgrade: true,
    copy_tags_to_snapshot: true,
    performance_insights_enabled: true,
    db_subnet_group_name: "${aws_db_subnet_group.db.name}",
    ...extra,
  });
const db = (extra: Body = {}, more: Section = {}): StackJson => stack(merge({ aws_db_instance: { db: database(extra) } }, more));

/** PostgresDatabase's parameter group, with parameters replaced (`undefined` drops one). */
export const loggingGroup = (changes: Record<string, string | undefined> = {}): Section => {
  const values: Record<string, string | undefined> = { "rds.force_ssl": "1", log_min_duration_statement: "1000", log_statement: "ddl", ...changes };
  const parameter = Object.entries(values).filter(([, v]) => v !== undefined).map(([name, value]) => ({ name, value }));
  return { aws_db_parameter_group: { pg: { name_prefix: "acme-prod-db-postgres16-", family: "postgres16", parameter } } };
};

/**
 * The network as the foundation writes it: public subnets routed to the internet gateway, database subnets on a
 * table of their own without a default route, and the DB subnet group on the database subnets (`subnets` replaces them).
 */
export const network = (opts: { subnets?: string[]; changes?: Section } = {}): Section =>
  merge(
    {
      aws_vpc: { vpc: { cidr_block: "10.30.0.0/16" } },
      aws_internet_gateway: { igw: { vpc_id: "${aws_vpc.vpc.id}" } },
      aws_subnet: {
        public_0: { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.30.0.0/20" },
        database_0: { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.30.128.0/20" },
        database_1: { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.30.144.0/20" },
      },
      aws_route_table: { public: { vpc_id: "${aws_vpc.vpc.id}" }, database: { vpc_id: "${aws_vpc.vpc.id}" } },
      aws_route: { public_default: { route_table_id: "${aws_route_table.public.id}", destination_cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.igw.id}" } },
      aws_route_table_association: {
        public_0: { subnet_id: "${aws_subnet.public_0.id}", route_table_id: "${aws_route_table.public.id}" },
        database_0: { subnet_id: "${aws_subnet.database_0.id}", route_table_id: "${aws_route_table.database.id}" },
        database_1: { subnet_id: "${aws_subnet.database_1.id}", route_table_id: "${aws_route_table.database.id}" },
      },
      aws_vpc_endpoint: { s3: { vpc_id: "${aws_vpc.vpc.id}", service_name: "com.amazonaws.us-east-1.s3", route_table_ids: ["${aws_route_table.database.id}"] } },
      aws_db_subnet_group: { db: { name: "acme-prod-db", subnet_ids: opts.subnets ?? ["${aws_subnet.database_0.id}", "${aws_subnet.database_1.id}"] } },
    },
    opts.changes ?? {},
  );

/** RDS-20 fixtures that the detail tests refer to by name. */
export const INTERNET_ROUTE = {
  /** The DB subnet group spans a public subnet. */
  publicSubnet: db({}, network({ subnets: ["${aws_subnet.database_0.id}", "${aws_subnet.public_0.id}"] })),
  /** The database table gets a default route to the internet gateway inline. */
  inlineRoute: db({}, network({ changes: { aws_route_table: { database: { vpc_id: "${aws_vpc.vpc.id}", route: [{ cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.igw.id}" }] } } } })),
  /** A subnet without an association uses the VPC's main table, here made the public one. */
  mainTable: db(
    {},
    merge(network({ subnets: ["${aws_subnet.loose.id}"] }), {
      aws_subnet: { loose: { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.30.160.0/20" } },
      aws_main_route_table_association: { main: { vpc_id: "${aws_vpc.vpc.id}", route_table_id: "${aws_route_table.public.id}" } },
    }),
  ),
  /** A route to a gateway that is a variable: it may be an internet gateway. */
  variableGateway: db({}, network({ changes: { aws_route: { database_default: { route_table_id: "${aws_route_table.database.id}", destination_cidr_block: "0.0.0.0/0", gateway_id: "${var.gateway_id}" } } } })),
  /** An existing network: the subnets are literal ids, their routes are not in the stack. */
  existingNetwork: db({}, { aws_db_subnet_group: { db: { name: "acme-prod-db", subnet_ids: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"] } } }),
};

const cache = (extra: Body = {}, more: Section = {}): StackJson =>
  stack(merge({ aws_elasticache_replication_group: { r: redis({ snapshot_retention_limit: 7, auto_minor_version_upgrade: "true", subnet_group_name: "${aws_elasticache_subnet_group.s.name}", ...extra }) } }, more));
const cacheSubnets: Section = { aws_elasticache_subnet_group: { s: { name: "acme-prod-redis", subnet_ids: ["${aws_subnet.private_0.id}"] } } };

/** The state lock table as StateLockTable writes it, with fields replaced. */
const table = (extra: Body = {}, more: Section = {}): StackJson =>
  stack(merge({ aws_dynamodb_table: { t: { name: "acme-tflock", hash_key: "LockID", billing_mode: "PAY_PER_REQUEST", point_in_time_recovery: { enabled: true }, deletion_protection_enabled: true, ...extra } } }, more));
const provisioned = { billing_mode: "PROVISIONED", read_capacity: 5, write_capacity: 5 };
const scaling = (dimension: "Read" | "Write", policy = true): Section => ({
  aws_appautoscaling_target: { [dimension]: { service_namespace: "dynamodb", resource_id: "table/${aws_dynamodb_table.t.name}", scalable_dimension: `dynamodb:table:${dimension}CapacityUnits`, min_capacity: 5, max_capacity: 100 } },
  ...(policy
    ? {
        aws_appautoscaling_policy: {
          [dimension]: {
            name: dimension, policy_type: "TargetTrackingScaling", service_namespace: "dynamodb",
            resource_id: `\${aws_appautoscaling_target.${dimension}.resource_id}`, scalable_dimension: `\${aws_appautoscaling_target.${dimension}.scalable_dimension}`,
            target_tracking_scaling_policy_configuration: { target_value: 70, predefined_metric_specification: { predefined_metric_type: `DynamoDB${dimension}CapacityUtilization` } },
          },
        },
      }
    : {}),
});

/** A certificate as DnsValidatedCertificate writes it, with fields replaced. */
const certificate = (extra: Body = {}): StackJson =>
  stack({ aws_acm_certificate: { c: { domain_name: "api.acme-ai.example.com", subject_alternative_names: ["origin.acme-ai.example.com"], key_algorithm: "EC_prime256v1", validation_method: "DNS", lifecycle: { create_before_destroy: true }, ...extra } } });

const parameter = (extra: Body = {}): StackJson => stack({ aws_ssm_parameter: { p: { name: "/acme-ai/prod/public-url", type: "SecureString", value_wo: "https://x.invalid", value_wo_version: 1, ...extra } } });

export const DATA_CASES: Record<string, RuleCase> = {
  "RDS-12": {
    pass: [db(), db({ engine: "mysql", engine_version: "8.0" }), db({ engine: "oracle-ee", engine_version: "19", iam_database_authentication_enabled: undefined })],
    fail: [db({ iam_database_authentication_enabled: false }), db({ iam_database_authentication_enabled: undefined }), db({ iam_database_authentication_enabled: "${var.iam}" })],
  },
  "RDS-13": {
    pass: [db(), db({ ca_cert_identifier: undefined }), db({ ca_cert_identifier: "rds-ca-ecc384-g1" })],
    fail: [db({ ca_cert_identifier: "rds-ca-2019" }), db({ ca_cert_identifier: "${var.ca}" })],
  },
  "RDS-14": {
    pass: [db(), stack({ aws_rds_cluster_instance: { i: { engine: "aurora-postgresql", auto_minor_version_upgrade: true } } })],
    fail: [
      // what PostgresDatabase writes for a pinned minor (database.engineVersion: "16.4")
      db({ engine_version: "16.4", auto_minor_version_upgrade: false }),
      db({ auto_minor_version_upgrade: undefined }),
      stack({ aws_rds_cluster_instance: { i: { engine: "aurora-postgresql", auto_minor_version_upgrade: false } } }),
      db({ auto_minor_version_upgrade: "${var.upgrade}" }),
    ],
  },
  "RDS-15": {
    pass: [
      db(),
      db({ engine_version: "14.1" }),
      db({ engine_version: "13.3" }),
      db({ engine_version: "12.7" }),
      db({ engine_version: "9.6.22" }),
      // a major alone: RDS picks its current minor
      db({ engine_version: "13" }),
      db({ engine_version: undefined }),
      db({ engine: "mysql", engine_version: "5.7.44" }),
      stack({ aws_rds_cluster: { c: { engine: "aurora-postgresql", engine_version: "11.9" } } }),
    ],
    fail: [
      db({ engine_version: "13.2" }),
      db({ engine_version: "12.6" }),
      db({ engine_version: "11.11" }),
      db({ engine_version: "10.16" }),
      db({ engine_version: "9.6.21" }),
      db({ engine_version: "9.6" }),
      db({ engine_version: "9.5.25" }),
      stack({ aws_rds_cluster: { c: { engine: "aurora-postgresql", engine_version: "11.8" } } }),
      db({ engine_version: "${var.engine_version}" }),
    ],
  },
  "RDS-16": {
    pass: [db(), stack({ aws_rds_cluster_instance: { i: { engine: "aurora-postgresql", instance_class: "db.r7g.large", performance_insights_enabled: true } } })],
    fail: [
      db({ performance_insights_enabled: false }),
      db({ performance_insights_enabled: undefined }),
      // PostgreSQL has it on the smallest class too
      db({ instance_class: "db.t4g.micro", performance_insights_enabled: false }),
      // in prod a class without it is no excuse
      db({ engine: "mysql", engine_version: "8.0", instance_class: "db.t3.micro", performance_insights_enabled: undefined }),
    ],
  },
  "RDS-17": {
    pass: [db({}, loggingGroup()), db({}, loggingGroup({ log_statement: "mod", log_min_duration_statement: "0" })), db({ engine: "mysql", engine_version: "8.0", parameter_group_name: undefined })],
    fail: [
      db({}, loggingGroup({ log_statement: undefined })),
      db({}, loggingGroup({ log_statement: "none" })),
      db({}, loggingGroup({ log_min_duration_statement: undefined })),
      db({}, loggingGroup({ log_min_duration_statement: "-1" })),
      db({ parameter_group_name: undefined }),
      db({ parameter_group_name: "default.postgres16" }),
      db({ parameter_group_name: "${var.parameter_group}" }),
      db({}, loggingGroup({ log_statement: "${var.log_statement}" })),
    ],
  },
  "RDS-18": {
    pass: [db(), db({ engine: "aurora-postgresql", copy_tags_to_snapshot: undefined })],
    fail: [db({ copy_tags_to_snapshot: false }), db({ copy_tags_to_snapshot: undefined })],
  },
  "RDS-19": {
    pass: [db(), db({ username: undefined, replicate_source_db: "${aws_db_instance.primary.identifier}" }), stack({ aws_rds_cluster: { c: { engine: "aurora-postgresql", master_username: "acme_owner" } } })],
    fail: [
      db({ username: "postgres" }),
      db({ username: "Admin" }),
      db({ username: "root" }),
      stack({ aws_rds_cluster: { c: { engine: "aurora-postgresql", master_username: "postgres" } } }),
      db({ username: "${var.username}" }),
    ],
  },
  "RDS-20": {
    pass: [db({}, network()), INTERNET_ROUTE.existingNetwork, db({ replicate_source_db: "${aws_db_instance.primary.identifier}", db_subnet_group_name: undefined })],
    fail: [
      INTERNET_ROUTE.publicSubnet,
      INTERNET_ROUTE.inlineRoute,
      INTERNET_ROUTE.mainTable,
      db({}, network({ changes: { aws_route: { database_default: { route_table_id: "${aws_route_table.database.id}", destination_cidr_block: "0.0.0.0/0", gateway_id: "igw-0123456789abcdef0" } } } })),
      db({ db_subnet_group_name: undefined }),
      db({ db_subnet_group_name: "default" }),
      INTERNET_ROUTE.variableGateway,
    ],
  },
  "EC-05": {
    pass: [cache(), cache({ snapshot_retention_limit: 1 })],
    fail: [cache({ snapshot_retention_limit: 0 }), cache({ snapshot_retention_limit: undefined }), cache({ snapshot_retention_limit: "${var.retention}" })],
  },
  "EC-06": {
    pass: [cache(), cache({ auto_minor_version_upgrade: true }), cache({ auto_minor_version_upgrade: undefined })],
    fail: [cache({ auto_minor_version_upgrade: "false" }), cache({ auto_minor_version_upgrade: false })],
  },
  "EC-07": {
    pass: [cache({}, cacheSubnets), cache({ subnet_group_name: "acme-prod-redis" }), cache({ subnet_group_name: "acme-prod-redis" }, cacheSubnets)],
    fail: [cache({ subnet_group_name: undefined }), cache({ subnet_group_name: "default" }), cache({ subnet_group_name: "${var.subnet_group}" })],
  },
  "DDB-02": {
    pass: [table(), table(provisioned, merge(scaling("Read"), scaling("Write")))],
    fail: [
      table(provisioned),
      table({ billing_mode: undefined }),
      table(provisioned, scaling("Read")),
      table(provisioned, merge(scaling("Read"), scaling("Write", false))),
      table({ billing_mode: "${var.billing_mode}" }),
    ],
  },
  "DDB-03": {
    stage: "staging",
    pass: [table()],
    fail: [table({ deletion_protection_enabled: false }), table({ deletion_protection_enabled: undefined })],
  },
  "SSM-01": {
    pass: [parameter()],
    fail: [parameter({ type: "String" }), parameter({ type: "StringList" }), parameter({ type: undefined })],
  },
  "ACM-01": {
    pass: [certificate(), certificate({ subject_alternative_names: [] }), certificate({ options: { certificate_transparency_logging_preference: "ENABLED" } })],
    fail: [
      certificate({ lifecycle: undefined }),
      certificate({ lifecycle: { create_before_destroy: false } }),
      certificate({ options: { certificate_transparency_logging_preference: "DISABLED" } }),
      certificate({ domain_name: "*.acme-ai.example.com" }),
      certificate({ subject_alternative_names: ["api.acme-ai.example.com", "*.acme-ai.example.com"] }),
    ],
  },
};
