import type { ResourceRule } from "../../types";
import { str } from "../../values";
import { requireTrue } from "../helpers";

export const kmsRotation: ResourceRule = {
  id: "KMS-01",
  checkov: ["CKV_AWS_7"],
  fsbp: ["KMS.4"],
  level: "error",
  message: "Customer-managed KMS keys must rotate",
  rationale: "Rotation limits what one leaked or broken key version can decrypt.",
  fix: "Set enable_key_rotation = true.",
  resourceTypes: ["aws_kms_key"],
  check(key) {
    const spec = str(key.values.customer_master_key_spec) ?? "SYMMETRIC_DEFAULT";
    return spec === "SYMMETRIC_DEFAULT" ? requireTrue(key, "enable_key_rotation") : undefined;
  },
};
