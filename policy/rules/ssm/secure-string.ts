import type { ResourceRule } from "../../types";
import { requireOneOf } from "../helpers";

export const ssmSecureString: ResourceRule = {
  id: "SSM-01",
  checkov: ["CKV2_AWS_34"],
  fsbp: [],
  level: "error",
  message: "SSM parameters must be SecureString",
  rationale: "A String parameter is stored and shown in clear text to anyone who may describe it; SecureString encrypts it with KMS and its readers need kms:Decrypt as well as ssm:GetParameter.",
  fix: 'Set type = "SecureString" (with key_id, a customer managed key, where KMS-02 asks).',
  resourceTypes: ["aws_ssm_parameter"],
  check: (p) => requireOneOf(p, "type", ["SecureString"]),
};
