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
    aws_s3_bucket_server_side_encryption_configuration: { b: { bucket: b, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] } },
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
