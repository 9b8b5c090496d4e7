import type { ResourceRule } from "../../types";
import { requireOneOf } from "../helpers";

export const ecrImmutableTags: ResourceRule = {
  id: "ECR-02",
  checkov: ["CKV_AWS_51"],
  fsbp: ["ECR.2"],
  level: "error",
  stages: ["prod"],
  message: "ECR repository in prod must have immutable tags",
  rationale: "A deployed tag must always mean the same image, so rollbacks and audits are exact. Prod only (CKV_AWS_51 applies everywhere): dev and staging re-push moving tags while iterating.",
  fix: "Set image_tag_mutability = IMMUTABLE (the prod stage default).",
  resourceTypes: ["aws_ecr_repository"],
  check: (repo) => requireOneOf(repo, "image_tag_mutability", ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"], "MUTABLE"),
};
