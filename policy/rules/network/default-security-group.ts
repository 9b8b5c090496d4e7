import type { ResourceRule } from "../../types";
import { blocks } from "../../values";

export const networkDefaultSgClosed: ResourceRule = {
  id: "NET-03",
  checkov: ["CKV2_AWS_12"],
  fsbp: ["EC2.2"],
  level: "error",
  message: "A VPC's default security group must allow no traffic",
  rationale: "Resources launched without an explicit group land in the default one; it must not open anything.",
  fix: "Add aws_default_security_group for the VPC with no ingress and no egress blocks.",
  resourceTypes: ["aws_vpc"],
  check(vpc, { stack }) {
    const dsg = stack.referencing("aws_default_security_group", "vpc_id", vpc)[0];
    if (!dsg) return { detail: "no aws_default_security_group manages this VPC's default group" };
    const open = blocks(dsg.values.ingress).length + blocks(dsg.values.egress).length;
    return open === 0 ? undefined : { detail: `${dsg.address} still has ${open} rule(s)` };
  },
};
