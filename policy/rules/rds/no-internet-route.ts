import type { Resource, StackModel } from "../../model";
import type { ResourceRule, Violation } from "../../types";
import { blocks, isInterpolated, referencesIn, refersTo, str, strings, UNKNOWN } from "../../values";
import { fromSource } from "./engines";

/** Where a route goes, as far as this stack shows: an internet gateway, something else, or an expression. */
function routeTarget(route: Record<string, unknown>, stack: StackModel): { igw: string } | "other" | typeof UNKNOWN {
  const gateway = route.gateway_id;
  if (gateway === undefined || gateway === null || gateway === "") return "other";
  if (typeof gateway === "string" && !isInterpolated(gateway)) return gateway.startsWith("igw-") ? { igw: gateway } : "other";
  const refs = referencesIn(gateway);
  const igw = refs.find((r) => /^(data\.)?aws_internet_gateway\./.test(r.address));
  if (igw) return { igw: igw.address };
  // Another resource of this stack (a VPN gateway, a VPC endpoint) is not an internet gateway; data sources, remote state and var.* may be one.
  return refs.some((r) => !r.address.startsWith("data.") && stack.get(r.address) !== undefined) ? "other" : UNKNOWN;
}

/** The route tables of the stack a subnet uses: its explicit associations, else the VPC's main table when the stack declares it. */
function routeTablesOf(subnet: Resource, stack: StackModel): Resource[] {
  const associations = stack.referencing("aws_route_table_association", "subnet_id", subnet);
  // A table outside the stack (a literal rtb- id) cannot be seen here.
  if (associations.length > 0) {
    const tables = [...stack.ofType("aws_route_table"), ...stack.ofType("aws_default_route_table")];
    return associations.flatMap((a) => tables.filter((t) => refersTo(a.values.route_table_id, t.address)));
  }
  // No association: the subnet uses its VPC's main route table.
  const vpc = subnet.values.vpc_id;
  const sameVpc = (v: unknown) => v !== undefined && JSON.stringify(v) === JSON.stringify(vpc);
  const main = stack
    .ofType("aws_main_route_table_association")
    .filter((m) => sameVpc(m.values.vpc_id))
    .flatMap((m) => stack.ofType("aws_route_table").filter((t) => refersTo(m.values.route_table_id, t.address)));
  if (main.length > 0) return main;
  const vpcAddress = referencesIn(vpc).find((r) => r.address.startsWith("aws_vpc."))?.address;
  return stack.ofType("aws_default_route_table").filter((t) => vpcAddress !== undefined && refersTo(t.values.default_route_table_id, vpcAddress));
}

/** Routes of a table: its inline `route` blocks and the aws_route resources that name it. */
function routesOf(table: Resource, stack: StackModel): Array<{ where: string; route: Record<string, unknown> }> {
  return [
    ...blocks(table.values.route).map((route) => ({ where: table.address, route })),
    ...stack.referencing("aws_route", "route_table_id", table).map((r) => ({ where: r.address, route: r.values as Record<string, unknown> })),
  ];
}

export const rdsNoInternetRoute: ResourceRule = {
  id: "RDS-20",
  checkov: [],
  fsbp: ["RDS.46"],
  level: "error",
  message: "RDS instances must not be placed in subnets with a route to an internet gateway",
  rationale:
    "A subnet routed to an internet gateway is public: one changed flag (publicly_accessible) or security group rule would expose the database to the internet. The database tier belongs in isolated subnets. The rule follows the DB subnet group to its subnets, their route tables and routes as this stack declares them; subnets of an existing network (literal ids) and route tables outside the stack cannot be seen here and pass, where Security Hub's RDS.46 checks them in the account: for an existing network, list only isolated subnets in network.databaseSubnetIds. In prod the configuration refuses private and database subnets that are also listed as public (config/rules.ts); outside prod (e.g. seed 000 in the default VPC, whose subnets are all public) this is narrower than RDS.46.",
  fix: "Put the instance's DB subnet group on subnets whose route tables have no route to an internet gateway (the platform's database subnets, network.databaseSubnetIds for an existing network).",
  resourceTypes: ["aws_db_instance"],
  check(db, { stack }) {
    const name = db.values.db_subnet_group_name;
    const literal = str(name);
    if (name === undefined || literal === "default") {
      if (fromSource(db)) return undefined;
      return { detail: "db_subnet_group_name is not set: RDS uses the default VPC's subnets, which route to its internet gateway" };
    }
    const group = stack.ofType("aws_db_subnet_group").find((g) => refersTo(name, g.address) || name === g.values.name);
    // A group named by a literal belongs to an existing network this stack cannot see (see the rationale); one from an expression is unknown.
    if (!group) return literal === UNKNOWN ? { detail: `db_subnet_group_name is ${String(name)}, a subnet group this stack does not declare: its routes are only known after apply`, unknown: true } : undefined;

    const ids = group.values.subnet_ids;
    const listed = strings(ids);
    const subnets = stack.ofType("aws_subnet").filter((s) => (listed === UNKNOWN ? refersTo(ids, s.address) : (listed ?? []).some((id) => refersTo(id, s.address))));
    const violations: Violation[] = [];
    for (const subnet of subnets) {
      for (const table of routeTablesOf(subnet, stack)) {
        for (const { where, route } of routesOf(table, stack)) {
          const target = routeTarget(route, stack);
          const via = where === table.address ? table.address : `${table.address} (${where})`;
          if (target === UNKNOWN) violations.push({ detail: `${subnet.address} (in ${group.address}) has a route through ${via} whose gateway_id is only known after apply`, unknown: true });
          else if (target !== "other") violations.push({ detail: `${subnet.address} (in ${group.address}) routes to ${target.igw} through ${via}` });
        }
      }
    }
    return violations;
  },
};
