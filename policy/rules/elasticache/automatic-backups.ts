import type { ResourceRule } from "../../types";
import { requireAtLeast } from "../helpers";

export const elasticacheAutomaticBackups: ResourceRule = {
  id: "EC-05",
  checkov: [],
  fsbp: ["ElastiCache.1"],
  level: "error",
  message: "ElastiCache replication group must keep automatic backups",
  rationale: "A daily snapshot is what a cache holding state (sessions, queues, job progress) is restored from after a bad flush or a lost node group; without one, the data is gone.",
  fix: "Set snapshot_retention_limit to 1 or more (RedisCache keeps 1 day, 7 with replicas).",
  resourceTypes: ["aws_elasticache_replication_group"],
  check: (rg) => requireAtLeast(rg, "snapshot_retention_limit", 1, 0),
};
