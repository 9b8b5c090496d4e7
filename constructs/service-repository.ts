/**
 * ECR repository for one service image: scan on push, tag mutability from the
 * stage defaults (immutable in prod), encryption at rest, and a lifecycle policy
 * that expires untagged images and keeps the last N tagged ones.
 */
import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import type { ServiceRole } from "./service-role";

export interface ServiceRepositoryProps {
  readonly repositoryName: string;
  /** @default "IMMUTABLE" */
  readonly imageTagMutability?: "MUTABLE" | "IMMUTABLE";
  /** Keep this many images of any tag. @default 30 */
  readonly keepLastImages?: number;
  /** Expire untagged images after this many days. @default 7 */
  readonly untaggedExpiryDays?: number;
  /** Delete the repository even when it holds images (disposable environments only). @default false */
  readonly forceDelete?: boolean;
  /** KMS key for image encryption. @default - AES256 */
  readonly kmsKeyArn?: string;
}

export class ServiceRepository extends Construct {
  readonly repository: EcrRepository;

  /** Let a role pull this repository's images. */
  grantPull(role: ServiceRole): void {
    role.addToPolicy(
      { sid: "PullImages", actions: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], resources: [this.repository.arn] },
      // GetAuthorizationToken has no resource-level permissions: AWS requires "*".
      { sid: "RegistryLogin", actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
    );
  }

  constructor(scope: Construct, id: string, props: ServiceRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, "Resource", {
      name: props.repositoryName,
      imageTagMutability: props.imageTagMutability ?? "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [props.kmsKeyArn ? { encryptionType: "KMS", kmsKey: props.kmsKeyArn } : { encryptionType: "AES256" }],
      forceDelete: props.forceDelete ?? false,
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${props.untaggedExpiryDays ?? 7} days`,
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: props.untaggedExpiryDays ?? 7 },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${props.keepLastImages ?? 30} images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepLastImages ?? 30 },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }
}
