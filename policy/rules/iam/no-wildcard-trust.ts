import { hasWildcardPrincipal } from "../../iam";
import type { StackRule } from "../../types";
import { statementViolations, trustPolicies } from "./policies";

export const iamNoWildcardTrust: StackRule = {
  id: "IAM-03",
  checkov: ["CKV_AWS_60"],
  fsbp: [],
  level: "error",
  message: "Role trust policies must not trust every principal",
  rationale: 'A trust of "*" lets any AWS account assume the role, conditions or not.',
  fix: "Trust the service principal or account that needs the role.",
  checkStack: ({ stack }) =>
    statementViolations(
      trustPolicies(stack),
      (s) => s.effect === "Allow" && hasWildcardPrincipal(s),
      () => 'trusts "*"',
    ),
};
