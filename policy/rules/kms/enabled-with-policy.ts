import type { ResourceRule, Violation } from "../../types";
import { bool, UNKNOWN } from "../../values";

export const kmsEnabledWithPolicy: ResourceRule = {
  id: "KMS-03",
  checkov: ["CKV_AWS_227"],
  fsbp: [],
  level: "error",
  message: "KMS keys must be enabled and carry a key policy of their own",
  rationale:
    "A disabled key makes everything encrypted under it unreadable, silently, until someone enables it again. A key without a policy gets AWS's default one, which hands the key to every principal of the account that IAM lets use it, instead of stating who administers and who uses the key. The policy may be the key's policy argument or an aws_kms_key_policy for it; CKV2_AWS_64 accepts only the latter, which is why this rule does not cite it.",
  fix: "Leave is_enabled unset (or true), and set policy on the key (the platform's keys carry one) or add an aws_kms_key_policy for it.",
  resourceTypes: ["aws_kms_key"],
  check(key, { stack }) {
    const out: Violation[] = [];
    const enabled = bool(key.values.is_enabled);
    if (enabled === UNKNOWN) out.push({ detail: "is_enabled is only known after apply", unknown: true });
    else if (enabled === false) out.push({ detail: "is_enabled is false" });
    const policy = key.values.policy;
    const hasPolicy = (typeof policy === "string" && policy !== "") || stack.referencing("aws_kms_key_policy", "key_id", key).length > 0;
    if (!hasPolicy) out.push({ detail: "no key policy: neither policy nor an aws_kms_key_policy for it (AWS's default policy applies)" });
    return out;
  },
};
