import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const dynamodbDeletionProtection: ResourceRule = {
  id: "DDB-03",
  checkov: [],
  fsbp: ["DynamoDB.6"],
  level: "error",
  stages: ["staging", "prod"],
  message: "DynamoDB tables outside dev must have deletion protection",
  rationale:
    "A destroy, a replacement or a stray delete-table call must not drop the table (the state lock table every plan of the account waits on). Staging and prod only (DynamoDB.6 applies everywhere): dev is destroyed and re-created on purpose, and StateLockTable follows the stage's deletion protection, off in dev.",
  fix: "Set deletion_protection_enabled = true (StateLockTable does outside dev).",
  resourceTypes: ["aws_dynamodb_table"],
  check: (t) => requireTrue(t, "deletion_protection_enabled"),
};
