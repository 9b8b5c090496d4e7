import type { ResourceRule } from "../../types";
import { UNKNOWN } from "../../values";
import { aclRules, unknownRules, type AclRule } from "./acl-rules";

const KNOWN_BAD_INPUTS = "AWSManagedRulesKnownBadInputsRuleSet";
/** The group's Log4Shell rules: Log4JRCE_HEADER, _QUERYSTRING, _BODY, _URI (formerly one Log4JRCE). */
const LOG4J = /^Log4JRCE/;

/** Why this rule does not block what the group matches, if it does not. */
function weaknesses(r: AclRule): string[] {
  const out = r.overrideAction === "count" ? [`rule "${r.name}" only counts the group (override_action count)`] : [];
  for (const [name, action] of r.managedGroup?.overrides ?? []) {
    if (LOG4J.test(name) && ["count", "allow"].includes(action)) out.push(`rule "${r.name}" sets ${name} to ${action}`);
  }
  return out;
}

export const wafKnownBadInputs: ResourceRule = {
  id: "WAF-01",
  checkov: ["CKV_AWS_175", "CKV_AWS_192"],
  fsbp: ["WAF.10"],
  level: "error",
  message: "Web ACL must block known bad inputs, Log4j included (AWSManagedRulesKnownBadInputsRuleSet)",
  rationale: "Log4Shell and similar payloads are scanned for all day; the managed group blocks them before any code of ours parses the request.",
  fix: 'Add a rule with managed_rule_group_statement { vendor_name = "AWS", name = "AWSManagedRulesKnownBadInputsRuleSet" } and override_action { none {} }, without overriding its Log4JRCE rules (WebAcl does).',
  resourceTypes: ["aws_wafv2_web_acl"],
  check(acl) {
    const rules = aclRules(acl);
    if (rules === UNKNOWN) return unknownRules;
    const runs = rules.filter((r) => r.managedGroup?.vendor === "AWS" && r.managedGroup.name === KNOWN_BAD_INPUTS);
    if (runs.length === 0) {
      const unreadable = rules.some((r) => r.managedGroup?.name === UNKNOWN || r.managedGroup?.vendor === UNKNOWN);
      return { detail: `no rule runs ${KNOWN_BAD_INPUTS}`, ...(unreadable ? { unknown: true } : {}) };
    }
    const found = runs.map(weaknesses);
    return found.some((w) => w.length === 0) ? undefined : found.flat().map((detail) => ({ detail }));
  },
};
