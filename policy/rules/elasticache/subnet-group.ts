import type { ResourceRule } from "../../types";
import { refersTo, str, UNKNOWN } from "../../values";

export const elasticacheSubnetGroup: ResourceRule = {
  id: "EC-07",
  checkov: [],
  fsbp: ["ElastiCache.7"],
  level: "error",
  message: "ElastiCache replication group must use a subnet group of its own, not the default",
  rationale: "Without one, ElastiCache uses the default subnet group, in the default VPC's subnets, which are public; a subnet group of its own keeps the cache in the private subnets chosen for it.",
  fix: "Create an aws_elasticache_subnet_group on the private subnets and set subnet_group_name to it (RedisCache does).",
  resourceTypes: ["aws_elasticache_replication_group"],
  check(rg, { stack }) {
    const value = rg.values.subnet_group_name;
    const group = stack.ofType("aws_elasticache_subnet_group").find((g) => refersTo(value, g.address) || (value !== undefined && value === g.values.name));
    const name = group ? str(group.values.name) : str(value);
    if (name === undefined) return { detail: group ? `${group.address} has no name` : "subnet_group_name is not set: the cache goes into the default subnet group" };
    if (name === UNKNOWN) return group ? undefined : { detail: "subnet_group_name is only known after apply", unknown: true };
    return name.toLowerCase() === "default" ? { detail: 'subnet_group_name is "default"' } : undefined;
  },
};
