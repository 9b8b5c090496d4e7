/**
 * Grants as methods (`bucket.grantRead(role)`): a resource adds the statements a
 * principal needs to that principal's identity policy and returns them as a
 * `Grant`, so callers and tests can see exactly what was granted.
 */
import { Token } from "cdktf";
import { KMS_KEY_ARN } from "../config/encryption-schema";
import type { PolicyStatement } from "./policy-document";

/** Anything permissions can be granted to: an IAM role (ServiceRole), or whatever carries an identity policy. */
export interface IGrantable {
  /** Name of the principal, for messages (a ServiceRole's role name). */
  readonly grantPrincipalName: string;
  /** Add statements to the principal's identity policy (statements with the same sid are merged). */
  addToPrincipalPolicy(...statements: PolicyStatement[]): void;
}

/** What one grant method added to a principal's identity policy. */
export interface Grant {
  readonly principal: IGrantable;
  /** Exactly the statements the grant added, as passed to `addToPrincipalPolicy`; empty when nothing was needed. */
  readonly statements: readonly PolicyStatement[];
}

/** Add `statements` to `principal`'s policy and return them as a Grant. */
export function grant(principal: IGrantable, ...statements: PolicyStatement[]): Grant {
  if (statements.length > 0) principal.addToPrincipalPolicy(...statements);
  return { principal, statements };
}

/**
 * The statement letting a principal use a customer managed KMS key only through
 * one AWS service (kms:ViaService), e.g. S3 decrypting objects on its behalf.
 * The region is taken from the key ARN unless given: a service only uses keys of
 * its own region, and a key ARN only known at apply needs it given.
 */
export function kmsViaServiceStatement(props: {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly keyArn: string;
  /** Service endpoint prefix: `s3`, `secretsmanager`. */
  readonly service: string;
  readonly region?: string;
  /** Who asks, for error messages (a construct path). */
  readonly owner: string;
}): PolicyStatement {
  const literal = !Token.isUnresolved(props.keyArn);
  if (literal && !KMS_KEY_ARN.test(props.keyArn)) {
    throw new Error(`${props.owner}: grants need kmsKeyArn to be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>), got "${props.keyArn}"; IAM matches key usage against the key ARN, never an alias`);
  }
  const region = props.region ?? (literal ? props.keyArn.split(":")[3] : undefined);
  if (region === undefined) {
    throw new Error(`${props.owner}: kmsKeyArn is only known at apply, so pass \`region\` (the kms:ViaService condition of its grants names ${props.service}.<region>.amazonaws.com)`);
  }
  return {
    sid: props.sid,
    actions: props.actions,
    resources: [props.keyArn],
    conditions: [{ test: "StringEquals", variable: "kms:ViaService", values: [`${props.service}.${region}.${dnsSuffix(region)}`] }],
  };
}

/** AWS service endpoints' DNS suffix in a region (China regions differ). */
export function dnsSuffix(region: string): string {
  return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}
