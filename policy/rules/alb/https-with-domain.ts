import type { ResourceRule } from "../../types";
import { blocks, refersTo, str, UNKNOWN } from "../../values";
import { isApplicationLb, listenersOf } from "./load-balancers";

export const albHttpsWithDomain: ResourceRule = {
  id: "ALB-06",
  checkov: ["CKV_AWS_2", "CKV_AWS_378"],
  fsbp: [],
  level: "error",
  message: "Application load balancer must serve HTTPS with a certificate when it has a domain",
  rationale: "A host name of our own (an alias record, an ACM certificate) is what makes HTTPS possible; serving it over plain HTTP sends sessions and tokens in clear text. Only without a domain may the load balancer speak HTTP alone.",
  fix: "Give the environment's load balancer an HTTPS listener with certificate_arn (LoadBalancer does when it is given the domain's certificateArn).",
  resourceTypes: ["aws_lb", "aws_alb"],
  check(lb, { stack }) {
    if (!isApplicationLb(lb)) return undefined;
    const alias = stack.ofType("aws_route53_record").find((r) => blocks(r.values.alias).some((a) => refersTo(a.name, lb.address)));
    const certificate = stack.ofType("aws_acm_certificate")[0];
    const domain = alias ? `${alias.address} points at it` : certificate ? `the stack issues ${certificate.address}` : undefined;
    if (!domain) return undefined;
    const listeners = listenersOf(stack, lb);
    if (listeners.some((l) => str(l.values.protocol) === "HTTPS" && l.values.certificate_arn !== undefined)) return undefined;
    if (listeners.some((l) => str(l.values.protocol) === UNKNOWN)) return { detail: `${domain}, and a listener's protocol is only known after apply`, unknown: true };
    return { detail: `${domain}, but no HTTPS listener with a certificate_arn serves it` };
  },
};
