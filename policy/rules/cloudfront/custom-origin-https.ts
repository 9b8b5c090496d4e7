import type { ResourceRule } from "../../types";
import { block, blocks, str, strings } from "../../values";

export const cloudfrontCustomOriginHttps: ResourceRule = {
  id: "CF-04",
  checkov: ["CKV2_AWS_72", "CKV2_AWS_54"],
  fsbp: ["CloudFront.9", "CloudFront.10"],
  level: "error",
  message: "CloudFront must reach custom origins over HTTPS with TLS 1.2",
  rationale: "Encrypting only the viewer side leaves traffic between edge and origin (e.g. the ALB) readable.",
  fix: 'Set custom_origin_config { origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.2"] }.',
  resourceTypes: ["aws_cloudfront_distribution"],
  check: (d) =>
    blocks(d.values.origin).flatMap((o) => {
      const c = block(o.custom_origin_config);
      if (!c) return [];
      const problems: string[] = [];
      if (str(c.origin_protocol_policy) !== "https-only") problems.push(`origin_protocol_policy is ${String(c.origin_protocol_policy)}`);
      const protocols = strings(c.origin_ssl_protocols);
      if (Array.isArray(protocols) && protocols.some((p) => p !== "TLSv1.2")) problems.push(`origin_ssl_protocols allows ${protocols.filter((p) => p !== "TLSv1.2").join(", ")}`);
      return problems.length ? [{ detail: `origin "${String(o.origin_id)}": ${problems.join("; ")}` }] : [];
    }),
};
