import type { ResourceRule } from "../../types";
import { block, str } from "../../values";

const ALLOWED = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

export const cloudfrontMinimumTls: ResourceRule = {
  id: "CF-02",
  checkov: ["CKV_AWS_174"],
  fsbp: [],
  level: "error",
  message: "CloudFront with a custom certificate must require TLSv1.2_2021 or newer",
  rationale:
    "Older security policies accept TLS 1.0/1.1 and weak ciphers from viewers. Narrower than CKV_AWS_174: with CloudFront's default certificate (an environment without a domain) the rule does not fire, because the minimum version cannot be set there (CloudFront then accepts TLSv1); give the environment a domain to get TLSv1.2_2021.",
  fix: 'Set viewer_certificate.minimum_protocol_version = "TLSv1.2_2021" and ssl_support_method = "sni-only".',
  resourceTypes: ["aws_cloudfront_distribution"],
  check(d) {
    const cert = block(d.values.viewer_certificate);
    if (!cert || (cert.acm_certificate_arn === undefined && cert.iam_certificate_id === undefined)) return undefined;
    const v = str(cert.minimum_protocol_version);
    return typeof v === "string" && ALLOWED.includes(v) ? undefined : { detail: `minimum_protocol_version is ${String(v ?? "not set (TLSv1)")}` };
  },
};
