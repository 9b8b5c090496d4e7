import { hasWildcardPrincipal, policyStatements, type Statement } from "../../iam";
import type { Resource } from "../../model";
import type { ResourceRule } from "../../types";
import { UNKNOWN } from "../../values";
import { attachedToBucket } from "../helpers";

/** Matchers for the bucket's ARN and its objects ARN: `${aws_s3_bucket.x.arn}` or `arn:<partition>:s3:::<name>`, each with `/*`. */
function bucketArns(bucket: Resource): { bucket: (r: string) => boolean; objects: (r: string) => boolean } {
  const ref = `\${${bucket.address}.arn}`;
  const name = bucket.values.bucket;
  const literal = (r: string) => typeof name === "string" && name !== "" && /^arn:aws(?:-[a-z-]+)?:s3:::/.test(r) && r.replace(/^arn:[^:]+:s3:::/, "") === name;
  const is = (r: string) => r === ref || literal(r);
  return { bucket: is, objects: (r) => r.endsWith("/*") && is(r.slice(0, -2)) };
}

/** What a TLS deny statement lacks, in words; empty when it is complete. */
function missing(s: Statement, arns: ReturnType<typeof bucketArns>): string[] {
  const out: string[] = [];
  if (!s.resources.some(arns.bucket)) out.push("the bucket ARN in its resources");
  if (!s.resources.some(arns.objects)) out.push("the objects ARN (<bucket arn>/*) in its resources");
  if (!hasWildcardPrincipal(s)) {
    const named = Object.entries(s.principals).map(([type, ids]) => `${type} ${ids.join(", ")}`).join("; ");
    out.push(`principal "*" (it applies to ${named || "no principal"})`);
  }
  return out;
}

export const s3TlsOnly: ResourceRule = {
  id: "S3-04",
  checkov: [],
  fsbp: ["S3.5"],
  level: "error",
  message: "S3 bucket policy must deny requests that do not use TLS",
  rationale: "Data in transit to S3 must be encrypted; only an explicit deny of s3:* to every principal, on the bucket and its objects, when aws:SecureTransport is false enforces it.",
  fix: "Use SecureBucket (its policy starts with DenyInsecureTransport), or add that statement to the bucket policy.",
  resourceTypes: ["aws_s3_bucket"],
  check(bucket, { stack }) {
    const policies = attachedToBucket(stack, "aws_s3_bucket_policy", bucket);
    if (policies.length === 0) return { detail: "the bucket has no bucket policy" };
    const policy = policies[0];
    const statements = policyStatements(policy.values.policy, stack);
    if (statements === UNKNOWN) return { detail: `${policy.address} policy is only known after apply`, unknown: true };
    const tlsDenies = (statements ?? []).filter(
      (s) =>
        s.effect === "Deny" &&
        s.actions.some((a) => a === "s3:*" || a === "*") &&
        s.conditions.some((c) => c.test === "Bool" && c.variable === "aws:SecureTransport" && c.values.includes("false")),
    );
    if (tlsDenies.length === 0) return { detail: `${policy.address} has no Deny of s3:* when aws:SecureTransport is false` };
    const arns = bucketArns(bucket);
    const gaps = tlsDenies.map((s) => ({ s, gaps: missing(s, arns) })).sort((a, b) => a.gaps.length - b.gaps.length);
    if (gaps[0].gaps.length === 0) return undefined;
    const { s, gaps: lacks } = gaps[0];
    return { detail: `${policy.address}: the Deny of insecure transport${s.sid ? ` (${s.sid})` : ""} lacks ${lacks.join(", and ")}` };
  },
};
