/**
 * Resolves `{ ref: ... }` environment values to what the platform knows: a
 * bucket's name from the foundation contract, another service's URL, the load
 * balancer's URL. The config rules have already checked that every reference
 * names something that exists (config/service-rules.ts); this only looks up.
 */
import type { ResolvedConfig, ResolvedInternalService, ResolvedService } from "../config/defaults";
import { loadBalancerReference } from "../config/routing";
import { publicUrlOf } from "../config/frontend";
import type { FoundationContract } from "./contracts";
import { internalHost, internalUrl, webServiceUrl } from "./service-urls";
import type { Upstream } from "./upstream";

/** Addresses known only inside the services phase. */
export interface ServiceTargets {
  readonly loadBalancerDnsName: string;
  /** URL and host of each App Runner service created so far (references are acyclic without a domain). */
  readonly appRunner: ReadonlyMap<string, { readonly url: string; readonly host: string }>;
}

/**
 * Plain environment values. A public URL that only the frontend phase knows
 * (no domain) is left out: the service reads it from SSM at start (see
 * config/frontend.ts, publishedUrlReaders).
 */
export function resolveReferences(c: ResolvedConfig, s: ResolvedService, foundation: Upstream<typeof FoundationContract>, targets: ServiceTargets): Record<string, string> {
  const loadBalancerDnsName = targets.loadBalancerDnsName;
  const publicUrl = publicUrlOf(c);
  return Object.fromEntries(
    Object.entries(s.environment).flatMap(([key, value]) =>
      typeof value !== "string" && value.ref === "app.url" && publicUrl.kind === "published" ? [] : [[key, typeof value === "string" ? value : resolve(value.ref)]],
    ),
  );

  function resolve(ref: string): string {
    const [section, name, attribute] = ref.split(".");
    const loadBalancerUrl = `${c.domain ? "https" : "http"}://${firstHost() ?? loadBalancerDnsName}`;
    switch (`${section}.${section === "services" || section === "buckets" || section === "jobs" ? attribute : name}`) {
      case "services.url": {
        const target = c.services.find((x) => x.name === name)!;
        if (target.compute === "apprunner") return appRunner(name).url;
        return target.kind === "internal" ? internalUrl(c, target as ResolvedInternalService) : webServiceUrl(c, name, loadBalancerDnsName);
      }
      case "services.host": {
        const target = c.services.find((x) => x.name === name)!;
        if (target.compute === "apprunner") return appRunner(name).host;
        if (target.kind === "internal") return internalHost(c, name);
        return (target.kind === "web" && target.hosts.find((h) => !h.startsWith("*."))) || loadBalancerDnsName;
      }
      // Names, not resources: the submitter's permission is by name too (foundation), and it may start before the queue exists.
      case "jobs.queue":
        return c.names.batchJobQueue(name);
      case "jobs.definition":
        return c.names.batchJobDefinition(name);
      case "buckets.name":
        return foundation.lookup("bucket_names", name);
      case "buckets.arn":
        return foundation.lookup("bucket_arns", name);
      case "database.endpoint":
        return foundation.get("database_endpoint");
      case "database.port":
        return foundation.get("database_port");
      case "database.name":
        return foundation.get("database_name");
      case "database.username":
        return foundation.get("database_username");
      case "cache.endpoint":
        return foundation.get("cache_endpoint");
      case "cache.port":
        return foundation.get("cache_port");
      case "loadBalancer.dnsName":
        return loadBalancerDnsName;
      case "loadBalancer.url":
        return loadBalancerUrl;
      case "app.url":
        return publicUrl.kind === "known" ? publicUrl.url : loadBalancerUrl;
      default:
        throw new Error(`service ${s.name}: unknown reference ${ref} (the config rules should have refused it)`);
    }
  }

  function appRunner(name: string): { url: string; host: string } {
    const target = targets.appRunner.get(name);
    if (!target) throw new Error(`service ${s.name}: App Runner service ${name} is referred to before it exists (the config rules refuse cycles)`);
    return target;
  }

  /** With a domain, the load balancer answers on the web services' host names. */
  function firstHost(): string | undefined {
    if (!c.domain) return undefined;
    return c.services.flatMap((x) => (x.kind === "web" && x.compute === "ecs" ? x.hosts : [])).find((h) => !h.startsWith("*."));
  }
}

/** Whether a service's environment points it at the load balancer (a web service's URL, the load balancer's or the app's). */
export function callsLoadBalancer(c: ResolvedConfig, s: ResolvedService): boolean {
  return loadBalancerReference(s.environment, new Set(c.services.filter((x) => x.kind === "web" && x.compute === "ecs").map((x) => x.name)), c.frontend.type === "none") !== undefined;
}
