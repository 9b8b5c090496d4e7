import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const elasticacheFailover: ResourceRule = {
  id: "EC-04",
  checkov: ["CKV2_AWS_50"],
  fsbp: ["ElastiCache.3"],
  level: "error",
  stages: ["prod"],
  message: "ElastiCache replication group in prod must fail over automatically",
  rationale: "Without it a primary node failure is an outage until someone promotes a replica. Prod only (CKV2_AWS_50 applies everywhere): failover needs a replica, which dev and staging do not pay for.",
  fix: "Set automatic_failover_enabled = true (and multi_az_enabled) with at least one replica.",
  resourceTypes: ["aws_elasticache_replication_group"],
  check: (rg) => requireTrue(rg, "automatic_failover_enabled"),
};
