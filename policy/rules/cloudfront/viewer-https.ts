import type { ResourceRule } from "../../types";
import { str } from "../../values";
import { behaviors } from "./behaviors";

export const cloudfrontViewerHttps: ResourceRule = {
  id: "CF-01",
  checkov: ["CKV_AWS_34"],
  fsbp: ["CloudFront.3"],
  level: "error",
  message: "CloudFront must serve viewers over HTTPS only",
  rationale: "Plain HTTP between browser and edge exposes sessions and allows content injection.",
  fix: 'Set viewer_protocol_policy = "redirect-to-https" (or "https-only") on every behavior.',
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d) =>
    behaviors(d)
      .filter((b) => !["redirect-to-https", "https-only"].includes(String(str(b.values.viewer_protocol_policy))))
      .map((b) => ({ detail: `${b.name} has viewer_protocol_policy ${String(b.values.viewer_protocol_policy)}` })),
};
