import type { ResourceRule } from "../../types";
import { block, str } from "../../values";
import { attachedToBucket } from "../helpers";

export const s3OwnerEnforced: ResourceRule = {
  id: "S3-05",
  checkov: ["CKV_AWS_20", "CKV_AWS_57", "CKV2_AWS_65"],
  fsbp: ["S3.12"],
  level: "error",
  message: "S3 bucket must disable ACLs (object ownership BucketOwnerEnforced)",
  rationale: "ACLs are a second, easily forgotten access path; with BucketOwnerEnforced only policies decide. It is also what keeps out public READ and WRITE ACLs (CKV_AWS_20, CKV_AWS_57): S3 refuses any ACL grant, in the bucket's acl or an aws_s3_bucket_acl, on a bucket whose ACLs are disabled.",
  fix: "Add aws_s3_bucket_ownership_controls with object_ownership BucketOwnerEnforced (SecureBucket does).",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const oc = attachedToBucket(stack, "aws_s3_bucket_ownership_controls", bucket)[0];
    const ownership = oc ? str(block(oc.values.rule)?.object_ownership) : undefined;
    return ownership === "BucketOwnerEnforced" ? undefined : { detail: oc ? `object_ownership is ${String(ownership)}` : "no aws_s3_bucket_ownership_controls refers to this bucket" };
  },
};
