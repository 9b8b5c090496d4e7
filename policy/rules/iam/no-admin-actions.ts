import type { StackRule } from "../../types";
import { identityPolicies, statementViolations } from "./policies";

export const iamNoAdminActions: StackRule = {
  id: "IAM-01",
  checkov: ["CKV_AWS_1", "CKV_AWS_49", "CKV_AWS_62", "CKV_AWS_63", "CKV2_AWS_40"],
  fsbp: ["IAM.1"],
  level: "error",
  message: 'IAM policies must not allow "*" or "*:*" actions',
  rationale: "Full-admin grants make every bug in the workload an account takeover.",
  fix: "List the actions the workload needs, via the grant methods of the resources it uses.",
  checkStack: ({ stack }) =>
    statementViolations(
      identityPolicies(stack),
      (s) => s.effect === "Allow" && s.actions.some((a) => a === "*" || a === "*:*"),
      (s) => `allows ${s.actions.join(", ")}`,
    ),
};
