/**
 * Cross-field rules of the service model: references between services, shared
 * secrets, routing on the load balancer, scaling and rollout settings that only
 * make sense together. Same contract as rules.ts: each rule reads a possibly
 * partial configuration and returns every problem it sees.
 */
import type { ServiceConfig } from "./schema";
import type { PartialConfig, Rule, RuleIssue } from "./rules";
import { loadBalancerIsInternal } from "./frontend";
import { effectiveHosts, isSingleton, listenerPriorities, loadBalancerReference, MAX_CONDITION_VALUES } from "./routing";
import { scratchVolumeName } from "./names";
import { APP_RUNNER_SIZES, appRunnerEgress, HEALTH_CHECK, HEALTH_CHECK_FIELDS, vpcEgressReasons } from "./app-runner";

type Service = ServiceConfig;

/** The services, when every one passed its own schema (a failed one leaves a hole: names cannot be judged then). */
export const completeServices = (cfg: PartialConfig): Service[] | undefined => {
  const services = cfg.services ?? [];
  return services.filter(() => true).length === services.length ? services : undefined;
};

const isEcsWeb = (s: Service) => s.kind === "web" && s.compute === "ecs";
const isAppRunner = (s: Service) => s.kind === "web" && s.compute === "apprunner";

/** `{ ref: ... }` values name things that exist, and that have what is asked for. */
const referencesResolve: Rule = (cfg) => {
  const services = completeServices(cfg);
  if (!services) return [];
  const byName = new Map(services.map((s) => [s.name, s]));
  const issues: RuleIssue[] = [];
  services.forEach((s, i) => {
    for (const [key, value] of Object.entries(s.environment)) {
      if (typeof value === "string") continue;
      const at = ["services", i, "environment", key, "ref"];
      const problem = referenceProblem(value.ref, s, byName, cfg);
      if (problem) issues.push({ path: at, message: `${value.ref}: ${problem}` });
    }
  });
  return issues;
};

function referenceProblem(ref: string, from: Service, byName: ReadonlyMap<string, Service>, cfg: PartialConfig): string | undefined {
  const [section, name, attribute] = ref.split(".");
  // A section that failed its own schema is reported there; references into it cannot be judged.
  if (cfg.invalidSections?.includes(section)) return undefined;
  switch (section) {
    case "services": {
      const target = byName.get(name);
      const withAddress = [...byName.values()].filter((s) => s.kind === "web" || s.kind === "internal").map((s) => s.name);
      if (!target) return `unknown service "${name}"; services with an address: ${withAddress.join(", ") || "(none)"}`;
      if (target.kind !== "web" && target.kind !== "internal") return `service "${name}" is a ${target.kind} and has no address; services with an address: ${withAddress.join(", ") || "(none)"}`;
      if (target.kind === "internal" && !target.callers.includes(from.name)) return `"${from.name}" is not among the callers of internal service "${name}"; add it to services.${[...byName.keys()].indexOf(name)}.callers`;
      return undefined;
    }
    case "jobs": {
      const target = byName.get(name);
      const jobs = [...byName.values()].filter((x) => x.kind === "job").map((x) => x.name);
      if (!target || target.kind !== "job") return `${target ? `service "${name}" is a ${target.kind}, not a job` : `unknown job "${name}"`}; jobs: ${jobs.join(", ") || "(none)"}`;
      if (!from.submitsJobs.includes(name)) return `"${from.name}" does not submit "${name}"; add it to services.${[...byName.keys()].indexOf(from.name)}.submitsJobs`;
      return undefined;
    }
    case "buckets": {
      const known = Object.keys(cfg.buckets ?? {});
      return known.includes(name) ? undefined : `unknown bucket "${name}"; declared buckets: ${known.join(", ") || "(none)"}`;
    }
    case "database":
      return cfg.database ? undefined : "this environment has no database section";
    case "cache":
      return cfg.cache ? undefined : "this environment has no cache section";
    case "app":
      // With a frontend the app's URL is the distribution's.
      if (cfg.frontend?.type !== "none") return undefined;
      return [...byName.values()].some(isEcsWeb) ? undefined : `there is no load balancer and no frontend (frontend.type: none): no web service runs on compute: ecs`;
    case "loadBalancer":
      return [...byName.values()].some(isEcsWeb) ? undefined : `there is no load balancer: no web service runs on compute: ecs`;
    default:
      return `unknown reference; attribute ${attribute}`;
  }
}

/**
 * An App Runner service's URL exists only once the service does: without a
 * domain (whose host names are known in advance), two App Runner services that
 * refer to each other's URL could never be created.
 */
const appRunnerReferencesAcyclic: Rule = (cfg) => {
  const services = completeServices(cfg);
  if (!services) return [];
  // With a domain a public service's URL is its host, known in advance; a private one's is not.
  const appRunner = new Set(services.filter((s) => isAppRunner(s) && !(cfg.domain && s.kind === "web" && s.appRunner?.ingress !== "private")).map((s) => s.name));
  const edges = new Map(services.map((s) => [s.name, Object.values(s.environment).flatMap((v) => (typeof v !== "string" && v.ref.startsWith("services.") && appRunner.has(v.ref.split(".")[1]) ? [v.ref.split(".")[1]] : []))]));
  const issues: RuleIssue[] = [];
  services.forEach((s, i) => {
    const path = cycleFrom(s.name, edges);
    if (path && path[0] === s.name && s.name === [...path].sort()[0]) {
      issues.push({ path: ["services", i, "environment"], message: `${path.join(" → ")} → ${s.name} refer to each other's App Runner URL, which exists only after the service is created; remove one reference, or give the environment a domain so public services' URLs are known in advance` });
    }
  });
  return issues;
};

function cycleFrom(start: string, edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const walk = (node: string, path: string[]): string[] | undefined => {
    for (const next of edges.get(node) ?? []) {
      if (next === start) return path;
      if (!path.includes(next)) {
        const found = walk(next, [...path, next]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(start, [start]);
}

/** Services submit jobs that exist; a job is not submitted by itself. */
const submittedJobsExist: Rule = (cfg) => {
  const services = completeServices(cfg);
  if (!services) return [];
  const jobs = services.filter((s) => s.kind === "job").map((s) => s.name);
  return services.flatMap((s, i) =>
    s.submitsJobs.flatMap((job, k) => {
      const at = ["services", i, "submitsJobs", k];
      if (!jobs.includes(job)) return [{ path: at, message: `unknown job "${job}"; jobs (services of kind job): ${jobs.join(", ") || "(none)"}` }];
      if (job === s.name) return [{ path: at, message: `a job cannot submit itself` }];
      return s.submitsJobs.indexOf(job) !== k ? [{ path: at, message: `"${job}" is listed twice` }] : [];
    }),
  );
};

/**
 * What App Runner accepts, and the ECS settings that mean nothing there. Fields
 * that only exist for App Runner are ignored on ECS with a warning, so moving a
 * service between the two stays a one-line change (compute).
 */
const appRunnerFits: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    if (!s || s.kind !== "web") return [];
    const at = (...p: Array<string | number>) => ["services", i, ...p];
    if (s.compute === "ecs") {
      return s.appRunner ? [{ path: at("appRunner"), message: `ignored on compute: ecs (App Runner settings); remove it, or set compute: apprunner`, warning: true }] : [];
    }
    const issues: RuleIssue[] = [
      {
        path: at("compute"),
        message: `App Runner takes no new customers since 2026-04-30 (accounts that use it keep it). To run "${s.name}" on ECS Fargate behind the load balancer instead, change this line to compute: ecs; the same image, port, environment, secrets and health check path carry over`,
        warning: true,
      },
    ];
    const sizes = APP_RUNNER_SIZES[s.cpu];
    if (!sizes) issues.push({ path: at("cpu"), message: `App Runner runs ${Object.keys(APP_RUNNER_SIZES).join(", ")} CPU units; got ${s.cpu}` });
    else if (!sizes.includes(s.memory)) issues.push({ path: at("memory"), message: `${s.memory} MiB does not fit App Runner CPU ${s.cpu}; allowed: ${sizes.join(", ")} MiB` });
    if (s.paths.length > 0) issues.push({ path: at("paths"), message: "App Runner serves every path of its own URL; paths route on the load balancer (compute: ecs)" });
    if (s.priority !== undefined) issues.push({ path: at("priority"), message: "App Runner services have no listener rule; remove priority" });
    if (s.capacity.spotWeight > 0) issues.push({ path: at("capacity", "spotWeight"), message: "App Runner has no Spot capacity; remove it or run on compute: ecs" });
    if (s.healthCheck.matcher !== undefined) issues.push({ path: at("healthCheck", "matcher"), message: "App Runner's HTTP health check wants a 2xx answer and takes no matcher; remove it" });
    if (s.healthCheck.gracePeriodSeconds !== undefined) {
      issues.push({
        path: at("healthCheck", "gracePeriodSeconds"),
        message: "App Runner has no grace period: a slow starter must pass its checks within intervalSeconds × unhealthyThreshold (at most 20 × 20 = 400 s); raise those, use appRunner.healthCheckProtocol: tcp, or run on compute: ecs, which waits gracePeriodSeconds",
      });
    }
    (s.command ?? []).forEach((arg, k) => {
      if (/\s/.test(arg)) issues.push({ path: at("command", k), message: "App Runner takes the start command as one string split on spaces: an argument cannot contain spaces; wrap the command in a script in the image" });
    });
    const a = s.appRunner;
    const max = a?.maxInstances ?? 10;
    if (a?.minInstances !== undefined) {
      if (a.minInstances > max) issues.push({ path: at("appRunner", "minInstances"), message: `must not exceed maxInstances (${max})` });
    } else if (s.desiredCount !== undefined && s.desiredCount > max) {
      issues.push({ path: at("desiredCount"), message: `is App Runner's minimum instances here and must not exceed appRunner.maxInstances (${max})` });
    } else if (s.desiredCount === undefined && cfg.stage === "prod" && max < 2) {
      issues.push({ path: at("appRunner", "maxInstances"), message: "must be at least the prod default of 2 minimum instances; set appRunner.minInstances to 1 to run fewer" });
    }
    if (a?.minInstances === undefined && s.desiredCount !== undefined && (s.desiredCount < 1 || s.desiredCount > 25)) {
      issues.push({ path: at("desiredCount"), message: "App Runner keeps 1 to 25 instances provisioned; set desiredCount (or appRunner.minInstances) within 1..25" });
    }
    const domain = cfg.domain?.name;
    s.hosts.forEach((host, h) => {
      if (a?.ingress === "private") issues.push({ path: at("hosts", h), message: "a private App Runner service is reached through its VPC ingress connection's own name; custom domains point at its public address: remove hosts or set appRunner.ingress: public" });
      else if (!domain) issues.push({ path: at("hosts", h), message: "App Runner custom domains need the environment's domain (their DNS records go into its hosted zone); set domain or remove hosts" });
      else if (host.startsWith("*.") || host === domain) issues.push({ path: at("hosts", h), message: `App Runner needs a host below the domain, not a wildcard or the zone apex (a CNAME cannot sit at the apex); e.g. ${s.name}.${domain}` });
      else if (!host.endsWith(`.${domain}`)) issues.push({ path: at("hosts", h), message: `${host} is not inside the domain ${domain}; its DNS records are made in that hosted zone` });
    });
    const reasons = vpcEgressReasons(s, cfg);
    if (a?.egress === "public" && reasons.length > 0) {
      issues.push({ path: at("appRunner", "egress"), message: `"${s.name}" needs the VPC (${reasons.join("; ")}): its traffic must leave through the VPC connector; remove egress or set it to vpc` });
    }
    return issues;
  });

/** Health check values the load balancer or App Runner accept, whichever runs the service. */
const healthCheckFits: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    if (!s || s.kind !== "web") return [];
    const limits = HEALTH_CHECK[s.compute];
    const where = s.compute === "ecs" ? "a load balancer health check" : "App Runner";
    const issues: RuleIssue[] = [];
    for (const field of HEALTH_CHECK_FIELDS) {
      const v = s.healthCheck[field];
      if (v !== undefined && (v < limits[field].min || v > limits[field].max)) {
        issues.push({ path: ["services", i, "healthCheck", field], message: `${where} takes ${limits[field].min}–${limits[field].max}; got ${v}` });
      }
    }
    const interval = s.healthCheck.intervalSeconds ?? limits.intervalSeconds.default;
    const timeout = s.healthCheck.timeoutSeconds ?? limits.timeoutSeconds.default;
    if (s.compute === "ecs" && timeout >= interval) issues.push({ path: ["services", i, "healthCheck", "timeoutSeconds"], message: `must be below intervalSeconds (${interval})` });
    return issues;
  });

/** Internal services name their callers; the callers exist and are not the service itself. */
const callersExist: Rule = (cfg) => {
  const services = completeServices(cfg);
  if (!services) return [];
  const names = services.map((s) => s.name);
  return services.flatMap((s, i) =>
    s.kind !== "internal"
      ? []
      : s.callers.flatMap((caller, k) => {
          const at = ["services", i, "callers", k];
          if (caller === s.name) return [{ path: at, message: `"${s.name}" cannot be its own caller` }];
          if (!names.includes(caller)) return [{ path: at, message: `unknown service "${caller}"; services: ${names.join(", ")}` }];
          const c = services.find((x) => x.name === caller)!;
          if (c.kind === "web" && c.compute === "apprunner") return [{ path: at, message: `App Runner service "${caller}" cannot reach service discovery names; run it on compute: ecs` }];
          return s.callers.indexOf(caller) !== k ? [{ path: at, message: `"${caller}" is listed twice` }] : [];
        }),
  );
};

/** Shared secrets exist, hold the keys a service reads, and no variable comes from two places. */
const sharedSecretsResolve: Rule = (cfg) => {
  if (cfg.invalidSections?.includes("sharedSecrets")) return [];
  const declared = cfg.sharedSecrets ?? {};
  return (cfg.services ?? []).flatMap((s, i) => {
    if (!s) return [];
    const issues: RuleIssue[] = [];
    const origin = new Map<string, string>();
    for (const key of s.secrets) origin.set(key, "its own secrets");
    for (const key of Object.keys(s.environment)) if (!origin.has(key)) origin.set(key, "environment");
    for (const [secret, keys] of Object.entries(s.sharedSecrets)) {
      const at = ["services", i, "sharedSecrets", secret];
      const known = declared[secret];
      if (!known) {
        issues.push({ path: at, message: `unknown shared secret "${secret}"; declared in sharedSecrets: ${Object.keys(declared).join(", ") || "(none)"}` });
        continue;
      }
      keys.forEach((key, k) => {
        if (!known.keys.includes(key)) issues.push({ path: [...at, k], message: `shared secret "${secret}" has no key ${key}; its keys: ${known.keys.join(", ")}` });
        const from = origin.get(key);
        if (from) issues.push({ path: [...at, k], message: `${key} already comes from ${from}; a variable has one source` });
        else origin.set(key, `shared secret "${secret}"`);
      });
    }
    return issues;
  });
};

/** Host names fit the domain; one catch-all; priorities unique; conditions within AWS's limit. */
const routingFits: Rule = (cfg) => {
  const issues: RuleIssue[] = [];
  const web = (cfg.services ?? []).flatMap((s, i) => (s?.kind === "web" && s.compute === "ecs" ? [{ s, i }] : []));
  const domain = cfg.domain?.name;
  const routes = web.map(({ s }) => ({ hosts: effectiveHosts(s.name, s.hosts, domain), paths: s.paths, priority: s.priority }));
  const priorities = listenerPriorities(routes);
  const taken = new Map<number, number>();
  const catchAll: number[] = [];
  web.forEach(({ s, i }, k) => {
    s.hosts.forEach((host, h) => {
      if (domain && host !== domain && !host.endsWith(`.${domain}`)) {
        issues.push({ path: ["services", i, "hosts", h], message: `${host} is not inside the domain ${domain}; its certificate and alias record are made in that hosted zone` });
      }
    });
    if (!domain && s.hosts.some((h) => h.startsWith("*."))) {
      issues.push({ path: ["services", i, "hosts"], message: "wildcard hosts need a domain (for the certificate); set domain or list exact hosts" });
    }
    const values = routes[k].hosts.length + routes[k].paths.length;
    if (values > MAX_CONDITION_VALUES) {
      issues.push({ path: ["services", i, "paths"], message: `a listener rule matches at most ${MAX_CONDITION_VALUES} host and path values together; "${s.name}" has ${values}` });
    }
    const isCatchAll = routes[k].hosts.length === 0 && routes[k].paths.length === 0;
    if (isCatchAll) catchAll.push(i);
    // Two catch-alls are reported once, below.
    if (isCatchAll && s.priority === undefined && catchAll.length > 1) return;
    const other = taken.get(priorities[k]);
    if (other !== undefined) issues.push({ path: ["services", i, "priority"], message: `listener rule priority ${priorities[k]} is already taken by services.${other}; set a different priority` });
    else taken.set(priorities[k], i);
  });
  for (const i of catchAll.slice(1)) {
    issues.push({ path: ["services", i], message: `services.${catchAll[0]} already takes every request on the load balancer; give this web service paths or hosts` });
  }
  return issues;
};

/** The load balancer needs subnets in two availability zones, on the side it faces. */
const loadBalancerPlacement: Rule = (cfg) => {
  if (!(cfg.services ?? []).some((s) => s && isEcsWeb(s)) || !cfg.network) return [];
  const internal = loadBalancerIsInternal(cfg);
  if (cfg.network.mode === "existing") {
    const field = internal ? "privateSubnetIds" : "publicSubnetIds";
    return cfg.network[field].length < 2
      ? [{ path: ["network", field], message: `an ${internal ? "internal" : "internet-facing"} load balancer needs ${internal ? "private" : "public"} subnets in at least 2 availability zones; got ${cfg.network[field].length}` }]
      : [];
  }
  return (cfg.availabilityZones?.length ?? 2) < 2
    ? [{ path: ["availabilityZones"], message: "a load balancer needs subnets in at least 2 availability zones; list a second zone" }]
    : [];
};

/** Scaling bounds, targets and schedules that ECS and Application Auto Scaling accept. */
const scalingFits: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    if (!s || s.kind === "task" || s.kind === "job") return [];
    const at = (...p: Array<string | number>) => ["services", i, ...p];
    const issues: RuleIssue[] = [];
    const a = s.autoscaling;
    const singleton = isSingleton(s, cfg.fileSystem?.clients);
    if (singleton) {
      if (a) issues.push({ path: at("autoscaling"), message: `"${s.name}" runs as a singleton (one task writing its data), so it cannot scale; remove autoscaling or set singleton: false` });
      if (s.desiredCount !== undefined && s.desiredCount > 1) issues.push({ path: at("desiredCount"), message: `"${s.name}" runs as a singleton; desiredCount can only be 0 or 1` });
    }
    if (s.deployment.maximumPercent <= s.deployment.minimumHealthyPercent) {
      issues.push({ path: at("deployment", "maximumPercent"), message: `must be above minimumHealthyPercent (${s.deployment.minimumHealthyPercent}) or no new task can start during a deployment` });
    }
    if (!a) return issues;
    if (a.min > a.max) issues.push({ path: at("autoscaling", "min"), message: `must not exceed max (${a.max})` });
    if (a.cpuPercent === undefined && a.memoryPercent === undefined && a.requestsPerTarget === undefined && a.schedule.length === 0) {
      issues.push({ path: at("autoscaling"), message: "scales on nothing: set cpuPercent, memoryPercent, requestsPerTarget and/or schedule" });
    }
    if (a.requestsPerTarget !== undefined && !(s.kind === "web" && s.compute === "ecs")) {
      issues.push({ path: at("autoscaling", "requestsPerTarget"), message: `only web services behind the load balancer have requests to count; "${s.name}" is a ${s.kind}` });
    }
    if (s.desiredCount !== undefined && (s.desiredCount < a.min || s.desiredCount > a.max)) {
      issues.push({ path: at("desiredCount"), message: `must be within autoscaling.min..max (${a.min}..${a.max})` });
    }
    a.schedule.forEach((w, k) => {
      if (w.min > w.max) issues.push({ path: at("autoscaling", "schedule", k, "min"), message: `must not exceed max (${w.max})` });
      if (a.schedule.findIndex((x) => x.name === w.name) !== k) issues.push({ path: at("autoscaling", "schedule", k, "name"), message: `schedule name "${w.name}" is used twice` });
    });
    if (s.kind === "web" && s.compute === "apprunner") issues.push({ path: at("autoscaling"), message: "App Runner scales on concurrent requests per instance: use appRunner.minInstances, maxInstances and maxConcurrency instead of autoscaling" });
    return issues;
  });

/** Container health check timing Docker accepts. */
const containerHealthCheckFits: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    const hc = s && s.kind !== "job" ? s.container.healthCheck : undefined;
    return hc && hc.timeoutSeconds >= hc.intervalSeconds
      ? [{ path: ["services", i, "container", "healthCheck", "timeoutSeconds"], message: `must be below intervalSeconds (${hc.intervalSeconds})` }]
      : [];
  });

/** Variables the platform sets in every task, and for clients of each data store. */
const PLATFORM_VARIABLES = ["APP_ENVIRONMENT", "AWS_REGION"];
const DATABASE_VARIABLES = ["DB_HOST", "DB_PORT", "DB_NAME", "DB_USERNAME", "DB_SSLMODE", "DB_AUTH", "DB_SECRET_ARN"];
const CACHE_VARIABLES = ["REDIS_HOST", "REDIS_PORT", "REDIS_USERNAME", "REDIS_TLS", "REDIS_AUTH"];

/** A variable the platform sets cannot also come from the config: one of them would silently lose. */
const noPlatformVariables: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    if (!s) return [];
    const taken = new Map<string, string>(PLATFORM_VARIABLES.map((v) => [v, "the platform"]));
    if (cfg.database?.clients.includes(s.name)) for (const v of DATABASE_VARIABLES) taken.set(v, "database.clients");
    if (cfg.cache?.clients.includes(s.name)) for (const v of CACHE_VARIABLES) taken.set(v, "cache.clients");
    const mine: Array<{ name: string; path: Array<string | number> }> = [
      ...Object.keys(s.environment).map((name) => ({ name, path: ["services", i, "environment", name] })),
      ...s.secrets.map((name, n) => ({ name, path: ["services", i, "secrets", n] })),
      ...Object.entries(s.sharedSecrets).flatMap(([secret, keys]) => keys.map((name, n) => ({ name, path: ["services", i, "sharedSecrets", secret, n] }))),
    ];
    return mine.flatMap(({ name, path }) => {
      const by = taken.get(name);
      return by ? [{ path, message: `${name} is set by ${by} for "${s.name}"; choose another name` }] : [];
    });
  });

/**
 * Without a domain an internet-facing load balancer answers plain HTTP on its
 * public address: a task that calls it needs port 80 open to any address, which
 * the config must say (egressPorts) rather than the platform widening it silently.
 */
const loadBalancerCallersOpenHttp: Rule = (cfg) => {
  const services = completeServices(cfg);
  if (!services || cfg.domain || loadBalancerIsInternal(cfg) || !services.some(isEcsWeb)) return [];
  const web = new Set(services.filter(isEcsWeb).map((s) => s.name));
  return services.flatMap((s, i) => {
    // An App Runner service on App Runner's own egress has no security group: nothing to open.
    const ownEgress = s.kind === "web" && s.compute === "apprunner" && appRunnerEgress(s, cfg) === "public";
    const call = ownEgress || s.egressPorts.includes(80) ? undefined : loadBalancerReference(s.environment, web, cfg.frontend?.type === "none");
    return call
      ? [{ path: ["services", i, "egressPorts"], message: `"${s.name}" calls the load balancer (${call[0]}: ${call[1]}), which without a domain answers plain HTTP on its public address; add 80 to egressPorts (any address), or give the environment a domain` }]
      : [];
  });
};

/** Writable paths, exec's agent directories and EFS mounts of one container must not collide. */
const mountsDistinct: Rule = (cfg) =>
  (cfg.services ?? []).flatMap((s, i) => {
    if (!s) return [];
    const issues: RuleIssue[] = [];
    const seen = new Map<string, string>();
    const volumes = new Map<string, string>();
    const claim = (p: string, by: string, at: Array<string | number>) => {
      const other = seen.get(p);
      if (other) issues.push({ path: at, message: `${p} is also ${other}; a container path is mounted once` });
      else seen.set(p, by);
    };
    s.container.writablePaths.forEach((p, k) => {
      claim(p, "a writable path", ["services", i, "container", "writablePaths", k]);
      const volume = scratchVolumeName(p);
      const other = volumes.get(volume);
      if (other && other !== p) issues.push({ path: ["services", i, "container", "writablePaths", k], message: `${p} and ${other} would share the scratch volume ${volume}; rename one directory` });
      else volumes.set(volume, p);
    });
    for (const point of cfg.fileSystem?.clients[s.name] ?? []) {
      const mount = cfg.fileSystem?.accessPoints[point]?.mountPath ?? `/data/${point}`;
      if (seen.has(mount)) issues.push({ path: ["fileSystem", "clients", s.name], message: `access point ${point} mounts at ${mount}, which "${s.name}" also lists in container.writablePaths` });
    }
    return issues;
  });

/** Values AWS refuses at apply that the field schemas cannot see. */
const awsLimits: Rule = (cfg, environment) => {
  const issues: RuleIssue[] = [];
  if (cfg.project && (cfg.services ?? []).some((s) => s && isEcsWeb(s)) && `${cfg.project}-${environment}`.startsWith("internal-")) {
    issues.push({ path: ["project"], message: `the load balancer would be named ${cfg.project}-${environment}, and load balancer names may not start with "internal-"; choose another project name` });
  }
  if (cfg.domain) {
    const first = (cfg.services ?? []).flatMap((s) => (s?.kind === "web" && s.compute === "ecs" ? effectiveHosts(s.name, s.hosts, cfg.domain?.name) : []))[0];
    const i = (cfg.services ?? []).findIndex((s) => s?.kind === "web" && s.compute === "ecs");
    if (first && first.length > 64) issues.push({ path: ["services", i, "hosts", 0], message: `${first} is ${first.length} characters; the certificate's first name may have at most 64 (ACM). List a shorter host first` });
  }
  (cfg.services ?? []).forEach((s, i) => {
    if (!s || s.kind === "task" || s.kind === "job" || !s.autoscaling) return;
    if (s.autoscaling.min === 0 && s.autoscaling.schedule.length === 0) {
      issues.push({ path: ["services", i, "autoscaling", "min"], message: "with min 0 and no schedule, a service that reaches 0 tasks has no metrics to scale out on and never starts again; set min to at least 1, or add a schedule that raises it" });
    }
  });
  return issues;
};

export const SERVICE_RULES: readonly Rule[] = [
  noPlatformVariables,
  loadBalancerCallersOpenHttp,
  mountsDistinct,
  awsLimits,
  referencesResolve,
  appRunnerReferencesAcyclic,
  submittedJobsExist,
  callersExist,
  sharedSecretsResolve,
  routingFits,
  loadBalancerPlacement,
  scalingFits,
  appRunnerFits,
  healthCheckFits,
  containerHealthCheckFits,
];
