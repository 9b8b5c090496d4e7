import { policyStatements } from "../../iam";
import type { ResourceRule } from "../../types";
import { refersTo, UNKNOWN } from "../../values";
import { attachedToBucket } from "../helpers";

export const s3TlsOnly: ResourceRule = {
  id: "S3-04",
  checkov: [],
  fsbp: ["S3.5"],
  level: "error",
  message: "S3 bucket policy must deny requests that do not use TLS",
  rationale: "Data in transit to S3 must be encrypted; only an explicit deny on aws:SecureTransport=false enforces it.",
  fix: "Use SecureBucket (its policy starts with DenyInsecureTransport), or add that statement to the bucket policy.",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const policies = attachedToBucket(stack, "aws_s3_bucket_policy", bucket);
    if (policies.length === 0) return { detail: "the bucket has no bucket policy" };
    const statements = policyStatements(policies[0].values.policy, stack);
    if (statements === UNKNOWN) return { detail: `${policies[0].address} policy is only known after apply`, unknown: true };
    const denies = (statements ?? []).some(
      (s) =>
        s.effect === "Deny" &&
        s.actions.some((a) => a === "s3:*" || a === "*") &&
        s.resources.some((res) => refersTo(res, bucket.address) || res.includes(String(bucket.values.bucket))) &&
        s.conditions.some((c) => c.test === "Bool" && c.variable === "aws:SecureTransport" && c.values.includes("false")),
    );
    return denies ? undefined : { detail: `${policies[0].address} has no Deny of s3:* when aws:SecureTransport is false` };
  },
};
