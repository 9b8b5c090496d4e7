/**
 * How the platform spells the addresses of services: the URL of a web service
 * on the load balancer, the DNS name of an internal one, the run-task command
 * of an on-demand task. Shared by the services stack and the mock contract, so
 * a plan-only run shows the same shapes a real deploy publishes.
 */
import type { ResolvedConfig, ResolvedInternalService, ResolvedWebService } from "../config/defaults";

/** The first host (or the load balancer's name) and the fixed prefix of the first path pattern. */
export function webServiceUrl(c: ResolvedConfig, name: string, loadBalancerDnsName: string): string {
  const s = c.services.find((x): x is ResolvedWebService => x.name === name && x.kind === "web");
  if (!s) throw new Error(`no web service ${name}`);
  const host = s.hosts.find((h) => !h.startsWith("*.")) ?? loadBalancerDnsName;
  return `${c.domain ? "https" : "http"}://${host}${pathPrefix(s.paths[0])}`;
}

/** `/api/*` → `/api`; patterns with wildcards inside keep the part before the first one. */
function pathPrefix(pattern: string | undefined): string {
  if (!pattern) return "";
  const fixed = pattern.split(/[*?]/)[0].replace(/\/+$/, "");
  return fixed === "/" ? "" : fixed;
}

/** Where callers reach an internal service: `<service>.<namespace>`. */
export function internalHost(c: ResolvedConfig, name: string): string {
  return `${name}.${c.names.serviceDiscoveryNamespace}`;
}

export function internalUrl(c: ResolvedConfig, s: ResolvedInternalService): string {
  return `http://${internalHost(c, s.name)}:${s.port}`;
}

export interface RunTaskCommandProps {
  readonly cluster: string;
  readonly family: string;
  /** Comma-separated subnet ids. */
  readonly subnets: string;
  /** Comma-separated security group ids. */
  readonly securityGroups: string;
  readonly region: string;
}

/** The command an operator runs to start an on-demand task (a migration) with the platform's network settings. */
export function runTaskCommand(p: RunTaskCommandProps): string {
  return [
    "aws ecs run-task",
    `--region ${p.region}`,
    `--cluster ${p.cluster}`,
    `--task-definition ${p.family}`,
    "--capacity-provider-strategy capacityProvider=FARGATE,weight=1",
    `--network-configuration 'awsvpcConfiguration={subnets=[${p.subnets}],securityGroups=[${p.securityGroups}],assignPublicIp=DISABLED}'`,
  ].join(" ");
}
