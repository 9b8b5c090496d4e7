import type { ResourceRule } from "../../types";
import { str, UNKNOWN } from "../../values";
import { loadBalancerOf } from "./load-balancers";

const SECURE = ["HTTPS", "TLS"];

export const albSecureListeners: ResourceRule = {
  id: "ALB-11",
  checkov: [],
  fsbp: ["ELB.18"],
  level: "error",
  stages: ["prod"],
  message: "In prod every load balancer listener must be HTTPS (or TLS)",
  rationale:
    "A plain HTTP listener accepts the first request of a session in clear text, cookies included, before any redirect; prod serves HTTPS only, with the domain's certificate (the configuration refuses a prod web service on ECS without a domain). Prod only: outside prod an environment without a domain serves plain HTTP, and HTTP listeners that only redirect are accepted there (ALB-02 holds them to redirecting), which is narrower than ELB.18.",
  fix: "Give prod a domain, so the load balancer serves HTTPS on 443, and remove the port 80 listener (LoadBalancer creates none in prod).",
  resourceTypes: ["aws_lb_listener", "aws_alb_listener"],
  check(listener, { stack }) {
    const lb = loadBalancerOf(stack, listener);
    if (lb && str(lb.values.load_balancer_type) === "gateway") return undefined;
    const protocol = str(listener.values.protocol);
    if (protocol === UNKNOWN) return { detail: "protocol is only known after apply", unknown: true };
    if (protocol !== undefined && SECURE.includes(protocol)) return undefined;
    return { detail: `protocol is ${protocol ?? "not set (HTTP, or TCP on a network load balancer)"} on port ${String(listener.values.port ?? "?")}: prod listeners are HTTPS or TLS` };
  },
};
