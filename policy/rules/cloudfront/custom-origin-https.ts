import type { Resource } from "../../model";
import type { ResourceRule, Violation } from "../../types";
import { block, blocks, str, strings, UNKNOWN } from "../../values";
import { originName, origins } from "./origins";

/** What is wrong with one origin connection: its protocol policy and its TLS versions. */
function problemsOf(policy: unknown, protocols: unknown): { problems: string[]; unknown: boolean } {
  const problems: string[] = [];
  const p = str(policy);
  if (p !== "https-only") problems.push(p === UNKNOWN ? "origin_protocol_policy is only known after apply" : `origin_protocol_policy is ${p ?? "not set"}`);
  const list = strings(protocols);
  if (list === UNKNOWN) problems.push("origin_ssl_protocols is only known after apply");
  else if (list?.some((v) => v !== "TLSv1.2")) problems.push(`origin_ssl_protocols allows ${list.filter((v) => v !== "TLSv1.2").join(", ")}`);
  return { problems, unknown: p === UNKNOWN || list === UNKNOWN };
}

function violation(subject: string, { problems, unknown }: ReturnType<typeof problemsOf>): Violation[] {
  return problems.length ? [{ detail: `${subject}: ${problems.join("; ")}`, ...(unknown ? { unknown } : {}) }] : [];
}

const distributionOrigins = (d: Resource): Violation[] =>
  origins(d).flatMap((o) => {
    const c = block(o.custom_origin_config);
    return c ? violation(originName(o), problemsOf(c.origin_protocol_policy, c.origin_ssl_protocols)) : [];
  });

/** A VPC origin's TLS versions are a block: `origin_ssl_protocols { items, quantity }`. */
const vpcOrigin = (v: Resource): Violation[] =>
  blocks(v.values.vpc_origin_endpoint_config).flatMap((c) =>
    violation("vpc_origin_endpoint_config", problemsOf(c.origin_protocol_policy, block(c.origin_ssl_protocols)?.items)),
  );

export const cloudfrontCustomOriginHttps: ResourceRule = {
  id: "CF-04",
  checkov: ["CKV2_AWS_72", "CKV2_AWS_54"],
  fsbp: ["CloudFront.9", "CloudFront.10"],
  level: "error",
  message: "CloudFront must reach custom and VPC origins over HTTPS with TLS 1.2",
  rationale: "Encrypting only the viewer side leaves traffic between edge and origin (e.g. the ALB) readable.",
  fix: 'Set origin_protocol_policy = "https-only" and only TLSv1.2 in origin_ssl_protocols, in custom_origin_config or in the aws_cloudfront_vpc_origin\'s vpc_origin_endpoint_config (the Cdn construct does when the load balancer has a certificate).',
  resourceTypes: ["aws_cloudfront_distribution", "aws_cloudfront_vpc_origin"],
  check: (r) => (r.type === "aws_cloudfront_vpc_origin" ? vpcOrigin(r) : distributionOrigins(r)),
};
