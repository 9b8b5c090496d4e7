import type { ResourceRule } from "../../types";
import { block, str } from "../../values";

const ALLOWED = ["TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"];

export const cloudfrontMinimumTls: ResourceRule = {
  id: "CF-02",
  checkov: ["CKV_AWS_174", "CKV2_AWS_42"],
  fsbp: ["CloudFront.7", "CloudFront.15"],
  level: "error",
  message: "CloudFront must require TLSv1.2_2021 or newer, and in prod serve its own certificate",
  rationale:
    "Older security policies accept TLS 1.0/1.1 and weak ciphers from viewers. With CloudFront's default certificate (*.cloudfront.net) the minimum version cannot be set and CloudFront accepts TLSv1: in prod that is refused too (CKV2_AWS_42, and CKV_AWS_174 at full strength; prod's configuration needs a domain and frontend.hosts). Outside prod an environment without a domain may use the default certificate, which is narrower than those checks; with a domain the rule holds in every stage.",
  fix: 'Give the environment a domain and frontend.hosts (an ACM certificate in us-east-1); set viewer_certificate.minimum_protocol_version = "TLSv1.2_2021" and ssl_support_method = "sni-only".',
  resourceTypes: ["aws_cloudfront_distribution"],
  check(d, { stage }) {
    const cert = block(d.values.viewer_certificate);
    if (!cert || (cert.acm_certificate_arn === undefined && cert.iam_certificate_id === undefined)) {
      return stage === "prod" ? { detail: "serves CloudFront's default certificate, which accepts TLSv1 (prod needs its own: domain and frontend.hosts)" } : undefined;
    }
    const v = str(cert.minimum_protocol_version);
    return typeof v === "string" && ALLOWED.includes(v) ? undefined : { detail: `minimum_protocol_version is ${String(v ?? "not set (TLSv1)")}` };
  },
};
