import type { ResourceRule } from "../../types";
import { isS3Origin, origins } from "./origins";

export const cloudfrontS3Oac: ResourceRule = {
  id: "CF-03",
  checkov: ["CKV2_AWS_46"],
  fsbp: ["CloudFront.13"],
  level: "error",
  message: "CloudFront S3 origins must use origin access control",
  rationale: "Without OAC the bucket must be readable by others; with it the bucket stays private to this distribution.",
  fix: "Add aws_cloudfront_origin_access_control and set origin_access_control_id on the S3 origin (the Cdn construct does).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d) =>
    origins(d)
      .filter(isS3Origin)
      .filter((o) => o.origin_access_control_id === undefined)
      .map((o) => ({ detail: `S3 origin "${String(o.origin_id)}" has no origin_access_control_id` })),
};
