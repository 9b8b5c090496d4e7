import type { StackRule, Violation } from "../../types";
import { bool, referencesIn, UNKNOWN } from "../../values";

export const networkSubnetPublicIp: StackRule = {
  id: "NET-05",
  checkov: ["CKV_AWS_130"],
  fsbp: ["EC2.15", "EFS.6"],
  level: "error",
  message: "Subnets must not assign public IP addresses on launch, and EFS mount targets must be in subnets known not to",
  rationale:
    "An interface launched into a subnet with map_public_ip_on_launch gets an internet address without asking: a task or instance placed there by mistake is reachable from the internet. Nothing the platform runs needs one: NAT gateways use their Elastic IPs and load balancers their own addresses, so public subnets do not map either. Every subnet the stack creates is held to it, which covers EFS.6 for mount targets in them; a mount target in a subnet the stack does not create (network.mode: existing) is reported as unknown, as no one here can see that subnet's setting.",
  fix: "Set map_public_ip_on_launch = false on every aws_subnet (CreatedVpc does); with an existing VPC, check that its subnets do not map public IPs and suppress the mount targets' finding with that reason.",
  checkStack({ stack }) {
    const out: Violation[] = [];
    for (const subnet of stack.ofType("aws_subnet")) {
      const v = bool(subnet.values.map_public_ip_on_launch);
      if (v === UNKNOWN) out.push({ address: subnet.address, detail: "map_public_ip_on_launch is only known after apply", unknown: true });
      else if (v === true) out.push({ address: subnet.address, detail: "map_public_ip_on_launch is true" });
    }
    for (const target of stack.ofType("aws_efs_mount_target")) {
      const inStack = referencesIn(target.values.subnet_id).some((r) => r.address.startsWith("aws_subnet.") && stack.get(r.address) !== undefined);
      if (!inStack) out.push({ address: target.address, detail: `subnet ${String(target.values.subnet_id)} is not created by this stack: whether it assigns public IPs on launch is not known`, unknown: true });
    }
    return out;
  },
};
