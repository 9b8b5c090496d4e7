import type { ResourceRule } from "../../types";
import { UNKNOWN } from "../../values";
import { instanceConfiguration, isSet, runtimeSecrets } from "./service";

export const apprunnerInstanceRole: ResourceRule = {
  id: "APR-06",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "App Runner services with runtime secrets must run as an instance role",
  rationale:
    "App Runner reads runtime_environment_secrets with the service's instance role; without one the API refuses the service (or its update), and the apply fails halfway through the phase.",
  fix: "Set instance_configuration.instance_role_arn to the service's own role, allowed to read exactly its secrets (AppRunnerService passes the foundation's task role).",
  resourceTypes: ["aws_apprunner_service"],
  check(service) {
    if (isSet(instanceConfiguration(service)?.instance_role_arn)) return undefined;
    const secrets = runtimeSecrets(service);
    if (secrets === UNKNOWN) return { detail: "runtime_environment_secrets is only known after apply, and there is no instance_configuration.instance_role_arn", unknown: true };
    const names = Object.keys(secrets ?? {});
    return names.length > 0 ? { detail: `runtime_environment_secrets has ${names.join(", ")}, but there is no instance_configuration.instance_role_arn to read them` } : undefined;
  },
};
