/**
 * The one way this project makes an S3 bucket: public access blocked (all four
 * flags), objects owned by the bucket owner (ACLs disabled), server-side
 * encryption, TLS-only bucket policy, versioning with noncurrent-version expiry,
 * and incomplete multipart uploads aborted. Access is granted with methods.
 */
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { PolicyDocument, type PolicyStatement } from "./policy-document";
import type { ServiceRole } from "./service-role";

export interface SecureBucketProps {
  readonly bucketName: string;
  /** Keep object versions. @default true */
  readonly versioned?: boolean;
  /** Days before superseded versions are deleted (when versioned). @default 90 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Days before incomplete multipart uploads are aborted. @default 7 */
  readonly abortIncompleteUploadDays?: number;
  /** Delete the bucket with its objects on destroy (disposable environments only). @default false */
  readonly forceDestroy?: boolean;
  /** KMS key for SSE-KMS. @default - SSE-S3 (AES256) */
  readonly kmsKeyArn?: string;
  /** Delete current objects after this many days (logs). @default - never */
  readonly expirationDays?: number;
  /** Write S3 server access logs to this bucket under `<prefix>`. @default - no access logs */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
}

export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    this.bucket = new S3Bucket(this, "Resource", { bucket: props.bucketName, forceDestroy: props.forceDestroy ?? false });
    const bucket = this.bucket.id;

    const publicAccess = new S3BucketPublicAccessBlock(this, "public_access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: props.kmsKeyArn !== undefined,
        },
      ],
    });
    new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: versioned ? "Enabled" : "Suspended" } });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "abort-incomplete-uploads",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: props.abortIncompleteUploadDays ?? 7 }],
        },
        ...(props.expirationDays
          ? [{ id: "expire-objects", status: "Enabled", filter: [{}], expiration: [{ days: props.expirationDays }] }]
          : []),
        ...(versioned
          ? [
              {
                id: "expire-noncurrent-versions",
                status: "Enabled",
                filter: [{}],
                noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 90 }],
              },
            ]
          : []),
      ],
    });

    this.policy = new PolicyDocument(this, "policy_document", [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["s3:*"],
        resources: [this.bucket.arn, `${this.bucket.arn}/*`],
        principals: [{ type: "*", identifiers: ["*"] }],
        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ]);
    if (props.accessLogs) {
      new S3BucketLoggingA(this, "access_logs", {
        bucket,
        targetBucket: props.accessLogs.bucketName,
        targetPrefix: props.accessLogs.prefix,
      });
    }
    // Applied after the public access block so a policy can never open the bucket first.
    new S3BucketPolicy(this, "policy", { bucket, policy: this.policy.json, dependsOn: [publicAccess] });
  }

  get name(): string {
    return this.bucket.bucket;
  }

  get arn(): string {
    return this.bucket.arn;
  }

  /** Let a role list the bucket and read objects. */
  grantRead(role: ServiceRole): void {
    grantBucketAccess(role, this.arn, "read");
  }

  /** Let a role list the bucket, and read, write and delete objects. */
  grantReadWrite(role: ServiceRole): void {
    grantBucketAccess(role, this.arn, "readwrite");
  }

  /** Add a statement to the bucket policy (e.g. CloudFront origin access). */
  addToResourcePolicy(statement: PolicyStatement): void {
    this.policy.add(statement);
  }
}

function grantBucketAccess(role: ServiceRole, bucketArn: string, access: "read" | "readwrite"): void {
  role.addToPolicy(...readStatements(bucketArn));
  if (access === "readwrite") {
    role.addToPolicy({ sid: "WriteObjects", actions: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], resources: [`${bucketArn}/*`] });
  }
}

function readStatements(bucketArn: string): PolicyStatement[] {
  return [
    { sid: "ListBuckets", actions: ["s3:ListBucket", "s3:GetBucketLocation"], resources: [bucketArn] },
    { sid: "ReadObjects", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [`${bucketArn}/*`] },
  ];
}
