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
import type { ServiceRole } from "./service-role";

export interface ServiceSecretProps {
  readonly secretName: string;
  /** JSON keys the operator must provide. */
  readonly keys: readonly string[];
  /** Days a deleted secret can be restored. @default 30 */
  readonly recoveryWindowDays?: number;
  /** @default - the AWS managed key aws/secretsmanager */
  readonly kmsKeyArn?: string;
}

export class ServiceSecret extends Construct {
  readonly secret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: ServiceSecretProps) {
    super(scope, id);
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

  /** Let a role read the secret's value (an ECS execution role injecting it, or the app itself). */
  grantRead(role: ServiceRole): void {
    role.addToPolicy({ sid: "ReadSecrets", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [this.arn] });
  }
}
