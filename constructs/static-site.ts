/**
 * A single-page application served from a private S3 bucket through CloudFront:
 * origin access control (the bucket stays private and only this distribution may
 * read it), HTTPS only for viewers, security response headers (HSTS and friends),
 * compression, HTTP/2 and 3, IPv6, and SPA routing (403/404 -> index document).
 */
import { Construct } from "constructs";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { SecureBucket } from "./secure-bucket";

/** AWS managed cache policy "CachingOptimized" (a fixed, documented id: no lookup needed). */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";

export interface StaticSiteProps {
  /** Name prefix for CloudFront objects, e.g. `acme-ai-dev`. */
  readonly namePrefix: string;
  readonly bucketName: string;
  /** @default "index.html" */
  readonly indexDocument?: string;
  /** @default "PriceClass_100" */
  readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
  /** Delete the bucket with its objects on destroy. @default false */
  readonly forceDestroy?: boolean;
  /** Log archive bucket for the site bucket's S3 access logs. @default - no access logs */
  readonly logsBucketName?: string;
  /** HSTS max-age in seconds. @default 63072000 (two years) */
  readonly hstsMaxAgeSeconds?: number;
}

export class StaticSite extends Construct {
  readonly bucket: SecureBucket;
  readonly distribution: CloudfrontDistribution;

  constructor(scope: Construct, id: string, props: StaticSiteProps) {
    super(scope, id);
    const index = props.indexDocument ?? "index.html";
    // Site assets are rebuilt from source on every deploy: short history is enough.
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.bucketName,
      versioned: true,
      noncurrentVersionExpirationDays: 30,
      forceDestroy: props.forceDestroy ?? false,
      accessLogs: props.logsBucketName ? { bucketName: props.logsBucketName, prefix: `s3/${props.bucketName}/` } : undefined,
    });
    const oac = new CloudfrontOriginAccessControl(this, "origin_access", {
      name: `${props.namePrefix}-site`,
      description: `CloudFront access to ${props.bucketName}`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const headers = new CloudfrontResponseHeadersPolicy(this, "security_headers", {
      name: `${props.namePrefix}-security-headers`,
      comment: "HSTS, no sniffing, no framing, strict referrer",
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: props.hstsMaxAgeSeconds ?? 63072000,
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });
    const originId = "site-bucket";
    this.distribution = new CloudfrontDistribution(this, "Resource", {
      enabled: true,
      comment: `${props.namePrefix} static site`,
      defaultRootObject: index,
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? "PriceClass_100",
      origin: [{ originId, domainName: this.bucket.bucket.bucketRegionalDomainName, originAccessControlId: oac.id }],
      defaultCacheBehavior: {
        targetOriginId: originId,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
        responseHeadersPolicyId: headers.id,
      },
      customErrorResponse: [403, 404].map((code) => ({
        errorCode: code,
        responseCode: 200,
        responsePagePath: `/${index}`,
        errorCachingMinTtl: 10,
      })),
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate: { cloudfrontDefaultCertificate: true },
    });
    this.bucket.addToResourcePolicy({
      sid: "AllowCloudFrontRead",
      actions: ["s3:GetObject"],
      resources: [`${this.bucket.arn}/*`],
      principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
      conditions: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [this.distribution.arn] }],
    });
  }
}
