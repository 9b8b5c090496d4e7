/**
 * ECR repository for one service image: scan on push, tag mutability from the
 * stage defaults (immutable in prod), encryption at rest, and a lifecycle policy
 * that expires untagged images and keeps the last N tagged ones.
 */
import { Construct } from "constructs";
import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { grant, type Grant, type IGrantable } from "./grant";

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
  /**
   * KMS key for image encryption. Pulling needs no permission on it: ECR gives
   * itself a KMS grant on the key when it creates the repository and decrypts
   * layers through that grant (the principal creating the repository needs
   * kms:CreateGrant, kms:RetireGrant and kms:DescribeKey, not the pullers).
   * @default - AES256
   */
  readonly kmsKeyArn?: string;
}

export class ServiceRepository extends Construct {
  readonly repository: EcrRepository;

  /** Let a principal pull this repository's images (no KMS permission needed, see kmsKeyArn). */
  grantPull(grantee: IGrantable): Grant {
    return grant(
      grantee,
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
