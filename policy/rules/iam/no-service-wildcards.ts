import type { StackRule } from "../../types";
import { identityPolicies, statementViolations } from "./policies";

export const iamNoServiceWildcards: StackRule = {
  id: "IAM-05",
  checkov: ["CKV2_AWS_40"],
  fsbp: ["IAM.21"],
  level: "warning",
  message: 'IAM policies should not allow every action of a service ("s3:*")',
  rationale: "Service-wide wildcards include destructive and administrative actions the workload never needs. With IAM-01 (\"*\") it refuses the full IAM privileges of CKV2_AWS_40 (\"iam:*\").",
  fix: "List the actions, e.g. s3:GetObject and s3:PutObject.",
  checkStack: ({ stack }) =>
    statementViolations(
      identityPolicies(stack),
      (s) => s.effect === "Allow" && s.actions.some((a) => /^[a-z0-9-]+:\*$/.test(a)),
      (s) => `allows ${s.actions.filter((a) => a.endsWith(":*")).join(", ")}`,
      true,
    ),
};
