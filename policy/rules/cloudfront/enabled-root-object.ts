import type { ResourceRule, Violation } from "../../types";
import { bool, UNKNOWN } from "../../values";
import { origins, originName } from "./origins";
import { isS3BucketOrigin } from "./s3-bucket-origins";

export const cloudfrontEnabledRootObject: ResourceRule = {
  id: "CF-10",
  checkov: ["CKV_AWS_216", "CKV_AWS_305"],
  fsbp: ["CloudFront.1"],
  level: "error",
  message: "CloudFront distributions must be enabled, and name a default root object when they serve an S3 bucket",
  rationale:
    "A disabled distribution serves nothing while its aliases still point at it. A request for \"/\" on a bucket origin without a default root object asks S3 for the bucket itself: an error page that tells the world the origin is S3, or its listing if the bucket ever allowed it. A distribution without an S3 origin (a web service, as frontend.type: service puts on the load balancer) answers \"/\" itself, and a root object would send \"/\" to that path instead: there the rule asks for none, which is narrower than CKV_AWS_305 (any distribution) and matches CloudFront.1, which evaluates distributions with S3 origins only.",
  fix: 'Set enabled = true and default_root_object = "index.html" (Cdn does for a static site).',
  resourceTypes: ["aws_cloudfront_distribution"],
  check(d, { stack }) {
    const out: Violation[] = [];
    const enabled = bool(d.values.enabled);
    if (enabled === UNKNOWN) out.push({ detail: "enabled is only known after apply", unknown: true });
    else if (enabled !== true) out.push({ detail: enabled === false ? "enabled is false" : "enabled is not set" });
    const s3 = origins(d).filter((o) => isS3BucketOrigin(o, stack));
    const root = d.values.default_root_object;
    if (s3.length > 0 && (typeof root !== "string" || root.trim() === "")) out.push({ detail: `${originName(s3[0])} is an S3 bucket, but default_root_object is not set` });
    return out;
  },
};
