import type { ResourceRule } from "../../types";
import { isInterpolated } from "../../values";
import { isCustomOrigin, isS3Origin, isVpcOrigin, originName, origins } from "./origins";

export const cloudfrontOriginProtection: ResourceRule = {
  id: "CF-07",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "CloudFront origins must be reachable only through CloudFront: S3 with origin access control, everything else as a VPC origin",
  rationale: "A custom origin has a public address: whoever calls it directly skips the CDN, its firewall and its rate limit.",
  fix: "Put the load balancer in private subnets (internal) and reach it with aws_cloudfront_vpc_origin and vpc_origin_config (the Cdn construct does for frontend routes).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d) =>
    origins(d).flatMap((o) => {
      if (isVpcOrigin(o)) return [];
      if (isCustomOrigin(o)) return [{ detail: `${originName(o)} is a custom origin (${String(o.domain_name)}): it is reachable without CloudFront` }];
      // An S3 origin without origin access control is CF-03's finding; one CloudFront signs for is private to it.
      if (isS3Origin(o) || o.origin_access_control_id !== undefined) return [];
      return [{ detail: `${originName(o)} (${String(o.domain_name)}) is neither a VPC origin nor an origin with origin access control`, ...(isInterpolated(o.domain_name) ? { unknown: true } : {}) }];
    }),
};
