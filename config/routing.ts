/**
 * How web services share the load balancer's listener: default rule priorities
 * ordered by specificity, so a broad rule never hides a narrower one. Rules with
 * hosts and paths come first, then paths only, then hosts only, and the one
 * catch-all service (neither) last; within a class, in the order of the file.
 * An explicit `priority` wins. Also: which services are singletons, and which
 * call the load balancer.
 */

/** AWS evaluates at most this many host and path values in one listener rule. */
export const MAX_CONDITION_VALUES = 5;

const CLASS_BASE = [100, 1000, 2000] as const;
/** The catch-all rule's priority: after everything else. */
export const CATCH_ALL_PRIORITY = 50000;

/** Listener rules for CloudFront's paths (one per path pattern, in behaviour order): after the services' own, before the catch-all. */
export const CDN_PRIORITY_BASE = 40000;

export interface Route {
  readonly hosts: readonly string[];
  readonly paths: readonly string[];
  readonly priority?: number;
}

/** The priority of each route, in order. */
export function listenerPriorities(routes: readonly Route[]): number[] {
  const used = [0, 0, 0];
  return routes.map((r) => {
    if (r.priority !== undefined) return r.priority;
    if (r.hosts.length === 0 && r.paths.length === 0) return CATCH_ALL_PRIORITY;
    const cls = r.hosts.length > 0 && r.paths.length > 0 ? 0 : r.paths.length > 0 ? 1 : 2;
    return CLASS_BASE[cls] + 10 * used[cls]++;
  });
}

/** Hosts a web service answers on: its own, or `<name>.<domain>` when the environment has a domain. */
export function effectiveHosts(name: string, hosts: readonly string[], domain: string | undefined): readonly string[] {
  return hosts.length > 0 || !domain ? hosts : [`${name}.${domain}`];
}

/** An internal service that runs one task and never two at once: by default, one that mounts a file system (Qdrant on EFS). */
export function isSingleton(
  s: { readonly kind: string; readonly name: string; readonly singleton?: boolean },
  fileSystemClients: Readonly<Record<string, readonly string[]>> | undefined,
): boolean {
  return s.kind === "internal" && (s.singleton ?? (fileSystemClients?.[s.name]?.length ?? 0) > 0);
}

/**
 * The first environment variable of a service that refers to the load balancer
 * (a web service's URL or host, the load balancer's URL, or the app's when no frontend fronts it), with its reference.
 */
export function loadBalancerReference(
  environment: Readonly<Record<string, string | { readonly ref: string }>>,
  webServices: ReadonlySet<string>,
  /** `app.url` is the load balancer's URL only without a frontend; otherwise it is CloudFront's. */
  appIsLoadBalancer: boolean,
): [variable: string, ref: string] | undefined {
  for (const [key, value] of Object.entries(environment)) {
    if (typeof value === "string") continue;
    const [section, name] = value.ref.split(".");
    if (section === "loadBalancer" || (section === "app" && appIsLoadBalancer) || (section === "services" && webServices.has(name))) return [key, value.ref];
  }
  return undefined;
}
