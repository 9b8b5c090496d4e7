import type { ResourceRule } from "../../types";
import { isInterpolated, referencesIn } from "../../values";
import { origins, originName } from "./origins";
import { bucketDomainReferences, isS3BucketOrigin } from "./s3-bucket-origins";

export const cloudfrontS3OriginBucket: ResourceRule = {
  id: "CF-12",
  checkov: [],
  fsbp: ["CloudFront.12"],
  level: "error",
  message: "CloudFront S3 origins must be buckets the stack manages",
  rationale:
    "An origin that names a bucket by its host name (or reads it from elsewhere) keeps pointing at that name after the bucket is deleted, and anyone who creates a bucket of that name then serves content under the distribution's domain. An origin whose domain is an aws_s3_bucket's domain attribute cannot outlive the bucket: Terraform removes or changes the distribution with it.",
  fix: "Create the bucket in the same stack and set the origin's domain_name = aws_s3_bucket.<site>.bucket_regional_domain_name (Cdn does for the site bucket).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d, { stack }) =>
    origins(d)
      .filter((o) => isS3BucketOrigin(o, stack))
      .filter((o) => !bucketDomainReferences(o).some((r) => r.address.startsWith("aws_s3_bucket.")))
      .map((o) => {
        const refs = referencesIn(o.domain_name);
        const how = refs.length > 0 ? refs.map((r) => r.address).join(", ") : `${isInterpolated(o.domain_name) ? "the expression" : "the literal"} ${JSON.stringify(o.domain_name)}`;
        return { detail: `${originName(o)} is an S3 bucket named by ${how}, not by an aws_s3_bucket of the stack` };
      }),
};
