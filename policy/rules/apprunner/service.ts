/**
 * The parts of an aws_apprunner_service the rules read. Single nested blocks may
 * be objects or one-element arrays (see values.ts); the runtime variable and
 * secret maps are attributes: a JSON object, or an expression (UNKNOWN).
 */
import type { Resource } from "../../model";
import { block, UNKNOWN, type Maybe } from "../../values";

type Block = Record<string, unknown>;

export const source = (service: Resource): Block | undefined => block(service.values.source_configuration);
export const imageRepository = (service: Resource): Block | undefined => block(source(service)?.image_repository);
export const imageConfiguration = (service: Resource): Block | undefined => block(imageRepository(service)?.image_configuration);
export const instanceConfiguration = (service: Resource): Block | undefined => block(service.values.instance_configuration);
export const egressConfiguration = (service: Resource): Block | undefined => block(block(service.values.network_configuration)?.egress_configuration);

/** A map attribute (name -> value); UNKNOWN when it is one expression such as `${merge(...)}`. */
export function stringMap(value: unknown): Maybe<Record<string, unknown>> {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  return UNKNOWN;
}

export const runtimeVariables = (service: Resource): Maybe<Record<string, unknown>> => stringMap(imageConfiguration(service)?.runtime_environment_variables);
export const runtimeSecrets = (service: Resource): Maybe<Record<string, unknown>> => stringMap(imageConfiguration(service)?.runtime_environment_secrets);

/** The resource type of a reference's address: `aws_kms_key` for `data.aws_kms_key.k`. */
export const typeOf = (address: string): string => address.replace(/^data\./, "").split(".")[0];

/** Whether a value is set: present and not an empty string. */
export const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== "";
