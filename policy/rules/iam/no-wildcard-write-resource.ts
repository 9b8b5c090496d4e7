import { ACTIONS_WITHOUT_RESOURCES, isWriteAction } from "../../iam";

/** A write that could name its resources (some actions accept only "*", e.g. ECS Exec's SSM message channels). */
const scopableWrite = (action: string) => isWriteAction(action) && !ACTIONS_WITHOUT_RESOURCES.has(action);
import type { StackRule } from "../../types";
import { identityPolicies, statementViolations } from "./policies";

export const iamNoWildcardWriteResource: StackRule = {
  id: "IAM-02",
  checkov: ["CKV_AWS_109", "CKV_AWS_110", "CKV_AWS_111", "CKV_AWS_286", "CKV_AWS_289", "CKV_AWS_290", "CKV_AWS_355", "CKV_AWS_356"],
  fsbp: [],
  level: "error",
  message: 'IAM write actions must name their resources, not "*"',
  rationale: "A write on every resource of a service reaches other workloads' data; permissions management and every privilege-escalation path need such a write. Reads identity policies only: the checkov checks on aws_iam_policy_document also read key policies, whose Resource \"*\" is the key itself.",
  fix: "Scope the statement to the resources' ARNs, or suppress with the reason the API has no resource-level permissions.",
  checkStack: ({ stack }) =>
    statementViolations(
      identityPolicies(stack),
      (s) => s.effect === "Allow" && s.resources.includes("*") && s.actions.some(scopableWrite),
      (s) => `allows ${s.actions.filter(scopableWrite).join(", ")} on "*"`,
    ),
};
