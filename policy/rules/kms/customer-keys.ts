import type { Resource, StackModel } from "../../model";
import type { ResourceRule, Violation } from "../../types";
import { policyStatements } from "../../iam";
import { block, blocks, bool, str, UNKNOWN } from "../../values";
import { attachedToBucket } from "../helpers";

/** Unset, empty, or one of AWS's own keys (`alias/aws/<service>`): not a customer managed key. */
function customerKey(value: unknown, attr: string): Violation | undefined {
  const v = str(value);
  if (v === UNKNOWN) return undefined; // a reference: a key this configuration creates or reads
  if (v === undefined || v === "") return { detail: `${attr} is not set (AWS-managed key)` };
  return /(?:^|:)alias\/aws\//.test(v) ? { detail: `${attr} is the AWS-managed ${v.replace(/^.*(alias\/aws\/)/, "$1")} key` } : undefined;
}

/** Log delivery services that write into a bucket: AWS does not deliver S3 server access logs or load balancer logs to SSE-KMS buckets. */
const LOG_DELIVERY = ["logging.s3.amazonaws.com", "logdelivery.elasticloadbalancing.amazonaws.com"];

function receivesS3OrLoadBalancerLogs(stack: StackModel, bucket: Resource): boolean {
  return attachedToBucket(stack, "aws_s3_bucket_policy", bucket).some((p) => {
    const statements = policyStatements(p.values.policy, stack);
    if (!Array.isArray(statements)) return false;
    return statements.some(
      (s) =>
        s.effect === "Allow" &&
        s.actions.includes("s3:PutObject") &&
        // Older regions deliver load balancer logs from an ELB account's root instead of the service principal.
        ((s.principals.Service ?? []).some((p) => LOG_DELIVERY.includes(p)) || (s.principals.AWS ?? []).some((p) => /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(p))),
    );
  });
}

type Check = (r: Resource, stack: StackModel) => Violation | undefined;

/** Per resource type, where its key is set. */
const CHECKS: Readonly<Record<string, Check>> = {
  aws_s3_bucket(bucket, stack) {
    if (receivesS3OrLoadBalancerLogs(stack, bucket)) return undefined;
    const configs = attachedToBucket(stack, "aws_s3_bucket_server_side_encryption_configuration", bucket);
    const sse = configs.flatMap((c) => blocks(c.values.rule)).map((r) => block(r.apply_server_side_encryption_by_default)).find((d) => d !== undefined);
    if (!sse) return { detail: "no default encryption (see S3-02)" };
    const algorithm = str(sse.sse_algorithm);
    if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") return { detail: `default encryption is ${String(algorithm)} (SSE-S3), not SSE-KMS` };
    return customerKey(sse.kms_master_key_id, "kms_master_key_id");
  },
  aws_ecr_repository(repo) {
    const enc = block(repo.values.encryption_configuration);
    if (str(enc?.encryption_type) !== "KMS") return { detail: `encryption_type is ${String(str(enc?.encryption_type) ?? "AES256 (default)")}` };
    return customerKey(enc?.kms_key, "encryption_configuration.kms_key");
  },
  aws_secretsmanager_secret: (s) => customerKey(s.values.kms_key_id, "kms_key_id"),
  aws_cloudwatch_log_group: (g) => customerKey(g.values.kms_key_id, "kms_key_id"),
  aws_db_instance(db) {
    const storage = customerKey(db.values.kms_key_id, "kms_key_id");
    if (storage) return storage;
    return bool(db.values.performance_insights_enabled) === true ? customerKey(db.values.performance_insights_kms_key_id, "performance_insights_kms_key_id") : undefined;
  },
  aws_dynamodb_table(t) {
    const sse = block(t.values.server_side_encryption);
    if (bool(sse?.enabled) !== true) return { detail: "server_side_encryption is not enabled (DynamoDB's AWS-owned key)" };
    return customerKey(sse?.kms_key_arn, "server_side_encryption.kms_key_arn");
  },
  aws_efs_file_system: (fs) => customerKey(fs.values.kms_key_id, "kms_key_id"),
  aws_elasticache_replication_group: (g) => customerKey(g.values.kms_key_id, "kms_key_id"),
  aws_ssm_parameter: (p) => (str(p.values.type) === "SecureString" ? customerKey(p.values.key_id, "key_id") : undefined),
  aws_ecs_cluster(cluster) {
    const storage = block(block(block(cluster.values.configuration)?.managed_storage_configuration));
    return customerKey(storage?.fargate_ephemeral_storage_kms_key_id, "configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id");
  },
  aws_apprunner_service: (s) => customerKey(block(s.values.encryption_configuration)?.kms_key, "encryption_configuration.kms_key"),
};

export const kmsCustomerKeys: ResourceRule = {
  id: "KMS-02",
  checkov: ["CKV_AWS_145", "CKV_AWS_136", "CKV_AWS_149", "CKV_AWS_158", "CKV_AWS_354", "CKV_AWS_119", "CKV_AWS_184", "CKV_AWS_191", "CKV_AWS_337"],
  fsbp: [],
  level: "error",
  stages: ["prod"],
  message: "In prod, data at rest must be encrypted with a customer managed key",
  rationale:
    "A customer managed key puts reading the data under a key policy the team controls, audits in CloudTrail, and can revoke; AWS-managed keys admit every principal of the account that the service lets in. Applies in prod, where the platform creates the keys by default (encryption.keys: platform); dev and staging run on AWS-managed keys unless they choose otherwise. The same strength as the checkov checks it cites in prod: the only exemption is where AWS forbids a customer key — buckets that receive S3 server access logs or load balancer access logs (SSE-S3 only). Also covers what checkov does not check: Fargate task storage of the ECS cluster and App Runner services.",
  fix: "Use encryption.keys: platform (prod's default) or bring, so that every construct takes the environment's key; an existing prod environment moving to keys later suppresses this rule with its plan.",
  resourceTypes: Object.keys(CHECKS),
  check: (r, { stack }) => CHECKS[r.type]?.(r, stack),
};
