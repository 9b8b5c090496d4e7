import type { Resource, StackModel } from "../../model";
import type { ResourceRule, Violation } from "../../types";
import { policyStatements } from "../../iam";
import { block, blocks, bool, str, UNKNOWN } from "../../values";
import { attachedToBucket } from "../helpers";
import { ELB_LOG_ACCOUNTS } from "../../../config/aws-accounts";

const AWS_MANAGED = /(?:^|:)alias\/aws\//;
/** A key this stack creates, or the foundation's key of a class through the contract. */
const OWN_KEY = [/^\$\{aws_kms_(?:key|replica_key)\.[\w-]+\.arn\}$/, /^\$\{data\.terraform_remote_state\.foundation\.outputs\.(?:data|logs|secrets)_key_arn\}$/];
/** A key looked up by id or alias: judged by what it looks up. */
const LOOKUP = /^\$\{data\.(aws_kms_key|aws_kms_alias)\.([\w-]+)\.(?:arn|id|target_key_arn|target_key_id)\}$/;

/**
 * A customer managed key, or a violation: unset or empty, one of AWS's own keys
 * (`alias/aws/<service>`, literally or looked up), or an expression whose key
 * only shows at apply (reported as unknown, never assumed compliant).
 */
function customerKey(value: unknown, attr: string, stack: StackModel): Violation | undefined {
  if (value === undefined || value === null || value === "") return { detail: `${attr} is not set (AWS-managed key)` };
  if (typeof value !== "string") return { detail: `${attr} is only known after apply`, unknown: true };
  const awsManaged = (v: string) => ({ detail: `${attr} is the AWS-managed ${v.replace(/^.*(alias\/aws\/)/, "$1")} key` });
  if (!value.includes("${")) return AWS_MANAGED.test(value) ? awsManaged(value) : undefined;
  if (OWN_KEY.some((r) => r.test(value))) return undefined;
  const lookup = value.match(LOOKUP);
  const looked = lookup && stack.get(`data.${lookup[1]}.${lookup[2]}`)?.values[lookup[1] === "aws_kms_key" ? "key_id" : "name"];
  if (typeof looked === "string" && !looked.includes("${")) return AWS_MANAGED.test(looked) ? awsManaged(looked) : undefined;
  return { detail: `${attr} is ${value}: which key it is only shows at apply`, unknown: true };
}

/** Present and known, or the violation for an attribute only known after apply. */
const unknownAttr = (attr: string): Violation => ({ detail: `${attr} is only known after apply`, unknown: true });

/** Log delivery services that write into a bucket: AWS does not deliver S3 server access logs or load balancer logs to SSE-KMS buckets. */
const LOG_DELIVERY = ["logging.s3.amazonaws.com", "logdelivery.elasticloadbalancing.amazonaws.com"];

/**
 * Who writes into a bucket that AWS forbids SSE-KMS for: S3 server access logs
 * (logging.s3.amazonaws.com) and load balancer access logs (the log delivery
 * service, or in older regions the regional ELB account's root).
 */
function receivesS3OrLoadBalancerLogs(stack: StackModel, bucket: Resource): boolean {
  const elbRoots = new Set(Object.values(ELB_LOG_ACCOUNTS));
  return attachedToBucket(stack, "aws_s3_bucket_policy", bucket).some((p) => {
    const statements = policyStatements(p.values.policy, stack);
    if (!Array.isArray(statements)) return false;
    return statements.some(
      (s) =>
        s.effect === "Allow" &&
        s.actions.includes("s3:PutObject") &&
        ((s.principals.Service ?? []).some((p) => LOG_DELIVERY.includes(p)) ||
          (s.principals.AWS ?? []).some((p) => elbRoots.has(p.match(/^arn:aws[a-z-]*:iam::(\d{12}):root$/)?.[1] ?? ""))),
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
    if (algorithm === UNKNOWN) return unknownAttr("sse_algorithm");
    if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") return { detail: `default encryption is ${String(algorithm)} (SSE-S3), not SSE-KMS` };
    return customerKey(sse.kms_master_key_id, "kms_master_key_id", stack);
  },
  aws_ecr_repository(repo, stack) {
    const enc = block(repo.values.encryption_configuration);
    const type = str(enc?.encryption_type);
    if (type === UNKNOWN) return unknownAttr("encryption_configuration.encryption_type");
    if (type !== "KMS") return { detail: `encryption_type is ${type ?? "AES256 (default)"}` };
    return customerKey(enc?.kms_key, "encryption_configuration.kms_key", stack);
  },
  aws_secretsmanager_secret: (s, stack) => customerKey(s.values.kms_key_id, "kms_key_id", stack),
  aws_cloudwatch_log_group: (g, stack) => customerKey(g.values.kms_key_id, "kms_key_id", stack),
  aws_db_instance(db, stack) {
    const storage = customerKey(db.values.kms_key_id, "kms_key_id", stack);
    if (storage) return storage;
    const insights = bool(db.values.performance_insights_enabled);
    if (insights === UNKNOWN) return unknownAttr("performance_insights_enabled");
    return insights === true ? customerKey(db.values.performance_insights_kms_key_id, "performance_insights_kms_key_id", stack) : undefined;
  },
  aws_dynamodb_table(t, stack) {
    const sse = block(t.values.server_side_encryption);
    const enabled = bool(sse?.enabled);
    if (enabled === UNKNOWN) return unknownAttr("server_side_encryption.enabled");
    if (enabled !== true) return { detail: "server_side_encryption is not enabled (DynamoDB's AWS-owned key)" };
    return customerKey(sse?.kms_key_arn, "server_side_encryption.kms_key_arn", stack);
  },
  aws_efs_file_system: (fs, stack) => customerKey(fs.values.kms_key_id, "kms_key_id", stack),
  aws_elasticache_replication_group: (g, stack) => customerKey(g.values.kms_key_id, "kms_key_id", stack),
  aws_ssm_parameter(p, stack) {
    const type = str(p.values.type);
    if (type === UNKNOWN) return unknownAttr("type");
    return type === "SecureString" ? customerKey(p.values.key_id, "key_id", stack) : undefined;
  },
  aws_ecs_cluster(cluster, stack) {
    const storage = block(block(block(cluster.values.configuration)?.managed_storage_configuration));
    return customerKey(storage?.fargate_ephemeral_storage_kms_key_id, "configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id", stack);
  },
  aws_apprunner_service: (s, stack) => customerKey(block(s.values.encryption_configuration)?.kms_key, "encryption_configuration.kms_key", stack),
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
