import type { ResourceRule } from "../../types";
import { attachedToBucket } from "../helpers";

export const s3AccessLogging: ResourceRule = {
  id: "S3-06",
  checkov: ["CKV_AWS_18"],
  fsbp: ["S3.9"],
  level: "warning",
  stages: ["staging", "prod"],
  message: "S3 bucket should log server access to the logs bucket outside dev",
  rationale: "Access logs are what an incident review reads; dev data is disposable.",
  fix: "Add aws_s3_bucket_logging targeting the environment's logs bucket.",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    return attachedToBucket(stack, "aws_s3_bucket_logging", bucket).length > 0 ? undefined : { detail: "no aws_s3_bucket_logging refers to this bucket" };
  },
};
