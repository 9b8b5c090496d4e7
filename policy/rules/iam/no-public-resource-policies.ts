import type { Statement } from "../../iam";
import type { StackRule, Violation } from "../../types";
import { isUnknown, unknownPolicy, type CarriedPolicy } from "./policies";
import { documentStatements, documentsUsedBy, resourcePolicies } from "./resource-policies";

/** The principal types of a statement that name "*": `"Principal": "*"`, `{"AWS": "*"}`, or any other type with "*". */
export function wildcardPrincipals(s: Statement): string[] {
  return Object.entries(s.principals)
    .filter(([, ids]) => ids.includes("*"))
    .map(([type]) => (type === "*" ? '"*"' : `${type} "*"`));
}

function violations(p: CarriedPolicy): Violation[] {
  if (isUnknown(p.statements)) return [unknownPolicy(p)];
  return (p.statements ?? [])
    .filter((s) => s.effect === "Allow" && wildcardPrincipals(s).length > 0)
    .map((s) => ({
      address: p.carrier.address,
      detail: `statement ${s.sid ?? "(no sid)"} allows ${s.actions.length > 0 ? s.actions.join(", ") : `all but ${s.notActions.join(", ")}`} to ${wildcardPrincipals(s).join(", ")}${s.conditions.length > 0 ? " (conditions do not make it private)" : ""}`,
    }));
}

export const iamNoPublicResourcePolicies: StackRule = {
  id: "IAM-09",
  checkov: ["CKV_AWS_33", "CKV_AWS_70", "CKV_AWS_169", "CKV_AWS_283"],
  fsbp: ["KMS.5", "SNS.4"],
  level: "error",
  message: 'Resource policies must not allow any principal ("*")',
  rationale:
    'A grant to "*" is a grant to every AWS account and, for S3 and SNS, to anonymous callers: one mistaken condition, or one the service does not send, and the data is public. The checks differ on conditions (CKV_AWS_70 accepts some, SNS.4 and KMS.5 accept a statement whose conditions pin fixed values, CKV_AWS_33 none); this rule accepts none: name the account, role or service instead. Deny statements are fine (a Deny to "*" is how TLS-only and access-point-only are enforced). Reads the policies of buckets, topics, keys (policy and aws_kms_key_policy), file systems, secrets and image repositories, and every other aws_iam_policy_document as CKV_AWS_283 does; trust policies are IAM-03\'s, which refuses "*" with or without conditions.',
  fix: "Name the principals: the account's roles, or the service principal with aws:SourceAccount / aws:SourceArn conditions.",
  checkStack: ({ stack }) => {
    const carried = resourcePolicies(stack);
    const covered = new Set([...documentsUsedBy(carried.map((p) => p.carrier)), ...documentsUsedBy(stack.ofType("aws_iam_role"), "assume_role_policy")]);
    const documents = stack.ofType("data.aws_iam_policy_document").filter((d) => !covered.has(d.address));
    return [...carried.flatMap(violations), ...documents.flatMap((d) => violations({ carrier: d, statements: documentStatements(d, stack) }))];
  },
};
