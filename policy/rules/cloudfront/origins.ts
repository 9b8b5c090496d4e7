/** The origins of a distribution, and which kind each is. */
import type { Resource } from "../../model";
import { block, blocks, referencesIn } from "../../values";

export type Origin = Record<string, unknown>;

const S3_DOMAIN = /\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com(?:\.cn)?$/;

export const origins = (distribution: Resource): Origin[] => blocks(distribution.values.origin);

/** An S3 REST endpoint, by a bucket's domain name attribute or a literal S3 host name (website endpoints are custom origins). */
export function isS3Origin(o: Origin): boolean {
  const domain = o.domain_name;
  const fromBucket = referencesIn(domain).some((r) => r.address.startsWith("aws_s3_bucket.") && /domain_name$/.test(r.attribute ?? ""));
  return (fromBucket || (typeof domain === "string" && S3_DOMAIN.test(domain))) && !/s3-website/.test(String(domain));
}

/** CloudFront reaches it inside the VPC (`vpc_origin_config`): it has no public address. */
export const isVpcOrigin = (o: Origin): boolean => block(o.vpc_origin_config) !== undefined;

/** A host name CloudFront calls like any client would (`custom_origin_config`): public load balancers, website endpoints, other servers. */
export const isCustomOrigin = (o: Origin): boolean => block(o.custom_origin_config) !== undefined;

export const originName = (o: Origin): string => `origin "${String(o.origin_id)}"`;
