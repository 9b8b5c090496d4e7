/**
 * The rules of an aws_wafv2_web_acl, read from its `rule` blocks (statements in
 * Terraform's snake_case) or from `rule_json` (the WAF API's PascalCase), in one shape.
 */
import type { Resource } from "../../model";
import { block, blocks, isInterpolated, str, UNKNOWN, type Maybe } from "../../values";

export interface AclRule {
  readonly name: string;
  /** The managed rule group the rule runs, if any. */
  readonly managedGroup?: {
    readonly vendor: Maybe<string>;
    readonly name: Maybe<string>;
    /** Rules of the group whose action is replaced: rule name → action (`rule_action_override`; `excluded_rule` counts). */
    readonly overrides: ReadonlyMap<string, string>;
  };
  readonly rateBased: boolean;
  /** `action` of the rule's own statement (block, count, …), lower case. */
  readonly action?: string;
  /** `override_action` of a rule group (none or count), lower case. */
  readonly overrideAction?: string;
}

type Obj = Record<string, unknown>;

/** The one key of an action block such as `{ block: {} }` or `{ Count: {} }`. */
const actionOf = (value: unknown): string | undefined => {
  const b = block(value);
  const key = b && Object.keys(b)[0];
  return key?.toLowerCase();
};

function fromBlock(r: Obj): AclRule {
  const statement = block(r.statement);
  const group = block(statement?.managed_rule_group_statement);
  const overrides = new Map<string, string>();
  for (const o of blocks(group?.rule_action_override)) overrides.set(String(o.name), actionOf(o.action_to_use) ?? "unset");
  for (const e of blocks(group?.excluded_rule)) overrides.set(String(e.name), "count");
  return {
    name: String(r.name),
    managedGroup: group ? { vendor: str(group.vendor_name), name: str(group.name), overrides } : undefined,
    rateBased: block(statement?.rate_based_statement) !== undefined,
    action: actionOf(r.action),
    overrideAction: actionOf(r.override_action),
  };
}

function fromJson(r: Obj): AclRule {
  const statement = (r.Statement ?? {}) as Obj;
  const group = statement.ManagedRuleGroupStatement as Obj | undefined;
  const overrides = new Map<string, string>();
  for (const o of (group?.RuleActionOverrides ?? []) as Obj[]) overrides.set(String(o.Name), actionOf(o.ActionToUse) ?? "unset");
  for (const e of (group?.ExcludedRules ?? []) as Obj[]) overrides.set(String(e.Name), "count");
  return {
    name: String(r.Name),
    managedGroup: group ? { vendor: str(group.VendorName), name: str(group.Name), overrides } : undefined,
    rateBased: statement.RateBasedStatement !== undefined,
    action: actionOf(r.Action),
    overrideAction: actionOf(r.OverrideAction),
  };
}

/** Every rule of the web ACL; UNKNOWN when the rules are an expression. Blocks whose statement is an expression count as unreadable too. */
export function aclRules(acl: Resource): AclRule[] | typeof UNKNOWN {
  const { rule, rule_json: json } = acl.values;
  if (typeof rule === "string") return UNKNOWN;
  const rules = blocks(rule);
  if (rules.some((r) => typeof r.statement === "string")) return UNKNOWN;
  const out = rules.map(fromBlock);
  if (json === undefined) return out;
  if (typeof json !== "string" || isInterpolated(json)) return UNKNOWN;
  try {
    const parsed = JSON.parse(json) as unknown;
    return Array.isArray(parsed) ? [...out, ...(parsed as Obj[]).map(fromJson)] : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

export const unknownRules = { detail: "the web ACL's rules are only known after apply", unknown: true };
