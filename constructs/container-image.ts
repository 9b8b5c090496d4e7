/**
 * The image one service deploys. In build mode a `terraform_data` resource,
 * replaced whenever the content tag changes, runs the build script (login, build,
 * push), so unchanged sources never rebuild and every change does; in prebuilt
 * mode it only records the chosen tag. With digest pinning the URI becomes
 * `repository@sha256:…`, read from ECR after the push.
 */
import { Construct } from "constructs";
import { DataAwsEcrImage } from "@cdktf/provider-aws/lib/data-aws-ecr-image";
import type { ResolvedService } from "../config/defaults";
import { buildArgEnvironment, buildScript } from "./image/build-script";
import { shellStep, TerraformData } from "./terraform-data";
import { fromStackFolder } from "./stack-folder";

export interface ContainerImageProps {
  readonly service: ResolvedService;
  /** The foundation's repository URL for the service. */
  readonly repositoryUrl: string;
  readonly region: string;
  readonly accountId: string;
}

export class ContainerImage extends Construct {
  readonly record: TerraformData;
  /** What the services phase deploys: `repository:tag`, or `repository@sha256:…` when pinned. */
  readonly uri: string;

  /** The construct id is the service name, so addresses read `terraform_data.<service>_image`. */
  constructor(scope: Construct, props: ContainerImageProps) {
    const s = props.service;
    super(scope, s.name);
    const tagged = `${props.repositoryUrl}:${s.imageTag}`;
    const registry = `${props.accountId}.dkr.ecr.${props.region}.amazonaws.com`;
    const b = s.build;
    this.record = new TerraformData(this, "image", {
      input: { uri: tagged, tag: s.imageTag, repository: s.repositoryName, mode: b ? "build" : "prebuilt" },
      // A new tag (new sources or settings) replaces the record, which runs the build again.
      triggersReplace: b ? { tag: s.imageTag, platform: b.platform } : undefined,
      provisioners: b
        ? [
            // Build arguments only under BUILD_ARG_<NAME>: none can override the script's variables (or PATH, HOME, DOCKER_*).
            shellStep(buildScript(b), {
                ...buildArgEnvironment(b),
                AWS_REGION: props.region,
                REGISTRY: registry,
                IMAGE_URI: tagged,
                CONTEXT: fromStackFolder(this, b.contextDir),
                DOCKERFILE: b.dockerfile,
                PLATFORM: b.platform,
            }),
          ]
        : undefined,
    });
    if (!s.image.pinDigest) {
      this.uri = this.record.getStringAttribute("output.uri");
      return;
    }
    // Read after the record (and so after a push): during a plan that builds, the read waits for apply.
    const digest = new DataAwsEcrImage(this, "digest", { repositoryName: s.repositoryName, imageTag: s.imageTag, dependsOn: [this.record] });
    this.uri = `${props.repositoryUrl}@${digest.imageDigest}`;
  }
}
