import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const elasticacheAtRest: ResourceRule = {
  id: "EC-01",
  checkov: ["CKV_AWS_29"],
  fsbp: ["ElastiCache.4"],
  level: "error",
  message: "ElastiCache replication group must encrypt data at rest",
  rationale: "Cache contents (sessions, job state) are application data.",
  fix: "Set at_rest_encryption_enabled = true.",
  resourceTypes: ["aws_elasticache_replication_group"],
  check: (rg) => requireTrue(rg, "at_rest_encryption_enabled"),
};
