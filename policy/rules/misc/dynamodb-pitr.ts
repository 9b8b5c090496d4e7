import type { ResourceRule } from "../../types";
import { block, bool } from "../../values";

export const dynamodbPitr: ResourceRule = {
  id: "DDB-01",
  checkov: ["CKV_AWS_28"],
  fsbp: ["DynamoDB.2"],
  level: "error",
  message: "DynamoDB tables (including the state lock table) must have point-in-time recovery",
  rationale: "PITR restores a table to any second of the last 35 days after a bad write or delete.",
  fix: "Set point_in_time_recovery { enabled = true } (StateLockTable does).",
  resourceTypes: ["aws_dynamodb_table"],
  check: (t) => (bool(block(t.values.point_in_time_recovery)?.enabled) === true ? undefined : { detail: "point_in_time_recovery is not enabled" }),
};
