import type { StackRule } from "../../types";
import { referencesIn } from "../../values";
import { isInternetFacing } from "../alb/load-balancers";
import { ingressRules, WORLD } from "./ingress";

const WEB_PORTS = [80, 443];

export const networkNoWorldIngress: StackRule = {
  id: "NET-01",
  checkov: ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"],
  fsbp: ["EC2.18", "EC2.19"],
  level: "error",
  message: "No ingress from 0.0.0.0/0 or ::/0, except 80/443 to a public load balancer",
  rationale: "Everything but the public entry point is reached from other security groups, never from the internet.",
  fix: "Allow the source security group instead of a CIDR, or put the service behind the public load balancer.",
  checkStack({ stack }) {
    const publicLbGroups = new Set(
      [...stack.ofType("aws_lb"), ...stack.ofType("aws_alb")].filter(isInternetFacing).flatMap((lb) => referencesIn(lb.values.security_groups).map((r) => r.address)),
    );
    return ingressRules(stack)
      .filter((i) => i.cidrs.some((c) => WORLD.includes(c)))
      .filter((i) => {
        const webOnly = i.fromPort !== undefined && i.fromPort === i.toPort && WEB_PORTS.includes(i.fromPort) && i.protocol !== "-1";
        return !(webOnly && i.securityGroup && publicLbGroups.has(i.securityGroup));
      })
      .map((i) => ({ address: i.declaredBy.address, detail: `allows ${i.cidrs.filter((c) => WORLD.includes(c)).join(", ")} on ports ${i.fromPort ?? "?"}-${i.toPort ?? "?"}` }));
  },
};
