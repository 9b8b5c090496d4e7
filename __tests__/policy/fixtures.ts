/** Minimal synthesized-stack fixtures for the policy rules. */
import type { StackJson } from "../../policy/model";

type Body = Record<string, unknown>;
type Section = Record<string, Record<string, Body>>;

export function stack(resource: Section, data: Section = {}, extra: Record<string, unknown> = {}): StackJson {
  return { resource, data, ...extra } as StackJson;
}

/** Merge several resource sections into one. */
export function merge(...sections: Section[]): Section {
  const out: Section = {};
  for (const s of sections) for (const [type, byName] of Object.entries(s)) out[type] = { ...(out[type] ?? {}), ...byName };
  return out;
}

const b = "${aws_s3_bucket.b.id}";

/** SecureBucket's DenyInsecureTransport statement on bucket `b`, with fields replaced. */
export const tlsDeny = (extra: Body = {}): Body => ({
  sid: "DenyInsecureTransport",
  effect: "Deny",
  actions: ["s3:*"],
  resources: ["${aws_s3_bucket.b.arn}", "${aws_s3_bucket.b.arn}/*"],
  principals: [{ type: "*", identifiers: ["*"] }],
  condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  ...extra,
});

/** An aws_iam_policy_document body holding these statements (default: the TLS deny alone). */
export const tlsDenyDoc = (...statements: Body[]): Body => ({ statement: statements.length > 0 ? statements : [tlsDeny()] });

/** A bucket whose policy is a JSON string (not a policy document data source). */
export const bucketWithJsonPolicy = (statements: Body[]): StackJson =>
  bucketStack({ with: { aws_s3_bucket_policy: { b: { bucket: "${aws_s3_bucket.b.id}", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } } } });

/** A bucket with every companion SecureBucket creates; `without` drops or `with` replaces companions. */
export function secureBucket(opts: { without?: string[]; with?: Section } = {}): { resource: Section; data: Section } {
  const all: Section = {
    aws_s3_bucket: { b: { bucket: "acme-dev-b-111111111111" } },
    aws_s3_bucket_public_access_block: { b: { bucket: b, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } },
    aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: b, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.data.arn}" }, bucket_key_enabled: true }] } },
    aws_s3_bucket_versioning: { b: { bucket: b, versioning_configuration: { status: "Enabled" } } },
    aws_s3_bucket_ownership_controls: { b: { bucket: b, rule: { object_ownership: "BucketOwnerEnforced" } } },
    aws_s3_bucket_policy: { b: { bucket: b, policy: "${data.aws_iam_policy_document.b.json}" } },
    aws_s3_bucket_logging: { b: { bucket: b, target_bucket: "logs", target_prefix: "s3/" } },
    aws_s3_bucket_lifecycle_configuration: { b: { bucket: b, rule: [{ id: "abort", status: "Enabled", filter: [{}], abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }] }] } },
  };
  for (const t of opts.without ?? []) delete all[t];
  const data: Section = { aws_iam_policy_document: { b: tlsDenyDoc() } };
  return { resource: merge(all, opts.with ?? {}), data };
}

export function bucketStack(opts: { without?: string[]; with?: Section; policyDoc?: Body } = {}): StackJson {
  const { resource, data } = secureBucket(opts);
  if (opts.policyDoc) data.aws_iam_policy_document.b = opts.policyDoc;
  return stack(resource, data);
}

export const postgres = (extra: Body = {}): Body => ({
  engine: "postgres",
  publicly_accessible: false,
  storage_encrypted: true,
  backup_retention_period: 7,
  deletion_protection: true,
  skip_final_snapshot: false,
  final_snapshot_identifier: "final",
  multi_az: true,
  manage_master_user_password: true,
  enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
  parameter_group_name: "${aws_db_parameter_group.pg.name}",
  ...extra,
});

export const forceSslGroup = (value = "1"): Section => ({ aws_db_parameter_group: { pg: { name: "pg", family: "postgres16", parameter: [{ name: "rds.force_ssl", value }] } } });

export const redis = (extra: Body = {}): Body => ({
  at_rest_encryption_enabled: true,
  transit_encryption_enabled: true,
  auth_token: "${aws_secretsmanager_secret_version.redis.secret_string}",
  automatic_failover_enabled: true,
  ...extra,
});

export const container = (extra: Body = {}): Body => ({
  name: "api",
  image: "repo:1",
  essential: true,
  logConfiguration: { logDriver: "awslogs", options: {} },
  environment: [{ name: "LOG_LEVEL", value: "info" }],
  ...extra,
});

export const taskDefinition = (containers: Body[], extra: Body = {}): Section => ({
  aws_ecs_task_definition: {
    t: { family: "t", container_definitions: JSON.stringify(containers), execution_role_arn: "${aws_iam_role.exec.arn}", task_role_arn: "${aws_iam_role.task.arn}", ...extra },
  },
});

export const ecsService = (extra: Body = {}): Section => ({
  aws_ecs_service: {
    s: {
      name: "s",
      network_configuration: { subnets: ["subnet-1"], assign_public_ip: false },
      deployment_circuit_breaker: { enable: true, rollback: true },
      ...extra,
    },
  },
});

export const alb = (lb: Body = {}, listeners: Record<string, Body> = {}): Section => ({
  aws_lb: { lb: { internal: false, load_balancer_type: "application", drop_invalid_header_fields: true, enable_deletion_protection: true, access_logs: { bucket: "logs", enabled: true }, security_groups: ["${aws_security_group.lb.id}"], ...lb } },
  aws_lb_listener: Object.fromEntries(Object.entries(listeners).map(([k, v]) => [k, { load_balancer_arn: "${aws_lb.lb.arn}", ...v }])),
  aws_wafv2_web_acl_association: { lb: { resource_arn: "${aws_lb.lb.arn}", web_acl_arn: "${aws_wafv2_web_acl.w.arn}" } },
});

export const https = { port: 443, protocol: "HTTPS", certificate_arn: "arn:aws:acm:us-east-1:111111111111:certificate/x", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06", default_action: [{ type: "forward", target_group_arn: "${aws_lb_target_group.api.arn}" }] };
export const httpRedirect = { port: 80, protocol: "HTTP", default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }] };

export const distribution = (extra: Body = {}): Section => ({
  aws_cloudfront_distribution: {
    d: {
      enabled: true,
      origin: [{ origin_id: "site", domain_name: "${aws_s3_bucket.site.bucket_regional_domain_name}", origin_access_control_id: "${aws_cloudfront_origin_access_control.o.id}" }],
      default_cache_behavior: { target_origin_id: "site", viewer_protocol_policy: "redirect-to-https", response_headers_policy_id: "${aws_cloudfront_response_headers_policy.h.id}" },
      viewer_certificate: { cloudfront_default_certificate: true },
      logging_config: { bucket: "logs.s3.amazonaws.com" },
      ...extra,
    },
  },
  aws_cloudfront_response_headers_policy: { h: { name: "h", security_headers_config: { strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, override: true } } } },
});

export const securityGroup = (extra: Body = {}): Section => ({
  aws_security_group: { app: { name: "app", description: "App tasks", ingress: [], egress: [], ...extra } },
});

export const role = (trust: Body, policy?: Body): { resource: Section; data: Section } => ({
  resource: {
    aws_iam_role: { r: { name: "r", assume_role_policy: "${data.aws_iam_policy_document.trust.json}" } },
    ...(policy ? { aws_iam_role_policy: { p: { role: "${aws_iam_role.r.id}", policy: "${data.aws_iam_policy_document.p.json}" } } } : {}),
  },
  data: { aws_iam_policy_document: { trust, ...(policy ? { p: policy } : {}) } },
});

export const ecsTrust = { statement: [{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ecs-tasks.amazonaws.com"] }] }] };
export const allow = (actions: string[], resources: string[]) => ({ statement: [{ sid: "S", effect: "Allow", actions, resources }] });

export const githubTrust = (conditions: Array<{ test: string; variable: string; values: string[] }>) => ({
  statement: [
    {
      effect: "Allow",
      actions: ["sts:AssumeRoleWithWebIdentity"],
      principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.github.arn}", "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"] }],
      condition: conditions,
    },
  ],
});

export const backend = (config: Body) => ({ terraform: { backend: { s3: { bucket: "b", key: "k", region: "us-east-1", ...config } } } });

/** A rule of WebAcl's web ACL as synthesized: per-IP rate limit, blocking. */
export const rateLimitRule = (extra: Body = {}): Body => ({
  action: { block: {} }, name: "rate-limit-per-ip", priority: 1, statement: { rate_based_statement: { aggregate_key_type: "IP", evaluation_window_sec: 300, limit: 2000 } },
  visibility_config: { cloudwatch_metrics_enabled: true, metric_name: "acme-ai-prod-rate-limit", sampled_requests_enabled: true }, ...extra,
});

/** A rule of WebAcl's web ACL running an AWS managed rule group; `group` adds to its managed_rule_group_statement. */
export const managedRule = (name: string, priority: number, group: Body = {}, extra: Body = {}): Body => ({
  name, override_action: { none: {} }, priority, statement: { managed_rule_group_statement: { name, vendor_name: "AWS", ...group } },
  visibility_config: { cloudwatch_metrics_enabled: true, metric_name: `acme-ai-prod-${name}`, sampled_requests_enabled: true }, ...extra,
});

/** WebAcl's rules: the rate limit, IP reputation, the common rule set (SizeRestrictions_BODY counts) and known bad inputs. */
export const webAclRules = (): Body[] => [
  rateLimitRule(),
  managedRule("AWSManagedRulesAmazonIpReputationList", 10),
  managedRule("AWSManagedRulesCommonRuleSet", 20, { rule_action_override: [{ action_to_use: { count: {} }, name: "SizeRestrictions_BODY" }] }),
  managedRule("AWSManagedRulesKnownBadInputsRuleSet", 30),
];

/** WebAcl `name` as synthesized: the web ACL (`name`), its log group (`<name>_logs`) and logging configuration (`<name>_logging`). */
function webAcl(name: string, scope: "CLOUDFRONT" | "REGIONAL", aclName: string): Section {
  return {
    aws_wafv2_web_acl: {
      [name]: {
        default_action: { allow: {} }, description: "Managed rule groups and a rate limit of 2000 requests per IP in 5 minutes", name: aclName, rule: webAclRules(), scope,
        visibility_config: { cloudwatch_metrics_enabled: true, metric_name: aclName, sampled_requests_enabled: true },
      },
    },
    aws_wafv2_web_acl_logging_configuration: {
      [`${name}_logging`]: {
        log_destination_configs: [`\${aws_cloudwatch_log_group.${name}_logs.arn}`], redacted_fields: [{ single_header: { name: "authorization" } }, { single_header: { name: "cookie" } }],
        resource_arn: `\${aws_wafv2_web_acl.${name}.arn}`,
      },
    },
    aws_cloudwatch_log_group: { [`${name}_logs`]: { name: `aws-waf-logs-${aclName}`, retention_in_days: 365, kms_key_id: fo("logs_key_arn") } },
  };
}

/** `${data.terraform_remote_state.foundation.outputs.<key>}`: how the services stack reads the foundation phase. */
const fo = (key: string) => `\${data.terraform_remote_state.foundation.outputs.${key}}`;

const realApiContainer = {
  name: "api", image: "${data.terraform_remote_state.images.outputs.image_uris.api}", cpu: 0, essential: true, privileged: false, readonlyRootFilesystem: true, linuxParameters: { initProcessEnabled: true },
  portMappings: [{ containerPort: 8000, hostPort: 8000, protocol: "tcp", name: "http" }],
  environment: [{ name: "APP_ENVIRONMENT", value: "prod" }, { name: "AWS_REGION", value: "us-east-1" }, { name: "DB_HOST", value: fo("database_endpoint") }, { name: "QDRANT_URL", value: "http://qdrant.prod.acme-ai.internal:6333" }],
  environmentFiles: [], mountPoints: [{ sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false }, { sourceVolume: "efs-sqlite", containerPath: "/data/sqlite", readOnly: false }], volumesFrom: [], systemControls: [],
  secrets: [{ name: "OPENAI_API_KEY", valueFrom: `${fo("secret_arns.api")}:OPENAI_API_KEY::` }],
  stopTimeout: 30, logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": fo("log_group_names.api"), "awslogs-region": "us-east-1", "awslogs-stream-prefix": "api" } },
};

const realQdrantContainer = {
  name: "qdrant", image: "${data.terraform_remote_state.images.outputs.image_uris.qdrant}", cpu: 0, essential: true, privileged: false, readonlyRootFilesystem: true, user: "1000:1000", linuxParameters: { initProcessEnabled: true },
  portMappings: [{ containerPort: 6333, hostPort: 6333, protocol: "tcp", name: "http" }], environment: [{ name: "APP_ENVIRONMENT", value: "prod" }, { name: "AWS_REGION", value: "us-east-1" }], environmentFiles: [],
  mountPoints: [{ sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false }, { sourceVolume: "scratch-qdrant-snapshots", containerPath: "/qdrant/snapshots", readOnly: false }, { sourceVolume: "efs-qdrant", containerPath: "/qdrant/storage", readOnly: false }],
  volumesFrom: [], systemControls: [], stopTimeout: 30, logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": fo("log_group_names.qdrant"), "awslogs-region": "us-east-1", "awslogs-stream-prefix": "qdrant" } },
};

/** The api container of the real task definition, with fields replaced (undefined drops one). */
export const realApiTask = (container: Body = {}): Body => ({ container_definitions: JSON.stringify([{ ...realApiContainer, ...container }]) });

const ecsServiceDefaults = (name: string): Body => ({
  cluster: "${aws_ecs_cluster.cluster.arn}", deployment_circuit_breaker: { enable: true, rollback: true }, deployment_controller: { type: "ECS" }, enable_ecs_managed_tags: true, enable_execute_command: false,
  lifecycle: { ignore_changes: ["desired_count"] }, name, network_configuration: { assign_public_ip: false, security_groups: [fo("app_security_group_id"), fo(`service_security_group_ids.${name}`)], subnets: fo("private_subnet_ids") },
  platform_version: "LATEST", propagate_tags: "SERVICE", task_definition: `\${aws_ecs_task_definition.${name}.arn}`, wait_for_steady_state: true,
});

/** The default action LoadBalancer gives its listeners: 404 to requests no service claims. */
export const notFound = { fixed_response: { content_type: "text/plain", message_body: "Not Found", status_code: "404" }, type: "fixed-response" };

/**
 * The services stack as `APP_ENV=prod npm run synth` writes it (cdktf.out/stacks/services/cdk.tf.json) when no
 * CloudFront route fronts the load balancer, without the `//` metadata, a shorter container environment and one of
 * the four scaling policies: the api web service behind the internet-facing load balancer with HTTPS, its certificate,
 * alias record and web ACL; the autoscaled worker; qdrant, an internal service.
 */
/**
 * The core alarms (policy CW-02) the platform sets on a section's ECS services,
 * load balancers, target groups and distributions, as the stacks write them.
 */
function withCoreAlarms(section: Section): Section {
  const alarm = (namespace: string, metric: string, dimensions: Body): Body => ({ namespace, metric_name: metric, dimensions, alarm_actions: ["${var.alert_topic_arn}"] });
  const alarms: Record<string, Body> = {};
  for (const [name, svc] of Object.entries(section.aws_ecs_service ?? {})) {
    for (const metric of ["CPUUtilization", "MemoryUtilization"]) alarms[`${name}_${metric}`] = alarm("AWS/ECS", metric, { ClusterName: "acme-ai-prod", ServiceName: svc.name });
  }
  for (const name of Object.keys(section.aws_lb ?? {})) alarms[`${name}_5xx`] = alarm("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", { LoadBalancer: `\${aws_lb.${name}.arn_suffix}` });
  // A target group's metrics are published per load balancer and target group: both dimensions, as services-alarms.ts writes them.
  const [loadBalancer] = Object.keys(section.aws_lb ?? {});
  for (const name of Object.keys(section.aws_lb_target_group ?? {})) {
    for (const metric of ["HTTPCode_Target_5XX_Count", "UnHealthyHostCount"]) {
      alarms[`${name}_${metric}`] = alarm("AWS/ApplicationELB", metric, { LoadBalancer: `\${aws_lb.${loadBalancer}.arn_suffix}`, TargetGroup: `\${aws_lb_target_group.${name}.arn_suffix}` });
    }
  }
  for (const name of Object.keys(section.aws_cloudfront_distribution ?? {})) alarms[`${name}_5xx`] = alarm("AWS/CloudFront", "5xxErrorRate", { DistributionId: `\${aws_cloudfront_distribution.${name}.id}`, Region: "Global" });
  return { ...section, aws_cloudwatch_metric_alarm: { ...(section.aws_cloudwatch_metric_alarm ?? {}), ...alarms } };
}

export function realServices(): Section {
  return withCoreAlarms({
    aws_lb: {
      load_balancer: {
        access_logs: { bucket: fo("logs_bucket_name"), enabled: true, prefix: "alb" }, desync_mitigation_mode: "strictest", drop_invalid_header_fields: true, enable_deletion_protection: true, idle_timeout: 300, internal: false,
        ip_address_type: "ipv4", load_balancer_type: "application", name: "acme-ai-prod", security_groups: ["${aws_security_group.load_balancer_security_group.id}"], subnets: fo("public_subnet_ids"),
      },
    },
    aws_lb_listener: {
      load_balancer_http_listener: { default_action: [{ redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" }, type: "redirect" }], load_balancer_arn: "${aws_lb.load_balancer.arn}", port: 80, protocol: "HTTP" },
      load_balancer_https_listener: {
        certificate_arn: "${aws_acm_certificate_validation.certificate_validation.certificate_arn}", default_action: [notFound], load_balancer_arn: "${aws_lb.load_balancer.arn}", port: 443, protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      },
    },
    aws_lb_listener_rule: {
      load_balancer_api_rule: {
        action: [{ target_group_arn: "${aws_lb_target_group.load_balancer_api_target_group.arn}", type: "forward" }], condition: [{ host_header: { values: ["api.acme-ai.example.com"] } }],
        listener_arn: "${aws_lb_listener.load_balancer_https_listener.arn}", priority: 100,
      },
    },
    aws_lb_target_group: {
      load_balancer_api_target_group: {
        deregistration_delay: "30", health_check: { enabled: true, healthy_threshold: 2, interval: 30, matcher: "200-399", path: "/health", port: "traffic-port", protocol: "HTTP", timeout: 10, unhealthy_threshold: 3 },
        lifecycle: { create_before_destroy: true }, name: "acme-ai-prod-api-8000", port: 8000, protocol: "HTTP", protocol_version: "HTTP1", target_type: "ip", vpc_id: "${aws_lb.load_balancer.vpc_id}",
      },
    },
    aws_acm_certificate: { certificate: { domain_name: "api.acme-ai.example.com", key_algorithm: "EC_prime256v1", lifecycle: { create_before_destroy: true }, subject_alternative_names: [], validation_method: "DNS" } },
    aws_acm_certificate_validation: { certificate_validation: { certificate_arn: "${aws_acm_certificate.certificate.arn}", validation_record_fqdns: "${[ for key, val in aws_route53_record.certificate_validation_record: val.fqdn]}" } },
    aws_route53_record: {
      certificate_validation_record: {
        allow_overwrite: true, for_each: "${{ for option in aws_acm_certificate.certificate.domain_validation_options : option.domain_name => option }}", name: "${each.value.resource_record_name}",
        records: ["${each.value.resource_record_value}"], ttl: 300, type: "${each.value.resource_record_type}", zone_id: "Z0123456789ABCDEFGHIJ",
      },
      domain_api_acme_ai_example_com: {
        alias: { evaluate_target_health: true, name: "${aws_lb.load_balancer.dns_name}", zone_id: "${aws_lb.load_balancer.zone_id}" }, name: "api.acme-ai.example.com", type: "A", zone_id: "Z0123456789ABCDEFGHIJ",
      },
    },
    ...webAcl("load_balancer_firewall", "REGIONAL", "acme-ai-prod-alb"),
    aws_wafv2_web_acl_association: { load_balancer_firewall_association: { resource_arn: "${aws_lb.load_balancer.arn}", web_acl_arn: "${aws_wafv2_web_acl.load_balancer_firewall.arn}" } },
    aws_ecs_cluster: {
      cluster: { name: "acme-ai-prod", setting: [{ name: "containerInsights", value: "enabled" }], configuration: { managed_storage_configuration: { fargate_ephemeral_storage_kms_key_id: fo("data_key_arn") } } },
    },
    aws_ecs_task_definition: {
      api: {
        container_definitions: JSON.stringify([realApiContainer]), cpu: "2048", execution_role_arn: fo("execution_role_arns.api"), family: "acme-ai-prod-api", memory: "4096", network_mode: "awsvpc", requires_compatibilities: ["FARGATE"],
        runtime_platform: { cpu_architecture: "X86_64", operating_system_family: "LINUX" }, task_role_arn: fo("task_role_arns.api"),
        volume: [{ name: "scratch-tmp" }, { efs_volume_configuration: { authorization_config: { access_point_id: fo("file_system_access_point_ids.sqlite"), iam: "ENABLED" }, file_system_id: fo("file_system_id"), transit_encryption: "ENABLED" }, name: "efs-sqlite" }],
      },
      qdrant: {
        container_definitions: JSON.stringify([realQdrantContainer]), cpu: "1024", execution_role_arn: fo("execution_role_arns.qdrant"), family: "acme-ai-prod-qdrant", memory: "2048", network_mode: "awsvpc", requires_compatibilities: ["FARGATE"],
        runtime_platform: { cpu_architecture: "X86_64", operating_system_family: "LINUX" }, task_role_arn: fo("task_role_arns.qdrant"),
        volume: [{ name: "scratch-tmp" }, { name: "scratch-qdrant-snapshots" }, { efs_volume_configuration: { authorization_config: { access_point_id: fo("file_system_access_point_ids.qdrant"), iam: "ENABLED" }, file_system_id: fo("file_system_id"), transit_encryption: "ENABLED" }, name: "efs-qdrant" }],
      },
    },
    aws_ecs_service: {
      api_service: {
        ...ecsServiceDefaults("api"), capacity_provider_strategy: [{ base: 0, capacity_provider: "FARGATE", weight: 1 }], deployment_maximum_percent: 200, deployment_minimum_healthy_percent: 100, desired_count: 2, health_check_grace_period_seconds: 90,
        load_balancer: [{ container_name: "api", container_port: 8000, target_group_arn: "${aws_lb_target_group.load_balancer_api_target_group.arn}" }],
      },
      worker_service: {
        ...ecsServiceDefaults("worker"), capacity_provider_strategy: [{ base: 1, capacity_provider: "FARGATE", weight: 1 }, { base: 0, capacity_provider: "FARGATE_SPOT", weight: 3 }], deployment_maximum_percent: 200, deployment_minimum_healthy_percent: 100, desired_count: 2,
      },
      qdrant_service: {
        ...ecsServiceDefaults("qdrant"), capacity_provider_strategy: [{ base: 0, capacity_provider: "FARGATE", weight: 1 }], deployment_maximum_percent: 100, deployment_minimum_healthy_percent: 0, desired_count: 1,
        service_registries: { registry_arn: "${aws_service_discovery_service.service_discovery_qdrant.arn}" },
      },
    },
    aws_appautoscaling_target: {
      api_autoscaling: { max_capacity: 10, min_capacity: 2, resource_id: "service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.api_service.name}", scalable_dimension: "ecs:service:DesiredCount", service_namespace: "ecs" },
      worker_autoscaling: { max_capacity: 5, min_capacity: 2, resource_id: "service/${aws_ecs_cluster.cluster.name}/${aws_ecs_service.worker_service.name}", scalable_dimension: "ecs:service:DesiredCount", service_namespace: "ecs" },
    },
    aws_appautoscaling_policy: {
      api_autoscaling_cpu_policy: {
        name: "${aws_ecs_service.api_service.name}-cpu", policy_type: "TargetTrackingScaling", resource_id: "${aws_appautoscaling_target.api_autoscaling.resource_id}", scalable_dimension: "${aws_appautoscaling_target.api_autoscaling.scalable_dimension}",
        service_namespace: "${aws_appautoscaling_target.api_autoscaling.service_namespace}",
        target_tracking_scaling_policy_configuration: { disable_scale_in: false, predefined_metric_specification: { predefined_metric_type: "ECSServiceAverageCPUUtilization" }, scale_in_cooldown: 300, scale_out_cooldown: 60, target_value: 70 },
      },
    },
  });
}

/**
 * A copy of `section` with resources changed, by address: `null` removes the resource, an object replaces the
 * fields it names (an undefined field is removed).
 */
export function revise(section: Section, changes: Record<string, Body | null>): Section {
  const out = structuredClone(section);
  for (const [address, change] of Object.entries(changes)) {
    const [type, name] = address.split(".");
    if (!out[type]?.[name]) throw new Error(`revise: no ${address}`);
    if (change === null) delete out[type][name];
    else out[type][name] = Object.fromEntries(Object.entries({ ...out[type][name], ...change }).filter(([, v]) => v !== undefined));
  }
  return out;
}

/** No domain (what `APP_ENV=staging` writes, and seeds 003 and 004): one HTTP listener answering 404, the api routed on it by path. */
export function realServicesHttpOnly(): Section {
  return revise(realServices(), {
    "aws_acm_certificate.certificate": null,
    "aws_acm_certificate_validation.certificate_validation": null,
    "aws_route53_record.certificate_validation_record": null,
    "aws_route53_record.domain_api_acme_ai_example_com": null,
    "aws_lb_listener.load_balancer_https_listener": null,
    "aws_lb_listener.load_balancer_http_listener": { default_action: [notFound] },
    "aws_lb_listener_rule.load_balancer_api_rule": { listener_arn: "${aws_lb_listener.load_balancer_http_listener.arn}", condition: [{ path_pattern: { values: ["/*"] } }] },
  });
}

/**
 * The frontend stack as `APP_ENV=prod npm run synth` writes it (cdktf.out/stacks/frontend/cdk.tf.json), without the
 * `//` metadata, the site bucket, certificate, records and asset upload: the distribution with the site on S3 (origin
 * access control, SPA routing by a function) and /api/* on the internal load balancer through a VPC origin over HTTPS,
 * its access logs, and the CLOUDFRONT-scope web ACL with its logs.
 */
export function realFrontend(): Section {
  const headers = "${aws_cloudfront_response_headers_policy.site_security_headers.id}";
  return withCoreAlarms({
    aws_cloudfront_distribution: {
      site: {
        aliases: ["acme-ai.example.com"], comment: "acme-ai-prod static site and load balancer", default_root_object: "index.html", enabled: true, http_version: "http2and3", is_ipv6_enabled: true,
        default_cache_behavior: {
          allowed_methods: ["GET", "HEAD", "OPTIONS"], cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6", cached_methods: ["GET", "HEAD"], compress: true,
          function_association: [{ event_type: "viewer-request", function_arn: "${aws_cloudfront_function.site_spa_routing.arn}" }], response_headers_policy_id: headers, target_origin_id: "site-bucket", viewer_protocol_policy: "redirect-to-https",
        },
        ordered_cache_behavior: [
          {
            allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"], cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", cached_methods: ["GET", "HEAD"], compress: false,
            function_association: [{ event_type: "viewer-request", function_arn: "${aws_cloudfront_function.site_forwarded_host.arn}" }], origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
            path_pattern: "/api/*", response_headers_policy_id: headers, target_origin_id: "load-balancer", viewer_protocol_policy: "https-only",
          },
        ],
        origin: [
          { domain_name: "${aws_s3_bucket.site_bucket.bucket_regional_domain_name}", origin_access_control_id: "${aws_cloudfront_origin_access_control.site_origin_access.id}", origin_id: "site-bucket" },
          {
            domain_name: "${data.terraform_remote_state.services.outputs.load_balancer_origin_host}", origin_id: "load-balancer",
            vpc_origin_config: { origin_keepalive_timeout: 60, origin_read_timeout: 60, vpc_origin_id: "${aws_cloudfront_vpc_origin.site_load_balancer_origin.id}" },
          },
        ],
        price_class: "PriceClass_All", restrictions: { geo_restriction: { restriction_type: "none" } },
        viewer_certificate: { acm_certificate_arn: "${aws_acm_certificate_validation.certificate_validation.certificate_arn}", minimum_protocol_version: "TLSv1.2_2021", ssl_support_method: "sni-only" },
        web_acl_id: "${aws_wafv2_web_acl.firewall.arn}",
      },
    },
    aws_cloudfront_vpc_origin: {
      site_load_balancer_origin: {
        vpc_origin_endpoint_config: [
          {
            arn: "${data.terraform_remote_state.services.outputs.load_balancer_arn}", http_port: 80, https_port: 443, name: "acme-ai-prod-load-balancer", origin_protocol_policy: "https-only",
            origin_ssl_protocols: [{ items: ["TLSv1.2"], quantity: 1 }],
          },
        ],
      },
    },
    aws_cloudfront_origin_access_control: { site_origin_access: { name: "acme-ai-prod-site", origin_access_control_origin_type: "s3", signing_behavior: "always", signing_protocol: "sigv4" } },
    aws_cloudfront_response_headers_policy: {
      site_security_headers: {
        name: "acme-ai-prod-security-headers",
        security_headers_config: {
          content_type_options: { override: true }, frame_options: { frame_option: "DENY", override: true }, referrer_policy: { override: true, referrer_policy: "strict-origin-when-cross-origin" },
          strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: false, override: true, preload: false }, xss_protection: { mode_block: true, override: true, protection: true },
        },
      },
    },
    aws_cloudwatch_log_delivery_source: { site_access_logs_source: { log_type: "ACCESS_LOGS", name: "acme-ai-prod-cloudfront", resource_arn: "${aws_cloudfront_distribution.site.arn}" } },
    ...webAcl("firewall", "CLOUDFRONT", "acme-ai-prod-cdn"),
  });
}

/** The same, with the rules of its web ACL replaced. */
export const realFrontendWithRules = (rule: unknown): Section => revise(realFrontend(), { "aws_wafv2_web_acl.firewall": { rule } });

/** A copy of `body` with values set at dotted paths (`a.b.c`); undefined removes one. */
export function patch(body: Body, changes: Record<string, unknown>): Body {
  const out = structuredClone(body);
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split(".");
    const last = keys.pop()!;
    let at = out;
    for (const k of keys) at = (at[k] ??= {}) as Body;
    if (value === undefined) delete at[last];
    else at[last] = value;
  }
  return out;
}

/** `body` with every nested block written as a one-element list (Terraform JSON allows both); map attributes stay objects. */
export function asBlockLists(body: Body, maps: readonly string[] = []): Body {
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, v && typeof v === "object" && !Array.isArray(v) && !maps.includes(k) ? [asBlockLists(v as Body, maps)] : v]),
  );
}

/** An App Runner service as AppRunnerService synthesizes it: private ECR image, VPC egress, a database client with one secret. */
const appRunnerBody: Body = {
  service_name: "acme-ai-prod-web",
  auto_scaling_configuration_arn: "${aws_apprunner_auto_scaling_configuration_version.web_scaling.arn}",
  source_configuration: {
    auto_deployments_enabled: false,
    authentication_configuration: { access_role_arn: fo("execution_role_arns.web") },
    image_repository: {
      image_identifier: "${data.terraform_remote_state.images.outputs.image_uris.web}",
      image_repository_type: "ECR",
      image_configuration: {
        port: "8000",
        runtime_environment_variables: { APP_ENVIRONMENT: "prod", AWS_REGION: "us-east-1", DB_HOST: fo("database_endpoint"), MAX_TOKENS: "4096" },
        runtime_environment_secrets: { OPENAI_API_KEY: `${fo("secret_arns.web")}:OPENAI_API_KEY::` },
      },
    },
  },
  instance_configuration: { cpu: "1024", memory: "2048", instance_role_arn: fo("task_role_arns.web") },
  health_check_configuration: { protocol: "HTTP", path: "/health", interval: 10, timeout: 5, healthy_threshold: 1, unhealthy_threshold: 5 },
  network_configuration: {
    ip_address_type: "IPV4",
    egress_configuration: { egress_type: "VPC", vpc_connector_arn: fo("apprunner_vpc_connector_arns.web") },
    ingress_configuration: { is_publicly_accessible: true },
  },
};

/** That App Runner service with values changed at dotted paths (see `patch`). */
export const appRunnerService = (changes: Record<string, unknown> = {}): Section => ({ aws_apprunner_service: { web: patch(appRunnerBody, changes) } });

/** The same, its blocks written as one-element lists. */
export const appRunnerServiceAsLists = (changes: Record<string, unknown> = {}): Section => ({
  aws_apprunner_service: { web: asBlockLists(patch(appRunnerBody, changes), ["runtime_environment_variables", "runtime_environment_secrets"]) },
});

/** The container of a Batch job definition as BatchJob writes it (container_properties, with interpolations inside). */
const batchContainer: Body = {
  image: "${data.terraform_remote_state.images.outputs.image_uris.ingest}",
  command: ["python", "-m", "ingest"],
  jobRoleArn: fo("task_role_arns.ingest"),
  executionRoleArn: fo("execution_role_arns.ingest"),
  resourceRequirements: [{ type: "VCPU", value: "1" }, { type: "MEMORY", value: "2048" }],
  environment: [{ name: "APP_ENVIRONMENT", value: "prod" }],
  secrets: [{ name: "OPENAI_API_KEY", valueFrom: `${fo("secret_arns.ingest")}:OPENAI_API_KEY::` }],
  user: "1000:1000",
  readonlyRootFilesystem: true,
  privileged: false,
  volumes: [{ name: "scratch-tmp" }],
  mountPoints: [{ sourceVolume: "scratch-tmp", containerPath: "/tmp", readOnly: false }],
  networkConfiguration: { assignPublicIp: "DISABLED" },
  fargatePlatformConfiguration: { platformVersion: "LATEST" },
  runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
  logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": fo("log_group_names.ingest"), "awslogs-region": "us-east-1", "awslogs-stream-prefix": "job" } },
};

const batchJobBody: Body = {
  name: "acme-ai-prod-ingest",
  type: "container",
  platform_capabilities: ["FARGATE"],
  propagate_tags: true,
  timeout: { attempt_duration_seconds: 3600 },
  retry_strategy: { attempts: 3, evaluate_on_exit: [{ action: "retry", on_status_reason: "Host EC2*" }, { action: "exit", on_reason: "*" }] },
};

/** That job definition: `container` replaces fields of its container (undefined drops one), `changes` values of the resource at dotted paths. */
export const batchJobDefinition = (container: Body = {}, changes: Record<string, unknown> = {}): Section => ({
  aws_batch_job_definition: { job: patch({ ...batchJobBody, container_properties: JSON.stringify({ ...batchContainer, ...container }) }, changes) },
});

/** A Fargate compute environment as BatchJob writes it, with values changed at dotted paths. */
export const batchComputeEnvironment = (changes: Record<string, unknown> = {}): Section => ({
  aws_batch_compute_environment: {
    ce: patch(
      {
        compute_environment_name_prefix: "acme-ai-prod-ingest-",
        type: "MANAGED",
        state: "ENABLED",
        compute_resources: { type: "FARGATE", max_vcpus: 4, subnets: fo("private_subnet_ids"), security_group_ids: [fo("app_security_group_id"), "${aws_security_group.ingest.id}"] },
        lifecycle: { create_before_destroy: true },
      },
      changes,
    ),
  },
});
