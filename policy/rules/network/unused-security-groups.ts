import type { StackRule } from "../../types";
import { referencesIn } from "../../values";

/** Resources that only state rules: a reference from them (to the rule's own group, or to the group it admits) attaches nothing. */
const RULES = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"];

export const networkUnusedSecurityGroups: StackRule = {
  id: "NET-07",
  checkov: ["CKV2_AWS_5"],
  fsbp: [],
  level: "error",
  message: "Every security group must be used: attached to a resource of the stack or published for another stack",
  rationale:
    "A group nothing uses is left over from a removed resource; its rules are never reviewed again and open a path the day someone attaches it. A group is used when a resource of the stack attaches it (a load balancer's security_groups, a service's network_configuration, a database's vpc_security_group_ids, a mount target, an endpoint, a VPC connector) or when an output publishes it: the foundation creates the tasks' groups and the services stack attaches them, a use checkov's one-stack graph cannot see. Security group rules never count: a group that is only named in rules (its own, or another group's that admits it) has no members.",
  fix: "Attach the group to what it is for, publish it as an output for the stack that attaches it, or remove it.",
  checkStack({ stack }) {
    const groups = stack.ofType("aws_security_group");
    if (groups.length === 0) return [];
    const used = new Set<string>();
    for (const r of [...stack.resources, ...stack.dataSources]) if (!RULES.includes(r.type)) for (const x of referencesIn(r.values)) used.add(x.address);
    for (const o of Object.values((stack.json.output ?? {}) as Record<string, unknown>)) for (const x of referencesIn(o)) used.add(x.address);
    return groups.filter((g) => !used.has(g.address)).map((g) => ({ address: g.address, detail: "no resource of the stack attaches this group and no output publishes it" }));
  },
};
