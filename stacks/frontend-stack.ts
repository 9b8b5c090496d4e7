/**
 * Phase 4: the edge. One CloudFront distribution in front of everything the
 * environment serves publicly (see constructs/edge/cdn.ts):
 *
 * - `frontend.type: static`: a private S3 bucket with the single-page app, its
 *   assets published at deploy when configured; `routes` add paths to web
 *   services on the load balancer (app and API on one domain, no CORS);
 * - `frontend.type: service`: a web service on the load balancer answers;
 * - the load balancer, when routed to, is internal and reached through a VPC origin;
 * - custom hosts: an ACM certificate in us-east-1 and A/AAAA alias records;
 * - AWS WAF (us-east-1), access logs (standard logging v2) to the log archive;
 * - the public URL published to SSM for services that read it at start, when
 *   only this phase knows it (no domain), and those services rolled out.
 *
 * It also creates the DNS records of App Runner custom domains, which exist only
 * after the services phase associated the domains. And, as the last phase, it
 * holds the environment's CloudWatch dashboard (`cloudwatch_dashboard_url`).
 */
import type { Construct } from "constructs";
import { TerraformIterator, TerraformOutput, type TerraformProvider } from "cdktf";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { DataAwsSecurityGroup } from "@cdktf/provider-aws/lib/data-aws-security-group";
import type { CloudfrontVpcOrigin } from "@cdktf/provider-aws/lib/cloudfront-vpc-origin";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { loadBalancerRoutes, publishedUrlReaders } from "../config/frontend";
import { AliasRecords } from "../constructs/alias-records";
import { DnsValidatedCertificate } from "../constructs/certificate";
import { CloudfrontAccessLogs } from "../constructs/cloudfront-access-logs";
import { Cdn, VPC_ORIGINS_SECURITY_GROUP } from "../constructs/edge/cdn";
import { PublicUrl } from "../constructs/edge/public-url";
import { SiteAssets } from "../constructs/edge/site-assets";
import { environmentWebAcl } from "../constructs/edge/web-acl";
import { SecureBucket } from "../constructs/secure-bucket";
import { fromConfig } from "../policy/provenance";
import { environmentAlertTopic } from "../constructs/alerts/alert-topic";
import { catalogueAlarms, type KindMetrics } from "../constructs/alerts/catalogue-alarms";
import { alarmSpec } from "../config/alarms";
import { suppressRule } from "../policy/suppress";
import { CdnLogsKey } from "../constructs/keys/cdn-logs-key";
import { customerKeyArn, FoundationContract, FrontendContract, ServicesContract } from "./contracts";
import { environmentDashboard, type EdgeAlarmsTarget } from "./environment-dashboard";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";
import type { Upstream } from "./upstream";

/** The output that opens the environment's dashboard (seed 002 names it so). */
export const DASHBOARD_OUTPUT = "cloudwatch_dashboard_url";

export class FrontendStack extends PhaseStack {
  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "frontend", props);
    const foundation = this.upstream(FoundationContract);
    const services = this.upstream(ServicesContract);
    this.appRunnerDomainRecords(services);
    const edge = this.config.frontend.type === "none" ? undefined : this.edge(foundation, services);
    const dashboard = fromConfig(environmentDashboard(this, this.config, foundation, services, edge), "alarms");
    new TerraformOutput(this, DASHBOARD_OUTPUT, { value: dashboard.url, description: "Opens the environment's CloudWatch dashboard in the AWS console" });
  }

  /** The distribution and what belongs to it; see the file's comment. */
  private edge(foundation: Upstream<typeof FoundationContract>, services: Upstream<typeof ServicesContract>): EdgeAlarmsTarget {
    const c = this.config;
    const f = c.frontend;
    const usEast1 = this.usEast1Provider();

    // Site assets are rebuilt from source on every deploy: short history is enough.
    const bucket =
      f.type === "static"
        ? fromConfig(
            new SecureBucket(this, "site_bucket", {
              bucketName: c.names.bucket("frontend"),
              versioned: true,
              noncurrentVersionExpirationDays: 30,
              forceDestroy: c.protection.forceDestroy,
              // The data key admits CloudFront for this bucket's objects (constructs/keys/environment-keys.ts).
              kmsKeyArn: customerKeyArn(c, foundation, "data_key_arn"),
              region: c.region,
              accessLogs: { bucketName: foundation.get("logs_bucket_name"), prefix: `s3/${c.names.bucket("frontend")}/` },
            }),
            "frontend",
          )
        : undefined;
    const certificate =
      c.domain && f.hosts.length > 0
        ? fromConfig(new DnsValidatedCertificate(this, "certificate", { hostNames: f.hosts, hostedZoneId: c.domain.zoneId, provider: usEast1 }), "frontend.hosts")
        : undefined;
    const firewall = c.waf.enabled ? fromConfig(environmentWebAcl(this, "firewall", c, {
            scope: "CLOUDFRONT",
            nameSuffix: "cdn",
            provider: usEast1,
            logsKmsKeyArn: this.cdnLogsKeyArn(foundation, usEast1),
          }), "waf") : undefined;
    const routes = loadBalancerRoutes(f);
    const cdn = fromConfig(
      new Cdn(this, "site", {
        namePrefix: c.names.prefix,
        site: bucket && { bucket, indexDocument: f.indexDocument },
        loadBalancer:
          routes.length > 0
            ? {
                arn: services.get("load_balancer_arn"),
                originDomainName: services.get("load_balancer_origin_host"),
                // With a domain the load balancer has a certificate for the origin's name.
                https: c.domain !== undefined,
                routes,
                readTimeoutSeconds: f.originReadTimeoutSeconds,
                // Shorter than the load balancer's idle timeout: a reused connection is never one it is closing.
                keepaliveSeconds: Math.max(1, Math.min(60, c.loadBalancer.idleTimeoutSeconds - 5)),
              }
            : undefined,
        hosts: f.hosts,
        certificateArn: certificate?.certificateArn,
        webAclArn: firewall?.arn,
        priceClass: f.priceClass,
        geoRestriction: f.geoRestriction,
        hsts: f.hsts,
      }),
      "frontend",
    );
    if (cdn.vpcOrigin) this.admitVpcOrigins(cdn.vpcOrigin, foundation, services);
    if (c.domain && f.hosts.length > 0) {
      fromConfig(
        new AliasRecords(this, "domain", { hostedZoneId: c.domain.zoneId, hostNames: f.hosts, targetDnsName: cdn.domainName, targetZoneId: cdn.hostedZoneId, ipv6: true, evaluateTargetHealth: false }),
        "frontend.hosts",
      );
    }
    if (f.accessLogs) {
      fromConfig(
        new CloudfrontAccessLogs(this, "site_access_logs", {
          namePrefix: c.names.prefix,
          distributionArn: cdn.distribution.arn,
          logsBucketArn: `arn:${c.partition}:s3:::${foundation.get("logs_bucket_name")}`,
          provider: usEast1,
        }),
        "frontend.accessLogs",
      );
    }
    if (bucket && f.assets) {
      fromConfig(
        new SiteAssets(this, "site_assets", { assets: f.assets, bucketName: bucket.name, distributionId: cdn.distribution.id, indexDocument: f.indexDocument, region: c.region }),
        "frontend.assets",
      );
    }

    const urls = f.hosts.length > 0 ? f.hosts.map((h) => `https://${h}`) : [`https://${cdn.domainName}`];
    const readers = publishedUrlReaders(c);
    if (readers.length > 0) {
      fromConfig(
        new PublicUrl(this, "publish_public_url", {
          url: urls[0],
          parameterName: services.get("public_url_parameter"),
          parameterGeneration: services.get("public_url_generation"),
          region: c.region,
          keyId: customerKeyArn(c, foundation, "secrets_key_arn"),
          cluster: services.get("ecs_cluster_name"),
          ecsServices: readers.filter((s) => s.compute === "ecs" && s.kind !== "task").map((s) => services.lookup("ecs_service_names", s.name)),
          appRunnerServiceArns: readers.filter((s) => s.compute === "apprunner").map((s) => services.lookup("apprunner_service_arns", s.name)),
        }),
        "frontend",
      );
    }

    this.publish(FrontendContract, {
      public_url: urls[0],
      public_urls: urls,
      distribution_id: cdn.distribution.id,
      distribution_arn: cdn.distribution.arn,
      distribution_domain_name: cdn.domainName,
      site_bucket_name: bucket?.name ?? "",
      web_acl_arn: firewall?.arn ?? "",
    });
    return { cdn, usEast1AlertTopic: this.cdnAlarms(cdn, foundation, usEast1) };
  }

  /**
   * The key of the CDN firewall's log group, in us-east-1: the logs key when the
   * environment is there; elsewhere (a key serves its own region only) the team's
   * keyArns.cdnLogs, or a key of the platform's made here (constructs/keys/cdn-logs-key.ts).
   */
  private cdnLogsKeyArn(foundation: Upstream<typeof FoundationContract>, usEast1: TerraformProvider | undefined): string | undefined {
    const c = this.config;
    if (!usEast1) return customerKeyArn(c, foundation, "logs_key_arn");
    if (c.encryption.mode === "bring") return c.encryption.keyArns?.cdnLogs;
    if (c.encryption.mode === "aws-managed") return undefined;
    return fromConfig(new CdnLogsKey(this, "cdn_logs_key", {
      namePrefix: c.names.prefix,
      accountId: c.accountId,
      partition: c.partition,
      logGroupName: c.names.firewallLogGroup("cdn"),
      deletionWindowDays: c.encryption.keyDeletionWindowDays,
      retain: c.protection.deletionProtection,
      provider: usEast1,
    }), "encryption").key.arn;
  }

  /**
   * The share of 5xx the distribution answers. CloudFront's metrics, and so the
   * alarm and the topic it notifies, are in us-east-1: elsewhere a copy of the
   * alert topic there, with the same subscribers (e-mail addresses confirm it once).
   * Returns whether it created that copy.
   */
  private cdnAlarms(cdn: Cdn, foundation: Upstream<typeof FoundationContract>, usEast1: TerraformProvider | undefined): boolean {
    const c = this.config;
    if (!alarmSpec("cdnErrorRate", c.alarms, c.stage)) {
      suppressRule(cdn.distribution, "CW-02", `alarms.cdnErrorRate is off: ${c.alarms.cdnErrorRate?.reason}`);
      return false;
    }
    const topicArn = usEast1 ? fromConfig(environmentAlertTopic(this, "alerts_us_east_1", c, usEast1), "alerts").arn : foundation.get("alert_topic_arn");
    const cloudfront = (metricName: string, statistic: string) => ({ namespace: "AWS/CloudFront", metricName, dimensions: { DistributionId: cdn.distribution.id, Region: "Global" }, statistic });
    const metrics: KindMetrics = [
      ["cdnErrorRate", { expression: "IF(requests >= 20, rate, 0)", label: "5xx (% of requests)", metrics: { rate: cloudfront("5xxErrorRate", "Average"), requests: cloudfront("Requests", "Sum") } }],
    ];
    for (const alarm of catalogueAlarms(this, { idPrefix: "", namePrefix: c.names.prefix, topicArn, overrides: c.alarms, stage: c.stage, metrics, provider: usEast1, watched: cdn.distribution })) fromConfig(alarm, "frontend");
    return usEast1 !== undefined;
  }

  /**
   * The load balancer admits the security group AWS gives CloudFront's VPC origins
   * in this VPC (it exists once the first VPC origin does, so it is read after
   * ours), on the port the origin uses. The VPC's CIDR is admitted already, for
   * callers inside the VPC; this rule does not depend on where AWS places the
   * origin's network interfaces.
   */
  private admitVpcOrigins(vpcOrigin: CloudfrontVpcOrigin, foundation: Upstream<typeof FoundationContract>, services: Upstream<typeof ServicesContract>): void {
    const group = new DataAwsSecurityGroup(this, "vpc_origins_security_group", {
      name: VPC_ORIGINS_SECURITY_GROUP,
      vpcId: foundation.get("vpc_id"),
      dependsOn: [vpcOrigin],
    });
    const port = this.config.domain ? 443 : 80;
    fromConfig(
      new VpcSecurityGroupIngressRule(this, `load_balancer_from_vpc_origins_${port}`, {
        securityGroupId: services.get("load_balancer_security_group_id"),
        referencedSecurityGroupId: group.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description: "CloudFront's VPC origins to the load balancer",
      }),
      "frontend.routes",
    );
  }

  /**
   * App Runner hands out its DNS records only once the domain association exists
   * (services phase); here they are known values of its state, so each becomes a record.
   */
  private appRunnerDomainRecords(services: Upstream<typeof ServicesContract>): void {
    const c = this.config;
    if (!c.domain || !c.services.some((s) => s.kind === "web" && s.appRunner?.ingress === "public" && s.hosts.length > 0)) return;
    const records = TerraformIterator.fromMap(services.get("apprunner_dns_records") as unknown as Record<string, string>);
    fromConfig(
      new Route53Record(this, "apprunner_domain_records", {
        forEach: records,
        zoneId: c.domain.zoneId,
        name: records.key,
        type: "CNAME",
        ttl: 300,
        records: [records.value],
      }),
      "domain",
    );
  }
}
