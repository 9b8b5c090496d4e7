/**
 * Phase 4: the frontend. With `frontend.type: static`, a private S3 bucket behind
 * CloudFront, logging to the foundation's log archive. It runs after the services
 * phase, whose contract it checks first;
 * the API origin behind the same distribution arrives with the load balancer.
 */
import type { Construct } from "constructs";
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
    this.upstream(ServicesContract);
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
