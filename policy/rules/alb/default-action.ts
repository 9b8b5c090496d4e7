import type { ResourceRule } from "../../types";
import { blocks, str, UNKNOWN } from "../../values";
import { isApplicationLb, listenerRulesOf, listenersOf, loadBalancerOf } from "./load-balancers";

/** Actions that answer a request themselves; authenticate-* actions only run before another one. */
const ANSWERS = ["fixed-response", "redirect"];

export const albDefaultAction: ResourceRule = {
  id: "ALB-07",
  checkov: [],
  fsbp: [],
  level: "warning",
  message: "Listeners of a load balancer with routing rules should answer unmatched requests (404 or redirect), not forward them",
  rationale: "With routing by host and path, a default that forwards hands every scanner's request for an unknown host or path to a service that never asked for it.",
  fix: 'Make the default_action a fixed-response { status_code = "404" } (LoadBalancer does) or a redirect, and route to services with listener rules.',
  resourceTypes: ["aws_lb_listener"],
  check(listener, { stack }) {
    const lb = loadBalancerOf(stack, listener);
    if (lb && !isApplicationLb(lb)) return undefined;
    if (!(lb ? listenersOf(stack, lb) : [listener]).some((l) => listenerRulesOf(stack, l).length > 0)) return undefined;
    const types = blocks(listener.values.default_action).map((a) => str(a.type));
    if (types.includes(UNKNOWN)) return { detail: "default_action type is only known after apply", unknown: true };
    const actions = (types as Array<string | undefined>).filter((t) => !t?.startsWith("authenticate-"));
    const forwards = actions.filter((t) => !ANSWERS.includes(t ?? ""));
    if (actions.length > 0 && forwards.length === 0) return undefined;
    return { detail: `default_action is ${actions.length === 0 ? "empty" : forwards.map((t) => `"${t ?? "unset"}"`).join(", ")}: requests no listener rule matches reach a target` };
  },
};
