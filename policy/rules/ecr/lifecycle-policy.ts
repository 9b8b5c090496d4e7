import type { ResourceRule } from "../../types";

export const ecrLifecyclePolicy: ResourceRule = {
  id: "ECR-03",
  checkov: [],
  fsbp: ["ECR.3"],
  level: "warning",
  message: "ECR repository should have a lifecycle policy",
  rationale: "Untagged and old images accumulate cost and stale vulnerabilities.",
  fix: "Add aws_ecr_lifecycle_policy for the repository (ServiceRepository does).",
  resourceTypes: ["aws_ecr_repository"],
  check: (repo, { stack }) =>
    stack.referencing("aws_ecr_lifecycle_policy", "repository", repo, [repo.values.name]).length > 0
      ? undefined
      : { detail: "no aws_ecr_lifecycle_policy refers to this repository" },
};
