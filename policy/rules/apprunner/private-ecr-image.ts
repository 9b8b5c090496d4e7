import type { ResourceRule, Violation } from "../../types";
import { block, bool, str, UNKNOWN } from "../../values";
import { imageRepository, isSet, source } from "./service";

/** A private ECR image URI: `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@digest]`. */
const PRIVATE_ECR = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/./;

export const apprunnerPrivateEcrImage: ResourceRule = {
  id: "APR-04",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "App Runner services must run an image from private ECR, pulled with an access role, and deploy only through Terraform",
  rationale:
    "The images phase builds, scans and tags the image in the platform's private ECR repository; a public image or a source repository bypasses that. App Runner's automatic deployments (on by default) would roll out every image pushed to the tag without review or a plan, and drift from what Terraform applied.",
  fix: "Use source_configuration { auto_deployments_enabled = false, authentication_configuration { access_role_arn }, image_repository { image_repository_type = \"ECR\", image_identifier = <private ECR URI> } } (AppRunnerService does).",
  resourceTypes: ["aws_apprunner_service"],
  check(service) {
    const src = source(service);
    if (!src) return { detail: "no source_configuration" };
    const out: Violation[] = [];
    const repo = imageRepository(service);
    if (!repo) out.push({ detail: block(src.code_repository) ? "the source is a code repository, not a private ECR image" : "source_configuration has no image_repository" });
    else {
      const type = str(repo.image_repository_type);
      if (type === UNKNOWN) out.push({ detail: "image_repository_type is only known after apply", unknown: true });
      else if (type !== "ECR") out.push({ detail: `image_repository_type is ${type === undefined ? "not set" : `"${type}"`}; allowed: ECR` });
      const image = str(repo.image_identifier);
      if (type === "ECR" && typeof image === "string" && !PRIVATE_ECR.test(image)) out.push({ detail: `image_identifier "${image}" is not a private ECR image URI` });
    }
    if (!isSet(block(src.authentication_configuration)?.access_role_arn)) out.push({ detail: "no authentication_configuration.access_role_arn: App Runner cannot pull from private ECR" });
    const auto = bool(src.auto_deployments_enabled);
    if (auto === UNKNOWN) out.push({ detail: "auto_deployments_enabled is only known after apply", unknown: true });
    else if (auto !== false) out.push({ detail: auto === undefined ? "auto_deployments_enabled is not set (App Runner default: true)" : "auto_deployments_enabled is true" });
    return out;
  },
};
