/** Which origins of a distribution are S3 buckets (REST endpoints, not website endpoints), however they are written. */
import type { StackModel } from "../../model";
import { block, referencesIn, str } from "../../values";
import { isS3Origin, type Origin } from "./origins";

const BUCKET_DOMAIN = /^(?:bucket_regional_domain_name|bucket_domain_name)$/;

/** The references of an origin's domain to a bucket's domain name attribute (a resource or a data source). */
export const bucketDomainReferences = (o: Origin) => referencesIn(o.domain_name).filter((r) => /^(?:data\.)?aws_s3_bucket\./.test(r.address) && BUCKET_DOMAIN.test(r.attribute ?? ""));

/** An S3 origin: an S3 REST domain (literal or a bucket's attribute), an s3_origin_config, or an origin access control for S3. */
export function isS3BucketOrigin(o: Origin, stack: StackModel): boolean {
  if (/s3-website/.test(String(o.domain_name))) return false;
  if (isS3Origin(o) || bucketDomainReferences(o).length > 0 || block(o.s3_origin_config) !== undefined) return true;
  const oac = referencesIn(o.origin_access_control_id).map((r) => stack.get(r.address)).find((r) => r?.type === "aws_cloudfront_origin_access_control");
  return oac !== undefined && str(oac.values.origin_access_control_origin_type) === "s3";
}
