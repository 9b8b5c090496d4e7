import type { ResourceRule } from "../../types";
import { block, blocks, str } from "../../values";
import { listenerRulesOf, listenersOf, loadBalancerOf } from "./load-balancers";

export const albHttpRedirects: ResourceRule = {
  id: "ALB-02",
  checkov: ["CKV_AWS_378", "CKV2_AWS_20"],
  fsbp: ["ELB.1"],
  level: "error",
  message: "HTTP listeners must only redirect to HTTPS when the load balancer has a certificate",
  rationale: "Serving the app on plain HTTP next to HTTPS invites downgrade and cookie theft. Only a load balancer with a certificate is held to it: without a domain (ALB-06) HTTP is all it speaks, which is narrower than CKV2_AWS_20, ELB.1 and CKV_AWS_378 there.",
  fix: 'Make the port-80 listener\'s default action a redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }, and attach listener rules to the HTTPS listener.',
  resourceTypes: ["aws_lb_listener"],
  check(listener, { stack }) {
    if ((str(listener.values.protocol) ?? "HTTP") !== "HTTP") return undefined;
    const lb = loadBalancerOf(stack, listener);
    const hasTls = lb && listenersOf(stack, lb).some((l) => str(l.values.protocol) === "HTTPS" || l.values.certificate_arn !== undefined);
    if (!hasTls) return undefined;
    const actions = blocks(listener.values.default_action);
    const redirects = actions.length > 0 && actions.every((a) => str(a.type) === "redirect" && str(block(a.redirect)?.protocol) === "HTTPS");
    if (!redirects) return { detail: "the HTTP listener serves traffic instead of redirecting to HTTPS" };
    const forwarding = listenerRulesOf(stack, listener).filter((r) => blocks(r.values.action).some((a) => str(a.type) === "forward"));
    return forwarding.length === 0 ? undefined : { detail: `listener rule ${forwarding.map((r) => r.address).join(", ")} forwards plain HTTP to a target` };
  },
};
