import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const elasticacheMinorVersionUpgrade: ResourceRule = {
  id: "EC-06",
  checkov: [],
  fsbp: ["ElastiCache.2"],
  level: "error",
  message: "ElastiCache replication group must take minor version upgrades automatically",
  rationale: "Minor and patch versions carry the engine's security fixes; ElastiCache applies them in the maintenance window only while this is on.",
  fix: "Leave auto_minor_version_upgrade unset or true (RedisCache sets true).",
  resourceTypes: ["aws_elasticache_replication_group"],
  // Unset is AWS's default, on (ElastiCache.2 fails only false).
  check: (rg) => requireTrue(rg, "auto_minor_version_upgrade", true),
};
