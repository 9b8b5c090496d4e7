/** Compliant and non-compliant fixtures for every rule, by rule id. */
import type { Stage } from "../../config/schema";
import type { StackJson } from "../../policy/model";
import {
  alb, allow, appRunnerService, appRunnerServiceAsLists, asBlockLists, backend, batchComputeEnvironment, batchJobDefinition, bucketStack, bucketWithJsonPolicy, container, distribution, ecsService, ecsTrust, forceSslGroup, githubTrust, https, httpRedirect, managedRule, merge, notFound, postgres, rateLimitRule, realApiTask,
  realFrontend, realFrontendWithRules, realServices, realServicesHttpOnly, redis, revise, role, securityGroup, stack, taskDefinition, tlsDeny, tlsDenyDoc, webAclRules,
} from "./fixtures";
import { ACCESS_CASES } from "./cases/access";
import { DATA_CASES } from "./cases/data";
import { WORKLOADS_CASES } from "./cases/workloads";

export interface RuleCase {
  /** Stage the fixtures are evaluated in. @default "prod" */
  readonly stage?: Stage;
  readonly pass: readonly StackJson[];
  readonly fail: readonly StackJson[];
}

const roleStack = (trust: object, policy?: object) => {
  const r = role(trust as Record<string, unknown>, policy as Record<string, unknown> | undefined);
  return stack(r.resource, r.data);
};
const gh = "token.actions.githubusercontent.com";
const arn = "arn:aws:s3:::acme-dev-b-111111111111";
const ssl = (Bool: Record<string, string>) => ({ Bool });

/** S3-04 fixtures that the detail tests refer to by name. */
export const TLS_ONLY = {
  bucketOnly: bucketStack({ policyDoc: tlsDenyDoc(tlsDeny({ resources: ["${aws_s3_bucket.b.arn}"] })) }),
  objectsOnly: bucketStack({ policyDoc: tlsDenyDoc(tlsDeny({ resources: ["${aws_s3_bucket.b.arn}/*"] })) }),
  rolePrincipal: bucketStack({ policyDoc: tlsDenyDoc(tlsDeny({ principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:role/app"] }] })) }),
  /** Bucket and objects in two statements: each covers only half. */
  split: bucketStack({ policyDoc: tlsDenyDoc(tlsDeny({ resources: ["${aws_s3_bucket.b.arn}"] }), tlsDeny({ sid: "DenyInsecureObjects", resources: ["${aws_s3_bucket.b.arn}/*"] })) }),
  jsonRolePrincipal: bucketWithJsonPolicy([
    { Sid: "DenyInsecureTransport", Effect: "Deny", Action: "s3:*", Principal: { AWS: "arn:aws:iam::111111111111:role/app" }, Resource: [arn, `${arn}/*`], Condition: ssl({ "aws:SecureTransport": "false" }) },
  ]),
};

/** The services stack as synthesized for prod (with a domain) and without a domain, and changed copies of it. */
const real = stack(realServices());
const realHttpOnly = stack(realServicesHttpOnly());
const realWith = (changes: Parameters<typeof revise>[1]) => stack(revise(realServices(), changes));
const realHttpOnlyWith = (changes: Parameters<typeof revise>[1]) => stack(revise(realServicesHttpOnly(), changes));
const forwardToApi = [{ target_group_arn: "${aws_lb_target_group.load_balancer_api_target_group.arn}", type: "forward" }];

/** ALB-06: a domain the load balancer does not serve over HTTPS, found by its alias record or by its certificate. */
const { aws_route53_record: records, aws_acm_certificate: certificates } = realServices();
export const DOMAIN_WITHOUT_HTTPS = {
  aliasOnly: stack(merge(realServicesHttpOnly(), { aws_route53_record: { domain_api_acme_ai_example_com: records.domain_api_acme_ai_example_com } })),
  certificateOnly: stack(merge(realServicesHttpOnly(), { aws_acm_certificate: certificates })),
};

/** EC-03: user groups given as one expression for the whole list cannot be read before apply. */
export const CACHE_GROUPS_UNKNOWN = stack({ aws_elasticache_replication_group: { r: redis({ auth_token: undefined, user_group_ids: "${var.user_group_ids}" }) } });

/** App Runner and Batch fixtures: the resources as AppRunnerService and BatchJob synthesize them, with changes. */
const apr = (changes: Record<string, unknown> = {}) => stack(appRunnerService(changes));
const aprLists = (changes: Record<string, unknown> = {}) => stack(appRunnerServiceAsLists(changes));
const IMAGE_CONFIG = "source_configuration.image_repository.image_configuration";
const aprEnv = (variables: Record<string, string>) => apr({ [`${IMAGE_CONFIG}.runtime_environment_variables`]: variables });
const aprSecrets = (secrets: unknown) => apr({ [`${IMAGE_CONFIG}.runtime_environment_secrets`]: secrets });
const noEgress = { "network_configuration.egress_configuration": { egress_type: "DEFAULT" } };
const job = (container: Record<string, unknown> = {}, changes: Record<string, unknown> = {}) => stack(batchJobDefinition(container, changes));
const jobAsLists = () => stack({ aws_batch_job_definition: { job: asBlockLists(batchJobDefinition().aws_batch_job_definition.job) } });
const computeEnvironment = (changes: Record<string, unknown> = {}) => stack(batchComputeEnvironment(changes));
const jobExpression = { container_properties: "${jsonencode(local.ingest_container)}" };

/** The frontend stack as synthesized for prod (site and /api/* through a VPC origin, WAF), and changed copies of it. */
const front = stack(realFrontend());
const frontWith = (changes: Parameters<typeof revise>[1]) => stack(revise(realFrontend(), changes));
const [siteOrigin] = realFrontend().aws_cloudfront_distribution.site.origin as Array<Record<string, unknown>>;
/** The distribution's load balancer origin replaced by `origin`. */
const frontWithLbOrigin = (origin: Record<string, unknown>) => frontWith({ "aws_cloudfront_distribution.site": { origin: [siteOrigin, { origin_id: "load-balancer", ...origin }] } });
const publicLb = { domain_name: "${aws_lb.lb.dns_name}", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } };
const [lbEndpoint] = realFrontend().aws_cloudfront_vpc_origin.site_load_balancer_origin.vpc_origin_endpoint_config as Array<Record<string, unknown>>;
/** The VPC origin with its endpoint configuration changed, as staging (no domain, so no certificate) writes it with http-only. */
const vpcOriginWith = (changes: Record<string, unknown>) => frontWith({ "aws_cloudfront_vpc_origin.site_load_balancer_origin": { vpc_origin_endpoint_config: [{ ...lbEndpoint, ...changes }] } });
const spaFallback = [
  { error_code: 403, response_code: 200, response_page_path: "/index.html" },
  { error_code: 404, response_code: 200, response_page_path: "/index.html" },
];
const KBI = "AWSManagedRulesKnownBadInputsRuleSet";
/** The web ACL with WebAcl's rules, its known-bad-inputs rule replaced by `rule` or dropped. */
const withBadInputs = (rule?: Record<string, unknown>) => stack(realFrontendWithRules([...webAclRules().filter((r) => r.name !== KBI), ...(rule ? [rule] : [])]));
/** The web ACL with its rules as `rule_json` (the WAF API's form) instead of rule blocks. */
const wafJson = (rules: unknown[]) => frontWith({ "aws_wafv2_web_acl.firewall": { rule: undefined, rule_json: JSON.stringify(rules) } });
const visibility = { CloudWatchMetricsEnabled: true, MetricName: "m", SampledRequestsEnabled: true };
const jsonBadInputs = (extra: Record<string, unknown> = {}) => ({ Name: KBI, Priority: 30, Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: KBI } }, OverrideAction: { None: {} }, VisibilityConfig: visibility, ...extra });
const jsonRateLimit = (action: Record<string, unknown>) => ({ Name: "rl", Priority: 1, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: "IP" } }, Action: action, VisibilityConfig: visibility });
const withoutAclAssociation = (section: ReturnType<typeof alb>) => stack(revise(section, { "aws_wafv2_web_acl_association.lb": null }));

/** Frontend, firewall and load balancer fixtures that the detail tests refer to by name. */
export const EDGE = {
  httpVpcOrigin: vpcOriginWith({ origin_protocol_policy: "http-only" }),
  publicLoadBalancer: frontWithLbOrigin(publicLb),
  spaFallback: frontWith({ "aws_cloudfront_distribution.site": { custom_error_response: spaFallback } }),
  log4jCounted: withBadInputs(managedRule(KBI, 30, { rule_action_override: [{ name: "Log4JRCE_HEADER", action_to_use: { count: {} } }, { name: "Log4JRCE_BODY", action_to_use: { allow: {} } }] })),
  schemeUnknown: withoutAclAssociation(alb({ internal: "${var.internal}" })),
};

/** CW-02: the watched resources, one of each type, named as the platform names them. */
type Body = Record<string, unknown>;
type Resources = Record<string, Record<string, Body>>;
const topic = ["${var.alert_topic_arn}"];
/** An alarm on one metric, as MetricAlarm writes a plain statistic. */
const metricAlarm = (namespace: string, metric: string, dimensions: Record<string, string>): Body => ({ alarm_name: `${namespace}-${metric}`, namespace, metric_name: metric, dimensions, statistic: "Average", alarm_actions: topic });
/** The same metric inside a metric query (an expression over it), as MetricAlarm writes shares and unit conversions. */
const queryAlarm = (namespace: string, metric: string, dimensions: Record<string, string>): Body => ({
  alarm_name: `${namespace}-${metric}-expression`,
  alarm_actions: topic,
  metric_query: [
    { id: "result", expression: "100 * m / 1000", label: "share", return_data: true },
    { id: "m", return_data: false, metric: { namespace, metric_name: metric, dimensions, period: 300, stat: "Average" } },
  ],
});
/** Resources and their alarms in one stack. */
const alarmed = (resources: Resources, ...alarms: Body[]): StackJson => stack({ ...resources, ...(alarms.length > 0 ? { aws_cloudwatch_metric_alarm: Object.fromEntries(alarms.map((a, i) => [`alarm_${i}`, a])) } : {}) });
const db = { aws_db_instance: { db: postgres({ identifier: "acme-prod-db" }) } };
const rds = (metric: string, identifier = "acme-prod-db") => metricAlarm("AWS/RDS", metric, { DBInstanceIdentifier: identifier });
const cache = (nodes: unknown = 2) => ({ aws_elasticache_replication_group: { cache: redis({ replication_group_id: "acme-prod-redis", num_cache_clusters: nodes }) } });
const cacheNode = (n: string) => [
  metricAlarm("AWS/ElastiCache", "EngineCPUUtilization", { CacheClusterId: `acme-prod-redis-${n}` }),
  metricAlarm("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", { CacheClusterId: `acme-prod-redis-${n}` }),
];
const ecs = (metric: string, service = "s") => metricAlarm("AWS/ECS", metric, { ClusterName: "c", ServiceName: service });
const lb = { aws_lb: { lb: { name: "acme-prod", load_balancer_type: "application" } } };
const targetGroup = { aws_lb_target_group: { tg: { name: "acme-prod-api-8000", port: 8000, protocol: "HTTP" } } };
const elb = (metric: string, dimensions: Record<string, string>) => metricAlarm("AWS/ApplicationELB", metric, dimensions);
const tgDims = { LoadBalancer: "${aws_lb.lb.arn_suffix}", TargetGroup: "${aws_lb_target_group.tg.arn_suffix}" };
const appRunner5xx = (serviceName: string) => metricAlarm("AWS/AppRunner", "5xxStatusResponses", { ServiceName: serviceName, ServiceID: "${aws_apprunner_service.web.service_id}" });
const cdn5xx = (distribution: string) => queryAlarm("AWS/CloudFront", "5xxErrorRate", { DistributionId: distribution, Region: "Global" });

/** CW-02 fixtures that the detail tests (alarms.test.ts) refer to by name. */
export const CORE_ALARMS = {
  databaseCpuOnly: alarmed(db, rds("CPUUtilization")),
  databaseOtherInstance: alarmed(db, rds("CPUUtilization", "acme-prod-db-old"), rds("FreeStorageSpace", "acme-prod-db-old")),
  cacheFirstNodeOnly: alarmed(cache(), ...cacheNode("001")),
  cacheNodesUnknown: alarmed(cache("${var.cache_nodes}"), ...cacheNode("001")),
  loadBalancerOther: alarmed(lb, elb("HTTPCode_ELB_5XX_Count", { LoadBalancer: "${aws_lb.other.arn_suffix}" })),
  targetGroupErrorsOnly: alarmed(merge(lb, targetGroup), elb("HTTPCode_ELB_5XX_Count", { LoadBalancer: "${aws_lb.lb.arn_suffix}" }), elb("HTTPCode_Target_5XX_Count", tgDims)),
  // The target group's metrics by TargetGroup alone: AWS publishes them per load balancer and target group.
  targetGroupWithoutLoadBalancer: alarmed(
    merge(lb, targetGroup),
    elb("HTTPCode_ELB_5XX_Count", { LoadBalancer: "${aws_lb.lb.arn_suffix}" }),
    elb("HTTPCode_Target_5XX_Count", { TargetGroup: "${aws_lb_target_group.tg.arn_suffix}" }),
    elb("UnHealthyHostCount", { TargetGroup: "${aws_lb_target_group.tg.arn_suffix}" }),
  ),
  // App Runner's metrics by ServiceName alone: AWS publishes them with ServiceID and ServiceName.
  appRunnerWithoutServiceId: alarmed(appRunnerService(), metricAlarm("AWS/AppRunner", "5xxStatusResponses", { ServiceName: "acme-ai-prod-web" })),
  // CloudFront's metrics without Region, and with a Region other than Global: AWS publishes them with Region=Global only.
  cdnWithoutRegion: alarmed(distribution(), queryAlarm("AWS/CloudFront", "5xxErrorRate", { DistributionId: "${aws_cloudfront_distribution.d.id}" })),
  cdnRegionNotGlobal: alarmed(distribution(), queryAlarm("AWS/CloudFront", "5xxErrorRate", { DistributionId: "${aws_cloudfront_distribution.d.id}", Region: "us-east-1" })),
  // ECS by ServiceName alone: AWS publishes a service's metrics with ClusterName and ServiceName.
  ecsWithoutCluster: alarmed(ecsService(), ecs("CPUUtilization"), metricAlarm("AWS/ECS", "MemoryUtilization", { ServiceName: "s" })),
  // A dimension more than AWS publishes the database's metrics with: no such metric.
  databaseExtraDimension: alarmed(db, rds("CPUUtilization"), metricAlarm("AWS/RDS", "FreeStorageSpace", { DBInstanceIdentifier: "acme-prod-db", EngineName: "postgres" })),
};

/** RDS enhanced monitoring as PostgresDatabase writes it in prod. */
const monitored = (extra: Body = {}) => stack({ aws_db_instance: { db: postgres({ monitoring_interval: 60, monitoring_role_arn: "${aws_iam_role.database_monitoring_role.arn}", ...extra }) } });

/**
 * Enhanced monitoring (policy/rules/rds/enhanced-monitoring.ts). Its rule currently carries the id RDS-10, which
 * RDS Proxy's TLS rule (proxy-tls.ts, in the README's table since before) already has: the rule needs an id of its
 * own, and these cases wait under RDS-11 for it.
 */
const ENHANCED_MONITORING: RuleCase = {
  pass: [monitored(), monitored({ monitoring_interval: 1, monitoring_role_arn: "arn:aws:iam::333333333333:role/acme-prod-rds-monitoring" })],
  fail: [
    monitored({ monitoring_interval: 0 }),
    // neither set: AWS's default is off
    stack({ aws_db_instance: { db: postgres() } }),
    monitored({ monitoring_role_arn: undefined }),
    monitored({ monitoring_role_arn: "" }),
    monitored({ monitoring_interval: "0", monitoring_role_arn: undefined }),
    // an interval only known at apply is reported, never taken as compliant
    monitored({ monitoring_interval: "${var.monitoring_interval}" }),
  ],
};

export const RULE_CASES: Record<string, RuleCase> = {
  ...ACCESS_CASES,
  ...WORKLOADS_CASES,
  ...DATA_CASES,
  "S3-01": {
    pass: [bucketStack()],
    fail: [
      bucketStack({ without: ["aws_s3_bucket_public_access_block"] }),
      bucketStack({ with: { aws_s3_bucket_public_access_block: { b: { bucket: "${aws_s3_bucket.b.id}", block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: false } } } }),
    ],
  },
  "S3-02": {
    pass: [bucketStack(), bucketStack({ with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "acme-dev-b-111111111111", rule: { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } } } } } })],
    fail: [bucketStack({ without: ["aws_s3_bucket_server_side_encryption_configuration"] })],
  },
  "S3-03": {
    pass: [bucketStack()],
    fail: [
      bucketStack({ without: ["aws_s3_bucket_versioning"] }),
      bucketStack({ with: { aws_s3_bucket_versioning: { b: { bucket: "${aws_s3_bucket.b.id}", versioning_configuration: { status: "Suspended" } } } } }),
    ],
  },
  "S3-04": {
    pass: [
      bucketStack(),
      // by literal name, principal AWS "*", next to other statements
      bucketStack({
        policyDoc: tlsDenyDoc(
          { sid: "AllowRead", effect: "Allow", actions: ["s3:GetObject"], resources: [`${arn}/*`], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:role/app"] }] },
          tlsDeny({ actions: ["*"], resources: [`${arn}/*`, arn], principals: [{ type: "AWS", identifiers: ["*"] }] }),
        ),
      }),
      // a JSON policy string with "Principal": "*"
      bucketWithJsonPolicy([{ Sid: "DenyInsecureTransport", Effect: "Deny", Action: "s3:*", Principal: "*", Resource: [arn, `${arn}/*`], Condition: ssl({ "aws:SecureTransport": "false" }) }]),
    ],
    fail: [
      bucketStack({ without: ["aws_s3_bucket_policy"] }),
      bucketStack({ policyDoc: { statement: [{ sid: "AllowRead", effect: "Allow", actions: ["s3:GetObject"], resources: ["${aws_s3_bucket.b.arn}/*"] }] } }),
      bucketStack({ with: { aws_s3_bucket_policy: { b: { bucket: "${aws_s3_bucket.b.id}", policy: "${jsonencode({})}" } } } }),
      TLS_ONLY.bucketOnly,
      TLS_ONLY.objectsOnly,
      TLS_ONLY.rolePrincipal,
      TLS_ONLY.split,
      TLS_ONLY.jsonRolePrincipal,
      // another bucket's ARN, or the bucket's id instead of its ARN
      bucketStack({ policyDoc: tlsDenyDoc(tlsDeny({ resources: ["${aws_s3_bucket.other.arn}", "${aws_s3_bucket.other.arn}/*"] })) }),
      bucketStack({ policyDoc: tlsDenyDoc(tlsDeny({ resources: ["${aws_s3_bucket.b.id}", "${aws_s3_bucket.b.id}/*"] })) }),
      bucketStack({ policyDoc: tlsDenyDoc(tlsDeny({ condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["true"] }] })) }),
    ],
  },
  "S3-05": {
    pass: [bucketStack()],
    fail: [bucketStack({ with: { aws_s3_bucket_ownership_controls: { b: { bucket: "${aws_s3_bucket.b.id}", rule: { object_ownership: "ObjectWriter" } } } } })],
  },
  "S3-06": { stage: "staging", pass: [bucketStack()], fail: [bucketStack({ without: ["aws_s3_bucket_logging"] })] },
  "S3-07": {
    pass: [bucketStack()],
    fail: [
      bucketStack({ without: ["aws_s3_bucket_lifecycle_configuration"] }),
      bucketStack({ with: { aws_s3_bucket_lifecycle_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ id: "x", status: "Enabled", expiration: [{ days: 30 }] }] } } } }),
    ],
  },
  "RDS-01": { pass: [stack({ aws_db_instance: { db: postgres() } })], fail: [stack({ aws_db_instance: { db: postgres({ publicly_accessible: true }) } })] },
  "RDS-02": {
    pass: [stack({ aws_db_instance: { db: postgres() } }), stack({ aws_rds_cluster: { c: { storage_encrypted: true } } })],
    fail: [stack({ aws_db_instance: { db: postgres({ storage_encrypted: false }) } }), stack({ aws_rds_cluster: { c: {} } })],
  },
  "RDS-03": {
    stage: "staging",
    pass: [stack({ aws_db_instance: { db: postgres({ backup_retention_period: 14 }) } })],
    fail: [stack({ aws_db_instance: { db: postgres({ backup_retention_period: 3 }) } }), stack({ aws_db_instance: { db: postgres({ backup_retention_period: undefined }) } })],
  },
  "RDS-04": { pass: [stack({ aws_db_instance: { db: postgres() } })], fail: [stack({ aws_db_instance: { db: postgres({ deletion_protection: false }) } })] },
  "RDS-05": {
    pass: [stack({ aws_db_instance: { db: postgres() } })],
    fail: [stack({ aws_db_instance: { db: postgres({ skip_final_snapshot: true }) } }), stack({ aws_db_instance: { db: postgres({ final_snapshot_identifier: undefined }) } })],
  },
  "RDS-06": { pass: [stack({ aws_db_instance: { db: postgres() } })], fail: [stack({ aws_db_instance: { db: postgres({ multi_az: false }) } })] },
  "RDS-07": {
    pass: [stack({ aws_db_instance: { db: postgres() } })],
    fail: [
      stack({ aws_db_instance: { db: postgres({ manage_master_user_password: undefined, password: "${var.db_password}" }) } }),
      stack({ aws_db_instance: { db: postgres({ manage_master_user_password: false }) } }),
    ],
  },
  "RDS-08": {
    pass: [stack({ aws_db_instance: { db: postgres() } }), stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: ["postgresql"] }) } }), stack({ aws_db_instance: { db: postgres({ engine: "mysql", enabled_cloudwatch_logs_exports: ["error"] }) } })],
    fail: [
      stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: [] }) } }),
      stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: undefined }) } }),
      // PostgreSQL's upgrade log alone holds none of its connections, errors or statements (RDS.36)
      stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: ["upgrade"] }) } }),
      stack({ aws_db_instance: { db: postgres({ enabled_cloudwatch_logs_exports: "${var.log_exports}" }) } }),
    ],
  },
  "RDS-09": {
    pass: [stack(merge({ aws_db_instance: { db: postgres() } }, forceSslGroup())), stack({ aws_db_instance: { db: postgres({ engine: "mysql", parameter_group_name: undefined }) } })],
    fail: [stack(merge({ aws_db_instance: { db: postgres() } }, forceSslGroup("0"))), stack({ aws_db_instance: { db: postgres({ parameter_group_name: "default.postgres16" }) } })],
  },
  "RDS-10": { pass: [stack({ aws_db_proxy: { p: { require_tls: true } } })], fail: [stack({ aws_db_proxy: { p: { require_tls: false } } }), stack({ aws_db_proxy: { p: {} } })] },
  "RDS-11": ENHANCED_MONITORING,
  "EC-01": { pass: [stack({ aws_elasticache_replication_group: { r: redis() } })], fail: [stack({ aws_elasticache_replication_group: { r: redis({ at_rest_encryption_enabled: false }) } })] },
  "EC-02": { pass: [stack({ aws_elasticache_replication_group: { r: redis() } })], fail: [stack({ aws_elasticache_replication_group: { r: redis({ transit_encryption_enabled: undefined }) } })] },
  "EC-03": {
    pass: [
      stack({ aws_elasticache_replication_group: { r: redis() } }),
      stack({ aws_elasticache_replication_group: { r: redis({ auth_token: undefined, user_group_ids: ["g1"] }) } }),
      // what RedisCache emits: a list of references is a list of strings, so it is set
      stack({ aws_elasticache_replication_group: { r: redis({ auth_token: undefined, user_group_ids: ["${aws_elasticache_user_group.users.user_group_id}"] }) } }),
    ],
    fail: [
      stack({ aws_elasticache_replication_group: { r: redis({ auth_token: undefined }) } }),
      stack({ aws_elasticache_replication_group: { r: redis({ auth_token: undefined, user_group_ids: [] }) } }),
      CACHE_GROUPS_UNKNOWN,
    ],
  },
  "EC-04": { pass: [stack({ aws_elasticache_replication_group: { r: redis() } })], fail: [stack({ aws_elasticache_replication_group: { r: redis({ automatic_failover_enabled: false }) } })] },
  "ECR-01": {
    pass: [stack({ aws_ecr_repository: { r: { name: "r", image_scanning_configuration: { scan_on_push: true } } } })],
    fail: [stack({ aws_ecr_repository: { r: { name: "r" } } })],
  },
  "ECR-02": {
    pass: [stack({ aws_ecr_repository: { r: { name: "r", image_tag_mutability: "IMMUTABLE" } } })],
    fail: [stack({ aws_ecr_repository: { r: { name: "r", image_tag_mutability: "MUTABLE" } } }), stack({ aws_ecr_repository: { r: { name: "r" } } })],
  },
  "ECR-03": {
    pass: [stack({ aws_ecr_repository: { r: { name: "r" } }, aws_ecr_lifecycle_policy: { r: { repository: "${aws_ecr_repository.r.name}", policy: "{}" } } })],
    fail: [stack({ aws_ecr_repository: { r: { name: "r" } } })],
  },
  "ECS-01": { pass: [stack(taskDefinition([container({ privileged: false })]))], fail: [stack(taskDefinition([container(), container({ name: "sidecar", privileged: true })]))] },
  "ECS-02": { pass: [stack(taskDefinition([container()]))], fail: [stack(taskDefinition([container()], { pid_mode: "host" }))] },
  "ECS-03": {
    pass: [stack(taskDefinition([container()]))],
    fail: [stack(taskDefinition([container({ logConfiguration: undefined })])), stack(taskDefinition([container()], { container_definitions: "${jsonencode(local.containers)}" }))],
  },
  "ECS-04": {
    pass: [
      stack(taskDefinition([container({ environment: [{ name: "KEY_PREFIX", value: "x" }, { name: "LOG_LEVEL", value: "info" }] })])),
      // LLM settings are not secrets
      stack(taskDefinition([container({ environment: [{ name: "MAX_TOKENS", value: "4096" }, { name: "TOKENIZERS_PARALLELISM", value: "false" }] })])),
      stack(taskDefinition([container({ environment: [{ name: "MAX_NEW_TOKENS", value: "512" }, { name: "HF_TOKENIZER", value: "gpt2" }, { name: "DB_SECRET_ARN", value: "arn:aws:secretsmanager:us-east-1:1:secret:x" }, { name: "PASSWORD_MIN_LENGTH", value: "12" }] })])),
    ],
    fail: [
      stack(taskDefinition([container({ environment: [{ name: "OPENAI_API_KEY", value: "x" }] })])),
      stack(taskDefinition([container({ environment: [{ name: "MAX_TOKENS", value: "4096" }, { name: "OPENAI_API_KEY", value: "x" }] })])),
      stack(taskDefinition([container({ environment: [{ name: "DB_PASSWORD", value: "x" }] })])),
      stack(taskDefinition([container({ environment: [{ name: "JWT_SECRET", value: "x" }] })])),
      stack(taskDefinition([container({ environment: [{ name: "GITHUB_TOKEN", value: "x" }] })])),
      stack(taskDefinition([container({ environment: [{ name: "HF_TOKEN", value: "x" }] })])),
    ],
  },
  "ECS-05": {
    pass: [stack(ecsService()), real],
    fail: [
      stack(ecsService({ network_configuration: { subnets: ["s"], assign_public_ip: true } })),
      realWith({ "aws_ecs_service.worker_service": { network_configuration: { assign_public_ip: true, security_groups: ["${data.terraform_remote_state.foundation.outputs.app_security_group_id}"], subnets: "${data.terraform_remote_state.foundation.outputs.public_subnet_ids}" } } }),
    ],
  },
  "ECS-06": { pass: [stack(taskDefinition([container()]))], fail: [stack(taskDefinition([container()], { task_role_arn: "${aws_iam_role.exec.arn}" }))] },
  "ECS-07": {
    pass: [stack({ aws_ecs_cluster: { c: { name: "c", setting: [{ name: "containerInsights", value: "enabled" }] } } })],
    fail: [stack({ aws_ecs_cluster: { c: { name: "c" } } }), stack({ aws_ecs_cluster: { c: { name: "c", setting: [{ name: "containerInsights", value: "disabled" }] } } })],
  },
  "ECS-08": {
    pass: [stack(ecsService()), stack(ecsService({ deployment_circuit_breaker: undefined, deployment_controller: { type: "CODE_DEPLOY" } })), real],
    fail: [
      stack(ecsService({ deployment_circuit_breaker: undefined })),
      stack(ecsService({ deployment_circuit_breaker: { enable: true, rollback: false } })),
      // the real services name their controller (ECS), which does not exempt them
      realWith({ "aws_ecs_service.qdrant_service": { deployment_circuit_breaker: undefined } }),
      realWith({ "aws_ecs_service.api_service": { deployment_circuit_breaker: { enable: true, rollback: false } } }),
    ],
  },
  "ECS-09": {
    pass: [real, stack(taskDefinition([container({ readonlyRootFilesystem: true }), container({ name: "sidecar", readonlyRootFilesystem: true })]))],
    fail: [
      realWith({ "aws_ecs_task_definition.api": realApiTask({ readonlyRootFilesystem: false }) }),
      realWith({ "aws_ecs_task_definition.api": realApiTask({ readonlyRootFilesystem: undefined }) }),
      // one container of two
      stack(taskDefinition([container({ readonlyRootFilesystem: true }), container({ name: "sidecar" })])),
      realWith({ "aws_ecs_task_definition.api": { container_definitions: "${jsonencode(local.containers)}" } }),
    ],
  },
  "ECS-10": {
    // the worker and qdrant have no load balancer and no grace period
    pass: [real, realHttpOnly],
    fail: [realWith({ "aws_ecs_service.api_service": { health_check_grace_period_seconds: undefined } }), realWith({ "aws_ecs_service.api_service": { health_check_grace_period_seconds: 0 } })],
  },
  "ECS-11": {
    pass: [
      real,
      // qdrant does not autoscale: Terraform may own its count
      realWith({ "aws_ecs_service.qdrant_service": { lifecycle: undefined } }),
      realWith({ "aws_ecs_service.api_service": { lifecycle: { ignore_changes: "all" } } }),
    ],
    fail: [
      realWith({ "aws_ecs_service.api_service": { lifecycle: undefined } }),
      realWith({ "aws_ecs_service.worker_service": { lifecycle: { ignore_changes: ["tags"] } } }),
      // scaled by the service's literal name
      realWith({ "aws_ecs_service.api_service": { lifecycle: undefined }, "aws_appautoscaling_target.api_autoscaling": { resource_id: "service/acme-ai-prod/api" } }),
    ],
  },
  "APR-01": {
    pass: [
      apr(),
      aprLists(),
      apr({ health_check_configuration: { protocol: "TCP", interval: 5, timeout: 2, healthy_threshold: 1, unhealthy_threshold: 5 } }),
    ],
    fail: [
      apr({ health_check_configuration: undefined }),
      apr({ "health_check_configuration.protocol": undefined }),
      apr({ "health_check_configuration.protocol": "HTTPS" }),
      apr({ "health_check_configuration.timeout": undefined, "health_check_configuration.unhealthy_threshold": undefined }),
      apr({ "health_check_configuration.interval": 0 }),
      apr({ "health_check_configuration.interval": "${var.interval}" }),
    ],
  },
  "APR-02": {
    pass: [
      apr(),
      aprLists(),
      // settings, not secrets; the ARN of a secret is no secret
      aprEnv({ MAX_TOKENS: "4096", TOKENIZERS_PARALLELISM: "false", DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:111111111111:secret:acme-db-AbCdEf", PASSWORD_MIN_LENGTH: "12", DB_HOST: "db.internal" }),
      aprSecrets({
        OPENAI_API_KEY: "arn:aws:secretsmanager:us-east-1:111111111111:secret:acme-ai-prod-web-AbCdEf:OPENAI_API_KEY::",
        HF_TOKEN: "arn:aws:ssm:us-east-1:111111111111:parameter/acme/hf-token",
        JWT_SECRET: "${aws_secretsmanager_secret.jwt.arn}",
      }),
    ],
    fail: [
      aprEnv({ APP_ENVIRONMENT: "prod", OPENAI_API_KEY: "x" }),
      aprEnv({ DB_PASSWORD: "${var.db_password}" }),
      aprEnv({ DATABASE_URL: "postgres://app:hunter2hunter2@db.internal:5432/app" }),
      aprEnv({ AWS_ID: "AKIAIOSFODNN7EXAMPLE" }),
      apr({ [`${IMAGE_CONFIG}.start_command`]: "worker --redis redis://:hunter2hunter2@cache.internal:6379" }),
      aprSecrets({ OPENAI_API_KEY: "sk-abcdefghijklmnopqrstuvwxyz0123456789" }),
      aprSecrets({ DB_PASSWORD: "hunter2" }),
      aprSecrets({ DB_PASSWORD: "${aws_secretsmanager_secret_version.db.secret_string}" }),
      aprSecrets({ HF_TOKEN: "${data.aws_ssm_parameter.hf.value}" }),
      apr({ [`${IMAGE_CONFIG}.runtime_environment_variables`]: "${local.web_environment}" }),
    ],
  },
  "APR-03": {
    pass: [
      apr(),
      aprLists(),
      // no data store: App Runner's own egress is fine
      apr({ ...noEgress, [`${IMAGE_CONFIG}.runtime_environment_variables`]: { APP_ENVIRONMENT: "prod", QDRANT_URL: "https://qdrant.example.com" } }),
      apr({ [`${IMAGE_CONFIG}.runtime_environment_variables`]: { REDIS_HOST: "${data.terraform_remote_state.foundation.outputs.cache_endpoint}" } }),
    ],
    fail: [
      apr(noEgress),
      apr({ network_configuration: undefined, [`${IMAGE_CONFIG}.runtime_environment_variables`]: { REDIS_HOST: "cache.internal" } }),
      apr({ "network_configuration.egress_configuration.vpc_connector_arn": undefined }),
      apr({ "network_configuration.egress_configuration.egress_type": "${var.egress}" }),
      apr({ ...noEgress, [`${IMAGE_CONFIG}.runtime_environment_variables`]: "${local.web_environment}" }),
    ],
  },
  "APR-04": {
    pass: [apr(), aprLists(), apr({ "source_configuration.image_repository.image_identifier": "111111111111.dkr.ecr.us-east-1.amazonaws.com/acme-ai/web:1.4.2" })],
    fail: [
      apr({ "source_configuration.auto_deployments_enabled": true }),
      // App Runner's default is true
      apr({ "source_configuration.auto_deployments_enabled": undefined }),
      apr({ "source_configuration.authentication_configuration": undefined }),
      apr({ "source_configuration.image_repository.image_repository_type": "ECR_PUBLIC", "source_configuration.image_repository.image_identifier": "public.ecr.aws/nginx/nginx:latest" }),
      apr({ "source_configuration.image_repository.image_identifier": "docker.io/library/nginx:latest" }),
      apr({ "source_configuration.image_repository": undefined, "source_configuration.code_repository": { repository_url: "https://github.com/acme/web", source_code_version: { type: "BRANCH", value: "main" } } }),
    ],
  },
  "APR-05": {
    pass: [
      // no encryption_configuration: the AWS-owned key
      apr(),
      aprLists({ encryption_configuration: { kms_key: "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" } }),
      apr({ encryption_configuration: { kms_key: "${aws_kms_key.apprunner.arn}" } }),
      apr({ encryption_configuration: { kms_key: "${data.terraform_remote_state.foundation.outputs.kms_key_arn}" } }),
    ],
    fail: [
      apr({ encryption_configuration: { kms_key: "alias/aws/apprunner" } }),
      apr({ encryption_configuration: { kms_key: "arn:aws:kms:us-east-1:111111111111:alias/acme-ai" } }),
      apr({ encryption_configuration: { kms_key: "${aws_kms_alias.apprunner.arn}" } }),
      apr({ encryption_configuration: { kms_key: "1234abcd-12ab-34cd-56ef-1234567890ab" } }),
      apr({ encryption_configuration: {} }),
    ],
  },
  "APR-06": {
    pass: [apr(), aprLists(), apr({ "instance_configuration.instance_role_arn": undefined, [`${IMAGE_CONFIG}.runtime_environment_secrets`]: {} })],
    fail: [
      apr({ "instance_configuration.instance_role_arn": undefined }),
      aprLists({ instance_configuration: { cpu: "1024", memory: "2048" } }),
      apr({ "instance_configuration.instance_role_arn": undefined, [`${IMAGE_CONFIG}.runtime_environment_secrets`]: "${local.web_secrets}" }),
    ],
  },
  "BATCH-01": {
    pass: [job(), jobAsLists(), job({ networkConfiguration: undefined })],
    fail: [job({ networkConfiguration: { assignPublicIp: "ENABLED" } }), job({}, jobExpression), job({}, { container_properties: undefined, type: "multinode", node_properties: "{}" })],
  },
  "BATCH-02": {
    pass: [job(), jobAsLists(), job({}, { "timeout.attempt_duration_seconds": 60 })],
    fail: [job({}, { timeout: undefined }), job({}, { "timeout.attempt_duration_seconds": 30 }), job({}, { timeout: {} }), job({}, { "timeout.attempt_duration_seconds": "${var.timeout}" })],
  },
  "BATCH-03": {
    pass: [job(), jobAsLists(), job({}, { "retry_strategy.attempts": 1 }), job({}, { "retry_strategy.attempts": 10 })],
    fail: [
      job({}, { retry_strategy: undefined }),
      job({}, { "retry_strategy.attempts": undefined }),
      job({}, { "retry_strategy.attempts": 0 }),
      job({}, { "retry_strategy.attempts": 11 }),
    ],
  },
  "BATCH-04": {
    pass: [job(), jobAsLists()],
    fail: [job({ readonlyRootFilesystem: false }), job({ readonlyRootFilesystem: undefined }), job({}, jobExpression), job({}, { container_properties: "{not json" })],
  },
  "BATCH-05": {
    pass: [job(), job({ user: "app" }), job({ user: "1000" })],
    fail: [job({ user: undefined }), job({ user: "root" }), job({ user: "0" }), job({ user: "0:0" }), job({ user: "root:app" }), job({ user: "${var.user}" })],
  },
  "BATCH-06": {
    pass: [job(), jobAsLists()],
    fail: [
      job({ jobRoleArn: "${data.terraform_remote_state.foundation.outputs.execution_role_arns.ingest}" }),
      job({ jobRoleArn: undefined }),
      job({ executionRoleArn: undefined }),
    ],
  },
  "BATCH-07": {
    pass: [job(), jobAsLists(), job({ privileged: undefined })],
    fail: [job({ privileged: true }), job({ privileged: "${var.privileged}" })],
  },
  "BATCH-08": {
    pass: [
      computeEnvironment(),
      computeEnvironment({ "compute_resources.type": "FARGATE_SPOT" }),
      stack({ aws_batch_compute_environment: { ce: asBlockLists(batchComputeEnvironment().aws_batch_compute_environment.ce) } }),
      // EC2 capacity takes its network from a launch template: not checked here
      computeEnvironment({ compute_resources: { type: "EC2", max_vcpus: 4, instance_type: ["m7i.large"], subnets: ["subnet-1"], instance_role: "arn:aws:iam::111111111111:instance-profile/batch" } }),
    ],
    fail: [
      computeEnvironment({ "compute_resources.security_group_ids": [] }),
      computeEnvironment({ "compute_resources.security_group_ids": undefined }),
      computeEnvironment({ "compute_resources.subnets": "${data.terraform_remote_state.foundation.outputs.public_subnet_ids}" }),
      computeEnvironment({ "compute_resources.security_group_ids": "${var.security_group_ids}" }),
    ],
  },
  "ALB-01": {
    pass: [stack(alb()), real, realHttpOnly, realWith({ "aws_lb.load_balancer": { load_balancer_type: "network", drop_invalid_header_fields: undefined } })],
    fail: [stack(alb({ drop_invalid_header_fields: false })), stack(alb({ drop_invalid_header_fields: undefined })), realWith({ "aws_lb.load_balancer": { drop_invalid_header_fields: undefined } })],
  },
  "ALB-02": {
    pass: [
      stack(alb({}, { https, http: httpRedirect })),
      stack(alb({ internal: true }, { http: { port: 80, protocol: "HTTP", default_action: [{ type: "forward" }] } })),
      real,
      // without a certificate HTTP serves the services
      realHttpOnly,
    ],
    fail: [
      stack(alb({}, { https, http: { port: 80, protocol: "HTTP", default_action: [{ type: "forward", target_group_arn: "x" }] } })),
      realWith({ "aws_lb_listener.load_balancer_http_listener": { default_action: forwardToApi } }),
      // the default redirects, but a listener rule on port 80 forwards
      realWith({ "aws_lb_listener_rule.load_balancer_api_rule": { listener_arn: "${aws_lb_listener.load_balancer_http_listener.arn}" } }),
    ],
  },
  "ALB-03": {
    pass: [stack(alb({}, { https })), stack(alb({}, { https: { ...https, ssl_policy: "ELBSecurityPolicy-TLS13-1-3-2021-06" } })), real, realHttpOnly],
    fail: [
      stack(alb({}, { https: { ...https, ssl_policy: "ELBSecurityPolicy-2016-08" } })),
      stack(alb({}, { https: { ...https, ssl_policy: undefined } })),
      realWith({ "aws_lb_listener.load_balancer_https_listener": { ssl_policy: "ELBSecurityPolicy-TLS-1-1-2017-01" } }),
    ],
  },
  "ALB-04": {
    stage: "staging",
    pass: [stack(alb()), realHttpOnly],
    // dev's load balancer has no access_logs block
    fail: [stack(alb({ access_logs: undefined })), realHttpOnlyWith({ "aws_lb.load_balancer": { access_logs: undefined } }), realHttpOnlyWith({ "aws_lb.load_balancer": { access_logs: { bucket: "logs", enabled: false } } })],
  },
  "ALB-05": {
    pass: [stack(alb()), real],
    fail: [stack(alb({ enable_deletion_protection: false })), realWith({ "aws_lb.load_balancer": { enable_deletion_protection: false } }), realWith({ "aws_lb.load_balancer": { enable_deletion_protection: undefined } })],
  },
  "ALB-06": {
    pass: [
      real,
      // no domain: HTTP only is allowed
      realHttpOnly,
      // a network load balancer carries no HTTP
      stack(merge(revise(realServicesHttpOnly(), { "aws_lb.load_balancer": { load_balancer_type: "network" } }), { aws_acm_certificate: certificates })),
    ],
    fail: [
      DOMAIN_WITHOUT_HTTPS.aliasOnly,
      DOMAIN_WITHOUT_HTTPS.certificateOnly,
      // the domain with its HTTPS listener, which lacks a certificate
      realWith({ "aws_lb_listener.load_balancer_https_listener": { certificate_arn: undefined } }),
    ],
  },
  "ALB-07": {
    pass: [
      real,
      realHttpOnly,
      // without listener rules the default action is the only route
      stack(alb({}, { https, http: httpRedirect })),
      realWith({ "aws_lb_listener.load_balancer_https_listener": { default_action: [{ type: "authenticate-oidc", authenticate_oidc: { issuer: "https://idp" } }, notFound] } }),
    ],
    fail: [
      realHttpOnlyWith({ "aws_lb_listener.load_balancer_http_listener": { default_action: forwardToApi } }),
      realWith({ "aws_lb_listener.load_balancer_https_listener": { default_action: forwardToApi } }),
    ],
  },
  "ALB-08": {
    pass: [
      stack(alb()),
      real,
      // internal behind CloudFront, as prod writes it with frontend routes: the distribution's web ACL covers it
      realWith({ "aws_lb.load_balancer": { internal: true }, "aws_wafv2_web_acl_association.load_balancer_firewall_association": null }),
      withoutAclAssociation(alb({ internal: true })),
      // WAF cannot attach to a network load balancer
      withoutAclAssociation(alb({ load_balancer_type: "network" })),
    ],
    fail: [
      // dev's public load balancer has no web ACL
      withoutAclAssociation(alb()),
      realWith({ "aws_wafv2_web_acl_association.load_balancer_firewall_association": null }),
      realWith({ "aws_wafv2_web_acl_association.load_balancer_firewall_association": { resource_arn: "${aws_lb.other.arn}" } }),
      EDGE.schemeUnknown,
    ],
  },
  "CF-01": {
    pass: [stack(distribution())],
    fail: [
      stack(distribution({ default_cache_behavior: { target_origin_id: "site", viewer_protocol_policy: "allow-all", response_headers_policy_id: "${aws_cloudfront_response_headers_policy.h.id}" } })),
      stack(distribution({ ordered_cache_behavior: [{ path_pattern: "/api/*", target_origin_id: "api", viewer_protocol_policy: "allow-all", response_headers_policy_id: "${aws_cloudfront_response_headers_policy.h.id}" }] })),
    ],
  },
  "CF-02": {
    pass: [stack(distribution({ viewer_certificate: { acm_certificate_arn: "arn:aws:acm:us-east-1:1:certificate/x", minimum_protocol_version: "TLSv1.2_2021", ssl_support_method: "sni-only" } }))],
    fail: [
      stack(distribution({ viewer_certificate: { acm_certificate_arn: "arn:aws:acm:us-east-1:1:certificate/x", minimum_protocol_version: "TLSv1.1_2016", ssl_support_method: "sni-only" } })),
      // prod: CloudFront's default certificate accepts TLSv1
      stack(distribution()),
    ],
  },
  "CF-03": {
    pass: [stack(distribution())],
    fail: [
      stack(distribution({ origin: [{ origin_id: "site", domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}" }] })),
      stack(distribution({ origin: [{ origin_id: "site", domain_name: "my-bucket.s3.us-east-1.amazonaws.com", s3_origin_config: { origin_access_identity: "x" } }] })),
    ],
  },
  "CF-04": {
    pass: [
      stack(distribution({ origin: [{ origin_id: "api", domain_name: "${aws_lb.lb.dns_name}", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] } }] })),
      // the load balancer behind a VPC origin over HTTPS
      front,
      vpcOriginWith({ origin_ssl_protocols: { items: ["TLSv1.2"], quantity: 1 } }),
    ],
    fail: [
      stack(distribution({ origin: [{ origin_id: "api", domain_name: "${aws_lb.lb.dns_name}", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "http-only", origin_ssl_protocols: ["TLSv1.2"] } }] })),
      stack(distribution({ origin: [{ origin_id: "api", domain_name: "${aws_lb.lb.dns_name}", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1", "TLSv1.2"] } }] })),
      EDGE.httpVpcOrigin,
      vpcOriginWith({ origin_protocol_policy: "match-viewer" }),
      vpcOriginWith({ origin_ssl_protocols: [{ items: ["TLSv1.1", "TLSv1.2"], quantity: 2 }] }),
      vpcOriginWith({ origin_protocol_policy: "${var.origin_protocol_policy}" }),
    ],
  },
  "CF-05": {
    pass: [stack(distribution()), stack(distribution({ default_cache_behavior: { target_origin_id: "site", viewer_protocol_policy: "https-only", response_headers_policy_id: "67f7725c-6f97-4210-82d7-5512b31e9d03" } }))],
    fail: [
      stack(distribution({ default_cache_behavior: { target_origin_id: "site", viewer_protocol_policy: "https-only" } })),
      stack(merge(distribution(), { aws_cloudfront_response_headers_policy: { h: { name: "h", security_headers_config: { content_type_options: { override: true } } } } })),
    ],
  },
  "CF-06": {
    stage: "staging",
    pass: [
      stack(distribution()),
      stack(merge(distribution({ logging_config: undefined }), { aws_cloudwatch_log_delivery_source: { s: { name: "s", log_type: "ACCESS_LOGS", resource_arn: "${aws_cloudfront_distribution.d.arn}" } } })),
    ],
    fail: [
      stack(distribution({ logging_config: undefined })),
      stack(merge(distribution({ logging_config: undefined }), { aws_cloudwatch_log_delivery_source: { s: { name: "s", log_type: "ACCESS_LOGS", resource_arn: "${aws_cloudfront_distribution.other.arn}" } } })),
    ],
  },
  "CF-07": {
    pass: [
      stack(distribution()),
      front,
      // an S3 origin without origin access control is CF-03's finding
      stack(distribution({ origin: [{ origin_id: "site", domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}" }] })),
      // a bucket by a name CF-03 cannot recognize, signed for by origin access control
      stack(distribution({ origin: [{ origin_id: "site", domain_name: "${data.terraform_remote_state.site.outputs.bucket_domain}", origin_access_control_id: "${aws_cloudfront_origin_access_control.o.id}" }] })),
    ],
    fail: [
      // the load balancer on the internet instead of behind a VPC origin
      EDGE.publicLoadBalancer,
      stack(distribution({ origin: [{ origin_id: "site", ...publicLb }] })),
      // an S3 website endpoint is public by nature
      stack(distribution({ origin: [{ origin_id: "site", domain_name: "acme-site.s3-website-us-east-1.amazonaws.com", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "http-only", origin_ssl_protocols: ["TLSv1.2"] } }] })),
      frontWithLbOrigin({ domain_name: "api.acme-ai.example.com" }),
      frontWithLbOrigin({ domain_name: "${data.terraform_remote_state.services.outputs.load_balancer_dns_name}" }),
    ],
  },
  "CF-08": {
    pass: [front, stack(distribution({ web_acl_id: "arn:aws:wafv2:us-east-1:111111111111:global/webacl/acme/1" }))],
    // dev has no web ACL
    fail: [stack(distribution()), frontWith({ "aws_cloudfront_distribution.site": { web_acl_id: undefined } }), frontWith({ "aws_cloudfront_distribution.site": { web_acl_id: "" } })],
  },
  "CF-09": {
    pass: [
      front,
      // a site alone may fall back to its index document
      stack(distribution({ custom_error_response: spaFallback })),
      // a maintenance page keeps its status, an error TTL changes no status
      frontWith({ "aws_cloudfront_distribution.site": { custom_error_response: [{ error_code: 503, response_code: 503, response_page_path: "/maintenance.html" }, { error_code: 404, error_caching_min_ttl: 10 }] } }),
    ],
    fail: [
      EDGE.spaFallback,
      frontWith({ "aws_cloudfront_distribution.site": { custom_error_response: { error_code: "404", response_code: "200", response_page_path: "/index.html" } } }),
      stack(distribution({ origin: [{ origin_id: "api", ...publicLb }], custom_error_response: spaFallback })),
      frontWith({ "aws_cloudfront_distribution.site": { custom_error_response: [{ error_code: 404, response_code: "${var.fallback_status}", response_page_path: "/index.html" }] } }),
    ],
  },
  "WAF-01": {
    pass: [
      front,
      // the load balancer's REGIONAL web ACL
      real,
      // other rules of the group may count; the Log4j ones block
      withBadInputs(managedRule(KBI, 30, { rule_action_override: [{ name: "JavaDeserializationRCE_BODY", action_to_use: { count: {} } }] })),
      withBadInputs(managedRule(KBI, 30, { rule_action_override: [{ name: "Log4JRCE_BODY", action_to_use: { block: {} } }] })),
      wafJson([jsonRateLimit({ Block: {} }), jsonBadInputs()]),
    ],
    fail: [
      withBadInputs(),
      withBadInputs(managedRule(KBI, 30, {}, { override_action: { count: {} } })),
      EDGE.log4jCounted,
      withBadInputs(managedRule(KBI, 30, { excluded_rule: [{ name: "Log4JRCE" }] })),
      withBadInputs(managedRule(KBI, 30, { vendor_name: "SomeVendor" })),
      wafJson([jsonRateLimit({ Block: {} }), jsonBadInputs({ OverrideAction: { Count: {} } })]),
      frontWith({ "aws_wafv2_web_acl.firewall": { rule: "${local.firewall_rules}" } }),
      frontWith({ "aws_wafv2_web_acl.firewall": { rule: undefined, rule_json: "${jsonencode(local.firewall_rules)}" } }),
    ],
  },
  "WAF-02": {
    pass: [
      front,
      real,
      stack(realFrontendWithRules([rateLimitRule({ action: { challenge: {} } }), ...webAclRules().slice(1)])),
      wafJson([jsonRateLimit({ Block: {} }), jsonBadInputs()]),
    ],
    fail: [
      stack(realFrontendWithRules(webAclRules().slice(1))),
      stack(realFrontendWithRules([rateLimitRule({ action: { count: {} } }), ...webAclRules().slice(1)])),
      stack(realFrontendWithRules([rateLimitRule({ action: { allow: {} } }), ...webAclRules().slice(1)])),
      stack(realFrontendWithRules([rateLimitRule({ action: undefined }), ...webAclRules().slice(1)])),
      wafJson([jsonRateLimit({ Count: {} }), jsonBadInputs()]),
    ],
  },
  "WAF-03": {
    stage: "staging",
    pass: [front, real],
    fail: [
      frontWith({ "aws_wafv2_web_acl_logging_configuration.firewall_logging": null }),
      frontWith({ "aws_wafv2_web_acl_logging_configuration.firewall_logging": { resource_arn: "${aws_wafv2_web_acl.other.arn}" } }),
    ],
  },
  "NET-01": {
    pass: [
      stack(merge(alb(), { aws_security_group: { lb: { description: "public load balancer", ingress: [{ description: "HTTPS from anywhere", from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] } } })),
      stack(securityGroup({ ingress: [{ description: "from the LB", from_port: 8000, to_port: 8000, protocol: "tcp", security_groups: ["${aws_security_group.lb.id}"] }] })),
    ],
    fail: [
      stack(securityGroup({ ingress: [{ description: "ssh", from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] })),
      stack(merge(securityGroup(), { aws_vpc_security_group_ingress_rule: { web: { security_group_id: "${aws_security_group.app.id}", description: "web", from_port: 443, to_port: 443, ip_protocol: "tcp", cidr_ipv6: "::/0" } } })),
      stack(merge(securityGroup(), { aws_security_group_rule: { all: { type: "ingress", security_group_id: "${aws_security_group.app.id}", description: "all", from_port: 0, to_port: 65535, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] } } })),
    ],
  },
  "NET-02": {
    pass: [stack(securityGroup({ ingress: [{ description: "from the LB", from_port: 8000, to_port: 8000, protocol: "tcp", security_groups: ["x"] }] }))],
    fail: [
      stack(securityGroup({ description: "Managed by Terraform" })),
      stack(securityGroup({ ingress: [{ from_port: 8000, to_port: 8000, protocol: "tcp", security_groups: ["x"] }] })),
      stack(merge(securityGroup(), { aws_vpc_security_group_egress_rule: { all: { security_group_id: "${aws_security_group.app.id}", ip_protocol: "-1", cidr_ipv4: "10.0.0.0/16" } } })),
    ],
  },
  "NET-03": {
    pass: [stack({ aws_vpc: { v: { cidr_block: "10.0.0.0/16" } }, aws_default_security_group: { v: { vpc_id: "${aws_vpc.v.id}" } } })],
    fail: [
      stack({ aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } }),
      stack({ aws_vpc: { v: { cidr_block: "10.0.0.0/16" } }, aws_default_security_group: { v: { vpc_id: "${aws_vpc.v.id}", egress: [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] }] } } }),
    ],
  },
  "NET-04": {
    stage: "staging",
    pass: [stack({ aws_vpc: { v: { cidr_block: "10.0.0.0/16" } }, aws_flow_log: { v: { vpc_id: "${aws_vpc.v.id}", traffic_type: "ALL" } } })],
    fail: [stack({ aws_vpc: { v: { cidr_block: "10.0.0.0/16" } } })],
  },
  "IAM-01": {
    pass: [roleStack(ecsTrust, allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]))],
    fail: [
      roleStack(ecsTrust, allow(["*"], ["*"])),
      stack({ aws_iam_policy: { p: { name: "p", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*:*", Resource: "arn:aws:s3:::b" }] }) } } }),
    ],
  },
  "IAM-02": {
    pass: [roleStack(ecsTrust, allow(["ecr:GetAuthorizationToken"], ["*"])), roleStack(ecsTrust, allow(["s3:PutObject"], ["${aws_s3_bucket.b.arn}/*"]))],
    fail: [roleStack(ecsTrust, allow(["s3:PutObject"], ["*"])), roleStack(ecsTrust, allow(["ec2:TerminateInstances", "ec2:DescribeInstances"], ["*"]))],
  },
  "IAM-03": {
    pass: [roleStack(ecsTrust)],
    fail: [
      roleStack({ statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }] }),
      stack({ aws_iam_role: { r: { name: "r", assume_role_policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: "*" }] }) } } }),
    ],
  },
  "IAM-04": {
    pass: [
      roleStack(githubTrust([{ test: "StringEquals", variable: `${gh}:aud`, values: ["sts.amazonaws.com"] }, { test: "StringEquals", variable: `${gh}:sub`, values: ["repo:acme/platform:ref:refs/heads/main"] }])),
      roleStack(githubTrust([{ test: "StringEquals", variable: `${gh}:aud`, values: ["sts.amazonaws.com"] }, { test: "StringEquals", variable: `${gh}:sub`, values: ["repo:acme/platform:environment:prod"] }])),
    ],
    fail: [
      roleStack(githubTrust([{ test: "StringEquals", variable: `${gh}:aud`, values: ["sts.amazonaws.com"] }])),
      roleStack(githubTrust([{ test: "StringEquals", variable: `${gh}:aud`, values: ["sts.amazonaws.com"] }, { test: "StringLike", variable: `${gh}:sub`, values: ["repo:acme/*"] }])),
      roleStack(githubTrust([{ test: "StringEquals", variable: `${gh}:sub`, values: ["repo:acme/platform:ref:refs/heads/main"] }])),
      // Trusting only the provider the stack creates, referred to by its ARN, for every pull request.
      (() => {
        const trust = githubTrust([{ test: "StringEquals", variable: `${gh}:aud`, values: ["sts.amazonaws.com"] }, { test: "StringEquals", variable: `${gh}:sub`, values: ["repo:acme/platform:pull_request"] }]);
        const r = role({ statement: [{ ...trust.statement[0], principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.github.arn}"] }] }] });
        return stack(merge(r.resource, { aws_iam_openid_connect_provider: { github: { url: `https://${gh}`, client_id_list: ["sts.amazonaws.com"] } } }), r.data);
      })(),
    ],
  },
  "IAM-05": {
    stage: "prod",
    pass: [roleStack(ecsTrust, allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/*"]))],
    fail: [roleStack(ecsTrust, allow(["s3:*"], ["arn:aws:s3:::b/*"]))],
  },
  "KMS-01": {
    pass: [stack({ aws_kms_key: { k: { enable_key_rotation: true } } }), stack({ aws_kms_key: { k: { customer_master_key_spec: "RSA_2048", key_usage: "SIGN_VERIFY" } } })],
    fail: [stack({ aws_kms_key: { k: {} } }), stack({ aws_kms_key: { k: { enable_key_rotation: "${var.rotate}" } } })],
  },
  "KMS-02": {
    pass: [
      bucketStack(),
      // a log archive: S3 server access logs and load balancer logs cannot be delivered to SSE-KMS buckets
      bucketStack({
        with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } } },
        policyDoc: tlsDenyDoc(tlsDeny(), { sid: "S3ServerAccessLogs", effect: "Allow", actions: ["s3:PutObject"], resources: ["${aws_s3_bucket.b.arn}/s3/*"], principals: [{ type: "Service", identifiers: ["logging.s3.amazonaws.com"] }] }),
      }),
      bucketStack({
        with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } } },
        policyDoc: tlsDenyDoc(tlsDeny(), { sid: "LoadBalancerLogs", effect: "Allow", actions: ["s3:PutObject"], resources: ["${aws_s3_bucket.b.arn}/alb/*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::127311923021:root"] }] }),
      }),
      stack({
        aws_ecr_repository: { r: { name: "r", encryption_configuration: { encryption_type: "KMS", kms_key: "${data.terraform_remote_state.foundation.outputs.data_key_arn}" } } },
        aws_secretsmanager_secret: { s: { name: "s", kms_key_id: "arn:aws:kms:us-east-1:111111111111:key/0000000c-0000-4000-8000-000000000000" } },
        aws_cloudwatch_log_group: { g: { name: "/ecs/x", kms_key_id: "${aws_kms_key.logs.arn}" } },
        aws_db_instance: { db: { kms_key_id: "${aws_kms_key.data.arn}", performance_insights_enabled: true, performance_insights_kms_key_id: "${aws_kms_key.data.arn}" } },
        aws_dynamodb_table: { t: { name: "t", server_side_encryption: { enabled: true, kms_key_arn: "${aws_kms_key.state.arn}" } } },
        aws_efs_file_system: { f: { encrypted: true, kms_key_id: "${aws_kms_key.data.arn}" } },
        aws_elasticache_replication_group: { c: { kms_key_id: "${aws_kms_key.data.arn}" } },
        aws_ssm_parameter: { plain: { name: "p", type: "String" }, secure: { name: "q", type: "SecureString", key_id: "${aws_kms_key.secrets.arn}" } },
        aws_ecs_cluster: { c: { name: "c", configuration: { managed_storage_configuration: { fargate_ephemeral_storage_kms_key_id: "${aws_kms_key.data.arn}" } } } },
        aws_apprunner_service: { s: { service_name: "s", encryption_configuration: { kms_key: "${aws_kms_key.data.arn}" } } },
      }),
      // without Performance Insights, its key does not matter
      stack({ aws_db_instance: { db: { kms_key_id: "${aws_kms_key.data.arn}" } } }),
      // a team's key looked up by its alias
      stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", kms_key_id: "${data.aws_kms_alias.team.target_key_arn}" } } }, { aws_kms_alias: { team: { name: "alias/team-logs" } } }),
    ],
    fail: [
      bucketStack({ with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } } } }),
      bucketStack({ with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } }] } } } }),
      bucketStack({ with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "alias/aws/s3" } }] } } } }),
      stack({ aws_ecr_repository: { r: { name: "r" } } }),
      stack({ aws_ecr_repository: { r: { name: "r", encryption_configuration: { encryption_type: "KMS" } } } }),
      stack({ aws_secretsmanager_secret: { s: { name: "s" } } }),
      stack({ aws_secretsmanager_secret: { s: { name: "s", kms_key_id: "arn:aws:kms:us-east-1:111111111111:alias/aws/secretsmanager" } } }),
      stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x" } } }),
      stack({ aws_db_instance: { db: {} } }),
      stack({ aws_db_instance: { db: { kms_key_id: "${aws_kms_key.data.arn}", performance_insights_enabled: true } } }),
      stack({ aws_dynamodb_table: { t: { name: "t" } } }),
      stack({ aws_dynamodb_table: { t: { name: "t", server_side_encryption: { enabled: true } } } }),
      stack({ aws_efs_file_system: { f: { encrypted: true } } }),
      stack({ aws_elasticache_replication_group: { c: { at_rest_encryption_enabled: true } } }),
      stack({ aws_ssm_parameter: { q: { name: "q", type: "SecureString" } } }),
      stack({ aws_ecs_cluster: { c: { name: "c" } } }),
      stack({ aws_apprunner_service: { s: { service_name: "s" } } }),
      // an AWS-managed key looked up by alias, and an expression whose key only shows at apply (unknown)
      stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", kms_key_id: "${data.aws_kms_alias.aws.target_key_arn}" } } }, { aws_kms_alias: { aws: { name: "alias/aws/logs" } } }),
      stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", kms_key_id: "${var.key}" } } }),
      stack({ aws_dynamodb_table: { t: { name: "t", server_side_encryption: { enabled: "${var.encrypt}" } } } }),
      // SSE-S3 on a bucket another account (not ELB's log delivery) may write to is no log archive
      bucketStack({
        with: { aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: "${aws_s3_bucket.b.id}", rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } } },
        policyDoc: tlsDenyDoc(tlsDeny(), { sid: "Partner", effect: "Allow", actions: ["s3:PutObject"], resources: ["${aws_s3_bucket.b.arn}/*"], principals: [{ type: "AWS", identifiers: ["arn:aws:iam::999999999999:root"] }] }),
      }),
    ],
  },
  "CW-01": {
    pass: [
      stack({ aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", alarm_actions: ["${var.topic}"], actions_enabled: true } } }),
      stack({ aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", alarm_actions: ["arn:aws:sns:us-east-1:111111111111:alerts"] } } }),
    ],
    fail: [
      stack({ aws_cloudwatch_metric_alarm: { a: { alarm_name: "a" } } }),
      stack({ aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", alarm_actions: [] } } }),
      stack({ aws_cloudwatch_metric_alarm: { a: { alarm_name: "a", alarm_actions: ["arn:aws:sns:us-east-1:111111111111:alerts"], actions_enabled: false } } }),
    ],
  },
  "CW-02": {
    pass: [
      // CPU and free storage of the instance by its identifier
      alarmed(db, rds("CPUUtilization"), rds("FreeStorageSpace")),
      // by a reference to the instance, free storage inside a metric query (a share of the allocated storage)
      alarmed(db, metricAlarm("AWS/RDS", "CPUUtilization", { DBInstanceIdentifier: "${aws_db_instance.db.identifier}" }), queryAlarm("AWS/RDS", "FreeStorageSpace", { DBInstanceIdentifier: "acme-prod-db" })),
      // the node metric with its node id (CacheClusterId and CacheNodeId), as AWS also publishes it
      alarmed(cache(1), ...["EngineCPUUtilization", "DatabaseMemoryUsagePercentage"].map((m) => metricAlarm("AWS/ElastiCache", m, { CacheClusterId: "acme-prod-redis-001", CacheNodeId: "0001" }))),
      // every node of a group of two, and the one node of a group of one
      alarmed(cache(), ...cacheNode("001"), ...cacheNode("002")),
      alarmed(cache(1), ...cacheNode("001")),
      alarmed(ecsService(), ecs("CPUUtilization"), ecs("MemoryUtilization")),
      // the load balancer and its target group by their arn_suffix references
      alarmed(merge(lb, targetGroup), elb("HTTPCode_ELB_5XX_Count", { LoadBalancer: "${aws_lb.lb.arn_suffix}" }), elb("HTTPCode_Target_5XX_Count", tgDims), elb("UnHealthyHostCount", tgDims)),
      // the dimensions in another order are the same metric
      alarmed(
        merge(lb, targetGroup),
        elb("HTTPCode_ELB_5XX_Count", { LoadBalancer: "${aws_lb.lb.arn_suffix}" }),
        elb("HTTPCode_Target_5XX_Count", { TargetGroup: "${aws_lb_target_group.tg.arn_suffix}", LoadBalancer: "${aws_lb.lb.arn_suffix}" }),
        elb("UnHealthyHostCount", { TargetGroup: "${aws_lb_target_group.tg.arn_suffix}", LoadBalancer: "${aws_lb.lb.arn_suffix}" }),
      ),
      // App Runner by its literal name or a reference to it
      alarmed(appRunnerService(), appRunner5xx("acme-ai-prod-web")),
      alarmed(appRunnerService(), appRunner5xx("${aws_apprunner_service.web.service_name}")),
      alarmed(distribution(), cdn5xx("${aws_cloudfront_distribution.d.id}")),
      // nothing the rule watches
      bucketStack(),
    ],
    fail: [
      CORE_ALARMS.databaseCpuOnly,
      CORE_ALARMS.databaseOtherInstance,
      // CPU of an EC2 instance of the same name is not the database's
      alarmed(db, metricAlarm("AWS/EC2", "CPUUtilization", { DBInstanceIdentifier: "acme-prod-db" }), rds("FreeStorageSpace")),
      alarmed(db),
      CORE_ALARMS.cacheFirstNodeOnly,
      CORE_ALARMS.cacheNodesUnknown,
      // memory of both nodes, engine CPU of neither
      alarmed(cache(), ...[...cacheNode("001"), ...cacheNode("002")].filter((a) => a.metric_name !== "EngineCPUUtilization")),
      alarmed(ecsService(), ecs("CPUUtilization"), ecs("MemoryUtilization", "other")),
      CORE_ALARMS.loadBalancerOther,
      CORE_ALARMS.targetGroupErrorsOnly,
      alarmed(appRunnerService(), appRunner5xx("acme-ai-prod-api")),
      alarmed(distribution(), cdn5xx("${aws_cloudfront_distribution.other.id}")),
      alarmed(distribution(), queryAlarm("AWS/CloudFront", "Requests", { DistributionId: "${aws_cloudfront_distribution.d.id}", Region: "Global" })),
      // the metric without a dimension AWS publishes it with, or with one more: an alarm on a metric that does not exist
      CORE_ALARMS.targetGroupWithoutLoadBalancer,
      CORE_ALARMS.appRunnerWithoutServiceId,
      CORE_ALARMS.cdnWithoutRegion,
      CORE_ALARMS.cdnRegionNotGlobal,
      CORE_ALARMS.ecsWithoutCluster,
      CORE_ALARMS.databaseExtraDimension,
    ],
  },
  "SNS-01": {
    pass: [
      stack({ aws_kms_key: { k: { enable_key_rotation: true } }, aws_sns_topic: { alerts: { name: "alerts", kms_master_key_id: "${aws_kms_key.k.arn}" } } }),
      stack({ aws_sns_topic: { alerts: { name: "alerts", kms_master_key_id: "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-0000-0000-000000000000" } } }),
    ],
    fail: [
      stack({ aws_sns_topic: { alerts: { name: "alerts" } } }),
      stack({ aws_sns_topic: { alerts: { name: "alerts", kms_master_key_id: "alias/aws/sns" } } }),
      stack({ aws_sns_topic: { alerts: { name: "alerts", kms_master_key_id: "arn:aws:kms:us-east-1:111111111111:alias/aws/sns" } } }),
    ],
  },
  "LOG-02": {
    pass: [
      stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", retention_in_days: 365 } } }),
      stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", retention_in_days: 731 } } }),
      // Never expiring is LOG-01's finding, not this rule's.
      stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x" } } }),
    ],
    fail: [stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", retention_in_days: 90 } } }), stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", retention_in_days: 180 } } })],
  },
  "LOG-01": {
    pass: [stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", retention_in_days: 30 } } })],
    fail: [stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x" } } }), stack({ aws_cloudwatch_log_group: { g: { name: "/ecs/x", retention_in_days: 0 } } })],
  },
  "DDB-01": {
    pass: [stack({ aws_dynamodb_table: { t: { name: "t", point_in_time_recovery: { enabled: true } } } })],
    fail: [stack({ aws_dynamodb_table: { t: { name: "t" } } })],
  },
  "SEC-01": {
    pass: [
      stack({ aws_db_instance: { db: postgres() }, aws_secretsmanager_secret: { s: { name: "app" } } }),
      stack({ aws_elasticache_replication_group: { r: redis() } }),
    ],
    fail: [
      stack({ aws_db_instance: { db: postgres({ password: "hunter2hunter2" }) } }),
      stack({ aws_secretsmanager_secret_version: { v: { secret_id: "${aws_secretsmanager_secret.s.id}", secret_string: '{"api_key":"abc"}' } } }),
      stack({ aws_ecs_task_definition: { t: { family: "t", container_definitions: JSON.stringify([container({ environment: [{ name: "AWS_ID", value: "AKIAIOSFODNN7EXAMPLE" }] })]) } } }),
      stack({}, {}, { provider: { aws: [{ region: "us-east-1", access_key: "AKIAIOSFODNN7EXAMPLE", secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }] } }),
    ],
  },
  "STATE-01": {
    pass: [
      stack({}, {}, backend({ encrypt: true, use_lockfile: true })),
      stack({}, { terraform_remote_state: { up: { backend: "s3", config: { bucket: "b", key: "k", encrypt: true, dynamodb_table: "t" } } } }, backend({ encrypt: true, dynamodb_table: "t" })),
    ],
    fail: [
      stack({}, {}, backend({ use_lockfile: true })),
      stack({}, {}, backend({ encrypt: true })),
      stack({}, { terraform_remote_state: { up: { backend: "s3", config: { bucket: "b", key: "k" } } } }, backend({ encrypt: true, use_lockfile: true })),
    ],
  },
};
