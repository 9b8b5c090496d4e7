import type { ResourceRule } from "../../types";
import { checkResourcePolicy } from "../iam/resource-policies";

export const snsConditionalAccountAccess: ResourceRule = {
  id: "SNS-02",
  checkov: ["CKV_AWS_385"],
  fsbp: [],
  level: "error",
  message: "SNS topic policies must put a condition on every grant to an AWS account or IAM principal",
  rationale:
    "A topic grant to an account or IAM ARN without a condition admits whatever that principal, or every principal of that account, is allowed to do, from wherever it calls; a condition (aws:PrincipalAccount, aws:PrincipalOrgID, aws:SourceArn ...) states which callers are meant. As CKV_AWS_385, which reads ARN principals (arn:aws:iam::…), and also bare account ids, other partitions and ARNs only known after apply. \"*\" is IAM-09's, which refuses it with or without conditions.",
  fix: "Add the condition that names the caller, e.g. StringEquals aws:PrincipalAccount = <account> (AlertTopic does for its account).",
  resourceTypes: ["aws_sns_topic_policy", "aws_sns_topic"],
  check(r, { stack }) {
    return checkResourcePolicy(r, stack, (statements) => {
      return statements
        .filter((s) => s.effect === "Allow" && s.conditions.length === 0)
        .flatMap((s) => {
          const principals = (s.principals.AWS ?? []).filter((id) => id !== "*");
          return principals.length > 0 ? [{ detail: `statement ${s.sid ?? "(no sid)"} allows ${s.actions.join(", ") || `all but ${s.notActions.join(", ")}`} to ${principals.join(", ")} without a condition` }] : [];
        });
    });
  },
};
