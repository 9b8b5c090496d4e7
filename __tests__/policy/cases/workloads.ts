/** Fixtures of the rules added for the standards coverage (workloads): compliant and non-compliant stacks per rule id. */
import type { StackJson } from "../../../policy/model";
import { alb, distribution, https, httpRedirect, realFrontend, realServices, realServicesHttpOnly, revise, stack } from "../fixtures";
import type { RuleCase } from "../rule-cases";

type Body = Record<string, unknown>;

/** The prod services stack as the platform now writes it: HTTPS only, no port 80 listener. */
export const httpsOnlyServices = () => revise(realServices(), { "aws_lb_listener.load_balancer_http_listener": null });
const real = stack(realServices());
const realWith = (changes: Parameters<typeof revise>[1]) => stack(revise(realServices(), changes));
const front = stack(realFrontend());

/** EFS as FileSystem writes it: the file system, a backup policy, an access point, a mount target in a subnet of the stack. */
export const fileSystem = (changes: { fs?: Body; backup?: Body | null; accessPoint?: Body; mountTarget?: Body; subnet?: Body } = {}): StackJson =>
  stack({
    aws_subnet: { private_0: { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.30.64.0/20", map_public_ip_on_launch: false, ...changes.subnet } },
    aws_efs_file_system: { fs: { encrypted: true, kms_key_id: "${aws_kms_key.data.arn}", performance_mode: "generalPurpose", ...changes.fs } },
    ...(changes.backup === null ? {} : { aws_efs_backup_policy: { backups: { file_system_id: "${aws_efs_file_system.fs.id}", backup_policy: { status: "ENABLED" }, ...changes.backup } } }),
    aws_efs_access_point: {
      sqlite: { file_system_id: "${aws_efs_file_system.fs.id}", posix_user: { uid: 1000, gid: 1000 }, root_directory: { path: "/sqlite", creation_info: { owner_uid: 1000, owner_gid: 1000, permissions: "750" } }, ...changes.accessPoint },
    },
    aws_efs_mount_target: { mount_0: { file_system_id: "${aws_efs_file_system.fs.id}", subnet_id: "${aws_subnet.private_0.id}", security_groups: ["${aws_security_group.efs.id}"], ...changes.mountTarget } },
  });

const efsVolume = (name: string, efs: Body) => ({ name, efs_volume_configuration: { file_system_id: "fs-1", authorization_config: { access_point_id: "fsap-1", iam: "ENABLED" }, ...efs } });
const task = (volume: unknown) => stack({ aws_ecs_task_definition: { t: { family: "t", container_definitions: "[]", volume } } });

/** An ECS cluster whose ECS Exec configuration is `exec` (fields replaced; undefined drops one). */
const execLogging = { cloud_watch_log_group_name: "${aws_cloudwatch_log_group.exec_logs.name}", cloud_watch_encryption_enabled: true };
const cluster = (exec?: Body) =>
  stack({ aws_ecs_cluster: { c: { name: "c", ...(exec ? { configuration: { execute_command_configuration: exec } } : {}) } } });
const overridden = (extra: Body = {}) => cluster({ kms_key_id: "${aws_kms_key.data.arn}", logging: "OVERRIDE", log_configuration: execLogging, ...extra });

const service = (extra: Body) => stack({ aws_ecs_service: { s: { name: "s", capacity_provider_strategy: [{ capacity_provider: "FARGATE", weight: 1 }], ...extra } } });

const subnet = (extra: Body) => stack({ aws_subnet: { public_0: { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "10.0.0.0/20", ...extra } } });

const group = (name: string, extra: Body = {}) => ({ [name]: { name_prefix: `${name}-`, description: `${name} group`, vpc_id: "${aws_vpc.vpc.id}", ...extra } });
const egressRule = (extra: Body) => stack({ aws_security_group: group("app"), aws_vpc_security_group_egress_rule: { out: { security_group_id: "${aws_security_group.app.id}", description: "out", ...extra } } });
const inlineEgress = (egress: Body) => stack({ aws_security_group: group("app", { egress: [{ description: "out", ...egress }] }) });
const legacyRule = (extra: Body) => stack({ aws_security_group: group("app"), aws_security_group_rule: { out: { type: "egress", security_group_id: "${aws_security_group.app.id}", description: "out", ...extra } } });

/** NET-07: a group attached by a load balancer, one published by an output, one only named in rules. */
const attached = stack({ aws_security_group: group("lb"), aws_lb: { lb: { load_balancer_type: "application", security_groups: ["${aws_security_group.lb.id}"] } } });
const published = stack({ aws_security_group: group("tasks") }, {}, { output: { task_groups: { value: { api: "${aws_security_group.tasks.id}" } } } });
export const ONLY_IN_RULES = stack({
  ...{ aws_security_group: { ...group("db"), ...group("tasks") } },
  aws_db_instance: { db: { vpc_security_group_ids: ["${aws_security_group.db.id}"] } },
  // tasks is admitted by the database's group and has a rule of its own, but nothing runs in it
  aws_vpc_security_group_ingress_rule: { db_from_tasks: { security_group_id: "${aws_security_group.db.id}", referenced_security_group_id: "${aws_security_group.tasks.id}", from_port: 5432, to_port: 5432, ip_protocol: "tcp" } },
  aws_vpc_security_group_egress_rule: { tasks_to_db: { security_group_id: "${aws_security_group.tasks.id}", referenced_security_group_id: "${aws_security_group.db.id}", from_port: 5432, to_port: 5432, ip_protocol: "tcp" } },
});

/** NET-08: a created VPC, or an existing one by id, with interface endpoints for these services. */
const endpoint = (service: string, vpc: string, type = "Interface") => ({ [service.replace(".", "_")]: { vpc_id: vpc, service_name: `com.amazonaws.us-east-1.${service}`, vpc_endpoint_type: type, subnet_ids: ["subnet-1"] } });
export const vpcWith = (...services: string[]) => stack({ aws_vpc: { vpc: { cidr_block: "10.30.0.0/16" } }, aws_vpc_endpoint: Object.assign({}, ...services.map((s) => endpoint(s, "${aws_vpc.vpc.id}"))) });
export const existingVpcWith = (...services: string[]) =>
  stack({ aws_security_group: group("app", { vpc_id: "vpc-0a1b2c3d4e5f67890" }), aws_vpc_endpoint: Object.assign({ s3: { vpc_id: "vpc-0a1b2c3d4e5f67890", service_name: "com.amazonaws.us-east-1.s3", vpc_endpoint_type: "Gateway" } }, ...services.map((s) => endpoint(s, "vpc-0a1b2c3d4e5f67890"))) });

/** DNS-01: a record in a stack with a load balancer and an Elastic IP. */
export const record = (body: Body) =>
  stack({ aws_lb: { lb: { load_balancer_type: "application" } }, aws_eip: { ip: { domain: "vpc" } }, aws_sns_topic: { t: { name: "t" } }, aws_route53_record: { r: { zone_id: "Z1", name: "app.example.com", ...body } } });
const alias = (name: string) => ({ name, zone_id: "Z35SXDOTRQ7X7K", evaluate_target_health: true });

const targetGroup = (extra: Body) => stack({ aws_lb_target_group: { tg: { name: "tg", port: 8000, protocol: "HTTP", target_type: "ip", ...extra } } });

/** A distribution whose only origin is a web service on the load balancer (frontend.type: service). */
const serviceOrigin = { origin_id: "load-balancer", domain_name: "${data.terraform_remote_state.services.outputs.load_balancer_origin_host}", vpc_origin_config: { vpc_origin_id: "${aws_cloudfront_vpc_origin.o.id}" } };
const serviceDistribution = stack(distribution({ origin: [serviceOrigin], default_cache_behavior: { target_origin_id: "load-balancer", viewer_protocol_policy: "redirect-to-https" } }));
const withRoot = (extra: Body = {}) => stack(distribution({ default_root_object: "index.html", ...extra }));
const s3Origin = (origin: Body) => stack(distribution({ default_root_object: "index.html", origin: [{ origin_id: "site", ...origin }] }));
const acm = "arn:aws:acm:us-east-1:111111111111:certificate/x";
const oac = { aws_cloudfront_origin_access_control: { o: { name: "o", origin_access_control_origin_type: "s3", signing_behavior: "always", signing_protocol: "sigv4" } } };

export const WORKLOADS_CASES: Record<string, RuleCase> = {
  "EFS-01": {
    pass: [fileSystem(), fileSystem({ fs: { kms_key_id: undefined } })],
    fail: [fileSystem({ fs: { encrypted: false } }), fileSystem({ fs: { encrypted: undefined } }), fileSystem({ fs: { encrypted: "${var.encrypted}" } })],
  },
  "EFS-02": {
    pass: [fileSystem(), fileSystem({ accessPoint: { root_directory: { path: "/data/qdrant" }, posix_user: { uid: 1000, gid: 1000, secondary_gids: [2000] } } })],
    fail: [
      fileSystem({ accessPoint: { root_directory: undefined } }),
      fileSystem({ accessPoint: { root_directory: { path: "/" } } }),
      fileSystem({ accessPoint: { root_directory: { path: "${var.path}" } } }),
      fileSystem({ accessPoint: { posix_user: undefined } }),
      fileSystem({ accessPoint: { posix_user: { gid: 1000 } } }),
    ],
  },
  "EFS-03": {
    stage: "staging",
    pass: [fileSystem(), fileSystem({ backup: { backup_policy: [{ status: "ENABLED" }] } })],
    fail: [
      fileSystem({ backup: null }),
      fileSystem({ backup: { backup_policy: { status: "DISABLED" } } }),
      fileSystem({ backup: { file_system_id: "${aws_efs_file_system.other.id}" } }),
      fileSystem({ backup: { backup_policy: { status: "${var.backups}" } } }),
    ],
  },
  "ECS-12": {
    pass: [real, task(undefined), task([{ name: "scratch-tmp" }]), task(efsVolume("data", { transit_encryption: "ENABLED" }))],
    fail: [
      task([efsVolume("data", {})]),
      task([efsVolume("data", { transit_encryption: "DISABLED" })]),
      // the second EFS volume of two (CKV_AWS_97 reads the first only)
      task([efsVolume("a", { transit_encryption: "ENABLED" }), efsVolume("b", {})]),
      task("${local.volumes}"),
    ],
  },
  "ECS-13": {
    pass: [real, cluster(), overridden(), overridden({ log_configuration: { s3_bucket_name: "exec-logs", s3_bucket_encryption_enabled: true } })],
    fail: [
      cluster({ logging: "NONE" }),
      // DEFAULT with a block: CKV_AWS_224 asks for the key and encryption all the same
      cluster({ logging: "DEFAULT" }),
      overridden({ kms_key_id: undefined }),
      overridden({ log_configuration: { cloud_watch_log_group_name: "/ecs/exec" } }),
      overridden({ log_configuration: { s3_bucket_name: "exec-logs", cloud_watch_encryption_enabled: true } }),
      overridden({ log_configuration: { cloud_watch_encryption_enabled: true } }),
      overridden({ logging: "${var.exec_logging}" }),
    ],
  },
  "ECS-14": {
    pass: [real, service({}), service({ platform_version: "LATEST" })],
    fail: [service({ platform_version: "1.3.0" }), service({ launch_type: "FARGATE", platform_version: "1.4.0" }), service({ platform_version: "${var.platform_version}" })],
  },
  "NET-05": {
    pass: [
      fileSystem(),
      subnet({ map_public_ip_on_launch: false }),
      subnet({}),
      // an existing VPC's subnet, by its id: not visible here (the configuration keeps prod's private tiers off public subnets)
      fileSystem({ mountTarget: { subnet_id: "subnet-0aaaaaaaaaaaaaaa1" } }),
    ],
    fail: [
      subnet({ map_public_ip_on_launch: true }),
      subnet({ map_public_ip_on_launch: "${var.public}" }),
      // a subnet named by an expression that is no subnet of the stack
      fileSystem({ mountTarget: { subnet_id: "${var.subnet}" } }),
    ],
  },
  "NET-06": {
    pass: [
      egressRule({ ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" }),
      egressRule({ ip_protocol: "tcp", from_port: 5432, to_port: 5432, referenced_security_group_id: "${aws_security_group.db.id}" }),
      // all traffic, but to a range of the VPC, or to the group itself
      egressRule({ ip_protocol: "-1", cidr_ipv4: "10.30.0.0/16" }),
      inlineEgress({ protocol: "-1", from_port: 0, to_port: 0, self: true }),
      inlineEgress({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] }),
      legacyRule({ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] }),
    ],
    fail: [
      egressRule({ ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" }),
      egressRule({ ip_protocol: "-1", cidr_ipv6: "::/0" }),
      inlineEgress({ protocol: "-1", from_port: 0, to_port: 0, cidr_blocks: ["0.0.0.0/0"] }),
      inlineEgress({ protocol: "tcp", from_port: 0, to_port: 65535, ipv6_cidr_blocks: ["::/0"] }),
      legacyRule({ protocol: "all", from_port: 0, to_port: 0, cidr_blocks: ["10.0.0.0/8", "0.0.0.0/0"] }),
      // all traffic to another group, or to nothing named
      egressRule({ ip_protocol: "-1", referenced_security_group_id: "${aws_security_group.db.id}" }),
      legacyRule({ protocol: "-1", from_port: 0, to_port: 0 }),
      egressRule({ ip_protocol: "${var.protocol}", cidr_ipv4: "0.0.0.0/0" }),
    ],
  },
  "NET-07": {
    pass: [attached, published, stack({ aws_security_group: group("efs"), aws_efs_mount_target: { m: { file_system_id: "fs-1", subnet_id: "subnet-1", security_groups: ["${aws_security_group.efs.id}"] } } })],
    fail: [ONLY_IN_RULES, stack({ aws_security_group: group("orphan") })],
  },
  "NET-08": {
    pass: [vpcWith("ecr.api", "ecr.dkr", "logs"), existingVpcWith("ecr.api", "ecr.dkr"), stack({ aws_s3_bucket: { b: { bucket: "b" } } })],
    fail: [vpcWith(), vpcWith("ecr.api"), stack({ ...vpcWith("ecr.api").resource, aws_vpc_endpoint: { ...endpoint("ecr.api", "${aws_vpc.vpc.id}"), ...endpoint("ecr.dkr", "${aws_vpc.vpc.id}", "Gateway") } }), existingVpcWith("ecr.dkr")],
  },
  "DNS-01": {
    pass: [
      real,
      stack(realFrontend()),
      record({ type: "A", alias: alias("${aws_lb.lb.dns_name}") }),
      record({ type: "AAAA", alias: alias("${data.aws_lb.shared.dns_name}") }),
      record({ type: "A", ttl: 300, records: ["${aws_eip.ip.public_ip}"] }),
      // not an address record
      record({ type: "CNAME", ttl: 300, records: ["elsewhere.example.org"] }),
    ],
    fail: [
      record({ type: "A", alias: alias("dualstack.acme-1234567890.us-east-1.elb.amazonaws.com") }),
      record({ type: "A", ttl: 300, records: ["203.0.113.10"] }),
      record({ type: "AAAA", alias: alias("${aws_cloudfront_distribution.gone.domain_name}") }),
      record({ type: "A", alias: alias("${aws_sns_topic.t.arn}") }),
      record({ type: "${var.type}", ttl: 300, records: ["203.0.113.10"] }),
    ],
  },
  "ALB-09": {
    pass: [real, targetGroup({ health_check: { enabled: true, path: "/health", matcher: "200" } }), targetGroup({ protocol: "TCP" })],
    fail: [targetGroup({}), targetGroup({ health_check: { enabled: true, matcher: "200" } }), targetGroup({ health_check: { enabled: false, path: "/health" } }), targetGroup({ protocol: "${var.protocol}" })],
  },
  "ALB-10": {
    pass: [real, stack(alb()), stack(alb({ desync_mitigation_mode: "defensive" }))],
    fail: [stack(alb({ desync_mitigation_mode: "monitor" })), realWith({ "aws_lb.load_balancer": { desync_mitigation_mode: "monitor" } }), stack(alb({ desync_mitigation_mode: "${var.desync}" }))],
  },
  "ALB-11": {
    stage: "prod",
    pass: [stack(httpsOnlyServices()), stack(alb({}, { https })), stack(alb({ load_balancer_type: "network" }, { tls: { port: 443, protocol: "TLS", certificate_arn: acm } }))],
    fail: [
      // a port 80 listener that only redirects is still a plain HTTP listener
      real,
      stack(realServicesHttpOnly()),
      stack(alb({}, { https, http: httpRedirect })),
      stack(alb({ load_balancer_type: "network" }, { tcp: { port: 5432, protocol: "TCP" } })),
      stack(alb({}, { plain: { port: 8080 } })),
    ],
  },
  "CF-10": {
    pass: [front, withRoot(), serviceDistribution],
    fail: [
      withRoot({ enabled: false }),
      withRoot({ enabled: undefined }),
      stack(distribution()),
      // an S3 origin known by its s3_origin_config, whatever its domain
      stack(distribution({ origin: [{ origin_id: "site", domain_name: "${var.bucket_domain}", s3_origin_config: { origin_access_identity: "x" } }] })),
      withRoot({ enabled: "${var.enabled}" }),
    ],
  },
  "CF-11": {
    pass: [front, stack(distribution()), withRoot({ viewer_certificate: { acm_certificate_arn: acm, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" } })],
    fail: [
      withRoot({ viewer_certificate: { acm_certificate_arn: acm, ssl_support_method: "vip", minimum_protocol_version: "TLSv1.2_2021" } }),
      withRoot({ viewer_certificate: { iam_certificate_id: "ASCAEXAMPLE", ssl_support_method: "static-ip" } }),
      withRoot({ viewer_certificate: { acm_certificate_arn: acm, minimum_protocol_version: "TLSv1.2_2021" } }),
      withRoot({ viewer_certificate: { acm_certificate_arn: acm, ssl_support_method: "${var.ssl_support_method}" } }),
    ],
  },
  "CF-12": {
    pass: [front, withRoot(), serviceDistribution, s3Origin({ domain_name: "${aws_s3_bucket.site.bucket_domain_name}" }), s3Origin({ domain_name: "acme-site.s3-website-us-east-1.amazonaws.com", custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: "http-only", origin_ssl_protocols: ["TLSv1.2"] } })],
    fail: [
      s3Origin({ domain_name: "acme-site.s3.us-east-1.amazonaws.com" }),
      s3Origin({ domain_name: "${data.aws_s3_bucket.site.bucket_regional_domain_name}" }),
      s3Origin({ domain_name: "${var.bucket_domain}", s3_origin_config: { origin_access_identity: "x" } }),
      stack({ ...distribution({ default_root_object: "index.html", origin: [{ origin_id: "site", domain_name: "${data.terraform_remote_state.foundation.outputs.site_domain}", origin_access_control_id: "${aws_cloudfront_origin_access_control.o.id}" }] }), ...oac }),
    ],
  },
};
