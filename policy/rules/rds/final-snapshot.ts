import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";
import { requireFalse } from "../helpers";

export const rdsFinalSnapshot: ResourceRule = {
  id: "RDS-05",
  checkov: [],
  fsbp: [],
  level: "error",
  stages: ["prod"],
  message: "RDS in prod must take a final snapshot when deleted",
  rationale: "The last snapshot is the backup of last resort after a deletion.",
  fix: "Set skip_final_snapshot = false and a final_snapshot_identifier.",
  resourceTypes: ["aws_db_instance", "aws_rds_cluster"],
  check(db) {
    const skip = requireFalse(db, "skip_final_snapshot");
    if (skip) return skip;
    const id = str(db.values.final_snapshot_identifier);
    if (id === UNKNOWN) return undefined;
    return id ? undefined : { detail: "final_snapshot_identifier is not set, so Terraform cannot delete with a snapshot" };
  },
};
