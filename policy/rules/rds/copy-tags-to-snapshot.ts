import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";
import { engineOf } from "./engines";

export const rdsCopyTagsToSnapshot: ResourceRule = {
  id: "RDS-18",
  checkov: ["CKV2_AWS_60"],
  fsbp: ["RDS.17"],
  level: "error",
  message: "RDS instances must copy their tags to snapshots",
  rationale:
    "Snapshots outlive the instance; with its tags (environment, team, cost centre) they stay attributable, fall under the same tag-based access policies and backup plans, and are found when the environment is cleaned up.",
  fix: "Set copy_tags_to_snapshot = true (PostgresDatabase does).",
  resourceTypes: ["aws_db_instance"],
  check(db) {
    // Aurora, Neptune and DocumentDB instances take it from their cluster (CKV2_AWS_60 skips them too).
    const engine = engineOf(db);
    if (typeof engine === "string" && /^(aurora|neptune|docdb)/.test(engine)) return undefined;
    return requireTrue(db, "copy_tags_to_snapshot");
  },
};
