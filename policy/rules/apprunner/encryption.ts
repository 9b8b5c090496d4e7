import type { ResourceRule } from "../../types";
import { block, isInterpolated, referencesIn } from "../../values";
import { typeOf } from "./service";
import { KMS_KEY_ARN } from "../../../config/encryption-schema";


/** `alias/…`, an alias ARN, or a reference to an aws_kms_alias (resource or data source). */
const isAlias = (value: string) => /(?:^|:)alias\//.test(value) || referencesIn(value).some((r) => typeOf(r.address) === "aws_kms_alias");

export const apprunnerEncryption: ResourceRule = {
  id: "APR-05",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "App Runner encryption: a customer managed key must be given as a KMS key ARN, never an alias (absent: AWS-owned key)",
  rationale:
    "App Runner always encrypts what it stores of a service (the copy of its image, its configuration) at rest: with an AWS-owned key when encryption_configuration is absent (environments on AWS-managed keys), with the environment's data key otherwise. When a key is given, App Runner takes only the key's ARN: an alias or alias ARN fails the apply, and as encryption_configuration cannot change without replacing the service (new URL, new instances), the key must be right the first time.",
  fix: "Omit encryption_configuration (AWS-owned key), or set encryption_configuration.kms_key to a KMS key ARN or a reference to one (aws_kms_key.<name>.arn), never alias/… or an alias ARN.",
  resourceTypes: ["aws_apprunner_service"],
  check(service) {
    if (service.values.encryption_configuration === undefined) return undefined;
    const key = block(service.values.encryption_configuration)?.kms_key;
    if (typeof key !== "string" || key === "") return { detail: "encryption_configuration has no kms_key" };
    if (isAlias(key)) return { detail: `encryption_configuration.kms_key "${key}" is a KMS alias, not a key ARN` };
    if (isInterpolated(key)) return undefined;
    return KMS_KEY_ARN.test(key) ? undefined : { detail: `encryption_configuration.kms_key "${key}" is not a KMS key ARN (arn:…:kms:<region>:<account>:key/<id>)` };
  },
};
