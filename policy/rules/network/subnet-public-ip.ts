import type { StackRule, Violation } from "../../types";
import { bool, isInterpolated, referencesIn, UNKNOWN } from "../../values";

export const networkSubnetPublicIp: StackRule = {
  id: "NET-05",
  checkov: ["CKV_AWS_130"],
  fsbp: ["EC2.15", "EFS.6"],
  level: "error",
  message: "Subnets must not assign public IP addresses on launch, and EFS mount targets must be in subnets known not to",
  rationale:
    "An interface launched into a subnet with map_public_ip_on_launch gets an internet address without asking: a task or instance placed there by mistake is reachable from the internet. Nothing the platform runs needs one: NAT gateways use their Elastic IPs and load balancers their own addresses, so public subnets do not map either. Every subnet the stack creates is held to it, which covers EFS.6 for mount targets in them; the subnets of an existing network (network.mode: existing, literal ids) cannot be seen here and pass — narrower than EFS.6 there; in prod the configuration refuses private and database subnets that are also listed as public, and the README asks that an existing network's private subnets do not map public IPs.",
  fix: "Set map_public_ip_on_launch = false on every aws_subnet (CreatedVpc does); with an existing VPC, list as privateSubnetIds only subnets that do not map public IPs.",
  checkStack({ stack }) {
    const out: Violation[] = [];
    for (const subnet of stack.ofType("aws_subnet")) {
      const v = bool(subnet.values.map_public_ip_on_launch);
      if (v === UNKNOWN) out.push({ address: subnet.address, detail: "map_public_ip_on_launch is only known after apply", unknown: true });
      else if (v === true) out.push({ address: subnet.address, detail: "map_public_ip_on_launch is true" });
    }
    for (const target of stack.ofType("aws_efs_mount_target")) {
      const subnet = target.values.subnet_id;
      // A literal id is a subnet of an existing network this stack cannot see (see the rationale); an expression that names no subnet of the stack is unknown.
      if (typeof subnet === "string" && !isInterpolated(subnet)) continue;
      const inStack = referencesIn(subnet).some((r) => r.address.startsWith("aws_subnet.") && stack.get(r.address) !== undefined);
      if (!inStack) out.push({ address: target.address, detail: `subnet_id ${String(subnet)} names no subnet of this stack: whether it assigns public IPs on launch is only known after apply`, unknown: true });
    }
    return out;
  },
};
