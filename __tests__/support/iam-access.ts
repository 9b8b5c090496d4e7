/**
 * Whether an identity's policies allow one call: no Deny applies, and an Allow
 * does (IAM's evaluation within one account, without resource policies, SCPs or
 * boundaries). Actions match case-insensitively with IAM wildcards; resources as
 * ARNs; conditions through kms-access.ts's operators, failing loudly on unknown
 * ones (a context key holds one value, so ForAllValues/ForAnyValue reduce to the operator). A statement naming a Terraform reference matches that reference only.
 */
import { conditionHolds, glob, type Statement } from "./kms-access";

export interface Call {
  readonly action: string;
  readonly resource: string;
  /** Condition keys (any case) to values. */
  readonly context?: Readonly<Record<string, string>>;
}

export function allows(statements: readonly Statement[], call: Call): boolean {
  const ctx = Object.fromEntries(Object.entries(call.context ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const applies = (s: Statement) => {
    const action = s.not_actions ? !s.not_actions.some((a) => glob(a, call.action, true)) : (s.actions ?? []).some((a) => glob(a, call.action, true));
    const hit = (r: string) => r === call.resource || (!r.includes("${") && glob(r, call.resource, false));
    const resource = s.not_resources ? !s.not_resources.some(hit) : (s.resources ?? []).some(hit);
    return action && resource && (s.condition ?? []).every((c) => holds(c.test, c.variable, c.values, ctx));
  };
  const matching = statements.filter(applies);
  return !matching.some((s) => s.effect === "Deny") && matching.some((s) => (s.effect ?? "Allow") === "Allow");
}

/** One condition block; Null ("true": the key is absent) is IAM's too. */
function holds(test: string, variable: string, values: readonly string[], ctx: Readonly<Record<string, string>>): boolean {
  if (test === "Null") return values.some((v) => (ctx[variable.toLowerCase()] === undefined) === (v === "true"));
  return conditionHolds(test.replace(/^For(All|Any)Values?:/, ""), variable, values, ctx);
}

/**
 * The characters IAM counts against a role's inline policy quota (10,240, whitespace
 * excluded): the statements as the provider renders them into policy JSON.
 */
export function policyCharacters(statements: readonly Statement[]): number {
  const one = (v: readonly string[] | undefined) => (v === undefined ? undefined : v.length === 1 ? v[0] : v);
  const json = {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: s.effect ?? "Allow",
      Action: one(s.actions),
      NotAction: one(s.not_actions),
      Resource: one(s.resources),
      NotResource: one(s.not_resources),
      Condition: s.condition && Object.fromEntries(s.condition.map((c) => [c.test, { [c.variable]: one(c.values) }])),
    })),
  };
  return JSON.stringify(json).length;
}
