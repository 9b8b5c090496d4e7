import type { ResourceRule } from "../../types";
import { block, blocks, str } from "../../values";
import { attachedToBucket } from "../helpers";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const s3Encryption: ResourceRule = {
  id: "S3-02",
  checkov: ["CKV_AWS_19"],
  fsbp: ["S3.4"],
  level: "error",
  message: "S3 bucket must declare server-side encryption",
  rationale:
    "Encryption at rest is declared, reviewed and kept, not left to an account default that can change. Accepts SSE-S3 (AES256) too: the log archives must use it (S3 server access logs and load balancer logs cannot be delivered to SSE-KMS buckets), and environments on AWS-managed keys use it. Which key: KMS-02 (CKV_AWS_145) requires the customer managed key in prod.",
  fix: "Add aws_s3_bucket_server_side_encryption_configuration (SecureBucket does; pass kmsKeyArn for SSE-KMS).",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const configs = attachedToBucket(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket);
    if (configs.length === 0) return { detail: "no aws_s3_bucket_server_side_encryption_configuration refers to this bucket" };
    const algorithms = blocks(configs[0].values.rule).map((r) => str(block(r.apply_server_side_encryption_by_default)?.sse_algorithm));
    return algorithms.some((a) => typeof a === "string" && ALGORITHMS.includes(a)) ? undefined : { detail: `no rule sets sse_algorithm to one of ${ALGORITHMS.join(", ")}` };
  },
};
