/**
 * The edge, resolved: which hosts the distribution answers, whether CloudFront
 * fronts the load balancer (and so the load balancer is internal), and where the
 * app's public URL comes from. Also the cross-field rules of the `frontend` and
 * `waf` sections.
 *
 * The public URL (`{ ref: app.url }`):
 * - with a domain it is `https://<first frontend host>`, known at synthesis;
 * - without one it is the distribution's address, which exists only after the
 *   frontend phase: services read it at start from an SSM parameter that the
 *   services phase creates and the frontend phase fills in (then rolls the
 *   readers out), so no phase waits for a later one;
 * - with `frontend.type: none` it is the load balancer's URL.
 */
import type { DomainConfig, FrontendConfig, ProjectConfig, WafConfig } from "./schema";
import type { PartialConfig, RuleIssue } from "./rules";
import { CATCH_ALL_PRIORITY, CDN_PRIORITY_BASE } from "./routing";

export interface ResolvedAssets {
  /** Absolute path of the built site. */
  readonly directory: string;
  readonly build?: { readonly command: string; readonly workingDirectory: string };
  readonly immutable: readonly string[];
  /** Content hash of what decides an upload: the build's working directory, else the built site. */
  readonly hash: string;
}

export interface ResolvedFrontend extends Omit<FrontendConfig, "hosts" | "assets" | "priceClass"> {
  /** Public custom host names; empty without a domain (the distribution's own name serves). */
  readonly hosts: readonly string[];
  readonly assets?: ResolvedAssets;
  readonly priceClass: NonNullable<FrontendConfig["priceClass"]>;
}

export interface ResolvedWaf extends Omit<WafConfig, "enabled"> {
  readonly enabled: boolean;
}

/** A path set CloudFront sends to the load balancer, and the web service that answers it. */
export interface LoadBalancerRoute {
  /** Empty for the default behaviour (type: service). */
  readonly paths: readonly string[];
  readonly service: string;
  readonly cache: boolean;
}

/** What a reader gets before the frontend phase first publishes the distribution's URL (`.invalid` never resolves). */
export const UNPUBLISHED_PUBLIC_URL = "https://public-url-not-yet-published.invalid";

/** Host name of the load balancer as CloudFront's origin: HTTPS with a certificate for a name in the zone. */
export function originHost(domain: DomainConfig): string {
  return `origin.${domain.name}`;
}

export function resolveFrontend(f: FrontendConfig, stage: ProjectConfig["stage"], domain: DomainConfig | undefined, assets: ResolvedAssets | undefined): ResolvedFrontend {
  return {
    ...f,
    hosts: f.type === "none" || !domain ? [] : (f.hosts ?? [domain.name]),
    assets,
    priceClass: f.priceClass ?? (stage === "prod" ? "PriceClass_All" : "PriceClass_100"),
  };
}

export function resolveWaf(w: WafConfig, stage: ProjectConfig["stage"]): ResolvedWaf {
  return { ...w, enabled: wafEnabled(w.enabled, stage) };
}

/** WAF is on in prod unless switched off, off elsewhere unless switched on. */
export function wafEnabled(enabled: boolean | undefined, stage: ProjectConfig["stage"]): boolean {
  return enabled ?? stage === "prod";
}

/** Every path set CloudFront sends to the load balancer, in behaviour order; the default (type: service) last. */
export function loadBalancerRoutes(f: Pick<FrontendConfig, "type" | "service" | "routes">): LoadBalancerRoute[] {
  if (f.type === "none") return [];
  return [...f.routes, ...(f.type === "service" && f.service ? [{ paths: [], service: f.service, cache: false }] : [])];
}

/** Whether CloudFront reaches the load balancer (which must then be internal, behind a VPC origin). */
export function frontsLoadBalancer(f: Pick<FrontendConfig, "type" | "service" | "routes">): boolean {
  return loadBalancerRoutes(f).length > 0;
}

export type PublicUrl = { readonly kind: "known"; readonly url: string } | { readonly kind: "published" } | { readonly kind: "loadBalancer" };

/** Where `app.url` comes from (see the module comment). */
export function publicUrlOf(c: { readonly frontend: ResolvedFrontend }): PublicUrl {
  if (c.frontend.type === "none") return { kind: "loadBalancer" };
  return c.frontend.hosts.length > 0 ? { kind: "known", url: `https://${c.frontend.hosts[0]}` } : { kind: "published" };
}

const inside = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** A glob with `*` (any characters, `/` and `.` included) and `?` (one character), as load balancers and `aws s3 sync` read them. */
export function globMatches(pattern: string, text: string, caseInsensitive = false): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`, caseInsensitive ? "i" : "").test(text);
}

/** Cross-field rules of `frontend`, `waf` and the load balancer's scheme. */
export function frontendIssues(cfg: PartialConfig): RuleIssue[] {
  const f = cfg.frontend;
  if (!f) return [];
  const issues: RuleIssue[] = [];
  const at = (...p: Array<string | number>) => ["frontend", ...p];
  if (f.type === "service" && !f.service) issues.push({ path: at("service"), message: "type: service needs the web service that answers every path (frontend.service)" });
  if (f.type !== "service" && f.service) issues.push({ path: at("service"), message: `only type: service has a default service; with type: ${f.type} route paths with frontend.routes` });
  if (f.type !== "static") {
    for (const key of ["assets"] as const) if (f[key]) issues.push({ path: at(key), message: `${key} are published only with type: static; type is ${f.type}` });
  }
  if (f.type === "none") {
    for (const key of ["hosts", "geoRestriction", "priceClass"] as const) if (f[key] !== undefined) issues.push({ path: at(key), message: `ignored with type: none (no distribution)` });
    if (f.routes.length > 0) issues.push({ path: at("routes"), message: "ignored with type: none (no distribution); remove it or choose type: static" });
  }
  if (f.assets) {
    const index = f.indexDocument;
    f.assets.immutable.forEach((p, i) => {
      if (globMatches(p, index)) issues.push({ path: at("assets", "immutable", i), message: `${p} matches the index document ${index}: browsers would keep an old index for a year and never see a new deploy` });
    });
  }
  const idle = cfg.loadBalancer?.idleTimeoutSeconds ?? 60;
  if (frontsLoadBalancer(f) && f.originReadTimeoutSeconds > idle) {
    issues.push({
      path: at("originReadTimeoutSeconds"),
      message: `CloudFront would wait ${f.originReadTimeoutSeconds} s for a silent response, but the load balancer closes idle connections after ${idle} s (loadBalancer.idleTimeoutSeconds); raise that to at least ${f.originReadTimeoutSeconds}`,
    });
  }
  if (f.hsts.preload && (!f.hsts.includeSubdomains || f.hsts.maxAgeSeconds < 31536000)) {
    issues.push({ path: at("hsts", "preload"), message: "browsers' preload lists require includeSubdomains: true and maxAgeSeconds of at least 31536000 (one year)" });
  }

  const hosts = f.hosts ?? [];
  hosts.forEach((h, i) => {
    if (hosts.indexOf(h) !== i) issues.push({ path: at("hosts", i), message: `"${h}" is listed twice` });
  });
  if (hosts.length > 0 && !cfg.domain) issues.push({ path: at("hosts"), message: "custom hosts need the environment's domain (a Route53 hosted zone for the certificate and records)" });
  if (cfg.domain) {
    const domain = cfg.domain.name;
    hosts.forEach((h, i) => {
      if (!inside(h, domain)) issues.push({ path: at("hosts", i), message: `${h} is not inside the domain ${domain}` });
    });
    const servedByCdn = new Set(f.type === "none" ? [] : (f.hosts ?? [domain]));
    const origin = originHost(cfg.domain);
    for (const h of servedByCdn) {
      if (h === origin) issues.push({ path: at("hosts", hosts.indexOf(h)), message: `${origin} is the load balancer's origin name; choose another host` });
    }
    (cfg.services ?? []).forEach((s, i) => {
      if (s?.kind !== "web") return;
      const own = s.hosts.length > 0 ? s.hosts : [`${s.name}.${domain}`];
      own.forEach((h, j) => {
        if (servedByCdn.has(h)) {
          issues.push({ path: ["services", i, "hosts", ...(s.hosts.length > 0 ? [j] : [])], message: `${h} is a host of the distribution (frontend.hosts); one name cannot point at both CloudFront and the service. Reach the service through the frontend's routes, or give it another host` });
        }
        if (h === origin) issues.push({ path: ["services", i, "hosts", ...(s.hosts.length > 0 ? [j] : [])], message: `${origin} is the load balancer's origin name for CloudFront; choose another host` });
        else if (frontsLoadBalancer(f) && h.includes("*") && globMatches(h, origin, true)) {
          issues.push({ path: ["services", i, "hosts", j], message: `${h} matches ${origin}, the name CloudFront reaches the load balancer by: its listener rule would take CloudFront's requests; list the hosts it serves instead` });
        }
        // ACM validates a wildcard and its base name with one DNS record: two phases would own it.
        const base = h.startsWith("*.") ? h.slice(2) : undefined;
        if (base && servedByCdn.has(base)) {
          issues.push({ path: ["services", i, "hosts", j], message: `${h} and the distribution's host ${base} share one ACM validation record, which the services and frontend phases would both own; list the service's hosts without the wildcard` });
        }
      });
    });
  }

  // Routes: each names an ECS web service; no path twice. (Judged only when every service passed its own schema.)
  const services = cfg.services && [...cfg.services].every((s) => s !== undefined) ? cfg.services : undefined;
  const seen = new Map<string, number>();
  const checkTarget = (name: string, path: Array<string | number>) => {
    if (!services) return;
    const s = services.find((x) => x.name === name);
    if (!s) issues.push({ path, message: `unknown service "${name}"; web services: ${services.filter((x) => x.kind === "web").map((x) => x.name).join(", ") || "none"}` });
    else if (s.kind !== "web") issues.push({ path, message: `"${name}" is a ${s.kind} service; CloudFront routes to web services (they have a port on the load balancer)` });
    else if (s.compute === "apprunner") {
      issues.push({ path, message: `"${name}" runs on App Runner, whose URL is public and cannot be limited to CloudFront; run it on ECS (compute: ecs) to serve it through the distribution` });
    }
  };
  if (f.type === "service" && f.service) checkTarget(f.service, at("service"));
  f.routes.forEach((r, i) => {
    checkTarget(r.service, at("routes", i, "service"));
    r.paths.forEach((p, j) => {
      const first = seen.get(p);
      if (first !== undefined) issues.push({ path: at("routes", i, "paths", j), message: `${p} is already routed by frontend.routes.${first}; CloudFront would never use this one` });
      else seen.set(p, i);
    });
  });
  if (frontsLoadBalancer(f)) {
    (cfg.services ?? []).forEach((s, i) => {
      if (s?.kind === "web" && s.priority !== undefined && s.priority >= CDN_PRIORITY_BASE && s.priority < CATCH_ALL_PRIORITY) {
        issues.push({ path: ["services", i, "priority"], message: `priorities ${CDN_PRIORITY_BASE}–${CATCH_ALL_PRIORITY - 1} are the listener rules of CloudFront's paths (frontend routes); choose a priority below ${CDN_PRIORITY_BASE}` });
      }
    });
  }
  if (frontsLoadBalancer(f) && cfg.loadBalancer?.internal === false) {
    issues.push({
      path: ["loadBalancer", "internal"],
      message: "CloudFront fronts the load balancer (frontend routes), so it must be internal: an internet-facing one could be reached directly, bypassing the CDN and its firewall. Remove the setting (internal is the default then)",
    });
  }
  return issues;
}

/** The environment variables of a service that refer to the public URL. */
export function publicUrlVariables(environment: Readonly<Record<string, string | { readonly ref: string }>>): string[] {
  return Object.entries(environment).flatMap(([key, v]) => (typeof v !== "string" && v.ref === "app.url" ? [key] : []));
}

/**
 * Services that read the public URL from the SSM parameter at start (no domain,
 * a distribution): they get it as a secret, and the frontend phase rolls the
 * long-running ones out when it publishes a new URL.
 */
export function publishedUrlReaders<S extends { readonly environment: Readonly<Record<string, string | { readonly ref: string }>> }>(c: { readonly frontend: ResolvedFrontend; readonly services: readonly S[] }): S[] {
  if (publicUrlOf(c).kind !== "published") return [];
  return c.services.filter((s) => publicUrlVariables(s.environment).length > 0);
}

/** Whether the load balancer is internal: as configured, else exactly when CloudFront fronts it. */
export function loadBalancerIsInternal(cfg: { readonly loadBalancer?: { readonly internal?: boolean }; readonly frontend?: Pick<FrontendConfig, "type" | "service" | "routes"> }): boolean {
  return cfg.loadBalancer?.internal ?? (cfg.frontend !== undefined && frontsLoadBalancer(cfg.frontend));
}
