import type { ResourceRule } from "../../types";
import { block, bool } from "../../values";

export const ecrScanOnPush: ResourceRule = {
  id: "ECR-01",
  checkov: ["CKV_AWS_163"],
  fsbp: ["ECR.1"],
  level: "error",
  message: "ECR repository must scan images on push",
  rationale: "Known vulnerabilities should be visible before an image is deployed.",
  fix: "Set image_scanning_configuration { scan_on_push = true } (ServiceRepository does).",
  resourceTypes: ["aws_ecr_repository"],
  check: (repo) =>
    bool(block(repo.values.image_scanning_configuration)?.scan_on_push) === true ? undefined : { detail: "image_scanning_configuration.scan_on_push is not true" },
};
