import type { ResourceRule } from "../../types";
import { block, bool, str, UNKNOWN } from "../../values";

export const albTargetGroupHealthCheck: ResourceRule = {
  id: "ALB-09",
  checkov: ["CKV_AWS_261"],
  fsbp: [],
  level: "error",
  message: "HTTP and HTTPS target groups must health-check a path of the application",
  rationale:
    "Without a health check path the load balancer checks \"/\", which many services answer without testing what they depend on (or answer with a redirect); tasks that cannot serve keep getting traffic. A disabled health check is refused too, though CKV_AWS_261 reads only the path.",
  fix: "Set health_check { enabled = true, path = \"/health\" } (services.<name>.healthCheck.path; LoadBalancer.addService does).",
  resourceTypes: ["aws_lb_target_group", "aws_alb_target_group"],
  check(group) {
    const protocol = str(group.values.protocol);
    if (protocol === UNKNOWN) return { detail: "protocol is only known after apply", unknown: true };
    if (protocol !== "HTTP" && protocol !== "HTTPS") return undefined;
    const hc = block(group.values.health_check);
    if (!hc) return { detail: `${protocol} target group has no health_check` };
    const enabled = bool(hc.enabled);
    if (enabled === UNKNOWN) return { detail: "health_check.enabled is only known after apply", unknown: true };
    if (enabled === false) return { detail: "health_check.enabled is false" };
    const path = hc.path;
    return typeof path === "string" && path.trim() !== "" ? undefined : { detail: "health_check has no path" };
  },
};
