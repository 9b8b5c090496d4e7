import type { StackRule, Violation } from "../../types";
import { UNKNOWN } from "../../values";
import { allTraffic, destinationName, egressRules, isWorld } from "./egress";

export const networkNoAllTrafficEgress: StackRule = {
  id: "NET-06",
  checkov: ["CKV_AWS_382"],
  fsbp: [],
  level: "error",
  message: "Security groups must not allow all traffic out to 0.0.0.0/0 or ::/0, nor to a destination that is not a CIDR range",
  rationale:
    "Egress on every protocol and port to the internet is the path for exfiltration and command-and-control from a compromised task; tasks get the ports they need (HTTPS out, their data stores by group). A rule allowing all traffic is refused unless it names specific CIDR ranges or the group itself: to the world, to another group or prefix list, or to nothing named. checkov flags the last two on aws_vpc_security_group_egress_rule only; here every rule type is held to them, and to every port range that covers all ports.",
  fix: "Name the protocol and port (e.g. TCP 443) instead of protocol -1, and the destination group instead of 0.0.0.0/0.",
  checkStack({ stack }) {
    const out: Violation[] = [];
    for (const e of egressRules(stack)) {
      if (e.self) continue;
      const all = allTraffic(e);
      const where = e.label ? `${e.label} ` : "";
      const world = e.cidrs.filter(isWorld);
      if (all === UNKNOWN) {
        if (world.length > 0) out.push({ address: e.declaredBy.address, detail: `${where}allows ${world.join(", ")} on a protocol or ports only known after apply`, unknown: true });
        continue;
      }
      if (!all) continue;
      if (world.length > 0) out.push({ address: e.declaredBy.address, detail: `${where}allows all traffic out to ${world.join(", ")}` });
      else if (e.cidrsUnknown) out.push({ address: e.declaredBy.address, detail: `${where}allows all traffic out to a CIDR range only known after apply`, unknown: true });
      else if (e.cidrs.length === 0 && e.groups.length > 0) out.push({ address: e.declaredBy.address, detail: `${where}allows all traffic out to ${e.groups.map(destinationName).join(", ")}: name the protocol and ports` });
      else if (e.cidrs.length === 0) out.push({ address: e.declaredBy.address, detail: `${where}allows all traffic out and names no destination` });
    }
    return out;
  },
};
