/**
 * A service's JSON secret in Secrets Manager (seed 003's pattern). The stack
 * creates only the secret; the operator puts the value, so it never appears in
 * configuration, code or Terraform state:
 *
 *   aws secretsmanager put-secret-value --secret-id <name> --secret-string file://secret.json
 *
 * Each key is injected into the container as an environment variable through
 * the task definition's `secrets` (`valueFrom: <arn>:<key>::`).
 */
import { Construct } from "constructs";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { grant, kmsViaServiceStatement, type Grant, type IGrantable } from "./grant";

export interface ServiceSecretProps {
  readonly secretName: string;
  /** JSON keys the operator must provide. */
  readonly keys: readonly string[];
  /** Days a deleted secret can be restored. @default 30 */
  readonly recoveryWindowDays?: number;
  /**
   * Customer managed KMS key encrypting the secret. Readers then also need
   * kms:Decrypt on it (granted by grantRead, usable only through Secrets
   * Manager); for grants it must be the key's ARN, not an alias ARN.
   * @default - the AWS managed key aws/secretsmanager (its key policy already lets
   * the account's principals use it through Secrets Manager)
   */
  readonly kmsKeyArn?: string;
  /**
   * The secret's region, for the kms:ViaService condition of grantRead
   * (`secretsmanager.<region>.amazonaws.com`). Needed only when kmsKeyArn is a token.
   * @default - the region in kmsKeyArn (Secrets Manager uses keys of its own region)
   */
  readonly region?: string;
}

export class ServiceSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  /** The customer managed key, when there is one. */
  readonly kmsKeyArn?: string;
  private readonly region?: string;

  constructor(scope: Construct, id: string, props: ServiceSecretProps) {
    super(scope, id);
    this.kmsKeyArn = props.kmsKeyArn;
    this.region = props.region;
    this.secret = new SecretsmanagerSecret(this, "Resource", {
      name: props.secretName,
      description: `JSON keys: ${props.keys.join(", ")}. Value set by the operator (aws secretsmanager put-secret-value), never by Terraform.`,
      recoveryWindowInDays: props.recoveryWindowDays ?? 30,
      kmsKeyId: props.kmsKeyArn,
    });
  }

  get arn(): string {
    return this.secret.arn;
  }

  /** Let a principal read the secret's value (an ECS execution role injecting it, or the app itself), decrypting it with the secret's KMS key. */
  grantRead(grantee: IGrantable): Grant {
    return grant(
      grantee,
      { sid: "ReadSecrets", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [this.arn] },
      ...(this.kmsKeyArn === undefined
        ? []
        : [
            kmsViaServiceStatement({
              sid: "DecryptSecrets",
              actions: ["kms:Decrypt"],
              keyArn: this.kmsKeyArn,
              service: "secretsmanager",
              region: this.region,
              owner: `ServiceSecret ${this.node.path}`,
            }),
          ]),
    );
  }
}
