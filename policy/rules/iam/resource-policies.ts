/**
 * Resource policies — who may use a bucket, topic, key, file system, secret or image
 * repository — with the resource that carries each, and the account(s) a stack deploys to.
 */
import { policyStatements } from "../../iam";
import type { Resource, StackModel } from "../../model";
import { referencesIn } from "../../values";
import type { Statement } from "../../iam";
import type { Violation } from "../../types";
import { isUnknown, unknownPolicy, type CarriedPolicy } from "./policies";

/** Resource types whose `policy` attribute is a resource policy. */
export const RESOURCE_POLICY_TYPES = [
  "aws_s3_bucket_policy",
  "aws_s3_bucket",
  "aws_sns_topic_policy",
  "aws_sns_topic",
  "aws_kms_key",
  "aws_kms_key_policy",
  "aws_efs_file_system_policy",
  "aws_secretsmanager_secret_policy",
  "aws_ecr_repository_policy",
] as const;

/** The resource policy a resource carries, if it sets one. */
export function resourcePolicy(r: Resource, stack: StackModel): CarriedPolicy | undefined {
  const value = r.values.policy;
  if (value === undefined || value === null || value === "") return undefined;
  return { carrier: r, statements: policyStatements(value, stack) };
}

/**
 * A rule's check of the statements of the resource policy a resource carries:
 * nothing when it carries none, the unknown finding when they cannot be read
 * before apply, else what `check` finds in them.
 */
export function checkResourcePolicy(r: Resource, stack: StackModel, check: (statements: Statement[]) => Violation[]): Violation[] | Violation | undefined {
  const p = resourcePolicy(r, stack);
  if (!p) return undefined;
  if (isUnknown(p.statements)) return unknownPolicy(p);
  return check(p.statements ?? []);
}

/** Every resource policy of the stack, of `types`. */
export function resourcePolicies(stack: StackModel, types: readonly string[] = RESOURCE_POLICY_TYPES): CarriedPolicy[] {
  return types.flatMap((t) => stack.ofType(t)).flatMap((r) => resourcePolicy(r, stack) ?? []);
}

/** The policy documents (data.aws_iam_policy_document addresses) the attribute `attr` of these resources refers to. */
export function documentsUsedBy(resources: readonly Resource[], attr = "policy"): Set<string> {
  return new Set(resources.flatMap((r) => referencesIn(r.values[attr]).map((ref) => ref.address).filter((a) => a.startsWith("data.aws_iam_policy_document."))));
}

/** The statements of a data.aws_iam_policy_document of the stack. */
export function documentStatements(doc: Resource, stack: StackModel): CarriedPolicy["statements"] {
  return policyStatements("${" + doc.address + ".json}", stack);
}

/** The accounts the stack deploys to: its AWS providers' allowed_account_ids (none when no provider pins them). */
export function stackAccounts(stack: StackModel): Set<string> {
  const providers = (stack.json.provider as Record<string, unknown> | undefined)?.aws;
  const list = Array.isArray(providers) ? providers : providers ? [providers] : [];
  const ids = list.flatMap((p) => {
    const allowed = (p as Record<string, unknown>).allowed_account_ids;
    return Array.isArray(allowed) ? allowed.map(String) : [];
  });
  return new Set(ids.filter((id) => /^\d{12}$/.test(id)));
}

/**
 * The account of an AWS principal, when it names one: a bare account id or an IAM/STS ARN
 * (`arn:<partition>:iam::<account>:root|role/...|user/...`, `arn:<partition>:sts::<account>:assumed-role/...`).
 */
export function principalAccount(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  return principal.match(/^arn:[a-z-]+:(?:iam|sts)::(\d{12}):/)?.[1];
}

/**
 * Whether an interpolated principal is of the stack's own account: a reference to a resource
 * the stack creates (a role, a user) or to `data.aws_caller_identity` (the account running Terraform).
 */
export function referencesOwnAccount(principal: string, stack: StackModel): boolean {
  const refs = referencesIn(principal);
  return refs.length > 0 && refs.every((r) => r.address.startsWith("data.aws_caller_identity.") || (!r.address.startsWith("data.") && stack.get(r.address) !== undefined));
}
