import type { ResourceRule } from "../../types";
import { block, str } from "../../values";
import { attachedToBucket } from "../helpers";

export const s3Versioning: ResourceRule = {
  id: "S3-03",
  checkov: ["CKV_AWS_21"],
  fsbp: ["S3.14"],
  level: "error",
  message: "S3 bucket must keep object versions",
  rationale: "State, artifacts and packages must survive an overwrite or delete; versions are the undo history.",
  fix: "Keep SecureBucket's default versioned: true, or suppress with the reason the data is reproducible.",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const v = attachedToBucket(stack, "aws_s3_bucket_versioning", bucket)[0];
    const status = v ? str(block(v.values.versioning_configuration)?.status) : undefined;
    return status === "Enabled" ? undefined : { detail: v ? `versioning status is ${String(status)}` : "no aws_s3_bucket_versioning refers to this bucket" };
  },
};
