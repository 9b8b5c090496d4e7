import type { ResourceRule } from "../../types";
import { checkResourcePolicy } from "../iam/resource-policies";
import { wildcardPrincipals } from "../iam/no-public-resource-policies";

export const s3NoLockout: ResourceRule = {
  id: "S3-08",
  checkov: ["CKV_AWS_93"],
  fsbp: [],
  level: "error",
  message: "S3 bucket policies must not deny every principal, or every action, without a condition",
  rationale:
    'A Deny without a condition applies to every request, the account\'s administrators and Terraform included: denying it to "*" (whatever the actions), or denying "*" (whoever the principal), locks the bucket until the account\'s root user deletes the policy. A Deny with a condition (TLS-only, a VPC endpoint) or with NotAction is what such statements are for, and stays allowed. As CKV_AWS_93, which reads bucket policies written as JSON; this rule also reads aws_iam_policy_document ones, and the policy argument of aws_s3_bucket.',
  fix: "Give the Deny the condition it is about (aws:SecureTransport, aws:SourceVpce, aws:PrincipalArn ...), or name the principals and actions it denies.",
  resourceTypes: ["aws_s3_bucket_policy", "aws_s3_bucket"],
  check(r, { stack }) {
    return checkResourcePolicy(r, stack, (statements) => {
      return statements
        .filter((s) => s.effect === "Deny" && s.conditions.length === 0 && s.notActions.length === 0)
        .flatMap((s) => {
          const everyone = wildcardPrincipals(s);
          const everything = s.actions.includes("*");
          if (everyone.length === 0 && !everything) return [];
          const who = everyone.length > 0 ? everyone.join(", ") : Object.entries(s.principals).map(([type, ids]) => `${type} ${ids.join(", ")}`).join("; ") || "no principal";
          return [{ detail: `statement ${s.sid ?? "(no sid)"} denies ${s.actions.join(", ")} to ${who} without a condition` }];
        });
    });
  },
};
