import type { ResourceRule } from "../../types";
import { block, referencesIn } from "../../values";
import { behaviors } from "./behaviors";

/** AWS managed response headers policy "SecurityHeadersPolicy" (includes HSTS). */
export const MANAGED_SECURITY_HEADERS_POLICY_ID = "67f7725c-6f97-4210-82d7-5512b31e9d03";

export const cloudfrontSecurityHeaders: ResourceRule = {
  id: "CF-05",
  checkov: ["CKV2_AWS_32", "CKV_AWS_259"],
  fsbp: [],
  level: "error",
  message: "CloudFront behaviors must add security response headers including HSTS",
  rationale: "HSTS stops downgrade to HTTP after the first visit; the other headers stop sniffing and framing.",
  fix: "Attach a response headers policy with security_headers_config.strict_transport_security (the Cdn construct does).",
  resourceTypes: ["aws_cloudfront_distribution"],
  check(d, { stack }) {
    return behaviors(d).flatMap((b) => {
      const id = b.values.response_headers_policy_id;
      if (id === MANAGED_SECURITY_HEADERS_POLICY_ID) return [];
      const ref = referencesIn(id).find((r) => r.address.startsWith("aws_cloudfront_response_headers_policy."));
      const policy = ref && stack.get(ref.address);
      if (!policy) return [{ detail: `${b.name} has ${id === undefined ? "no response headers policy" : `response headers policy ${String(id)}, which cannot be checked`}`, unknown: id !== undefined }];
      const hsts = block(block(policy.values.security_headers_config)?.strict_transport_security);
      return hsts ? [] : [{ detail: `${policy.address} sets no strict_transport_security` }];
    });
  },
};
