/**
 * Phase 4: the frontend. With `frontend.type: static`, a private S3 bucket behind
 * CloudFront, logging to the foundation's log archive. It runs after the services
 * phase, whose contract it checks first;
 * the API origin behind the same distribution arrives with the load balancer.
 * It also creates the DNS records of App Runner custom domains, which exist only
 * after the services phase associated the domains.
 */
import type { Construct } from "constructs";
import { TerraformIterator } from "cdktf";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { CloudfrontAccessLogs } from "../constructs/cloudfront-access-logs";
import { StaticSite } from "../constructs/static-site";
import { fromConfig } from "../policy/provenance";
import { FoundationContract, FrontendContract, ServicesContract } from "./contracts";
import { PhaseStack, type PhaseStackProps } from "./phase-stack";

export class FrontendStack extends PhaseStack {
  constructor(scope: Construct, props: PhaseStackProps) {
    super(scope, "frontend", props);
    const c = this.config;
    const foundation = this.upstream(FoundationContract);
    const services = this.upstream(ServicesContract);
    if (c.domain && c.services.some((s) => s.kind === "web" && s.appRunner?.ingress === "public" && s.hosts.length > 0)) {
      // App Runner hands out its DNS records only once the domain association exists (services phase);
      // here they are known values of its state, so each becomes a record.
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
    if (c.frontend.type === "none") return;

    const site = fromConfig(new StaticSite(this, "site", {
      namePrefix: c.names.prefix,
      bucketName: c.names.bucket("frontend"),
      indexDocument: c.frontend.indexDocument,
      priceClass: c.stage === "prod" ? "PriceClass_All" : "PriceClass_100",
      forceDestroy: c.protection.forceDestroy,
      logsBucketName: foundation.get("logs_bucket_name"),
    }), "frontend");
    new CloudfrontAccessLogs(this, "site_access_logs", {
      namePrefix: c.names.prefix,
      distributionArn: site.distribution.arn,
      logsBucketArn: `arn:${c.partition}:s3:::${foundation.get("logs_bucket_name")}`,
      provider: this.usEast1Provider(),
    });
    this.publish(FrontendContract, {
      site_bucket_name: site.bucket.name,
      distribution_id: site.distribution.id,
      site_url: `https://${site.distribution.domainName}`,
    });
  }
}
