import type { ResourceRule } from "../../types";
import { strings } from "../../values";

export const elasticacheAuth: ResourceRule = {
  id: "EC-03",
  checkov: ["CKV_AWS_31"],
  fsbp: ["ElastiCache.6"],
  level: "error",
  message: "ElastiCache replication group must require authentication",
  rationale: "Network reachability alone must not grant access to the cache.",
  fix: "Set auth_token (from Secrets Manager, never a literal) or user_group_ids.",
  resourceTypes: ["aws_elasticache_replication_group"],
  check(rg) {
    const groups = strings(rg.values.user_group_ids);
    if (rg.values.auth_token !== undefined || (Array.isArray(groups) && groups.length > 0) || typeof groups === "symbol") return undefined;
    return { detail: "neither auth_token nor user_group_ids is set" };
  },
};
