/** The workloads rules (EFS, ECS, network, load balancer, CloudFront, Route 53): what each one says, exactly, and where. */
import type { Stage } from "../../config/schema";
import { evaluate } from "../../policy/engine";
import { StackModel, type StackJson } from "../../policy/model";
import { WORKLOADS_RULES } from "../../policy/rules/workloads-rules";
import type { Rule } from "../../policy/types";
import { FoundationStack } from "../../stacks/foundation-stack";
import { configs, synthOf } from "../support/stack-json";
import { WORKLOADS_CASES, existingVpcWith, fileSystem, httpsOnlyServices, ONLY_IN_RULES, record, vpcWith } from "./cases/workloads";
import { distribution, realServices, realServicesHttpOnly, revise, stack } from "./fixtures";

const rule = (id: string): Rule => WORKLOADS_RULES.find((r) => r.id === id)!;
const findings = (id: string, json: StackJson, stage: Stage = "prod") => {
  const report = evaluate([new StackModel("s", json)], { environment: "test", stage, rules: [rule(id)] });
  return [...report.errors, ...report.warnings];
};
/** `address: detail`, with ` (unknown)` for values only known after apply. */
const details = (id: string, json: StackJson, stage: Stage = "prod") => findings(id, json, stage).map((f) => `${f.address}: ${f.detail}${f.unknown ? " (unknown)" : ""}`);
const failing = (id: string, i: number) => details(id, WORKLOADS_CASES[id].fail[i], WORKLOADS_CASES[id].stage ?? "prod");

describe("EFS", () => {
  it("EFS-01 reports a file system that is not encrypted, or not known to be", () => {
    expect(failing("EFS-01", 0)).toEqual(["aws_efs_file_system.fs: encrypted is false"]);
    expect(failing("EFS-01", 1)).toEqual(["aws_efs_file_system.fs: encrypted is not set (AWS default: false)"]);
    expect(failing("EFS-01", 2)).toEqual(["aws_efs_file_system.fs: encrypted is only known after apply (unknown)"]);
  });

  it("EFS-02 names what the access point fails to pin: the root directory, the user, or one of its ids", () => {
    expect(failing("EFS-02", 0)).toEqual(["aws_efs_access_point.sqlite: root_directory.path is not set: the client sees the file system's root"]);
    expect(failing("EFS-02", 1)).toEqual(['aws_efs_access_point.sqlite: root_directory.path is "/": the client sees the whole file system']);
    expect(failing("EFS-02", 2)).toEqual(["aws_efs_access_point.sqlite: root_directory.path is only known after apply (unknown)"]);
    expect(failing("EFS-02", 3)).toEqual(["aws_efs_access_point.sqlite: no posix_user: the client acts as whatever uid and gid it claims"]);
    expect(failing("EFS-02", 4)).toEqual(["aws_efs_access_point.sqlite: posix_user has no uid"]);
    expect(details("EFS-02", fileSystem({ accessPoint: { root_directory: { path: "//" }, posix_user: {} } }))).toEqual([
      'aws_efs_access_point.sqlite: root_directory.path is "//": the client sees the whole file system',
      "aws_efs_access_point.sqlite: posix_user has no uid and gid",
    ]);
  });

  it("EFS-02 refuses root as the access point's user", () => {
    expect(details("EFS-02", fileSystem({ accessPoint: { root_directory: { path: "/sqlite" }, posix_user: { uid: 0, gid: 0 } } }))).toEqual(["aws_efs_access_point.sqlite: posix_user has uid 0 and gid 0 (root)"]);
    expect(details("EFS-02", fileSystem({ accessPoint: { root_directory: { path: "/sqlite" }, posix_user: { uid: 1000, gid: 0 } } }))).toEqual(["aws_efs_access_point.sqlite: posix_user has gid 0 (root)"]);
  });

  it("EFS-03 asks staging and prod for an enabled backup policy of this very file system; dev turns backups off", () => {
    expect(failing("EFS-03", 0)).toEqual(["aws_efs_file_system.fs: no aws_efs_backup_policy refers to this file system (automatic backups are off by default)"]);
    expect(failing("EFS-03", 1)).toEqual(["aws_efs_file_system.fs: aws_efs_backup_policy.backups has backup_policy.status DISABLED"]);
    // a policy of another file system does not count
    expect(failing("EFS-03", 2)).toEqual(["aws_efs_file_system.fs: no aws_efs_backup_policy refers to this file system (automatic backups are off by default)"]);
    expect(failing("EFS-03", 3)).toEqual(["aws_efs_file_system.fs: backup_policy.status is only known after apply (unknown)"]);
    const disabled = fileSystem({ backup: { backup_policy: { status: "DISABLED" } } });
    expect(details("EFS-03", disabled, "prod")).toHaveLength(1);
    expect(details("EFS-03", disabled, "dev")).toEqual([]);
  });
});

describe("ECS", () => {
  it("ECS-12 names every EFS volume mounted without TLS, not only the first", () => {
    expect(failing("ECS-12", 0)).toEqual(['aws_ecs_task_definition.t: volume "data": efs_volume_configuration.transit_encryption is not set (AWS default: DISABLED)']);
    expect(failing("ECS-12", 1)).toEqual(['aws_ecs_task_definition.t: volume "data": efs_volume_configuration.transit_encryption is "DISABLED"']);
    expect(failing("ECS-12", 2)).toEqual(['aws_ecs_task_definition.t: volume "b": efs_volume_configuration.transit_encryption is not set (AWS default: DISABLED)']);
    expect(failing("ECS-12", 3)).toEqual(["aws_ecs_task_definition.t: volume is only known after apply (unknown)"]);
  });

  it("ECS-13 leaves a cluster without ECS Exec configuration alone, and holds a configured one to logging, a key and encryption", () => {
    expect(failing("ECS-13", 0)).toEqual(["aws_ecs_cluster.c: execute_command_configuration.logging is NONE: ECS Exec sessions are not recorded"]);
    expect(failing("ECS-13", 1)).toEqual([
      "aws_ecs_cluster.c: execute_command_configuration has no kms_key_id: ECS Exec sessions are not encrypted with a customer key",
      "aws_ecs_cluster.c: log_configuration enables neither cloud_watch_encryption_enabled nor s3_bucket_encryption_enabled: the session log is not encrypted",
    ]);
    expect(failing("ECS-13", 2)).toEqual(["aws_ecs_cluster.c: execute_command_configuration has no kms_key_id: ECS Exec sessions are not encrypted with a customer key"]);
    expect(failing("ECS-13", 3)).toEqual([
      "aws_ecs_cluster.c: log_configuration enables neither cloud_watch_encryption_enabled nor s3_bucket_encryption_enabled: the session log is not encrypted",
      "aws_ecs_cluster.c: log_configuration writes to cloud_watch_log_group_name without cloud_watch_encryption_enabled",
    ]);
    // CKV_AWS_224 is content with either flag; with OVERRIDE the destination actually written must be encrypted
    expect(failing("ECS-13", 4)).toEqual(["aws_ecs_cluster.c: log_configuration writes to s3_bucket_name without s3_bucket_encryption_enabled"]);
    expect(failing("ECS-13", 5)).toEqual(["aws_ecs_cluster.c: logging is OVERRIDE but log_configuration names no log group or bucket: sessions are recorded nowhere"]);
    expect(failing("ECS-13", 6)).toEqual(["aws_ecs_cluster.c: execute_command_configuration.logging is only known after apply (unknown)"]);
  });

  it("ECS-14 refuses a pinned platform version, also on capacity providers", () => {
    expect(failing("ECS-14", 0)).toEqual(['aws_ecs_service.s: platform_version is "1.3.0", not LATEST']);
    expect(failing("ECS-14", 1)).toEqual(['aws_ecs_service.s: platform_version is "1.4.0", not LATEST']);
    expect(failing("ECS-14", 2)).toEqual(["aws_ecs_service.s: platform_version is only known after apply (unknown)"]);
  });
});

describe("network", () => {
  it("NET-05 reports a subnet that maps public IPs, and a mount target in a subnet named by an expression it cannot resolve", () => {
    expect(failing("NET-05", 0)).toEqual(["aws_subnet.public_0: map_public_ip_on_launch is true"]);
    expect(failing("NET-05", 1)).toEqual(["aws_subnet.public_0: map_public_ip_on_launch is only known after apply (unknown)"]);
    expect(failing("NET-05", 2)).toEqual(["aws_efs_mount_target.mount_0: subnet_id ${var.subnet} names no subnet of this stack: whether it assigns public IPs on launch is only known after apply (unknown)"]);
    // the mount target's own subnet maps public IPs: the subnet is reported (EFS.6 through CKV_AWS_130)
    expect(details("NET-05", fileSystem({ subnet: { map_public_ip_on_launch: true } }))).toEqual(["aws_subnet.private_0: map_public_ip_on_launch is true"]);
  });

  it("NET-06 names the rule that allows all traffic out, and where to", () => {
    expect(failing("NET-06", 0)).toEqual(["aws_vpc_security_group_egress_rule.out: allows all traffic out to 0.0.0.0/0"]);
    expect(failing("NET-06", 1)).toEqual(["aws_vpc_security_group_egress_rule.out: allows all traffic out to ::/0"]);
    expect(failing("NET-06", 2)).toEqual(["aws_security_group.app: egress[0] allows all traffic out to 0.0.0.0/0"]);
    // every TCP port is all traffic too, though CKV_AWS_382 only looks for port -1
    expect(failing("NET-06", 3)).toEqual(["aws_security_group.app: egress[0] allows all traffic out to ::/0"]);
    expect(failing("NET-06", 4)).toEqual(["aws_security_group_rule.out: allows all traffic out to 0.0.0.0/0"]);
    expect(failing("NET-06", 5)).toEqual(["aws_vpc_security_group_egress_rule.out: allows all traffic out to aws_security_group.db: name the protocol and ports"]);
    expect(failing("NET-06", 6)).toEqual(["aws_security_group_rule.out: allows all traffic out and names no destination"]);
    expect(failing("NET-06", 7)).toEqual(["aws_vpc_security_group_egress_rule.out: allows 0.0.0.0/0 on a protocol or ports only known after apply (unknown)"]);
  });

  it("NET-07 reports a group that is only named in rules, its own or another group's", () => {
    expect(details("NET-07", ONLY_IN_RULES)).toEqual(["aws_security_group.tasks: no resource of the stack attaches this group and no output publishes it"]);
    expect(failing("NET-07", 1)).toEqual(["aws_security_group.orphan: no resource of the stack attaches this group and no output publishes it"]);
  });

  it("NET-08 asks prod's VPC, created or existing, for both ECR endpoints, as interface endpoints", () => {
    expect(details("NET-08", vpcWith())).toEqual(["aws_vpc.vpc: this VPC has no interface endpoint for ecr.api (EC2.55)", "aws_vpc.vpc: this VPC has no interface endpoint for ecr.dkr (EC2.56)"]);
    expect(failing("NET-08", 2)).toEqual(["aws_vpc.vpc: this VPC has no interface endpoint for ecr.dkr (EC2.56)"]);
    expect(details("NET-08", existingVpcWith("ecr.dkr"))).toEqual(["aws_security_group.app: VPC vpc-0a1b2c3d4e5f67890 (network.mode: existing) has no interface endpoint for ecr.api (EC2.55)"]);
    expect(details("NET-08", vpcWith(), "staging")).toEqual([]);
    expect(details("NET-08", vpcWith(), "dev")).toEqual([]);
  });
});

describe("Route 53", () => {
  it("DNS-01 says what a record points at when it is not a resource of the stack", () => {
    const taken = "nothing in the stack makes sure it exists, and a name left pointing at a released address can be taken over";
    expect(failing("DNS-01", 0)).toEqual([`aws_route53_record.r: the A record's alias points at the literal dualstack.acme-1234567890.us-east-1.elb.amazonaws.com: ${taken}`]);
    expect(failing("DNS-01", 1)).toEqual([`aws_route53_record.r: the A record points at the literal 203.0.113.10: ${taken}`]);
    expect(failing("DNS-01", 2)).toEqual(["aws_route53_record.r: the AAAA record's alias points at aws_cloudfront_distribution.gone, which is not in the stack"]);
    expect(failing("DNS-01", 3)).toEqual(["aws_route53_record.r: the A record's alias points at aws_sns_topic.t (aws_sns_topic), which is no AWS resource an address record points at"]);
    expect(failing("DNS-01", 4)).toEqual(["aws_route53_record.r: type is only known after apply, and its records come from no resource of the stack (unknown)"]);
    expect(details("DNS-01", record({ type: "A", ttl: 300, records: ["${var.address}"] }))).toEqual([`aws_route53_record.r: the A record points at the expression \${var.address}: ${taken}`]);
  });

  it("DNS-01 reports a target taken from another phase's state as unknown (it can outlive what it names), and accepts a lookup in AWS", () => {
    const alias = (name: string) => record({ type: "A", alias: { name, zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false } });
    expect(details("DNS-01", alias("${data.terraform_remote_state.services.outputs.load_balancer_dns_name}"))).toEqual([
      "aws_route53_record.r: the A record's alias points at data.terraform_remote_state.services, which is not in the stack; another phase's state names it, which can outlive it, so whether it exists is only known after apply (unknown)",
    ]);
    expect(details("DNS-01", alias("${data.aws_lb.shared.dns_name}"))).toEqual([]);
  });

  it("DNS-01 accepts ACM's validation records, whose type and values come from the certificate", () => {
    expect(details("DNS-01", stack(realServices()))).toEqual([]);
    expect(details("DNS-01", stack(revise(realServices(), { "aws_acm_certificate.certificate": null })))).toEqual([
      "aws_route53_record.certificate_validation_record: type is only known after apply, and its records come from no resource of the stack (unknown)",
    ]);
  });
});

describe("load balancer", () => {
  it("ALB-09 reports an HTTP target group without a health check path, or with the check disabled", () => {
    expect(failing("ALB-09", 0)).toEqual(["aws_lb_target_group.tg: HTTP target group has no health_check"]);
    expect(failing("ALB-09", 1)).toEqual(["aws_lb_target_group.tg: health_check has no path"]);
    expect(failing("ALB-09", 2)).toEqual(["aws_lb_target_group.tg: health_check.enabled is false"]);
    expect(failing("ALB-09", 3)).toEqual(["aws_lb_target_group.tg: protocol is only known after apply (unknown)"]);
    expect(details("ALB-09", stack({ aws_lb_target_group: { tg: { protocol: "HTTP", health_check: { enabled: "${var.checked}", path: "/health" } } } }))).toEqual([
      "aws_lb_target_group.tg: health_check.enabled is only known after apply (unknown)",
    ]);
  });

  it("ALB-10 refuses monitor mode", () => {
    expect(failing("ALB-10", 0)).toEqual(['aws_lb.lb: desync_mitigation_mode is "monitor"; allowed: defensive, strictest']);
    expect(failing("ALB-10", 2)).toEqual(["aws_lb.lb: desync_mitigation_mode is only known after apply (unknown)"]);
  });

  it("ALB-11 refuses every plain listener in prod, a redirect included, and nothing outside prod", () => {
    const redirect = "aws_lb_listener.load_balancer_http_listener: protocol is HTTP on port 80: prod listeners are HTTPS or TLS";
    expect(details("ALB-11", stack(realServices()))).toEqual([redirect]);
    expect(details("ALB-11", stack(realServicesHttpOnly()))).toEqual([redirect]);
    expect(failing("ALB-11", 3)).toEqual(["aws_lb_listener.tcp: protocol is TCP on port 5432: prod listeners are HTTPS or TLS"]);
    expect(failing("ALB-11", 4)).toEqual(["aws_lb_listener.plain: protocol is not set (HTTP, or TCP on a network load balancer) on port 8080: prod listeners are HTTPS or TLS"]);
    expect(details("ALB-11", stack(httpsOnlyServices()))).toEqual([]);
    for (const stage of ["dev", "staging"] as const) expect(details("ALB-11", stack(realServicesHttpOnly()), stage)).toEqual([]);
  });
});

describe("CloudFront", () => {
  it("CF-10 asks for an enabled distribution, and a root object only where an S3 bucket serves", () => {
    expect(failing("CF-10", 0)).toEqual(["aws_cloudfront_distribution.d: enabled is false"]);
    expect(failing("CF-10", 1)).toEqual(["aws_cloudfront_distribution.d: enabled is not set"]);
    expect(failing("CF-10", 2)).toEqual(['aws_cloudfront_distribution.d: origin "site" is an S3 bucket, but default_root_object is not set']);
    expect(failing("CF-10", 3)).toEqual(['aws_cloudfront_distribution.d: origin "site" is an S3 bucket, but default_root_object is not set']);
    expect(failing("CF-10", 4)).toEqual(["aws_cloudfront_distribution.d: enabled is only known after apply (unknown)"]);
    expect(details("CF-10", WORKLOADS_CASES["CF-10"].pass[2])).toEqual([]);
  });

  it("CF-11 holds a distribution with its own certificate to SNI, and leaves CloudFront's default certificate alone", () => {
    expect(failing("CF-11", 0)).toEqual(['aws_cloudfront_distribution.d: viewer_certificate.ssl_support_method is "vip"; allowed: sni-only']);
    expect(failing("CF-11", 1)).toEqual(['aws_cloudfront_distribution.d: viewer_certificate.ssl_support_method is "static-ip"; allowed: sni-only']);
    expect(failing("CF-11", 2)).toEqual(["aws_cloudfront_distribution.d: viewer_certificate.ssl_support_method is not set; allowed: sni-only"]);
    expect(failing("CF-11", 3)).toEqual(["aws_cloudfront_distribution.d: viewer_certificate.ssl_support_method is only known after apply (unknown)"]);
    expect(details("CF-11", stack(distribution()))).toEqual([]);
  });

  it("CF-12 says how an S3 origin names its bucket when it is not a bucket of the stack", () => {
    const notOurs = "not by an aws_s3_bucket of the stack";
    expect(failing("CF-12", 0)).toEqual([`aws_cloudfront_distribution.d: origin "site" is an S3 bucket named by the literal "acme-site.s3.us-east-1.amazonaws.com", ${notOurs}`]);
    expect(failing("CF-12", 1)).toEqual([`aws_cloudfront_distribution.d: origin "site" is an S3 bucket named by data.aws_s3_bucket.site, ${notOurs}`]);
    expect(failing("CF-12", 2)).toEqual([`aws_cloudfront_distribution.d: origin "site" is an S3 bucket named by the expression "\${var.bucket_domain}", ${notOurs}`]);
    // known as S3 by its origin access control
    expect(failing("CF-12", 3)).toEqual([`aws_cloudfront_distribution.d: origin "site" is an S3 bucket named by data.terraform_remote_state.foundation, ${notOurs}`]);
  });
});

describe("the platform as it synthesizes", () => {
  const withStage = (stage: Stage) => (json: StackJson) => {
    const report = evaluate([new StackModel("s", json)], { environment: "test", stage, rules: WORKLOADS_RULES });
    return [...report.errors, ...report.warnings].map((f) => `${f.ruleId} ${f.address}: ${f.detail}`);
  };

  it.each(["dev", "staging", "prod"] as const)("%s: the foundation and services stacks pass every workloads rule", (env) => {
    const check = withStage(configs[env].stage);
    expect(check(synthOf(configs[env], FoundationStack) as unknown as StackJson)).toEqual([]);
    expect(check(synthOf(configs[env]) as unknown as StackJson)).toEqual([]);
  });

  it("prod's load balancer has no plain listener left for ALB-11 to find", () => {
    const services = synthOf(configs.prod) as unknown as StackJson;
    expect(Object.keys(services.resource!.aws_lb_listener)).toEqual(["load_balancer_https_listener"]);
  });
});
