import type { ResourceRule } from "../../types";
import { block, blocks, str } from "../../values";
import { attachedToBucket } from "../helpers";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

export const s3Encryption: ResourceRule = {
  id: "S3-02",
  checkov: ["CKV_AWS_19", "CKV_AWS_145"],
  fsbp: ["S3.4"],
  level: "error",
  message: "S3 bucket must declare server-side encryption",
  rationale:
    "Encryption at rest is declared, reviewed and kept, not left to an account default that can change. Narrower than CKV_AWS_145, which wants SSE-KMS on every bucket: this rule also accepts SSE-S3 (AES256), which the log archives must use (S3 access logs and load balancer logs cannot be delivered to SSE-KMS buckets) and which the site bucket and the state bucket use until their keys exist; application buckets use the data key whenever the environment has customer managed keys (prod by default).",
  fix: "Add aws_s3_bucket_server_side_encryption_configuration (SecureBucket does; pass kmsKeyArn for SSE-KMS).",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const configs = attachedToBucket(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket);
    if (configs.length === 0) return { detail: "no aws_s3_bucket_server_side_encryption_configuration refers to this bucket" };
    const algorithms = blocks(configs[0].values.rule).map((r) => str(block(r.apply_server_side_encryption_by_default)?.sse_algorithm));
    return algorithms.some((a) => typeof a === "string" && ALGORITHMS.includes(a)) ? undefined : { detail: `no rule sets sse_algorithm to one of ${ALGORITHMS.join(", ")}` };
  },
};
