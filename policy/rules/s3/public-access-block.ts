import type { ResourceRule } from "../../types";
import { bool } from "../../values";
import { attachedToBucket } from "../helpers";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const s3PublicAccessBlock: ResourceRule = {
  id: "S3-01",
  checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56", "CKV2_AWS_6"],
  fsbp: ["S3.2", "S3.3", "S3.8"],
  level: "error",
  message: "S3 bucket must have a public access block with all four flags on",
  rationale: "Without all four flags one ACL or policy mistake makes objects public.",
  fix: "Create the bucket with SecureBucket, or add aws_s3_bucket_public_access_block with all four flags true.",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const blocks = attachedToBucket(stack, "aws_s3_bucket_public_access_block", bucket);
    if (blocks.length === 0) return { detail: "no aws_s3_bucket_public_access_block refers to this bucket" };
    const off = FLAGS.filter((f) => bool(blocks[0].values[f]) !== true);
    return off.length === 0 ? undefined : { detail: `${blocks[0].address} leaves ${off.join(", ")} off`, unknown: off.some((f) => typeof blocks[0].values[f] === "string") };
  },
};
