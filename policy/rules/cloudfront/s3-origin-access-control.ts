import type { ResourceRule } from "../../types";
import { blocks, referencesIn } from "../../values";

const S3_DOMAIN = /\.s3[.-](?:[a-z0-9-]+\.)?amazonaws\.com(?:\.cn)?$/;

export const cloudfrontS3Oac: ResourceRule = {
  id: "CF-03",
  checkov: ["CKV2_AWS_46"],
  fsbp: ["CloudFront.13"],
  level: "error",
  message: "CloudFront S3 origins must use origin access control",
  rationale: "Without OAC the bucket must be readable by others; with it the bucket stays private to this distribution.",
  fix: "Add aws_cloudfront_origin_access_control and set origin_access_control_id on the S3 origin (the Cdn construct does).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d) =>
    blocks(d.values.origin)
      .filter((o) => {
        const domain = o.domain_name;
        const fromBucket = referencesIn(domain).some((r) => r.address.startsWith("aws_s3_bucket.") && /domain_name$/.test(r.attribute ?? ""));
        return (fromBucket || (typeof domain === "string" && S3_DOMAIN.test(domain))) && !/s3-website/.test(String(domain));
      })
      .filter((o) => o.origin_access_control_id === undefined)
      .map((o) => ({ detail: `S3 origin "${String(o.origin_id)}" has no origin_access_control_id` })),
};
