/**
 * The one way this project makes an S3 bucket: public access blocked (all four
 * flags), objects owned by the bucket owner (ACLs disabled), server-side
 * encryption, TLS-only bucket policy, versioning with noncurrent-version expiry,
 * and incomplete multipart uploads aborted. Access is granted with methods that
 * include the KMS key when the bucket uses SSE-KMS.
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
import { grant, kmsViaServiceStatement, type Grant, type IGrantable } from "./grant";
import { PolicyDocument, type PolicyStatement } from "./policy-document";

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
  /**
   * KMS key for SSE-KMS. Grants then include the key (kms:Decrypt to read,
   * kms:GenerateDataKey to write), usable only through S3; for grants it must be
   * the key's ARN, not an alias ARN.
   * @default - SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /**
   * The bucket's region, for the kms:ViaService condition of KMS grants
   * (`s3.<region>.amazonaws.com`). Needed only when kmsKeyArn is a token.
   * @default - the region in kmsKeyArn (SSE-KMS keys are in the bucket's region)
   */
  readonly region?: string;
  /** Delete current objects after this many days (logs). @default - never */
  readonly expirationDays?: number;
  /** Write S3 server access logs to this bucket under `<prefix>`. @default - no access logs */
  readonly accessLogs?: { readonly bucketName: string; readonly prefix: string };
}

export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The SSE-KMS key, when there is one. */
  readonly kmsKeyArn?: string;
  private readonly region?: string;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const versioned = props.versioned ?? true;
    this.kmsKeyArn = props.kmsKeyArn;
    this.region = props.region;
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

  /** Let a principal list the bucket and read objects (and decrypt them with the bucket's KMS key). */
  grantRead(grantee: IGrantable): Grant {
    return grant(grantee, ...this.readStatements(), ...this.kmsStatements(false));
  }

  /** Let a principal list the bucket, and read, write and delete objects (and use the bucket's KMS key for both). */
  grantReadWrite(grantee: IGrantable): Grant {
    return grant(
      grantee,
      ...this.readStatements(),
      { sid: "WriteObjects", actions: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], resources: [`${this.arn}/*`] },
      ...this.kmsStatements(true),
    );
  }

  /** Add a statement to the bucket policy (e.g. CloudFront origin access). */
  addToResourcePolicy(statement: PolicyStatement): void {
    this.policy.add(statement);
  }

  private readStatements(): PolicyStatement[] {
    return [
      { sid: "ListBuckets", actions: ["s3:ListBucket", "s3:GetBucketLocation"], resources: [this.arn] },
      { sid: "ReadObjects", actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [`${this.arn}/*`] },
    ];
  }

  /**
   * SSE-KMS: reading needs kms:Decrypt; writing needs kms:GenerateDataKey (and
   * kms:Decrypt, which multipart uploads need). One sid per action
   * set, so a role reading one bucket and writing another never gets
   * GenerateDataKey on the first bucket's key.
   */
  private kmsStatements(write: boolean): PolicyStatement[] {
    if (this.kmsKeyArn === undefined) return [];
    const key = { keyArn: this.kmsKeyArn, service: "s3", region: this.region, owner: `SecureBucket ${this.node.path}` };
    return [
      kmsViaServiceStatement({ sid: "DecryptS3Objects", actions: ["kms:Decrypt"], ...key }),
      ...(write ? [kmsViaServiceStatement({ sid: "EncryptS3Objects", actions: ["kms:GenerateDataKey"], ...key })] : []),
    ];
  }
}
