/**
 * The environment's CloudFront distribution: the one public entry to a static
 * site, to web services on the load balancer, or both under one domain.
 *
 * - Static site: a private S3 bucket through origin access control (only this
 *   distribution may read it), cached, with SPA routing by a CloudFront Function
 *   on that behaviour alone (no distribution-wide 403/404 → index rewrite that
 *   would turn an API's 404 into HTML).
 * - Load balancer: an internal load balancer through a CloudFront VPC origin,
 *   so nothing but CloudFront (and its firewall) can reach it; HTTPS to the
 *   origin when it has a name with a certificate. Dynamic paths are not cached
 *   and receive every viewer header (except Host, see functions.ts), cookie and
 *   query string; cached paths (hashed static files) use CachingOptimized.
 *   Responses stream: nothing is compressed or buffered at the edge on dynamic
 *   paths, and the read timeout applies between bytes.
 * - Viewers: HTTPS only, HTTP/2 and 3, IPv6, security headers (HSTS as
 *   configured), a custom certificate with TLS 1.2 (2021 ciphers) minimum when
 *   there are custom hosts, optional WAF, price class and geo restriction.
 */
import { Construct } from "constructs";
import { CloudfrontDistribution, type CloudfrontDistributionOrderedCacheBehavior } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { CloudfrontVpcOrigin } from "@cdktf/provider-aws/lib/cloudfront-vpc-origin";
import { EdgeFunction, FORWARDED_HOST_CODE, spaRoutingCode } from "./functions";
import type { SecureBucket } from "../secure-bucket";

/** AWS managed policies (fixed, documented ids: no lookup needed). */
export const MANAGED_POLICIES = {
  /** Cache policy CachingOptimized. */
  cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6",
  /** Cache policy CachingDisabled. */
  cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  /** Origin request policy AllViewerExceptHostHeader: every viewer header but Host, every cookie and query string, and CloudFront's headers (CloudFront-Forwarded-Proto…). */
  allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
} as const;

/** The security group AWS creates in a VPC for CloudFront's VPC origins (once the first exists). */
export const VPC_ORIGINS_SECURITY_GROUP = "CloudFront-VPCOrigins-Service-SG";

const SITE_ORIGIN = "site-bucket";
const LOAD_BALANCER_ORIGIN = "load-balancer";
const ALL_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"];

export interface CdnRoute {
  /** Path patterns; none for the default behaviour (a site without a bucket). */
  readonly paths: readonly string[];
  /** Cache at the edge (hashed static files) instead of passing everything through. */
  readonly cache: boolean;
}

export interface CdnProps {
  /** Prefix of the distribution's named parts (functions, policies, VPC origin), e.g. `acme-ai-prod`. */
  readonly namePrefix: string;
  /** The static site: its bucket answers every path no route claims. @default - no site: the load balancer does */
  readonly site?: { readonly bucket: SecureBucket; readonly indexDocument: string };
  /** The internal load balancer and the paths it serves. Required without a site. */
  readonly loadBalancer?: {
    readonly arn: string;
    /** The name CloudFront connects to: a host with a certificate on the load balancer (HTTPS), else its DNS name (HTTP). */
    readonly originDomainName: string;
    readonly https: boolean;
    readonly routes: readonly CdnRoute[];
    /** Seconds to wait for a response and between its bytes (1–180). */
    readonly readTimeoutSeconds: number;
    /** Seconds CloudFront keeps an idle connection (1–60): below the load balancer's idle timeout, so it never reuses one the load balancer is closing. */
    readonly keepaliveSeconds: number;
  };
  /** Custom host names (aliases). @default - the distribution's own name with CloudFront's certificate */
  readonly hosts?: readonly string[];
  /** A validated us-east-1 certificate for `hosts`. Required with hosts. */
  readonly certificateArn?: string;
  /** A CLOUDFRONT-scope web ACL. @default - none */
  readonly webAclArn?: string;
  /** @default "PriceClass_100" */
  readonly priceClass?: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
  /** @default - everywhere */
  readonly geoRestriction?: { readonly type: "allow" | "deny"; readonly countries: readonly string[] };
  readonly hsts: { readonly maxAgeSeconds: number; readonly includeSubdomains: boolean; readonly preload: boolean };
}

export class Cdn extends Construct {
  readonly distribution: CloudfrontDistribution;
  readonly vpcOrigin?: CloudfrontVpcOrigin;

  constructor(scope: Construct, id: string, props: CdnProps) {
    super(scope, id);
    const { site, loadBalancer: lb } = props;
    if (!site && !lb?.routes.some((r) => r.paths.length === 0)) throw new Error(`${this.node.path}: without a site, the load balancer needs a default route`);
    if ((props.hosts?.length ?? 0) > 0 && !props.certificateArn) throw new Error(`${this.node.path}: custom hosts need a certificate`);

    const headers = new CloudfrontResponseHeadersPolicy(this, "security_headers", {
      name: `${props.namePrefix}-security-headers`,
      comment: "HSTS, no sniffing, no framing, strict referrer",
      securityHeadersConfig: {
        strictTransportSecurity: {
          accessControlMaxAgeSec: props.hsts.maxAgeSeconds,
          includeSubdomains: props.hsts.includeSubdomains,
          preload: props.hsts.preload,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
        xssProtection: { protection: true, modeBlock: true, override: true },
      },
    });

    const origins: Array<Record<string, unknown>> = [];
    let siteBehavior: Record<string, unknown> | undefined;
    if (site) {
      const oac = new CloudfrontOriginAccessControl(this, "origin_access", {
        name: `${props.namePrefix}-site`,
        description: `CloudFront access to ${site.bucket.name}`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      });
      const routing = new EdgeFunction(this, "spa_routing", {
        name: `${props.namePrefix}-spa-routing`,
        comment: `App routes of ${props.namePrefix} get /${site.indexDocument}; files keep their paths`,
        code: spaRoutingCode(site.indexDocument),
      });
      origins.push({ originId: SITE_ORIGIN, domainName: site.bucket.bucket.bucketRegionalDomainName, originAccessControlId: oac.id });
      siteBehavior = {
        targetOriginId: SITE_ORIGIN,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: ["GET", "HEAD", "OPTIONS"],
        cachedMethods: ["GET", "HEAD"],
        compress: true,
        cachePolicyId: MANAGED_POLICIES.cachingOptimized,
        responseHeadersPolicyId: headers.id,
        functionAssociation: [{ eventType: "viewer-request", functionArn: routing.arn }],
      };
    }

    const ordered: CloudfrontDistributionOrderedCacheBehavior[] = [];
    let lbDefault: Record<string, unknown> | undefined;
    if (lb) {
      this.vpcOrigin = new CloudfrontVpcOrigin(this, "load_balancer_origin", {
        vpcOriginEndpointConfig: [
          {
            name: `${props.namePrefix}-load-balancer`,
            arn: lb.arn,
            httpPort: 80,
            httpsPort: 443,
            originProtocolPolicy: lb.https ? "https-only" : "http-only",
            originSslProtocols: [{ items: ["TLSv1.2"], quantity: 1 }],
          },
        ],
      });
      origins.push({
        originId: LOAD_BALANCER_ORIGIN,
        domainName: lb.originDomainName,
        vpcOriginConfig: { vpcOriginId: this.vpcOrigin.id, originReadTimeout: lb.readTimeoutSeconds, originKeepaliveTimeout: lb.keepaliveSeconds },
      });
      const forwardedHost = new EdgeFunction(this, "forwarded_host", {
        name: `${props.namePrefix}-forwarded-host`,
        comment: "The viewer's host in X-Forwarded-Host (Host is the origin's name)",
        code: FORWARDED_HOST_CODE,
      });
      const behavior = (r: CdnRoute, isDefault: boolean) => ({
        targetOriginId: LOAD_BALANCER_ORIGIN,
        // An API answers HTTP with 403 (a redirect would turn a POST into a GET); pages redirect.
        viewerProtocolPolicy: isDefault || r.cache ? "redirect-to-https" : "https-only",
        allowedMethods: r.cache ? ["GET", "HEAD", "OPTIONS"] : ALL_METHODS,
        cachedMethods: ["GET", "HEAD"],
        compress: r.cache,
        cachePolicyId: r.cache ? MANAGED_POLICIES.cachingOptimized : MANAGED_POLICIES.cachingDisabled,
        originRequestPolicyId: MANAGED_POLICIES.allViewerExceptHostHeader,
        responseHeadersPolicyId: headers.id,
        functionAssociation: [{ eventType: "viewer-request", functionArn: forwardedHost.arn }],
      });
      for (const r of lb.routes) {
        if (r.paths.length === 0) lbDefault = behavior(r, true);
        else for (const pathPattern of r.paths) ordered.push({ pathPattern, ...behavior(r, false) } as CloudfrontDistributionOrderedCacheBehavior);
      }
    }

    const hosts = props.hosts ?? [];
    this.distribution = new CloudfrontDistribution(this, "Resource", {
      enabled: true,
      comment: `${props.namePrefix} ${site ? "static site" : "web"}${site && lb ? " and load balancer" : ""}`,
      defaultRootObject: site?.indexDocument,
      aliases: hosts.length > 0 ? [...hosts] : undefined,
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass ?? "PriceClass_100",
      webAclId: props.webAclArn,
      origin: origins as never,
      defaultCacheBehavior: (siteBehavior ?? lbDefault) as never,
      orderedCacheBehavior: ordered.length > 0 ? ordered : undefined,
      restrictions: {
        geoRestriction: props.geoRestriction
          ? { restrictionType: props.geoRestriction.type === "allow" ? "whitelist" : "blacklist", locations: [...props.geoRestriction.countries] }
          : { restrictionType: "none" },
      },
      viewerCertificate:
        hosts.length > 0
          ? { acmCertificateArn: props.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" }
          : { cloudfrontDefaultCertificate: true },
    });
    if (site) {
      site.bucket.addToResourcePolicy({
        sid: "AllowCloudFrontRead",
        actions: ["s3:GetObject"],
        resources: [`${site.bucket.arn}/*`],
        principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
        conditions: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [this.distribution.arn] }],
      });
    }
  }

  get domainName(): string {
    return this.distribution.domainName;
  }

  /** CloudFront's hosted zone for alias records (the same everywhere). */
  get hostedZoneId(): string {
    return this.distribution.hostedZoneId;
  }
}
