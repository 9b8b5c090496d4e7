import type { ResourceRule } from "../../types";
import { requireTrue } from "../helpers";

export const elasticacheInTransit: ResourceRule = {
  id: "EC-02",
  checkov: ["CKV_AWS_30"],
  fsbp: ["ElastiCache.5"],
  level: "error",
  message: "ElastiCache replication group must use TLS in transit",
  rationale: "The AUTH token and cached data must not cross the network in clear text.",
  fix: "Set transit_encryption_enabled = true.",
  resourceTypes: ["aws_elasticache_replication_group"],
  check: (rg) => requireTrue(rg, "transit_encryption_enabled"),
};
