import type { ResourceRule } from "../../types";
import { strings, UNKNOWN } from "../../values";

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
    if (rg.values.auth_token !== undefined) return undefined;
    const groups = strings(rg.values.user_group_ids);
    if (groups === UNKNOWN) return { detail: "user_group_ids is only known after apply (a whole-list expression)", unknown: true };
    if (groups && groups.length > 0) return undefined;
    return { detail: "neither auth_token nor user_group_ids is set" };
  },
};
