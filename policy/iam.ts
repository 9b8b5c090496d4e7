/**
 * IAM policy documents in every form the stacks emit them, normalized: JSON
 * strings (with interpolations inside strings), `data.aws_iam_policy_document`
 * references, and `jsonencode(...)` (UNKNOWN: not parsed).
 */
import type { StackModel } from "./model";
import { blocks, UNKNOWN, type Maybe } from "./values";

export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: string[];
  readonly notActions: string[];
  readonly resources: string[];
  /** Principals by type: `AWS`, `Service`, `Federated`, or `*` for `"Principal": "*"`. */
  readonly principals: Record<string, string[]>;
  /** test (operator) -> variable -> values */
  readonly conditions: Array<{ test: string; variable: string; values: string[] }>;
}

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** The statements of a policy value, or UNKNOWN when they cannot be read before apply. */
export function policyStatements(value: unknown, stack: StackModel): Maybe<Statement[]> {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return UNKNOWN;
  const doc = value.match(/^\$\{(data\.aws_iam_policy_document\.[A-Za-z0-9_-]+)\.json\}$/);
  if (doc) {
    const source = stack.get(doc[1]);
    return source ? fromPolicyDocumentSource(source.values) : UNKNOWN;
  }
  if (value.startsWith("${")) return UNKNOWN;
  try {
    return fromJson(JSON.parse(value));
  } catch {
    return UNKNOWN;
  }
}

function fromPolicyDocumentSource(values: Readonly<Record<string, unknown>>): Statement[] {
  return blocks(values.statement).map((s) => {
    const principals: Record<string, string[]> = {};
    for (const p of blocks(s.principals)) principals[String(p.type)] = [...(principals[String(p.type)] ?? []), ...list(p.identifiers)];
    return {
      sid: s.sid as string | undefined,
      effect: (s.effect as "Allow" | "Deny") ?? "Allow",
      actions: list(s.actions),
      notActions: list(s.not_actions),
      resources: list(s.resources),
      principals,
      conditions: blocks(s.condition).map((c) => ({ test: String(c.test), variable: String(c.variable), values: list(c.values) })),
    };
  });
}

function fromJson(doc: unknown): Statement[] {
  const raw = (doc as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return statements.map((s: Record<string, unknown>) => {
    const principals: Record<string, string[]> = {};
    if (s.Principal === "*") principals["*"] = ["*"];
    else if (s.Principal && typeof s.Principal === "object") {
      for (const [type, ids] of Object.entries(s.Principal as Record<string, unknown>)) principals[type] = list(ids);
    }
    const conditions: Statement["conditions"] = [];
    for (const [test, vars] of Object.entries((s.Condition as Record<string, Record<string, unknown>>) ?? {})) {
      for (const [variable, values] of Object.entries(vars)) conditions.push({ test, variable, values: list(values) });
    }
    return {
      sid: s.Sid as string | undefined,
      effect: (s.Effect as "Allow" | "Deny") ?? "Allow",
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      principals,
      conditions,
    };
  });
}

/** Whether a principal map lets anyone in: `"*"` or `{"AWS": "*"}`. */
export function hasWildcardPrincipal(s: Statement): boolean {
  return (s.principals["*"] ?? []).length > 0 || (s.principals.AWS ?? []).includes("*");
}

/** Heuristic from IAM's access levels: actions that create, change or delete. */
const WRITE_VERB = /^(Put|Create|Delete|Update|Attach|Detach|Modify|Set|Add|Remove|Tag|Untag|Write|Upload|Start|Stop|Run|Invoke|Pass|Associate|Disassociate|Enable|Disable|Reset|Restore|Terminate|Reboot|Replace|Send|Publish|Import|Copy|Register|Deregister|Revoke|Authorize|Change|Complete|Abort|Execute|Batch(Write|Delete|Put|Update))/;

/** Read verbs: a wildcard after one (`ec2:Describe*`, `s3:GetBucket*`) can only match reads. */
const READ_VERB = /^(Describe|Get|List)/;

export function isWriteAction(action: string): boolean {
  if (action === "*" || action.endsWith(":*")) return true;
  const name = action.split(":")[1] ?? "";
  if (!name.includes("*")) return WRITE_VERB.test(name);
  // The fixed part before the first wildcard decides: "Describe*" reads, "Put*" or "*Policy" may write.
  return !READ_VERB.test(name.slice(0, name.search(/[*?]/)));
}

/**
 * Actions the Service Authorization Reference lists without resource types: "*"
 * is the only resource they accept, so naming resources is impossible.
 */
export const ACTIONS_WITHOUT_RESOURCES: ReadonlySet<string> = new Set([
  "ecr:GetAuthorizationToken",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
]);
