import type { StackModel } from "../../model";
import type { ResourceRule, Violation } from "../../types";
import { isInterpolated, referencesIn, strings, UNKNOWN } from "../../values";

/** AWS's AdministratorAccess (CKV_AWS_274: arn:aws:iam::aws:policy/AdministratorAccess), in any partition. */
const ADMIN = /(^|:policy\/)AdministratorAccess$/;

/** What a literal policy ARN or name grants that the rule refuses; undefined when nothing. */
function refused(value: string): string | undefined {
  if (ADMIN.test(value)) return "AdministratorAccess";
  if (value.includes("IAMFullAccess")) return "IAMFullAccess";
  return undefined;
}

/** Where a resource names the managed policies it attaches: a list attribute or a single ARN. */
const LIST_ATTRIBUTE: Readonly<Record<string, string>> = { aws_iam_role: "managed_policy_arns", aws_iam_role_policy_attachments_exclusive: "policy_arns" };

/** One policy ARN: refused by name, a policy the stack creates or looks up, or only known after apply. */
function judge(value: string, attr: string, stack: StackModel): Violation | undefined {
  const name = refused(value);
  if (name) return { detail: `${attr} attaches ${name} (${value})` };
  // a literal ARN, or one whose partition or account only is interpolated: its policy name is known
  if (!isInterpolated(value) || /:policy\/[^$]+$/.test(value)) return undefined;
  const refs = referencesIn(value);
  const lookups = refs.filter((ref) => ref.address.startsWith("data.aws_iam_policy."));
  for (const ref of lookups) {
    const source = stack.get(ref.address);
    const found = [source?.values.name, source?.values.arn].filter((v): v is string => typeof v === "string").map(refused).find((n) => n !== undefined);
    if (found) return { detail: `${attr} attaches ${found} (${ref.address})` };
  }
  const known = refs.length > 0 && refs.every((ref) => stack.get(ref.address) !== undefined && !ref.address.startsWith("data.terraform_remote_state."));
  return known ? undefined : { detail: `${attr} ${value} is only known after apply`, unknown: true };
}

export const iamNoAdminManagedPolicies: ResourceRule = {
  id: "IAM-08",
  checkov: ["CKV_AWS_274", "CKV2_AWS_56"],
  fsbp: [],
  level: "error",
  message: "Roles, users and groups must not get the AdministratorAccess or IAMFullAccess managed policies",
  rationale:
    "AdministratorAccess is every action on every resource; IAMFullAccess lets the holder grant itself anything. Either turns a bug in the workload into an account takeover, as IAM-01 says of \"*\" in the platform's own policies. Reads managed_policy_arns of roles, every policy attachment (IAM Identity Center permission sets' too), and the policies the stack looks up (data.aws_iam_policy, as CKV2_AWS_56); in any partition. A policy the stack creates is fine (IAM-01 and IAM-02 read it); a policy ARN only known after apply is reported.",
  fix: "Attach a policy that lists the actions the role needs (the platform's grant methods write one per role).",
  resourceTypes: [
    "aws_iam_role",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_role_policy_attachments_exclusive",
    "aws_ssoadmin_managed_policy_attachment",
    "data.aws_iam_policy",
  ],
  check(r, { stack }) {
    if (r.address.startsWith("data.")) {
      const found = [r.values.name, r.values.arn].filter((v): v is string => typeof v === "string").map(refused).find((n) => n !== undefined);
      return found ? { detail: `looks up the ${found} managed policy` } : undefined;
    }
    const listAttr = LIST_ATTRIBUTE[r.type];
    if (listAttr) {
      const list = strings(r.values[listAttr]);
      if (list === UNKNOWN) return { detail: `${listAttr} is only known after apply`, unknown: true };
      return (list ?? []).flatMap((v) => judge(v, listAttr, stack) ?? []);
    }
    const attr = r.type === "aws_ssoadmin_managed_policy_attachment" ? "managed_policy_arn" : "policy_arn";
    const arn = r.values[attr];
    return typeof arn === "string" ? judge(arn, attr, stack) : undefined;
  },
};
