import type { ResourceRule } from "../../types";
import { UNKNOWN } from "../../values";
import { aclRules, unknownRules } from "./acl-rules";

export const wafRateLimit: ResourceRule = {
  id: "WAF-02",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Web ACL must block clients above a request rate (a rate_based_statement rule)",
  rationale: "Managed rule groups judge one request at a time; only a rate limit stops a single address from flooding the origin or guessing passwords.",
  fix: 'Add a rule with statement { rate_based_statement { limit, aggregate_key_type = "IP" } } and action { block {} } (WebAcl does, with waf.rateLimit).',
  resourceTypes: ["aws_wafv2_web_acl"],
  check(acl) {
    const rules = aclRules(acl);
    if (rules === UNKNOWN) return unknownRules;
    const rated = rules.filter((r) => r.rateBased);
    if (rated.length === 0) return { detail: "no rule has a rate_based_statement" };
    // Only these stop a client; count and allow let every request through.
    const stopping = new Set(["block", "captcha", "challenge"]);
    if (rated.some((r) => r.action !== undefined && stopping.has(r.action))) return undefined;
    return rated.map((r) => ({ detail: `rate-based rule "${r.name}" ${r.action === undefined ? "has no action" : `only ${r.action === "count" ? "counts" : "allows"} (action ${r.action})`}` }));
  },
};
