import type { ResourceRule } from "../../types";
import { block, str, UNKNOWN } from "../../values";

export const cloudfrontSni: ResourceRule = {
  id: "CF-11",
  checkov: [],
  fsbp: ["CloudFront.8"],
  level: "error",
  message: "CloudFront distributions with their own certificate must serve it by SNI",
  rationale: "Dedicated-IP (vip) and static-IP SSL support exist for clients that cannot send SNI, which every current browser and HTTP library can; they are billed monthly per distribution and keep legacy TLS clients in the picture.",
  fix: 'Set viewer_certificate.ssl_support_method = "sni-only" (Cdn does).',
  resourceTypes: ["aws_cloudfront_distribution"],
  check(d) {
    const cert = block(d.values.viewer_certificate);
    if (!cert || (cert.acm_certificate_arn === undefined && cert.iam_certificate_id === undefined)) return undefined;
    const method = str(cert.ssl_support_method);
    if (method === UNKNOWN) return { detail: "viewer_certificate.ssl_support_method is only known after apply", unknown: true };
    return method === "sni-only" ? undefined : { detail: `viewer_certificate.ssl_support_method is ${method === undefined ? "not set" : `"${method}"`}; allowed: sni-only` };
  },
};
