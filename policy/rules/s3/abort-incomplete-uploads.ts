import type { ResourceRule } from "../../types";
import { blocks, str } from "../../values";
import { attachedToBucket } from "../helpers";

export const s3AbortIncompleteUploads: ResourceRule = {
  id: "S3-07",
  checkov: ["CKV_AWS_300", "CKV2_AWS_61"],
  fsbp: ["S3.13"],
  level: "warning",
  message: "S3 bucket lifecycle should abort incomplete multipart uploads",
  rationale: "Abandoned upload parts are invisible, billed storage.",
  fix: "Add a lifecycle rule with abort_incomplete_multipart_upload (SecureBucket does, after 7 days).",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const lc = attachedToBucket(stack, "aws_s3_bucket_lifecycle_configuration", bucket)[0];
    const ok = lc && blocks(lc.values.rule).some((r) => str(r.status) === "Enabled" && blocks(r.abort_incomplete_multipart_upload).length > 0);
    return ok ? undefined : { detail: lc ? `${lc.address} has no enabled rule aborting incomplete uploads` : "the bucket has no lifecycle configuration" };
  },
};
