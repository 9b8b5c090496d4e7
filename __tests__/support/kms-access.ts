/**
 * A small evaluator of who may use a KMS key, read from synthesized stacks
 * (keys.test.ts). It evaluates the documents rather than counting statements:
 *
 *   a principal may call action A on key K (with request context C) iff no Deny
 *   applies (key policy or identity policy), and
 *   - the key policy allows the principal itself, or
 *   - the key policy allows the principal's account root (delegating to IAM) and
 *     one of the principal's identity policies allows A on K under C.
 *
 * A statement applies when its actions match A (IAM wildcards, case-insensitive),
 * its resources match K (the key's Terraform reference, e.g.
 * `${aws_kms_key.keys_data_key.arn}`, or its literal ARN, or a pattern matching
 * the ARN) and all its conditions hold for C. Condition operators it does not
 * know fail the evaluation loudly rather than being guessed.
 *
 * Not modelled (the stacks use none of them for keys): grants, SCPs, permission
 * boundaries, session policies, cross-account access.
 */
import type { TerraformJson } from "./synth";

/** A statement as `aws_iam_policy_document` renders it. */
export interface Statement {
  readonly sid?: string;
  readonly effect?: "Allow" | "Deny";
  readonly actions?: readonly string[];
  readonly not_actions?: readonly string[];
  readonly resources?: readonly string[];
  readonly not_resources?: readonly string[];
  readonly principals?: ReadonlyArray<{ readonly type: string; readonly identifiers: readonly string[] }>;
  readonly not_principals?: ReadonlyArray<{ readonly type: string; readonly identifiers: readonly string[] }>;
  readonly condition?: ReadonlyArray<{ readonly test: string; readonly variable: string; readonly values: readonly string[] }>;
}

export type Principal =
  | { readonly type: "AWS"; readonly arn: string; readonly account: string }
  | { readonly type: "Service"; readonly service: string };

export interface Key {
  /** For messages: `data`, `logs`, `alerts`, … */
  readonly label: string;
  /** How identity policies name the key: Terraform references and/or the literal ARN. */
  readonly refs: readonly string[];
  /** The key's ARN (for keys created at apply, a stand-in of the real shape), matched by ARN patterns. */
  readonly arn: string;
  readonly policy: readonly Statement[];
}

/** Request context: condition keys (case-insensitive) to values. */
export type Context = Readonly<Record<string, string>>;

export interface Request {
  readonly principal: Principal;
  /** The principal's identity policies (a service principal has none). */
  readonly identity: readonly Statement[];
  readonly key: Key;
  readonly action: string;
  readonly context?: Context;
}

/** Whether the request is allowed. */
export function canUse(r: Request): boolean {
  const ctx = lowerKeys(r.context ?? {});
  const applies = (s: Statement) => actionMatches(s, r.action) && resourceMatches(s, r.key) && conditionsHold(s, ctx);
  const keyStatements = r.key.policy.filter(applies);
  const identityStatements = r.identity.filter(applies);
  const by = (s: Statement) => principalMatch(s, r.principal);

  if (keyStatements.some((s) => s.effect === "Deny" && by(s) !== "none")) return false;
  if (identityStatements.some((s) => s.effect === "Deny")) return false;
  const keyAllows = keyStatements.filter((s) => (s.effect ?? "Allow") === "Allow");
  if (keyAllows.some((s) => by(s) === "direct")) return true;
  const delegated = r.principal.type === "AWS" && keyAllows.some((s) => by(s) === "account");
  return delegated && identityStatements.some((s) => (s.effect ?? "Allow") === "Allow");
}

/** How a key policy statement names the principal: itself (or everyone), its account (root), or not at all. */
function principalMatch(s: Statement, p: Principal): "direct" | "account" | "none" {
  if (s.not_principals) throw new Error(`statement ${s.sid}: not_principals is not modelled`);
  let found: "direct" | "account" | "none" = "none";
  for (const block of s.principals ?? []) {
    for (const id of block.identifiers) {
      if (block.type === "*" || (block.type === "AWS" && id === "*")) return "direct";
      if (block.type === "AWS" && p.type === "AWS") {
        if (id === p.arn) return "direct";
        if (id === p.account || id === `arn:${p.arn.split(":")[1]}:iam::${p.account}:root`) found = "account";
      }
      if (block.type === "Service" && p.type === "Service" && id === p.service) return "direct";
    }
  }
  return found;
}

function actionMatches(s: Statement, action: string): boolean {
  if (s.not_actions) return !s.not_actions.some((a) => glob(a, action, true));
  return (s.actions ?? []).some((a) => glob(a, action, true));
}

function resourceMatches(s: Statement, key: Key): boolean {
  const hit = (pattern: string) => key.refs.includes(pattern) || (!pattern.includes("${") && glob(pattern, key.arn, false));
  if (s.not_resources) return !s.not_resources.some(hit);
  return (s.resources ?? []).some(hit);
}

function conditionsHold(s: Statement, ctx: Context): boolean {
  return (s.condition ?? []).every((c) => conditionHolds(c.test, c.variable, c.values, ctx));
}

/** One condition block: the operator applied to the context value and the block's values (any of them). */
export function conditionHolds(test: string, variable: string, values: readonly string[], ctx: Context): boolean {
  const ifExists = test.endsWith("IfExists");
  const op = ifExists ? test.slice(0, -"IfExists".length) : test;
  const value = ctx[variable.toLowerCase()];
  const negated = /Not/.test(op);
  if (value === undefined) return ifExists || negated;
  const any = (f: (v: string) => boolean) => values.some(f);
  switch (op) {
    case "StringEquals":
      return any((v) => v === value);
    case "StringNotEquals":
      return !any((v) => v === value);
    case "StringEqualsIgnoreCase":
      return any((v) => v.toLowerCase() === value.toLowerCase());
    case "StringNotEqualsIgnoreCase":
      return !any((v) => v.toLowerCase() === value.toLowerCase());
    case "StringLike":
      return any((v) => glob(v, value, false));
    case "StringNotLike":
      return !any((v) => glob(v, value, false));
    case "ArnEquals":
    case "ArnLike":
      return any((v) => arnLike(v, value));
    case "ArnNotEquals":
    case "ArnNotLike":
      return !any((v) => arnLike(v, value));
    case "Bool":
      return any((v) => v.toLowerCase() === value.toLowerCase());
    default:
      throw new Error(`condition operator ${test} is not modelled`);
  }
}

/**
 * ArnLike: the six colon-separated components (`arn:partition:service:region:account:resource`,
 * the resource keeping its own colons) are matched one by one, so a wildcard never spans a component.
 */
export function arnLike(pattern: string, arn: string): boolean {
  const parts = (a: string) => {
    const p = a.split(":");
    return p.length < 6 ? undefined : [...p.slice(0, 5), p.slice(5).join(":")];
  };
  const [p, a] = [parts(pattern), parts(arn)];
  if (!p || !a) return false;
  return p.every((x, i) => glob(x, a[i], false));
}

/** IAM wildcards: `*` any run of characters (`/` included), `?` one character. */
export function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(value);
}

const lowerKeys = (c: Context): Context => Object.fromEntries(Object.entries(c).map(([k, v]) => [k.toLowerCase(), v]));

// ---------------------------------------------------------------------------------------------
// Reading principals and keys from synthesized stacks

type Json = Record<string, any>;

/** AWS managed policies the stacks attach, as AWS publishes them (none names a KMS action). */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, readonly Statement[]>> = {
  "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole": [
    { sid: "EnableCreationAndManagementOfRDSCloudwatchLogGroups", effect: "Allow", actions: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"], resources: ["arn:aws:logs:*:*:log-group:RDS*"] },
    {
      sid: "EnableCreationAndManagementOfRDSCloudwatchLogStreams",
      effect: "Allow",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
      resources: ["arn:aws:logs:*:*:log-group:RDS*:log-stream:*"],
    },
  ],
};

export interface Role {
  /** `aws_iam_role.<name>` */
  readonly address: string;
  /** The role's name (a literal in these stacks). */
  readonly name: string;
  readonly principal: Principal;
  readonly identity: readonly Statement[];
}

/** The statements of a policy value: a policy document's `.json` reference, or a JSON literal. */
export function statementsOf(j: TerraformJson, policy: unknown, where: string): Statement[] {
  if (typeof policy !== "string") throw new Error(`${where}: policy ${JSON.stringify(policy)} is not readable`);
  const doc = policy.match(/^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/);
  if (doc) {
    const source = (j.data?.aws_iam_policy_document as Json | undefined)?.[doc[1]];
    if (!source) throw new Error(`${where}: no data.aws_iam_policy_document.${doc[1]}`);
    if (source.source_policy_documents || source.override_policy_documents) throw new Error(`${where}: combined documents are not modelled`);
    return source.statement as Statement[];
  }
  if (policy.includes("${")) throw new Error(`${where}: policy ${policy} is only known at apply`);
  const list = (v: unknown) => (v === undefined ? undefined : Array.isArray(v) ? v.map(String) : [String(v)]);
  const parsed = JSON.parse(policy);
  return (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]).map((s: Json) => ({
    sid: s.Sid,
    effect: s.Effect,
    actions: list(s.Action),
    not_actions: list(s.NotAction),
    resources: list(s.Resource),
    not_resources: list(s.NotResource),
    condition: Object.entries((s.Condition ?? {}) as Json).flatMap(([test, vars]) => Object.entries(vars as Json).map(([variable, values]) => ({ test, variable, values: list(values)! }))),
  }));
}

/** Every IAM role of a stack with every identity policy attached to it (inline and managed). */
export function rolesOf(j: TerraformJson, partition = "aws"): Role[] {
  const r = (j.resource ?? {}) as Json;
  const account = (j.provider.aws[0].allowed_account_ids as string[])[0];
  const roleOf = (ref: unknown) => String(ref).match(/^\$\{aws_iam_role\.([A-Za-z0-9_-]+)\.(?:id|name)\}$/)?.[1];
  const attached = new Map<string, Statement[]>();
  const attach = (role: string | undefined, statements: Statement[], where: string) => {
    if (!role || !r.aws_iam_role?.[role]) throw new Error(`${where}: role ${role} is not a role of this stack`);
    attached.set(role, [...(attached.get(role) ?? []), ...statements]);
  };
  for (const [name, p] of Object.entries((r.aws_iam_role_policy ?? {}) as Json)) attach(roleOf(p.role), statementsOf(j, p.policy, `aws_iam_role_policy.${name}`), `aws_iam_role_policy.${name}`);
  for (const [name, a] of Object.entries((r.aws_iam_role_policy_attachment ?? {}) as Json)) {
    const where = `aws_iam_role_policy_attachment.${name}`;
    const own = String(a.policy_arn).match(/^\$\{aws_iam_policy\.([A-Za-z0-9_-]+)\.arn\}$/)?.[1];
    const statements = own ? statementsOf(j, r.aws_iam_policy?.[own]?.policy, where) : AWS_MANAGED_POLICIES[a.policy_arn];
    if (!statements) throw new Error(`${where}: managed policy ${a.policy_arn} is not known to the evaluator`);
    attach(roleOf(a.role), [...statements], where);
  }
  if (r.aws_iam_policy_attachment || r.aws_iam_role_policies_exclusive || r.aws_iam_role_policy_attachments_exclusive) throw new Error("policy attachments of this kind are not modelled");
  return Object.entries((r.aws_iam_role ?? {}) as Json).map(([address, role]) => {
    if (role.inline_policy || role.managed_policy_arns) throw new Error(`aws_iam_role.${address}: inline_policy/managed_policy_arns are not modelled`);
    if (typeof role.name !== "string" || role.name.includes("${")) throw new Error(`aws_iam_role.${address}: name ${role.name} is not a literal`);
    return {
      address: `aws_iam_role.${address}`,
      name: role.name,
      principal: { type: "AWS", arn: `arn:${partition}:iam::${account}:role/${role.name}`, account },
      identity: attached.get(address) ?? [],
    };
  });
}

/** The stack's KMS keys with their key policies; `label` names each by its construct (`keys_data_key` -> data). */
export function keysOf(j: TerraformJson, region: string, account: string, partition = "aws"): Key[] {
  const keys = ((j.resource ?? {}) as Json).aws_kms_key ?? {};
  return Object.entries(keys as Json).map(([name, key]) => ({
    label: name.replace(/^keys_/, "").replace(/_key$/, ""),
    refs: [`\${aws_kms_key.${name}.arn}`],
    arn: `arn:${partition}:kms:${region}:${account}:key/${name}`,
    policy: statementsOf(j, key.policy, `aws_kms_key.${name}`),
  }));
}

/** The key policy AWS gives a key created without one: the account (through IAM) may do everything. */
export function defaultKeyPolicy(account: string, partition = "aws"): Statement[] {
  return [{ sid: "Enable IAM User Permissions", effect: "Allow", actions: ["kms:*"], resources: ["*"], principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${account}:root`] }] }];
}
