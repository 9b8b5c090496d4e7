import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";
import { egressConfiguration, isSet, runtimeVariables } from "./service";

/** Variables the platform injects into clients of the database and of the cache. */
const DATA_STORE_VARIABLES = { DB_HOST: "the database", REDIS_HOST: "the cache" } as const;

export const apprunnerVpcEgress: ResourceRule = {
  id: "APR-03",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "App Runner services that use the database or the cache must send their traffic through a VPC connector",
  rationale:
    "The database and the cache live in private subnets and are not reachable from the internet. With egress_type DEFAULT an App Runner service leaves through App Runner's own internet egress: it cannot reach them, or it would need them made public. A VPC connector puts its outbound traffic in the private subnets, under a security group the data stores admit.",
  fix: "Set network_configuration.egress_configuration { egress_type = \"VPC\", vpc_connector_arn } (services.<name>.appRunner.egress: vpc; the foundation creates the connector).",
  resourceTypes: ["aws_apprunner_service"],
  check(service) {
    const variables = runtimeVariables(service);
    if (variables === UNKNOWN) return { detail: "runtime_environment_variables is only known after apply", unknown: true };
    const uses = Object.entries(DATA_STORE_VARIABLES).filter(([v]) => variables !== undefined && v in variables);
    if (uses.length === 0) return undefined;
    const why = `it uses ${uses.map(([v, store]) => `${store} (${v})`).join(" and ")}`;
    const egress = egressConfiguration(service);
    const type = str(egress?.egress_type);
    if (type === UNKNOWN) return { detail: `${why}, and egress_type is only known after apply`, unknown: true };
    if (type !== "VPC") return { detail: `${why}, but egress_type is ${type === undefined ? "not set (App Runner default: DEFAULT, internet egress)" : `"${type}"`}` };
    if (!isSet(egress?.vpc_connector_arn)) return { detail: `${why}, but egress_type VPC has no vpc_connector_arn` };
    return undefined;
  },
};
