import type { Statement } from "../../iam";
import type { StackModel } from "../../model";
import type { StackRule, Violation } from "../../types";
import { isInterpolated } from "../../values";
import { isUnknown, trustPolicies, unknownPolicy } from "./policies";
import { referencesOwnAccount } from "./resource-policies";

/** sts:AssumeRole (as written, the action CKV_AWS_61 looks for) under a positive condition on sts:ExternalId. */
function externalIdAssume(s: Statement): boolean {
  return (
    s.actions.includes("sts:AssumeRole") &&
    s.conditions.some((c) => c.variable === "sts:ExternalId" && /String(Equals|Like)/.test(c.test) && !/Not/.test(c.test) && c.values.length > 0 && c.values.every((v) => v !== "" && v !== "*"))
  );
}

/** What an AWS principal of a trust policy lets in when it is a whole account, or "fine" (a role, a user, or "*", which is IAM-03's). */
function accountTrust(principal: string, stack: StackModel): Violation | "fine" {
  if (principal === "*") return "fine";
  if (/^\d{12}$/.test(principal)) return { detail: `trusts account ${principal}` };
  if (/^\$\{data\.aws_caller_identity\.[A-Za-z0-9_-]+\.account_id\}$/.test(principal)) return { detail: `trusts the account (${principal})` };
  if (/^arn:[^:]+:iam::[^:]*:root$/.test(principal)) return { detail: `trusts the root of account ${principal.split(":")[4]}` };
  if (isInterpolated(principal) && /^\$\{[^}]*\}$/.test(principal) && !referencesOwnAccount(principal, stack)) return { detail: `trusts ${principal}, only known after apply`, unknown: true };
  return "fine";
}

export const iamNoAccountTrust: StackRule = {
  id: "IAM-07",
  checkov: ["CKV_AWS_61"],
  fsbp: [],
  level: "error",
  message: "Role trust policies must not trust a whole AWS account, unless through sts:AssumeRole with an sts:ExternalId condition",
  rationale:
    'Trusting an account (its id, or arn:…:iam::<account>:root) lets every principal that account allows to call sts:AssumeRole take the role: for another account that is its whole staff and every workload, for this account every role that holds sts:AssumeRole on "*". An external id is the AWS pattern for a third party assuming the role on the account\'s behalf. Deny statements are not read; a principal only known after apply is reported, a role or user the stack creates is fine. "*" is IAM-03\'s.',
  fix: "Trust the role or user that needs the role (arn:…:iam::<account>:role/<name>), or, for a third party, allow sts:AssumeRole only with StringEquals sts:ExternalId.",
  checkStack: ({ stack }) =>
    trustPolicies(stack).flatMap((p) => {
      if (isUnknown(p.statements)) return [unknownPolicy(p)];
      return (p.statements ?? [])
        .filter((s) => s.effect === "Allow" && (s.principals.AWS ?? []).length > 0 && !externalIdAssume(s))
        .flatMap((s) =>
          (s.principals.AWS ?? []).flatMap((principal) => {
            const v = accountTrust(principal, stack);
            return v === "fine" ? [] : [{ ...v, address: p.carrier.address, detail: `statement ${s.sid ?? "(no sid)"} ${v.detail}` }];
          }),
        );
    }),
};
