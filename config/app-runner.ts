/**
 * What App Runner accepts and how its settings default: instance sizes, health
 * check ranges, and when a service's traffic must leave through the VPC
 * connector. Shared by the rules (early errors) and the resolver (defaults), so
 * both read one table.
 */
import { loadBalancerIsInternal } from "./frontend";
import type { ProjectConfig } from "./schema";

/** App Runner instance sizes: CPU units -> allowed memory (MiB). A subset of Fargate's. */
export const APP_RUNNER_SIZES: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024],
  512: [1024],
  1024: [2048, 3072, 4096],
  2048: [4096, 6144],
  4096: [8192, 10240, 12288],
};

type HealthCheckField = "intervalSeconds" | "timeoutSeconds" | "healthyThreshold" | "unhealthyThreshold";

/** Health check ranges and defaults per compute: a target group's on ECS, App Runner's own. */
export const HEALTH_CHECK: Readonly<Record<"ecs" | "apprunner", Readonly<Record<HealthCheckField, { readonly min: number; readonly max: number; readonly default: number }>>>> = {
  ecs: {
    intervalSeconds: { min: 5, max: 300, default: 30 },
    timeoutSeconds: { min: 2, max: 120, default: 10 },
    healthyThreshold: { min: 2, max: 10, default: 2 },
    unhealthyThreshold: { min: 2, max: 10, default: 3 },
  },
  apprunner: {
    intervalSeconds: { min: 1, max: 20, default: 10 },
    timeoutSeconds: { min: 1, max: 20, default: 5 },
    healthyThreshold: { min: 1, max: 20, default: 1 },
    unhealthyThreshold: { min: 1, max: 20, default: 5 },
  },
};

export const HEALTH_CHECK_FIELDS: readonly HealthCheckField[] = ["intervalSeconds", "timeoutSeconds", "healthyThreshold", "unhealthyThreshold"];
export const DEFAULT_MATCHER = "200-399";
export const DEFAULT_GRACE_PERIOD_SECONDS = 90;

type Service = ProjectConfig["services"][number];
type Section = Pick<Partial<ProjectConfig>, "database" | "cache" | "loadBalancer" | "services" | "frontend">;

/**
 * Why a service's outbound traffic must go through the VPC (empty: it need not):
 * it is a client of a data store, refers to one, calls an internal load
 * balancer, or opens further ports (egressPorts are security group rules).
 */
export function vpcEgressReasons(s: Service, cfg: Section): string[] {
  const reasons: string[] = [];
  if (cfg.database?.clients.includes(s.name)) reasons.push("it is a database client");
  if (cfg.cache?.clients.includes(s.name)) reasons.push("it is a cache client");
  const ecsWeb = new Set((cfg.services ?? []).filter((x) => x?.kind === "web" && x.compute === "ecs").map((x) => x.name));
  for (const [key, value] of Object.entries(s.environment)) {
    if (typeof value === "string") continue;
    const [section, name] = value.ref.split(".");
    if (section === "database" || section === "cache") reasons.push(`${key} refers to ${value.ref}`);
    const target = section === "services" ? (cfg.services ?? []).find((x) => x?.name === name) : undefined;
    if (target?.kind === "internal") reasons.push(`${key} calls the internal service ${name}`);
    if (target?.kind === "web" && target.compute === "apprunner" && target.appRunner?.ingress === "private") reasons.push(`${key} calls the private App Runner service ${name}`);
    // With a frontend, app.url is CloudFront's public address.
    const toLoadBalancer = section === "loadBalancer" || (section === "app" && cfg.frontend?.type === "none") || (section === "services" && ecsWeb.has(name));
    if (toLoadBalancer && loadBalancerIsInternal(cfg)) reasons.push(`${key} calls the internal load balancer`);
  }
  if (s.egressPorts.length > 0) reasons.push("it opens egressPorts");
  return reasons;
}

/** Where an App Runner service's traffic leaves: as configured, else through the VPC exactly when it needs it. */
export function appRunnerEgress(s: Extract<Service, { kind: "web" }>, cfg: Section): "vpc" | "public" {
  return s.appRunner?.egress ?? (vpcEgressReasons(s, cfg).length > 0 ? "vpc" : "public");
}

/** App Runner's start command is one string, split on spaces: the arguments must not contain any. */
export const joinStartCommand = (command: readonly string[]): string => command.join(" ");
