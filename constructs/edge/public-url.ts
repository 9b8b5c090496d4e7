/**
 * Publishes the distribution's URL where services read it at start (an SSM
 * parameter the services phase created), then starts a new deployment of each
 * long-running reader so it picks the value up: ECS services with
 * `--force-new-deployment`, App Runner services with `start-deployment`. A
 * `terraform_data` resource replaced when the URL changes runs it: on the first
 * deploy, whenever the distribution is replaced, and whenever the services phase
 * wrote the parameter's placeholder again (created anew or updated); never otherwise.
 */
import { Construct } from "constructs";
import { shellStep, TerraformData } from "../terraform-data";

export interface PublicUrlProps {
  readonly url: string;
  readonly parameterName: string;
  /** Changes whenever the parameter was written with its placeholder again (the services phase's `public_url_generation`). */
  readonly parameterGeneration: string;
  readonly region: string;
  /** The parameter's key (the secrets key), written with the value so an overwrite keeps it. @default - the AWS managed aws/ssm key */
  readonly keyId?: string;
  readonly cluster: string;
  /** ECS service names that read the URL. */
  readonly ecsServices: readonly string[];
  /** App Runner service ARNs that read the URL. */
  readonly appRunnerServiceArns: readonly string[];
}

/**
 * The script (POSIX sh). The value goes in as JSON input: AWS CLI v1 would
 * otherwise fetch a `--value` that starts with https:// and store the page.
 */
export const PUBLISH_URL_SCRIPT = [
  "set -eu",
  'command -v aws >/dev/null 2>&1 || { echo "frontend phase: aws (the AWS CLI) is not on PATH; install it to publish the public URL" >&2; exit 127; }',
  // Without KeyId an overwrite would move the parameter to the AWS managed key.
  'key_id=""; [ -z "$KEY_ID" ] || key_id=",\\"KeyId\\":\\"$KEY_ID\\""',
  'aws ssm put-parameter --region "$AWS_REGION" --cli-input-json "{\\"Name\\":\\"$PARAMETER\\",\\"Value\\":\\"$PUBLIC_URL\\",\\"Type\\":\\"SecureString\\"$key_id,\\"Overwrite\\":true}" >/dev/null',
  'for service in $ECS_SERVICES; do aws ecs update-service --region "$AWS_REGION" --cluster "$CLUSTER" --service "$service" --force-new-deployment --query service.serviceName --output text; done',
  'for arn in $APPRUNNER_SERVICES; do aws apprunner start-deployment --region "$AWS_REGION" --service-arn "$arn" --query OperationId --output text; done',
].join("\n");

export class PublicUrl extends Construct {
  readonly record: TerraformData;

  constructor(scope: Construct, id: string, props: PublicUrlProps) {
    super(scope, id);
    this.record = new TerraformData(this, "Resource", {
      input: { url: props.url, parameter: props.parameterName },
      triggersReplace: { url: props.url, parameter: props.parameterName, generation: props.parameterGeneration },
      provisioners: [
        shellStep(PUBLISH_URL_SCRIPT, {
          PUBLIC_URL: props.url,
          PARAMETER: props.parameterName,
          AWS_REGION: props.region,
          KEY_ID: props.keyId ?? "",
          CLUSTER: props.cluster,
          ECS_SERVICES: props.ecsServices.join(" "),
          APPRUNNER_SERVICES: props.appRunnerServiceArns.join(" "),
        }),
      ],
    });
  }
}
