import type { ResourceRule } from "../../types";
import { str } from "../../values";
import { requireOneOf } from "../helpers";

/** TLS 1.2+ policies with forward secrecy only, TLS 1.3 capable. */
export const MODERN_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
  "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
];

export const albTlsPolicy: ResourceRule = {
  id: "ALB-03",
  checkov: ["CKV_AWS_103", "CKV2_AWS_74"],
  fsbp: ["ELB.17"],
  level: "error",
  message: "HTTPS listeners must use ELBSecurityPolicy-TLS13-1-2-2021-06 or stricter",
  rationale: "Older policies allow TLS 1.0/1.1 and weak ciphers.",
  fix: 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or a TLS13 FIPS/1.3-only policy).',
  resourceTypes: ["aws_lb_listener"],
  check: (listener) => (str(listener.values.protocol) === "HTTPS" ? requireOneOf(listener, "ssl_policy", MODERN_TLS_POLICIES) : undefined),
};
