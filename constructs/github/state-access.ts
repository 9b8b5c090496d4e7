/**
 * What a GitHub role needs of the remote state: this environment's state objects
 * (every phase's, since each phase reads its upstreams), its lock entries, and
 * the state key when the state is encrypted with one. The plan role reads and
 * locks; the deploy role also writes. Neither reaches another environment's
 * state in a shared bucket.
 */
import { stateFolder, type ResolvedConfig } from "../../config/defaults";
import type { IConstruct } from "constructs";
import { suppressRule } from "../../policy/suppress";
import type { PolicyStatement } from "../policy-document";

export type StateAccess = "plan" | "deploy";

/** `arn:…:s3:::<bucket>/<keyPrefix>/<environment>/*`: every state object of this environment. */
export const stateObjectsArn = (c: ResolvedConfig) => `arn:${c.partition}:s3:::${c.stateBackend.bucket}/${stateFolder(c)}/*`;

export function stateStatements(c: ResolvedConfig, access: StateAccess): PolicyStatement[] {
  const sb = c.stateBackend;
  const bucketArn = `arn:${c.partition}:s3:::${sb.bucket}`;
  const objects = stateObjectsArn(c);
  const dynamodb = sb.locking === "dynamodb" || sb.locking === "both";
  const lockfile = sb.locking === "lockfile" || sb.locking === "both";
  const statements: PolicyStatement[] = [
    // Terraform lists the bucket for workspaces at init.
    { sid: "StateBucket", actions: ["s3:ListBucket"], resources: [bucketArn] },
    {
      sid: "StateObjects",
      actions: access === "deploy" ? ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"] : ["s3:GetObject"],
      resources: [objects],
    },
  ];
  // A plan takes the S3 lock file: it writes and deletes `<key>.tflock`, nothing else.
  if (lockfile && access === "plan") statements.push({ sid: "StateLockFiles", actions: ["s3:DeleteObject", "s3:PutObject"], resources: [`${objects.slice(0, -1)}*.tflock`] });
  if (dynamodb) {
    statements.push({
      sid: "StateLocks",
      actions: ["dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem"],
      resources: [`arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${sb.lockTable}`],
      // Lock and digest items are keyed `<bucket>/<state key>`: this environment's only.
      conditions: [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: [`${sb.bucket}/${stateFolder(c)}/*`] }],
    });
  }
  const key = stateKeyResource(c);
  if (key) {
    statements.push({
      sid: "StateKey",
      actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
      resources: [key.resource],
      conditions: [
        { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${c.region}.amazonaws.com`, ...(dynamodb ? [`dynamodb.${c.region}.amazonaws.com`] : [])] },
        ...(key.alias ? [{ test: "ForAnyValue:StringEquals", variable: "kms:ResourceAliases", values: [key.alias] }] : []),
      ],
    });
  }
  return statements;
}

/**
 * The state key as an IAM resource: a brought key by its ARN; a key known only by
 * its alias (the platform's, made by the bootstrap phase, or a brought alias) as
 * any key of the account carrying that alias (kms:ResourceAliases), since IAM
 * matches keys by key ARN and the alias's key id is not known to this phase.
 */
export function stateKeyResource(c: ResolvedConfig): { readonly resource: string; readonly alias?: string } | undefined {
  const key = c.stateBackend.key;
  const anyKey = `arn:${c.partition}:kms:${c.region}:${c.accountId}:key/*`;
  if (key.kind === "aws-managed") return undefined;
  if (key.kind === "platform") return { resource: anyKey, alias: key.aliasName };
  const alias = key.arn.match(/:(alias\/.+)$/);
  return alias ? { resource: anyKey, alias: alias[1] } : { resource: key.arn };
}

/** The policy holding `stateStatements`: where the state key is known by its alias only, why its `key/*` is right. */
export function explainStateKeyScope(policy: IConstruct, c: ResolvedConfig): void {
  if (!stateKeyResource(c)?.alias) return;
  suppressRule(policy, "IAM-06", "The state key is known to this phase by its alias only: kms:Decrypt is limited to the key carrying that alias (kms:ResourceAliases) and to S3 and DynamoDB calls (kms:ViaService)");
}
