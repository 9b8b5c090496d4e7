import { SECRET_NAME } from "../../../config/secret-names";
import { secretIn } from "../../../config/secret-values";
import type { ResourceRule, Violation } from "../../types";
import { isInterpolated, referencesIn, UNKNOWN } from "../../values";
import { imageConfiguration, runtimeSecrets, runtimeVariables, typeOf } from "./service";

/** What runtime_environment_secrets accepts: a Secrets Manager secret ARN (optionally with `:json-key:version-stage:version-id`) or an SSM parameter ARN. */
const SECRET_ARN = /^arn:aws[a-z-]*:(?:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter\/.+)$/;

/** References that are the secret's value rather than where it is kept. */
const isSecretValueReference = (value: unknown) =>
  referencesIn(value).some((r) => r.attribute === "secret_string" || r.attribute === "secret_binary" || (typeOf(r.address) === "aws_ssm_parameter" && (r.attribute === "value" || r.attribute === "insecure_value")));

export const apprunnerNoPlainSecrets: ResourceRule = {
  id: "APR-02",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "Secrets must reach App Runner services through runtime_environment_secrets (by ARN), not plain runtime_environment_variables",
  rationale:
    "Plain runtime variables are stored in the service's configuration, shown to anyone who can describe it (and in the console), and written to Terraform state. runtime_environment_secrets holds only a Secrets Manager or SSM parameter ARN; App Runner reads the value with the instance role when an instance starts.",
  fix: "Put the value in Secrets Manager (services.<name>.secrets or sharedSecrets) and map the variable to the secret's ARN with its JSON key (`arn:…:secret:name-AbCdEf:KEY::`) in runtime_environment_secrets.",
  resourceTypes: ["aws_apprunner_service"],
  check(service) {
    const out: Violation[] = [];
    const variables = runtimeVariables(service);
    if (variables === UNKNOWN) out.push({ detail: "runtime_environment_variables is only known after apply", unknown: true });
    for (const [name, value] of Object.entries(variables === UNKNOWN ? {} : (variables ?? {}))) {
      if (SECRET_NAME.test(name)) out.push({ detail: `${name} is in plain runtime_environment_variables` });
      const what = typeof value === "string" ? secretIn(value) : undefined;
      if (what) out.push({ detail: `runtime_environment_variables.${name} contains ${what}` });
    }
    const command = imageConfiguration(service)?.start_command;
    const inCommand = typeof command === "string" ? secretIn(command) : undefined;
    if (inCommand) out.push({ detail: `start_command contains ${inCommand}` });

    const secrets = runtimeSecrets(service);
    if (secrets === UNKNOWN) out.push({ detail: "runtime_environment_secrets is only known after apply", unknown: true });
    for (const [name, value] of Object.entries(secrets === UNKNOWN ? {} : (secrets ?? {}))) {
      if (typeof value !== "string" || value === "") out.push({ detail: `runtime_environment_secrets.${name} is empty` });
      else if (isSecretValueReference(value)) out.push({ detail: `runtime_environment_secrets.${name} is the secret's value, not its ARN` });
      else if (!isInterpolated(value) && !SECRET_ARN.test(value)) out.push({ detail: `runtime_environment_secrets.${name} is a literal, not a Secrets Manager or SSM parameter ARN` });
    }
    return out;
  },
};
