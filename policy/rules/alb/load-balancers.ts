/** Helpers for load balancer rules. */
import type { Resource, StackModel } from "../../model";
import { bool, refersTo, str } from "../../values";

export const isApplicationLb = (lb: Resource) => (str(lb.values.load_balancer_type) ?? "application") === "application";

export const isInternetFacing = (lb: Resource) => bool(lb.values.internal) !== true;

export function listenersOf(stack: StackModel, lb: Resource): Resource[] {
  return stack.ofType("aws_lb_listener").filter((l) => refersTo(l.values.load_balancer_arn, lb.address));
}

export function loadBalancerOf(stack: StackModel, listener: Resource): Resource | undefined {
  return [...stack.ofType("aws_lb"), ...stack.ofType("aws_alb")].find((lb) => refersTo(listener.values.load_balancer_arn, lb.address));
}

export function listenerRulesOf(stack: StackModel, listener: Resource): Resource[] {
  return [...stack.ofType("aws_lb_listener_rule"), ...stack.ofType("aws_alb_listener_rule")].filter((r) => refersTo(r.values.listener_arn, listener.address));
}
