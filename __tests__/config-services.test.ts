/**
 * The service model (issue 9): services as a union on `kind`, the cross-field
 * rules of config/service-rules.ts, and the defaults resolveService applies.
 * One behaviour per test; each failing case names the exact path and message.
 */
import type { ResolvedInternalService, ResolvedRunningService, ResolvedWebService } from "../config/defaults";
import { loadEnvironment, parseEnvironment } from "../config/load";
import { apiOnAppRunner, devWith, lineOf, messageFor, onlyProblem, problemsOf, prodWith, stagingWith } from "./support/config-text";
import { Names } from "../config/names";

const resolve = (text: string, environment: string) => parseEnvironment(text, environment, `${environment}.yaml`, {});
const service = <T = ResolvedRunningService>(c: ReturnType<typeof resolve>, name: string) => c.services.find((s) => s.name === name) as T;

/** A second web service on dev's load balancer. */
const admin = (extra: Record<string, unknown> = {}) => ({ kind: "web", name: "admin", port: 3000, image: { tag: "1.0" }, ...extra });

/** An existing VPC with the given subnets. */
const existingVpc = (publicSubnetIds: string[], privateSubnetIds: string[]) => ({
  mode: "existing",
  vpcId: "vpc-0123456789abcdef0",
  vpcCidr: "10.0.0.0/16",
  publicSubnetIds,
  privateSubnetIds,
});
const subnet = (n: number) => `subnet-0123456789abcdef${n}`;

describe("the shipped environments use every kind", () => {
  it.each([
    ["dev", [["api", "web"], ["worker", "worker"], ["migrate", "task"]]],
    ["staging", [["api", "web"], ["worker", "worker"], ["migrate", "task"], ["evaluate", "job"]]],
    ["prod", [["api", "web"], ["worker", "worker"], ["qdrant", "internal"], ["migrate", "task"]]],
  ])("%s loads with its services and their kinds", (name, kinds) => {
    expect(loadEnvironment(name, { env: {} }).services.map((s) => [s.name, s.kind])).toEqual(kinds);
  });

  it("staging declares the shared secret its api and worker read", () => {
    const c = loadEnvironment("staging", { env: {} });
    expect(c.sharedSecrets).toEqual({ server: { keys: ["OPENAI_API_KEY", "LANGSMITH_API_KEY", "PINECONE_API_KEY"] } });
    expect(c.services.map((s) => [s.name, s.sharedSecrets])).toEqual([
      ["api", { server: ["OPENAI_API_KEY", "LANGSMITH_API_KEY", "PINECONE_API_KEY"] }],
      ["worker", { server: ["OPENAI_API_KEY", "PINECONE_API_KEY"] }],
      ["migrate", {}],
      ["evaluate", {}],
    ]);
    // Internal: CloudFront fronts it (frontend.routes), through a VPC origin.
    expect(c.loadBalancer).toEqual({ internal: true, idleTimeoutSeconds: 300 });
  });

  it("prod has a domain, and its api is reached on a host inside it", () => {
    const c = loadEnvironment("prod", { env: {} });
    expect(c.domain).toEqual({ name: "acme-ai.example.com", zoneId: "Z0123456789ABCDEFGHIJ" });
    expect(service<ResolvedWebService>(c, "api").hosts).toEqual(["api.acme-ai.example.com"]);
  });
});

describe("services are a union on kind", () => {
  it("a service without kind is refused, at the service's line, naming the kinds", () => {
    const text = devWith((d) => delete d.services[1].kind);
    expect(onlyProblem(text)).toEqual({
      path: "services.1.kind",
      message: "Invalid discriminator value. Expected 'web' | 'worker' | 'internal' | 'task' | 'job'",
      line: lineOf(text, "- name: worker"),
      column: 5,
    });
  });

  it("an internal service needs its callers", () => {
    expect(onlyProblem(prodWith((d) => delete d.services[2].callers), "prod")).toMatchObject({ path: "services.2.callers", message: "is required (expected array)" });
  });

  it("an internal service needs at least one caller", () => {
    expect(onlyProblem(prodWith((d) => (d.services[2].callers = [])), "prod")).toMatchObject({ path: "services.2.callers", message: "list the services that call this one" });
  });

  it("an internal service needs a port", () => {
    expect(onlyProblem(prodWith((d) => delete d.services[2].port), "prod")).toMatchObject({ path: "services.2.port", message: "is required (expected number)" });
  });

  it("a task takes no running settings: desiredCount is an unknown key there", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.services[2].desiredCount = 1))), "services.2.desiredCount")).toMatch(/^unknown key "desiredCount"/);
  });

  it("a service that fails its own schema is not reported unknown where it is named", () => {
    expect(problemsOf(devWith((d) => (d.services[2].desiredCount = 1))).map((p) => p.path)).toEqual(["services.2.desiredCount"]);
  });

  it("a reference must have one of the known shapes, and the message lists them", () => {
    const text = devWith((d) => (d.services[0].environment.QDRANT = { ref: "services.qdrant" }));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.environment.QDRANT.ref",
      message:
        "must be one of services.<name>.url, services.<name>.host, jobs.<name>.queue, jobs.<name>.definition, buckets.<key>.name, buckets.<key>.arn, database.endpoint, database.port, database.name, database.username, cache.endpoint, cache.port, loadBalancer.url, loadBalancer.dnsName, app.url",
      line: lineOf(text, "ref: services.qdrant"),
      column: expect.any(Number),
    });
  });

  it("a shared secret declares the keys it holds", () => {
    expect(messageFor(problemsOf(stagingWith((d) => (d.sharedSecrets.server.keys = [])), "staging"), "sharedSecrets.server.keys")).toBe("list the keys the secret holds");
  });

  it("an invalid sharedSecrets section is not also reported as missing by every reader", () => {
    expect(problemsOf(stagingWith((d) => (d.sharedSecrets.server.keys = [])), "staging").map((p) => p.path)).toEqual(["sharedSecrets.server.keys"]);
  });

  it("a domain's zone id is a Route53 hosted zone id", () => {
    expect(onlyProblem(prodWith((d) => (d.domain.zoneId = "example.com")), "prod")).toMatchObject({ path: "domain.zoneId", message: "must be a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ" });
  });
});

describe("references resolve only to what exists", () => {
  it("every kind of reference to something that exists loads, and stays a reference in the resolved config", () => {
    const text = prodWith((d) => {
      d.services[0].environment = {
        QDRANT_URL: { ref: "services.qdrant.url" },
        QDRANT_HOST: { ref: "services.qdrant.host" },
        BUCKET_ARN: { ref: "buckets.artifacts.arn" },
        DB_ENDPOINT: { ref: "database.endpoint" },
        DATABASE_PORT: { ref: "database.port" },
        DB: { ref: "database.name" },
        DB_USER: { ref: "database.username" },
        REDIS: { ref: "cache.endpoint" },
        CACHE_PORT: { ref: "cache.port" },
        PUBLIC_URL: { ref: "loadBalancer.url" },
        LB_NAME: { ref: "loadBalancer.dnsName" },
        APP_URL: { ref: "app.url" },
      };
      d.services[1].environment.API_URL = { ref: "services.api.url" };
      d.services[1].environment.API_HOST = { ref: "services.api.host" };
    });
    const c = resolve(text, "prod");
    expect(service(c, "api").environment.QDRANT_URL).toEqual({ ref: "services.qdrant.url" });
    expect(service(c, "worker").environment.API_HOST).toEqual({ ref: "services.api.host" });
  });

  it("an unknown service: the message lists the services with an address", () => {
    const text = prodWith((d) => (d.services[1].environment.SEARCH_URL = { ref: "services.search.url" }));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "services.1.environment.SEARCH_URL.ref",
      message: 'services.search.url: unknown service "search"; services with an address: api, qdrant',
      line: lineOf(text, "ref: services.search.url"),
      column: expect.any(Number),
    });
  });

  it.each([
    ["worker", 'services.worker.url: service "worker" is a worker and has no address; services with an address: api'],
    ["migrate", 'services.migrate.url: service "migrate" is a task and has no address; services with an address: api'],
  ])("a %s has no address", (target, message) => {
    const problem = onlyProblem(devWith((d) => (d.services[0].environment.OTHER = { ref: `services.${target}.url` })));
    expect(problem).toMatchObject({ path: "services.0.environment.OTHER.ref", message });
  });

  it("an internal service is reached only by its declared callers", () => {
    const problem = onlyProblem(prodWith((d) => (d.services[3].environment = { QDRANT_URL: { ref: "services.qdrant.host" } })), "prod");
    expect(problem).toMatchObject({
      path: "services.3.environment.QDRANT_URL.ref",
      message: 'services.qdrant.host: "migrate" is not among the callers of internal service "qdrant"; add it to services.2.callers',
    });
  });

  it("an unknown bucket: the message lists the declared buckets", () => {
    const problem = onlyProblem(devWith((d) => (d.services[0].environment.MODELS = { ref: "buckets.models.arn" })));
    expect(problem).toMatchObject({ path: "services.0.environment.MODELS.ref", message: 'buckets.models.arn: unknown bucket "models"; declared buckets: artifacts' });
  });

  it("the database, when the environment has none", () => {
    const problem = onlyProblem(devWith((d) => ((d.services[0].environment.DB = { ref: "database.endpoint" }), delete d.database)));
    expect(problem).toMatchObject({ path: "services.0.environment.DB.ref", message: "database.endpoint: this environment has no database section" });
  });

  it("the cache, when the environment has none", () => {
    const problem = onlyProblem(devWith((d) => (d.services[0].environment.REDIS = { ref: "cache.port" })));
    expect(problem).toMatchObject({ path: "services.0.environment.REDIS.ref", message: "cache.port: this environment has no cache section" });
  });

  it.each(["loadBalancer.url", "loadBalancer.dnsName"])("%s, when no web service runs behind a load balancer", (ref) => {
    const problem = onlyProblem(
      devWith((d) => {
        apiOnAppRunner(d);
        d.services[1].environment.PUBLIC_URL = { ref };
      }),
    );
    expect(problem).toMatchObject({ path: "services.1.environment.PUBLIC_URL.ref", message: `${ref}: there is no load balancer: no web service runs on compute: ecs` });
  });

  it("app.url, when there is neither a frontend nor a load balancer", () => {
    const problem = onlyProblem(
      devWith((d) => {
        apiOnAppRunner(d);
        d.frontend = { type: "none" };
        delete d.services[0].environment.CORS_ORIGIN;
        d.services[1].environment.PUBLIC_URL = { ref: "app.url" };
      }),
    );
    expect(problem).toMatchObject({
      path: "services.1.environment.PUBLIC_URL.ref",
      message: "app.url: there is no load balancer and no frontend (frontend.type: none): no web service runs on compute: ecs",
    });
  });

  it("app.url with a frontend but no load balancer is the distribution's URL", () => {
    const c = resolve(
      devWith((d) => {
        apiOnAppRunner(d);
        d.services[1].environment.PUBLIC_URL = { ref: "app.url" };
      }),
      "dev",
    );
    expect(service(c, "worker").environment.PUBLIC_URL).toEqual({ ref: "app.url" });
  });
});

describe("variables the platform sets", () => {
  it("a database client may not set DB_HOST itself: the platform sets it", () => {
    const text = devWith((d) => (d.services[0].environment.DB_HOST = "localhost"));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.environment.DB_HOST",
      message: 'DB_HOST is set by database.clients for "api"; choose another name',
      line: lineOf(text, "DB_HOST: localhost"),
      column: expect.any(Number),
    });
  });

  it("no service may set AWS_REGION or APP_ENVIRONMENT, in environment or as a secret key", () => {
    const problems = problemsOf(
      devWith((d) => {
        d.services[1].environment.AWS_REGION = "eu-west-1";
        d.services[0].secrets.push("APP_ENVIRONMENT");
      }),
    );
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'services.0.secrets.3: APP_ENVIRONMENT is set by the platform for "api"; choose another name',
      'services.1.environment.AWS_REGION: AWS_REGION is set by the platform for "worker"; choose another name',
    ]);
  });

  it("a service that is not a cache client may use REDIS_HOST for its own purpose", () => {
    expect(() => resolve(devWith((d) => (d.services[1].environment.REDIS_HOST = "redis.example.com")), "dev")).not.toThrow();
  });
});

describe("limits AWS enforces at apply", () => {
  it("a service that calls the internet-facing load balancer without a domain must open port 80 itself", () => {
    const text = devWith((d) => delete d.services[1].egressPorts);
    expect(onlyProblem(text)).toMatchObject({
      path: "services.1.egressPorts",
      message: '"worker" calls the load balancer (API_URL: services.api.url), which without a domain answers plain HTTP on its public address; add 80 to egressPorts (any address), or give the environment a domain',
    });
  });

  it("with a domain, or an internal load balancer, no port 80 is needed", () => {
    expect(() => resolve(devWith((d) => { delete d.services[1].egressPorts; d.loadBalancer = { internal: true }; }), "dev")).not.toThrow();
  });

  it("a writable path is listed once, and two paths may not share a scratch volume", () => {
    const problems = problemsOf(devWith((d) => (d.services[1].container = { writablePaths: ["/tmp", "/tmp", "/a-b", "/a/b"] })));
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "services.1.container.writablePaths.1: /tmp is also a writable path; a container path is mounted once",
      "services.1.container.writablePaths.3: /a/b and /a-b would share the scratch volume scratch-a-b; rename one directory",
    ]);
  });

  it("an EFS mount may not land on a writable path", () => {
    const text = prodWith((d) => (d.services[2].container.writablePaths = ["/tmp", "/qdrant/storage"]));
    expect(messageFor(problemsOf(text, "prod"), "fileSystem.clients.qdrant")).toBe('access point qdrant mounts at /qdrant/storage, which "qdrant" also lists in container.writablePaths');
  });

  it("a shared secret key may not be a variable the platform sets", () => {
    const text = stagingWith((d) => {
      d.sharedSecrets.server.keys.push("DB_HOST");
      d.services[0].sharedSecrets.server.push("DB_HOST");
    });
    expect(onlyProblem(text, "staging")).toMatchObject({ path: "services.0.sharedSecrets.server.3", message: 'DB_HOST is set by database.clients for "api"; choose another name' });
  });

  it("a load balancer name may not start with internal-", () => {
    expect(messageFor(problemsOf(devWith((d) => (d.project = "internal"))), "project")).toBe(
      'the load balancer would be named internal-dev, and load balancer names may not start with "internal-"; choose another project name',
    );
  });

  it("the certificate's first host fits ACM's 64 characters", () => {
    const host = `${"a".repeat(50)}.acme-ai.example.com`;
    expect(onlyProblem(prodWith((d) => (d.services[0].hosts = [host])), "prod")).toMatchObject({
      path: "services.0.hosts.0",
      message: `${host} is ${host.length} characters; the certificate's first name may have at most 64 (ACM). List a shorter host first`,
    });
  });

  it("autoscaling from 0 needs a schedule that raises it", () => {
    expect(onlyProblem(devWith((d) => (d.services[0].autoscaling = { min: 0, max: 2, cpuPercent: 60 })))).toMatchObject({
      path: "services.0.autoscaling.min",
      message: "with min 0 and no schedule, a service that reaches 0 tasks has no metrics to scale out on and never starts again; set min to at least 1, or add a schedule that raises it",
    });
  });

  it("health check codes are 200 to 499", () => {
    expect(onlyProblem(devWith((d) => (d.services[0].healthCheck.matcher = "200,600-700")))).toMatchObject({
      path: "services.0.healthCheck.matcher",
      message: "load balancer health checks accept codes from 200 to 499",
    });
  });
});

describe("references to App Runner services", () => {
  it("resolve to the App Runner service's own URL", () => {
    const c = resolve(devWith((d) => { apiOnAppRunner(d); d.services[1].environment.API_URL = { ref: "services.api.url" }; }), "dev");
    expect(service(c, "worker").environment.API_URL).toEqual({ ref: "services.api.url" });
    // Valid, with the end-of-sale warning at the line that chooses App Runner.
    expect(c.warnings.map((w) => w.path)).toEqual(["services.0.compute"]);
  });
});

describe("callers of internal services", () => {
  it("a service cannot be its own caller", () => {
    expect(onlyProblem(prodWith((d) => d.services[2].callers.push("qdrant")), "prod")).toMatchObject({ path: "services.2.callers.2", message: '"qdrant" cannot be its own caller' });
  });

  it("a caller must be a declared service: the message lists the services", () => {
    const text = prodWith((d) => (d.services[2].callers = ["api", "worker", "search"]));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "services.2.callers.2",
      message: 'unknown service "search"; services: api, worker, qdrant, migrate',
      line: lineOf(text, "- search"),
      column: expect.any(Number),
    });
  });

  it("an App Runner service cannot call an internal service", () => {
    const problems = problemsOf(
      prodWith((d) => {
        d.services[0].compute = "apprunner";
        delete d.services[0].autoscaling;
        delete d.fileSystem.clients.api;
      }),
      "prod",
    );
    expect(messageFor(problems, "services.2.callers.0")).toBe('App Runner service "api" cannot reach service discovery names; run it on compute: ecs');
  });

  it("a caller is listed once", () => {
    expect(onlyProblem(prodWith((d) => (d.services[2].callers = ["api", "worker", "api"])), "prod")).toMatchObject({ path: "services.2.callers.2", message: '"api" is listed twice' });
  });
});

describe("shared secrets", () => {
  it("a service reads only declared shared secrets: the message lists them", () => {
    const problem = onlyProblem(stagingWith((d) => (d.services[1].sharedSecrets.vault = ["TEMPORAL_API_KEY"])), "staging");
    expect(problem).toMatchObject({ path: "services.1.sharedSecrets.vault", message: 'unknown shared secret "vault"; declared in sharedSecrets: server' });
  });

  it("a service reads only keys the shared secret declares: the message lists them", () => {
    const text = stagingWith((d) => d.services[1].sharedSecrets.server.push("STRIPE_KEY"));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "services.1.sharedSecrets.server.2",
      message: 'shared secret "server" has no key STRIPE_KEY; its keys: OPENAI_API_KEY, LANGSMITH_API_KEY, PINECONE_API_KEY',
      line: lineOf(text, "- STRIPE_KEY"),
      column: expect.any(Number),
    });
  });

  it.each([
    ["its own secrets", (d: any) => d.services[0].secrets.push("OPENAI_API_KEY"), "services.0.sharedSecrets.server.0", "OPENAI_API_KEY already comes from its own secrets; a variable has one source"],
    [
      "environment",
      (d: any) => {
        d.sharedSecrets.server.keys.push("TEMPORAL_ADDRESS");
        d.services[0].sharedSecrets.server.push("TEMPORAL_ADDRESS");
      },
      "services.0.sharedSecrets.server.3",
      "TEMPORAL_ADDRESS already comes from environment; a variable has one source",
    ],
    [
      "another shared secret",
      (d: any) => {
        d.sharedSecrets.tracing = { keys: ["LANGSMITH_API_KEY"] };
        d.services[0].sharedSecrets.tracing = ["LANGSMITH_API_KEY"];
      },
      "services.0.sharedSecrets.tracing.0",
      'LANGSMITH_API_KEY already comes from shared secret "server"; a variable has one source',
    ],
  ])("a variable that also comes from %s is refused", (_source, change, at, message) => {
    expect(onlyProblem(stagingWith(change), "staging")).toMatchObject({ path: at, message });
  });
});

describe("routing on the load balancer", () => {
  it("a host outside the domain is refused", () => {
    const text = prodWith((d) => (d.services[0].hosts = ["api.acme-ai.example.com", "api.other.example"]));
    expect(onlyProblem(text, "prod")).toEqual({
      path: "services.0.hosts.1",
      message: "api.other.example is not inside the domain acme-ai.example.com; its certificate and alias record are made in that hosted zone",
      line: lineOf(text, "- api.other.example"),
      column: expect.any(Number),
    });
  });

  it("a host that only ends like the domain is outside it", () => {
    expect(onlyProblem(prodWith((d) => (d.services[0].hosts = ["api.notacme-ai.example.com"])), "prod")).toMatchObject({
      path: "services.0.hosts.0",
      message: expect.stringMatching(/^api\.notacme-ai\.example\.com is not inside the domain acme-ai\.example\.com;/),
    });
  });

  it("the domain itself and wildcards inside it are hosts inside the domain", () => {
    // (Without a frontend: the apex is the distribution's host by default.)
    const c = resolve(prodWith((d) => ((d.services[0].hosts = ["acme-ai.example.com", "*.acme-ai.example.com"]), (d.frontend = { type: "none" }))), "prod");
    expect(service<ResolvedWebService>(c, "api").hosts).toEqual(["acme-ai.example.com", "*.acme-ai.example.com"]);
  });

  it("two web services that both take every request are refused", () => {
    const text = devWith((d) => d.services.push(admin()));
    expect(onlyProblem(text)).toEqual({
      path: "services.3",
      message: "services.0 already takes every request on the load balancer; give this web service paths or hosts",
      line: lineOf(text, "- kind: web"),
      column: 5,
    });
  });

  it("a second web service with paths shares the load balancer", () => {
    const c = resolve(devWith((d) => d.services.push(admin({ paths: ["/admin/*"] }))), "dev");
    expect(service<ResolvedWebService>(c, "admin").paths).toEqual(["/admin/*"]);
  });

  it("listener rule priorities are unique, including the default ones", () => {
    const text = devWith((d) => d.services.push(admin({ paths: ["/admin/*"] }), admin({ name: "docs", paths: ["/docs/*"], priority: 1000 })));
    expect(onlyProblem(text)).toEqual({
      path: "services.4.priority",
      message: "listener rule priority 1000 is already taken by services.3; set a different priority",
      line: lineOf(text, "priority: 1000"),
      column: expect.any(Number),
    });
  });

  it("default priorities put narrower rules first: hosts and paths, then paths, then hosts, and the catch-all last", () => {
    const c = resolve(
      devWith((d) =>
        d.services.push(
          admin({ name: "docs", hosts: ["docs.example.com"] }),
          admin({ name: "admin", paths: ["/admin/*"] }),
          admin({ name: "billing", hosts: ["docs.example.com"], paths: ["/billing/*"] }),
          admin({ name: "status", paths: ["/status"] }),
        ),
      ),
      "dev",
    );
    const priority = (name: string) => service<ResolvedWebService>(c, name).priority;
    expect([priority("billing"), priority("admin"), priority("status"), priority("docs"), priority("api")]).toEqual([100, 1000, 1010, 2000, 50000]);
  });

  it("a listener rule matches at most 5 host and path values", () => {
    expect(onlyProblem(devWith((d) => d.services.push(admin({ hosts: ["a.example.com", "b.example.com"], paths: ["/a/*", "/b/*", "/c/*", "/d/*"] }))))).toMatchObject({
      path: "services.3.paths",
      message: 'a listener rule matches at most 5 host and path values together; "admin" has 6',
    });
  });

  it("wildcard hosts need a domain", () => {
    expect(onlyProblem(devWith((d) => (d.services[0].hosts = ["*.example.com"])))).toMatchObject({
      path: "services.0.hosts",
      message: "wildcard hosts need a domain (for the certificate); set domain or list exact hosts",
    });
  });
});

describe("where the load balancer goes", () => {
  it("a created VPC needs two availability zones for it", () => {
    const text = devWith((d) => (d.availabilityZones = ["us-east-1a"]));
    expect(onlyProblem(text)).toEqual({
      path: "availabilityZones",
      message: "a load balancer needs subnets in at least 2 availability zones; list a second zone",
      line: lineOf(text, "availabilityZones:"),
      column: 1,
    });
  });

  it("one availability zone is fine without a web service on ECS", () => {
    const c = resolve(
      devWith((d) => {
        d.availabilityZones = ["us-east-1a"];
        apiOnAppRunner(d);
      }),
      "dev",
    );
    expect(c.availabilityZones).toEqual(["us-east-1a"]);
  });

  it("an internet-facing one in an existing VPC needs two public subnets", () => {
    const problem = onlyProblem(devWith((d) => (d.network = existingVpc([subnet(2)], [subnet(0), subnet(1)]))));
    expect(problem).toMatchObject({ path: "network.publicSubnetIds", message: "an internet-facing load balancer needs public subnets in at least 2 availability zones; got 1" });
  });

  it("an internal one in an existing VPC needs two private subnets, and no public ones", () => {
    const problem = onlyProblem(
      devWith((d) => {
        d.loadBalancer = { internal: true };
        d.network = existingVpc([], [subnet(0)]);
      }),
    );
    expect(problem).toMatchObject({ path: "network.privateSubnetIds", message: "an internal load balancer needs private subnets in at least 2 availability zones; got 1" });
  });

  it("an internal one in an existing VPC with two private subnets loads", () => {
    const c = resolve(
      devWith((d) => {
        d.loadBalancer = { internal: true };
        d.network = existingVpc([], [subnet(0), subnet(1)]);
      }),
      "dev",
    );
    expect(c.loadBalancer).toEqual({ internal: true, idleTimeoutSeconds: 60 });
  });
});

describe("scaling and rollout", () => {
  it("a singleton (it mounts a file system) cannot autoscale", () => {
    const problem = onlyProblem(prodWith((d) => (d.services[2].autoscaling = { min: 1, max: 2, cpuPercent: 70 })), "prod");
    expect(problem).toMatchObject({
      path: "services.2.autoscaling",
      message: '"qdrant" runs as a singleton (one task writing its data), so it cannot scale; remove autoscaling or set singleton: false',
    });
  });

  it("a singleton runs at most one task", () => {
    const problem = onlyProblem(prodWith((d) => (d.services[2].desiredCount = 2)), "prod");
    expect(problem).toMatchObject({ path: "services.2.desiredCount", message: '"qdrant" runs as a singleton; desiredCount can only be 0 or 1' });
  });

  it("singleton: false lets a service with a file system autoscale", () => {
    const c = resolve(
      prodWith((d) => {
        d.services[2].singleton = false;
        d.services[2].autoscaling = { min: 1, max: 2, cpuPercent: 70 };
      }),
      "prod",
    );
    expect(service<ResolvedInternalService>(c, "qdrant")).toMatchObject({ singleton: false, desiredCount: 1, deployment: { minimumHealthyPercent: 100, maximumPercent: 200 } });
  });

  it("a deployment must be able to start a new task: maximumPercent above minimumHealthyPercent", () => {
    const problem = onlyProblem(devWith((d) => (d.services[1].deployment = { minimumHealthyPercent: 100, maximumPercent: 100 })));
    expect(problem).toMatchObject({ path: "services.1.deployment.maximumPercent", message: "must be above minimumHealthyPercent (100) or no new task can start during a deployment" });
  });

  it("a target group health check times out before the next one starts", () => {
    const problem = onlyProblem(devWith((d) => (d.services[0].healthCheck = { path: "/health", intervalSeconds: 10, timeoutSeconds: 10 })));
    expect(problem).toMatchObject({ path: "services.0.healthCheck.timeoutSeconds", message: "must be below intervalSeconds (10)" });
  });

  it("a container health check times out before the next one starts", () => {
    const problem = onlyProblem(devWith((d) => (d.services[2].container = { healthCheck: { command: ["CMD", "true"], intervalSeconds: 10, timeoutSeconds: 12 } })));
    expect(problem).toMatchObject({ path: "services.2.container.healthCheck.timeoutSeconds", message: "must be below intervalSeconds (10)" });
  });

  it("autoscaling min may not exceed max", () => {
    const problem = onlyProblem(devWith((d) => (d.services[0].autoscaling = { min: 3, max: 2, cpuPercent: 70 })));
    expect(problem).toMatchObject({ path: "services.0.autoscaling.min", message: "must not exceed max (2)" });
  });

  it("autoscaling must scale on something", () => {
    const problem = onlyProblem(devWith((d) => (d.services[0].autoscaling = { min: 1, max: 2 })));
    expect(problem).toMatchObject({ path: "services.0.autoscaling", message: "scales on nothing: set cpuPercent, memoryPercent, requestsPerTarget and/or schedule" });
  });

  it("requests per target only on web services behind the load balancer", () => {
    const problem = onlyProblem(devWith((d) => (d.services[1].autoscaling = { min: 1, max: 2, requestsPerTarget: 100 })));
    expect(problem).toMatchObject({ path: "services.1.autoscaling.requestsPerTarget", message: 'only web services behind the load balancer have requests to count; "worker" is a worker' });
  });

  it("desiredCount lies within autoscaling.min..max", () => {
    const problem = onlyProblem(devWith((d) => (d.services[0].desiredCount = 3)));
    expect(problem).toMatchObject({ path: "services.0.desiredCount", message: "must be within autoscaling.min..max (1..2)" });
  });

  it("a scheduled window's min may not exceed its max", () => {
    const problem = onlyProblem(devWith((d) => Object.assign(d.services[0].autoscaling.schedule[1], { min: 2, max: 1 })));
    expect(problem).toMatchObject({ path: "services.0.autoscaling.schedule.1.min", message: "must not exceed max (1)" });
  });

  it("scheduled windows have unique names", () => {
    const problem = onlyProblem(devWith((d) => (d.services[0].autoscaling.schedule[1].name = "night")));
    expect(problem).toMatchObject({ path: "services.0.autoscaling.schedule.1.name", message: 'schedule name "night" is used twice' });
  });

  it("App Runner cannot autoscale", () => {
    const problem = onlyProblem(
      devWith((d) => {
        d.services[0].compute = "apprunner";
        delete d.services[1].environment.API_URL;
        delete d.services[0].exec;
      }),
    );
    expect(problem).toMatchObject({ path: "services.0.autoscaling", message: "App Runner scales on concurrent requests per instance: use appRunner.minInstances, maxInstances and maxConcurrency instead of autoscaling" });
  });

  it("App Runner has no ECS Exec", () => {
    const problem = onlyProblem(
      devWith((d) => {
        d.services[0].compute = "apprunner";
        delete d.services[1].environment.API_URL;
        delete d.services[0].autoscaling;
      }),
    );
    expect(problem).toMatchObject({ path: "services.0.exec", message: 'ECS Exec is not available on App Runner; remove exec or run "api" on compute: ecs' });
  });
});

describe("resolved defaults", () => {
  it.each([
    ["dev", devWith, 1],
    ["staging", stagingWith, 1],
    ["prod", prodWith, 2],
  ] as const)("without autoscaling, a %s service starts %i task(s)", (stage, fileWith, count) => {
    const c = resolve(fileWith((d) => delete d.services[1].autoscaling), stage);
    expect(service(c, "worker").desiredCount).toBe(count);
  });

  it("with autoscaling, a service starts autoscaling.min tasks", () => {
    const c = resolve(stagingWith((d) => (d.services[1].autoscaling.min = 3)), "staging");
    expect(service(c, "worker").desiredCount).toBe(3);
  });

  it("an explicit desiredCount wins over autoscaling.min", () => {
    const c = resolve(stagingWith((d) => (d.services[1].desiredCount = 4)), "staging");
    expect(service(c, "worker").desiredCount).toBe(4);
  });

  it("a service mounting a file system is a singleton: one task, stopped before its replacement starts (0/100)", () => {
    const qdrant = service<ResolvedInternalService>(loadEnvironment("prod", { env: {} }), "qdrant");
    expect(qdrant).toMatchObject({ singleton: true, desiredCount: 1, deployment: { minimumHealthyPercent: 0, maximumPercent: 100 } });
  });

  it("singleton: true makes a service without a file system a singleton too", () => {
    const c = resolve(
      prodWith((d) => {
        delete d.fileSystem.clients.qdrant;
        d.services[2].singleton = true;
      }),
      "prod",
    );
    expect(service<ResolvedInternalService>(c, "qdrant")).toMatchObject({ singleton: true, desiredCount: 1, deployment: { minimumHealthyPercent: 0, maximumPercent: 100 } });
  });

  it("an internal service without a file system is no singleton", () => {
    const c = resolve(prodWith((d) => delete d.fileSystem.clients.qdrant), "prod");
    expect(service<ResolvedInternalService>(c, "qdrant")).toMatchObject({ singleton: false, desiredCount: 2, deployment: { minimumHealthyPercent: 100, maximumPercent: 200 } });
  });

  it("a singleton with desiredCount: 0 starts no task", () => {
    const c = resolve(prodWith((d) => (d.services[2].desiredCount = 0)), "prod");
    expect(service(c, "qdrant").desiredCount).toBe(0);
  });

  it.each([
    ["dev", false],
    ["staging", true],
    ["prod", true],
  ] as const)("in %s, Terraform waits for a steady state: %s", (stage, wait) => {
    const c = loadEnvironment(stage, { env: {} });
    const running = c.services.filter((s): s is ResolvedRunningService => s.kind !== "task" && s.kind !== "job");
    expect(running.map((s) => s.deployment.waitForSteadyState)).toEqual(running.map(() => wait));
  });

  it("an explicit waitForSteadyState wins over the stage default", () => {
    const c = resolve(devWith((d) => (d.services[1].deployment = { waitForSteadyState: true })), "dev");
    expect(service(c, "worker").deployment).toEqual({ minimumHealthyPercent: 100, maximumPercent: 200, waitForSteadyState: true });
  });

  it("with a domain, a web service without hosts is reached on <name>.<domain>", () => {
    const c = resolve(prodWith((d) => delete d.services[0].hosts), "prod");
    expect(service<ResolvedWebService>(c, "api").hosts).toEqual(["api.acme-ai.example.com"]);
  });

  it("without a domain, a web service without hosts takes any host", () => {
    expect(service<ResolvedWebService>(loadEnvironment("dev", { env: {} }), "api").hosts).toEqual([]);
  });

  it("a container health check command reaches Terraform as literal text", () => {
    const c = resolve(devWith((d) => (d.services[1].container = { healthCheck: { command: ["CMD-SHELL", "test -f ${HOME}/ready || exit 1"] } })), "dev");
    expect(service(c, "worker").container.healthCheck).toEqual({
      command: ["CMD-SHELL", "test -f $${HOME}/ready || exit 1"],
      intervalSeconds: 30,
      timeoutSeconds: 5,
      retries: 3,
      startPeriodSeconds: 60,
    });
  });
});

describe("derived names of services", () => {
  const names = new Names("acme-ai", "dev", "111111111111");

  it("a target group is named after project, environment, service and port", () => {
    expect(names.targetGroup("api", 8000)).toBe("acme-ai-dev-api-8000");
  });

  it("only a web service (given its port) has a target group among its names", () => {
    expect(names.serviceNames("worker").map((n) => n.kind)).toEqual(["ecrRepository", "iamRole", "iamRole", "logGroup"]);
    expect(names.serviceNames("api", { webPort: 8000 }).filter((n) => n.kind === "targetGroup")).toEqual([{ kind: "targetGroup", value: "acme-ai-dev-api-8000" }]);
  });
});
