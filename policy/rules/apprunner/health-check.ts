import type { ResourceRule, Violation } from "../../types";
import { block, num, str, UNKNOWN } from "../../values";

const TIMINGS = ["interval", "timeout", "healthy_threshold", "unhealthy_threshold"] as const;

export const apprunnerHealthCheck: ResourceRule = {
  id: "APR-01",
  checkov: [],
  fsbp: [],
  level: "error",
  message: "App Runner services must configure their health check: protocol, interval, timeout and thresholds",
  rationale:
    "App Runner only routes traffic to, and only finishes a deployment onto, instances its health check passes. Left to its defaults it makes a TCP check (port open) every 5 seconds, which a process that listens but cannot serve passes; the timing must be chosen for the application so slow starters are not cycled and broken instances are replaced.",
  fix: "Set health_check_configuration with protocol (HTTP with a path the application answers, or TCP), interval, timeout, healthy_threshold and unhealthy_threshold (AppRunnerService does, from services.<name>.healthCheck).",
  resourceTypes: ["aws_apprunner_service"],
  check(service) {
    const hc = block(service.values.health_check_configuration);
    if (!hc) return { detail: "no health_check_configuration (App Runner default: TCP every 5 s)" };
    const out: Violation[] = [];
    const protocol = str(hc.protocol);
    if (protocol === UNKNOWN) out.push({ detail: "health_check_configuration.protocol is only known after apply", unknown: true });
    else if (protocol === undefined) out.push({ detail: "health_check_configuration.protocol is not set (App Runner default: TCP)" });
    else if (protocol !== "HTTP" && protocol !== "TCP") out.push({ detail: `health_check_configuration.protocol is "${protocol}"; allowed: HTTP, TCP` });
    for (const attr of TIMINGS) {
      const v = num(hc[attr]);
      if (v === UNKNOWN) out.push({ detail: `health_check_configuration.${attr} is only known after apply`, unknown: true });
      else if (v === undefined) out.push({ detail: `health_check_configuration.${attr} is not set` });
      else if (v < 1) out.push({ detail: `health_check_configuration.${attr} is ${v}; at least 1 required` });
    }
    return out;
  },
};
