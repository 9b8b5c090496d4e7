/**
 * The edge's configuration (config/frontend-schema.ts, config/frontend.ts): the
 * `frontend` and `waf` sections, their cross-field rules (frontendIssues) with
 * path, message, line and column, what they resolve to (hosts, price class, WAF,
 * the load balancer's scheme, where app.url comes from and who reads it from
 * SSM), and the site's assets (config/load.ts resolveAssets): where they must be
 * and the content hash that decides an upload.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseEnvironment } from "../config/load";
import { publicUrlOf, publishedUrlReaders } from "../config/frontend";
import { apiOnAppRunner, devWith, lineOf, onlyProblem, problemsOf, prodWith, stagingWith } from "./support/config-text";

const resolve = (text: string, environment: string) => parseEnvironment(text, environment, `${environment}.yaml`, {});

/** What a web service hears when one of its hosts is also the distribution's. */
const distributionHost = (host: string) =>
  `${host} is a host of the distribution (frontend.hosts); one name cannot point at both CloudFront and the service. Reach the service through the frontend's routes, or give it another host`;

describe("frontend.type decides which settings mean something", () => {
  it("type: service needs the service that answers every path: refused at the frontend section's line", () => {
    const text = prodWith((d) => (d.frontend = { type: "service" }));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "frontend.service",
      message: "type: service needs the web service that answers every path (frontend.service)",
      line: lineOf(text, "frontend:"),
      column: 1,
    });
  });

  it("a default service with type: static is refused: only type: service has one", () => {
    const text = devWith((d) => (d.frontend.service = "api"));
    expect(onlyProblem(text)).toEqual({
      path: "frontend.service",
      message: "only type: service has a default service; with type: static route paths with frontend.routes",
      line: lineOf(text, "service: api", lineOf(text, "frontend:")),
      column: 12,
    });
  });

  it("assets with type: service are refused: only a static site is published", () => {
    const text = prodWith((d) => (d.frontend = { type: "service", service: "api", assets: { directory: "examples/site" } }));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "frontend.assets",
      message: "assets are published only with type: static; type is service",
      line: lineOf(text, "assets:"),
      column: 3,
    });
  });

  it("assets with type: none are refused", () => {
    // dev's api refers to app.url, which with type: none is the load balancer's (plain HTTP): it needs port 80.
    const text = devWith((d) => ((d.frontend.type = "none"), (d.services[0].egressPorts = [80])));
    expect(onlyProblem(text)).toEqual({ path: "frontend.assets", message: "assets are published only with type: static; type is none", line: lineOf(text, "assets:"), column: 3 });
  });

  it.each([
    ["hosts", ["acme-ai.example.com"], "hosts:"],
    ["geoRestriction", { type: "deny", countries: ["RU"] }, "geoRestriction:"],
    ["priceClass", "PriceClass_200", "priceClass:"],
  ])("%s is refused with type: none (there is no distribution)", (key, value, needle) => {
    const text = prodWith((d) => (d.frontend = { type: "none", [key]: value }));
    expect(onlyProblem(text, "prod")).toEqual({
      path: `frontend.${key}`,
      message: "ignored with type: none (no distribution)",
      line: lineOf(text, needle, lineOf(text, "frontend:")),
      column: key === "priceClass" ? 15 : 3,
    });
  });

  it("routes are refused with type: none, suggesting type: static", () => {
    // With type: none, the api's app.url is the load balancer's plain-HTTP URL: it needs port 80.
    const text = stagingWith((d) => {
      d.frontend.type = "none";
      delete d.frontend.assets;
      d.services[0].egressPorts.push(80);
    });
    expect(onlyProblem(text, "staging")).toEqual({
      path: "frontend.routes",
      message: "ignored with type: none (no distribution); remove it or choose type: static",
      line: lineOf(text, "routes:"),
      column: 3,
    });
  });
});

describe("frontend.hsts", () => {
  const PRELOAD = "browsers' preload lists require includeSubdomains: true and maxAgeSeconds of at least 31536000 (one year)";

  it("preload without includeSubdomains is refused at preload", () => {
    const text = devWith((d) => (d.frontend.hsts = { preload: true }));
    expect(onlyProblem(text)).toEqual({ path: "frontend.hsts.preload", message: PRELOAD, line: lineOf(text, "preload: true"), column: 14 });
  });

  it("preload with a max age one second below a year is refused", () => {
    const text = devWith((d) => (d.frontend.hsts = { preload: true, includeSubdomains: true, maxAgeSeconds: 31535999 }));
    expect(onlyProblem(text)).toEqual({ path: "frontend.hsts.preload", message: PRELOAD, line: lineOf(text, "preload: true"), column: 14 });
  });

  it("preload with includeSubdomains and exactly a year loads", () => {
    const c = resolve(devWith((d) => (d.frontend.hsts = { preload: true, includeSubdomains: true, maxAgeSeconds: 31536000 })), "dev");
    expect(c.frontend.hsts).toEqual({ preload: true, includeSubdomains: true, maxAgeSeconds: 31536000 });
  });

  it("defaults to two years, without includeSubdomains or preload", () => {
    expect(resolve(devWith(() => undefined), "dev").frontend.hsts).toEqual({ maxAgeSeconds: 63072000, includeSubdomains: false, preload: false });
  });
});

describe("frontend.hosts", () => {
  it("custom hosts without a domain are refused: there is no zone for the certificate", () => {
    const text = devWith((d) => (d.frontend.hosts = ["app.example.com"]));
    expect(onlyProblem(text)).toEqual({
      path: "frontend.hosts",
      message: "custom hosts need the environment's domain (a Route53 hosted zone for the certificate and records)",
      line: lineOf(text, "hosts:"),
      column: 3,
    });
  });

  it("a host outside the domain is refused at its own line", () => {
    const text = prodWith((d) => (d.frontend.hosts = ["acme-ai.example.com", "acme-ai.example.org"]));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "frontend.hosts.1",
      message: "acme-ai.example.org is not inside the domain acme-ai.example.com",
      line: lineOf(text, "- acme-ai.example.org"),
      column: 7,
    });
  });

  it("a host that only ends with the domain's letters is outside it", () => {
    const text = prodWith((d) => (d.frontend.hosts = ["notacme-ai.example.com"]));
    expect(onlyProblem(text, "prod")).toMatchObject({ path: "frontend.hosts.0", message: "notacme-ai.example.com is not inside the domain acme-ai.example.com" });
  });

  it("a host listed twice is refused at the second", () => {
    const text = prodWith((d) => (d.frontend.hosts = ["acme-ai.example.com", "acme-ai.example.com"]));
    expect(problemsOf(text, "prod").map((p) => [p.path, p.message])).toEqual([["frontend.hosts.1", '"acme-ai.example.com" is listed twice']]);
  });

  it("a subdomain of the domain is inside it and becomes the only host", () => {
    expect(resolve(prodWith((d) => (d.frontend.hosts = ["app.acme-ai.example.com"])), "prod").frontend.hosts).toEqual(["app.acme-ai.example.com"]);
  });

  it("a web service's explicit host equal to the distribution's (the domain by default) is refused at the service's host", () => {
    const text = prodWith((d) => (d.services[0].hosts = ["acme-ai.example.com"]));
    expect(onlyProblem(text, "prod")).toEqual({ path: "services.0.hosts.0", message: distributionHost("acme-ai.example.com"), line: lineOf(text, "- acme-ai.example.com"), column: 9 });
  });

  it("a web service's default host <name>.<domain> equal to a frontend host is refused at the service", () => {
    const text = prodWith((d) => ((d.frontend.hosts = ["api.acme-ai.example.com"]), delete d.services[0].hosts));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "services.0.hosts",
      message: distributionHost("api.acme-ai.example.com"),
      line: lineOf(text, "- name: api"),
      column: 5,
    });
  });

  it("origin.<domain> as a frontend host is refused: it is the load balancer's name for CloudFront", () => {
    const text = prodWith((d) => (d.frontend.hosts = ["acme-ai.example.com", "origin.acme-ai.example.com"]));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "frontend.hosts.1",
      message: "origin.acme-ai.example.com is the load balancer's origin name; choose another host",
      line: lineOf(text, "- origin.acme-ai.example.com"),
      column: 7,
    });
  });

  it("origin.<domain> as a web service's host is refused", () => {
    const text = prodWith((d) => (d.services[0].hosts = ["origin.acme-ai.example.com"]));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "services.0.hosts.0",
      message: "origin.acme-ai.example.com is the load balancer's origin name for CloudFront; choose another host",
      line: lineOf(text, "- origin.acme-ai.example.com"),
      column: 9,
    });
  });

  it("a wildcard service host that matches origin.<domain> is refused: its rule would take CloudFront's requests", () => {
    const text = prodWith((d) => d.services.push({ name: "tenants", kind: "web", port: 3000, image: { tag: "1.0" }, hosts: ["*.acme-ai.example.com"] }));
    expect(problemsOf(text, "prod").map((p) => [p.path, p.message, p.line])).toEqual([
      [
        "services.4.hosts.0",
        "*.acme-ai.example.com matches origin.acme-ai.example.com, the name CloudFront reaches the load balancer by: its listener rule would take CloudFront's requests; list the hosts it serves instead",
        lineOf(text, "- \"*.acme-ai.example.com\""),
      ],
      [
        "services.4.hosts.0",
        "*.acme-ai.example.com and the distribution's host acme-ai.example.com share one ACM validation record, which the services and frontend phases would both own; list the service's hosts without the wildcard",
        lineOf(text, "- \"*.acme-ai.example.com\""),
      ],
    ]);
  });

  it("a wildcard that cannot match the origin's name, without CloudFront in front of the load balancer, is fine", () => {
    const text = prodWith((d) => {
      d.frontend.routes = [];
      d.frontend.hosts = ["www.acme-ai.example.com"];
      d.services.push({ name: "tenants", kind: "web", port: 3000, image: { tag: "1.0" }, hosts: ["*.tenants.acme-ai.example.com"] });
    });
    expect(resolve(text, "prod").services.find((s) => s.name === "tenants")).toMatchObject({ hosts: ["*.tenants.acme-ai.example.com"] });
  });

  it("a web service named origin is refused: its default host is origin.<domain>", () => {
    const text = prodWith((d) => d.services.push({ name: "origin", kind: "web", port: 3000, image: { tag: "1.0" } }));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "services.4.hosts",
      message: "origin.acme-ai.example.com is the load balancer's origin name for CloudFront; choose another host",
      line: lineOf(text, "- name: origin"),
      column: 5,
    });
  });
});

describe("frontend.routes", () => {
  it("a route to an unknown service is refused, listing the web services", () => {
    const text = stagingWith((d) => (d.frontend.routes[0].service = "nope"));
    expect(onlyProblem(text, "staging")).toEqual({ path: "frontend.routes.0.service", message: 'unknown service "nope"; web services: api', line: lineOf(text, "service: nope"), column: 16 });
  });

  it("a route to a worker is refused: only web services have a port on the load balancer", () => {
    const text = stagingWith((d) => (d.frontend.routes[0].service = "worker"));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "frontend.routes.0.service",
      message: '"worker" is a worker service; CloudFront routes to web services (they have a port on the load balancer)',
      line: lineOf(text, "service: worker"),
      column: 16,
    });
  });

  it("a route to an App Runner service is refused, pointing to ECS", () => {
    const text = devWith((d) => (apiOnAppRunner(d), (d.frontend.routes = [{ paths: ["/api/*"], service: "api" }])));
    expect(onlyProblem(text)).toEqual({
      path: "frontend.routes.0.service",
      message: '"api" runs on App Runner, whose URL is public and cannot be limited to CloudFront; run it on ECS (compute: ecs) to serve it through the distribution',
      line: lineOf(text, "service: api", lineOf(text, "routes:")),
      column: 16,
    });
  });

  it("type: service's default service is checked like a route's", () => {
    const text = prodWith((d) => (d.frontend = { type: "service", service: "worker" }));
    expect(onlyProblem(text, "prod")).toMatchObject({ path: "frontend.service", message: '"worker" is a worker service; CloudFront routes to web services (they have a port on the load balancer)' });
  });

  it("the same path in two routes is refused at the second, naming the first", () => {
    const text = stagingWith((d) => d.frontend.routes.push({ paths: ["/auth/*", "/api/*"], service: "api" }));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "frontend.routes.1.paths.1",
      message: "/api/* is already routed by frontend.routes.0; CloudFront would never use this one",
      line: lineOf(text, "- /api/*", lineOf(text, "- /auth/*")),
      column: 11,
    });
  });

  it("loadBalancer.internal: false is refused while CloudFront routes to the load balancer", () => {
    const text = stagingWith((d) => (d.loadBalancer.internal = false));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "loadBalancer.internal",
      message:
        "CloudFront fronts the load balancer (frontend routes), so it must be internal: an internet-facing one could be reached directly, bypassing the CDN and its firewall. Remove the setting (internal is the default then)",
      line: lineOf(text, "internal: false"),
      column: 13,
    });
  });

  it("loadBalancer.internal: false is fine without routes", () => {
    const c = resolve(devWith((d) => (d.loadBalancer = { internal: false })), "dev");
    expect(c.loadBalancer.internal).toBe(false);
  });

  it("a service's explicit priority may not take one of CloudFront's listener rule priorities (40000 + n)", () => {
    const problems = problemsOf(stagingWith((d) => (d.services[0].priority = 40000)), "staging");
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      ["services.0.priority", "priorities 40000–49999 are the listener rules of CloudFront's paths (frontend routes); choose a priority below 40000"],
    ]);
  });
});

describe("caching and timeouts that would break a deploy or a stream", () => {
  it("an immutable pattern matching the index document is refused: browsers would keep an old index for a year", () => {
    const text = devWith((d) => (d.frontend.assets.immutable = ["assets/*", "*.html"]));
    expect(onlyProblem(text)).toEqual({
      path: "frontend.assets.immutable.1",
      message: "*.html matches the index document index.html: browsers would keep an old index for a year and never see a new deploy",
      line: lineOf(text, "- \"*.html\""),
      column: expect.any(Number),
    });
  });

  it("CloudFront may not wait longer for a silent response than the load balancer keeps the connection", () => {
    const text = stagingWith((d) => ((d.loadBalancer.idleTimeoutSeconds = 60), (d.frontend.originReadTimeoutSeconds = 120)));
    expect(onlyProblem(text, "staging")).toMatchObject({
      path: "frontend.originReadTimeoutSeconds",
      message: "CloudFront would wait 120 s for a silent response, but the load balancer closes idle connections after 60 s (loadBalancer.idleTimeoutSeconds); raise that to at least 120",
    });
  });

  it("the read timeout is free when CloudFront does not reach the load balancer", () => {
    expect(resolve(devWith((d) => (d.frontend.originReadTimeoutSeconds = 120)), "dev").frontend.originReadTimeoutSeconds).toBe(120);
  });
});

describe("schema: path patterns, assets, the firewall", () => {
  it("/* is refused as a route: it is the default behaviour", () => {
    const text = stagingWith((d) => (d.frontend.routes[0].paths = ["/*"]));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "frontend.routes.0.paths.0",
      message: "/* is the default behaviour; route the whole site with type: service instead",
      line: lineOf(text, "- /*"),
      column: 11,
    });
  });

  it("a path with a space is refused", () => {
    const text = stagingWith((d) => (d.frontend.routes[0].paths = ["/api /*"]));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "frontend.routes.0.paths.0",
      message: "must be a path pattern starting with /, such as /api/* or /_next/static/*",
      line: lineOf(text, "- /api /*"),
      column: 11,
    });
  });

  it("more than 24 path patterns in all are refused (CloudFront's 25 behaviours, one the default)", () => {
    const route = (r: number) => ({ paths: [0, 1, 2, 3, 4].map((p) => `/r${r}p${p}/*`), service: "api" });
    const text = stagingWith((d) => (d.frontend.routes = [0, 1, 2, 3, 4].map(route)));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "frontend.routes",
      message: "at most 24 path patterns in all: CloudFront's default quota is 25 cache behaviours per distribution, one of them the default",
      line: lineOf(text, "routes:"),
      column: 3,
    });
  });

  it("24 path patterns in all load, in the order given", () => {
    const paths = Array.from({ length: 24 }, (_, i) => `/p${i}/*`);
    const c = resolve(stagingWith((d) => (d.frontend.routes = [0, 5, 10, 15, 20].map((start) => ({ paths: paths.slice(start, start + 5), service: "api" })))), "staging");
    expect(c.frontend.routes.flatMap((r) => r.paths)).toEqual(paths);
  });

  it.each(["../site", "web/../../site", "/srv/site"])("assets.directory %s is refused: relative to the project root, without ..", (directory) => {
    const text = devWith((d) => (d.frontend.assets.directory = directory));
    expect(problemsOf(text)).toEqual([
      { path: "frontend.assets.directory", message: "must be a path relative to the project root, such as web/dist, without .. segments", line: lineOf(text, "directory:"), column: 16 },
    ]);
  });

  it("a rate limit below 10 requests is refused", () => {
    const text = stagingWith((d) => (d.waf.rateLimit = 9));
    expect(onlyProblem(text, "staging")).toEqual({ path: "waf.rateLimit", message: "Too small: expected number to be >=10", line: lineOf(text, "rateLimit: 9"), column: 14 });
  });
});

describe("resolution", () => {
  it("hosts default to the domain with a domain", () => {
    expect(resolve(prodWith(() => undefined), "prod").frontend.hosts).toEqual(["acme-ai.example.com"]);
  });

  it("hosts are empty without a domain: the distribution's own name serves", () => {
    expect(resolve(devWith(() => undefined), "dev").frontend.hosts).toEqual([]);
  });

  it("hosts are empty with type: none, even with a domain", () => {
    expect(resolve(prodWith((d) => (d.frontend = { type: "none" })), "prod").frontend.hosts).toEqual([]);
  });

  it.each([
    ["dev", "PriceClass_100"],
    ["staging", "PriceClass_100"],
    ["prod", "PriceClass_All"],
  ] as const)("%s's price class defaults to %s", (environment, priceClass) => {
    const text = { dev: devWith, staging: stagingWith, prod: prodWith }[environment](() => undefined);
    expect(resolve(text, environment).frontend.priceClass).toBe(priceClass);
  });

  it("an explicit price class wins over prod's default", () => {
    expect(resolve(prodWith((d) => (d.frontend.priceClass = "PriceClass_200")), "prod").frontend.priceClass).toBe("PriceClass_200");
  });

  it.each([
    ["dev", false],
    ["staging", false],
    ["prod", true],
  ] as const)("without a waf section, %s's firewall is enabled: %s (rate limit 2000, SizeRestrictions_BODY counted)", (environment, enabled) => {
    const text = { dev: devWith, staging: stagingWith, prod: prodWith }[environment]((d) => delete d.waf);
    expect(resolve(text, environment).waf).toEqual({ enabled, rateLimit: 2000, countOnly: { AWSManagedRulesCommonRuleSet: ["SizeRestrictions_BODY"] } });
  });

  it("waf.enabled: false turns prod's firewall off", () => {
    expect(resolve(prodWith((d) => (d.waf = { enabled: false })), "prod").waf.enabled).toBe(false);
  });

  it("the load balancer is internal when frontend routes reach it", () => {
    expect(resolve(stagingWith(() => undefined), "staging").loadBalancer.internal).toBe(true);
  });

  it("the load balancer is internet-facing without routes", () => {
    expect(resolve(stagingWith((d) => (d.frontend.routes = [])), "staging").loadBalancer.internal).toBe(false);
  });

  it("type: service makes the load balancer internal: CloudFront sends it every path", () => {
    expect(resolve(prodWith((d) => (d.frontend = { type: "service", service: "api" })), "prod").loadBalancer.internal).toBe(true);
  });

  it("loadBalancer.internal: true without routes stays internal", () => {
    expect(resolve(devWith((d) => (d.loadBalancer = { internal: true })), "dev").loadBalancer.internal).toBe(true);
  });
});

describe("app.url", () => {
  it("with a domain it is the first frontend host, known at synthesis", () => {
    expect(publicUrlOf(resolve(prodWith((d) => (d.frontend.hosts = ["app.acme-ai.example.com", "acme-ai.example.com"])), "prod"))).toEqual({ kind: "known", url: "https://app.acme-ai.example.com" });
  });

  it("without a domain it is published by the frontend phase", () => {
    expect(publicUrlOf(resolve(devWith(() => undefined), "dev"))).toEqual({ kind: "published" });
  });

  it("with type: none it is the load balancer's URL, even with a domain", () => {
    expect(publicUrlOf(resolve(prodWith((d) => (d.frontend = { type: "none" })), "prod"))).toEqual({ kind: "loadBalancer" });
  });

  it("services that read a published URL are exactly those referring to app.url", () => {
    const c = resolve(devWith((d) => (d.services[1].environment.SITE = { ref: "app.url" })), "dev");
    expect(publishedUrlReaders(c).map((s) => s.name)).toEqual(["api", "worker"]);
    expect(publishedUrlReaders(resolve(devWith(() => undefined), "dev")).map((s) => s.name)).toEqual(["api"]);
  });

  it("nobody reads a published URL when the URL is known (a domain)", () => {
    expect(publishedUrlReaders(resolve(prodWith(() => undefined), "prod"))).toEqual([]);
  });

  it("nobody reads a published URL with type: none", () => {
    expect(publishedUrlReaders(resolve(devWith((d) => ((d.frontend = { type: "none" }), (d.services[0].egressPorts = [80]))), "dev"))).toEqual([]);
  });

  it("with type: none, app.url is a call to the load balancer: without a domain the caller needs port 80", () => {
    const text = devWith((d) => (d.frontend = { type: "none" }));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.egressPorts",
      message:
        '"api" calls the load balancer (CORS_ORIGIN: app.url), which without a domain answers plain HTTP on its public address; add 80 to egressPorts (any address), or give the environment a domain',
      line: lineOf(text, "- name: api"),
      column: 5,
    });
  });
});

describe("assets: where the site is and when it is published again", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "config-frontend-"));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  };
  /** dev with the given assets, loaded with the temp dir as project root. */
  const textWith = (assets: Record<string, unknown>) => devWith((d) => (d.frontend.assets = assets));
  const load = (assets: Record<string, unknown>) => parseEnvironment(textWith(assets), "dev", "dev.yaml", {}, root);
  const problemsIn = (assets: Record<string, unknown>) => {
    try {
      load(assets);
    } catch (err) {
      return (err as { problems: unknown[] }).problems;
    }
    throw new Error("expected a ConfigError");
  };
  const hashOf = (assets: Record<string, unknown>) => load(assets).frontend.assets!.hash;
  const built = { directory: "site" };
  const fromSource = { directory: "web/dist", build: { command: "npm ci && npm run build", workingDirectory: "web" } };

  it("a missing built folder is refused, naming its absolute path and the project root, at its line", () => {
    const text = textWith(built);
    expect(problemsIn(built)).toEqual([
      {
        path: "frontend.assets.directory",
        message: `${path.join(root, "site")} is not a directory: build the site first, or give frontend.assets.build so the deploy builds it (paths are relative to the project root ${root})`,
        line: lineOf(text, "directory: site"),
        column: 16,
      },
    ]);
  });

  it("a file where the built folder should be is refused too", () => {
    write("site", "not a folder");
    expect(problemsIn(built)).toEqual([
      {
        path: "frontend.assets.directory",
        message: `${path.join(root, "site")} is not a directory: build the site first, or give frontend.assets.build so the deploy builds it (paths are relative to the project root ${root})`,
        line: lineOf(textWith(built), "directory: site"),
        column: 16,
      },
    ]);
  });

  it("with a build, the working directory must exist", () => {
    const text = textWith(fromSource);
    expect(problemsIn(fromSource)).toEqual([
      {
        path: "frontend.assets.build.workingDirectory",
        message: `${path.join(root, "web")} is not a directory (paths are relative to the project root ${root})`,
        line: lineOf(text, "workingDirectory: web"),
        column: 25,
      },
    ]);
  });

  it("with a build, the output folder need not exist yet; paths resolve against the project root", () => {
    write("web/package.json", "{}");
    expect(load(fromSource).frontend.assets).toEqual({
      directory: path.join(root, "web/dist"),
      build: { command: "npm ci && npm run build", workingDirectory: path.join(root, "web") },
      immutable: ["assets/*", "static/*"],
      hash: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it("the hash stays when nothing changes", () => {
    write("site/index.html", "<html></html>");
    write("site/assets/app-1.js", "console.log(1)");
    expect(hashOf(built)).toBe(hashOf(built));
  });

  it("the same sources in another checkout give the same hash (no absolute path goes in)", () => {
    write("web/src/main.ts", "export {}");
    const here = hashOf(fromSource);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "config-frontend-other-"));
    try {
      fs.cpSync(path.join(root, "web"), path.join(other, "web"), { recursive: true });
      expect(parseEnvironment(textWith(fromSource), "dev", "dev.yaml", {}, other).frontend.assets!.hash).toBe(here);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it("the hash changes when a file's content changes", () => {
    write("site/index.html", "<html></html>");
    const before = hashOf(built);
    write("site/index.html", "<html>v2</html>");
    expect(hashOf(built)).not.toBe(before);
  });

  it("the hash changes when a file is added", () => {
    write("site/index.html", "<html></html>");
    const before = hashOf(built);
    write("site/robots.txt", "");
    expect(hashOf(built)).not.toBe(before);
  });

  it("the hash changes with the immutable patterns (they decide the files' cache headers)", () => {
    write("site/index.html", "<html></html>");
    expect(hashOf({ ...built, immutable: ["_app/*"] })).not.toBe(hashOf(built));
  });

  it("with a build, the hash ignores node_modules, .git and the output folder under the working directory", () => {
    write("web/src/main.ts", "export {}");
    const before = hashOf(fromSource);
    write("web/node_modules/react/index.js", "module.exports = 1");
    write("web/.git/HEAD", "ref: refs/heads/main");
    write("web/dist/index.html", "<html></html>");
    write("web/packages/ui/node_modules/x/index.js", "1");
    expect(hashOf(fromSource)).toBe(before);
  });

  it("with a build, the hash follows the sources in the working directory", () => {
    write("web/src/main.ts", "export {}");
    const before = hashOf(fromSource);
    write("web/src/main.ts", "export const x = 1");
    expect(hashOf(fromSource)).not.toBe(before);
  });

  it("a file reached through a symlink counts in the hash (aws s3 sync uploads it)", () => {
    write("site/index.html", "<html></html>");
    write("shared/config.js", "window.API = 1");
    fs.symlinkSync(path.join(root, "shared"), path.join(root, "site", "shared"));
    const before = hashOf(built);
    write("shared/config.js", "window.API = 2");
    expect(hashOf(built)).not.toBe(before);
  });

  it("CRLF and LF line endings give the same hash", () => {
    write("site/index.html", "<html>\n<body></body>\n</html>\n");
    const lf = hashOf(built);
    write("site/index.html", "<html>\r\n<body></body>\r\n</html>\r\n");
    expect(hashOf(built)).toBe(lf);
  });
});
