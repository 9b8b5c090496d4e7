/**
 * Where services run (config/app-runner.ts, config/service-rules.ts): what App
 * Runner accepts and what means nothing there, its warnings, and what an AWS
 * Batch job (kind: job) must say about its container, timeout and retries, and
 * who may submit it. Every refusal names its path, message and file line.
 */
import { parse as parseYaml, stringify } from "yaml";
import type { ResolvedWebService } from "../config/defaults";
import { parseEnvironment } from "../config/load";
import { NAME_LIMITS, Names } from "../config/names";
import { agenticAsProd, apiOnAppRunner, devWith, exampleText, lineOf, messageFor, onlyProblem, problemsOf, stagingWith } from "./support/config-text";

const resolve = (text: string, environment: string) => parseEnvironment(text, environment, `${environment}.yaml`, {});
const web = (c: ReturnType<typeof resolve>, name: string) => c.services.find((s) => s.name === name) as ResolvedWebService;

/** The agentic example (both web services on App Runner) as text, optionally changed. */
const agenticText = exampleText("agentic");
const agenticWith = (change: (doc: any) => void) => {
  const doc = parseYaml(agenticText);
  change(doc);
  return stringify(doc);
};

/** dev with its api on App Runner and one more change. */
const devAppRunner = (change: (api: any, doc: any) => void) =>
  devWith((d) => {
    apiOnAppRunner(d);
    change(d.services[0], d);
  });

const END_OF_SALE = (name: string) =>
  `App Runner takes no new customers since 2026-04-30 (accounts that use it keep it). To run "${name}" on ECS Fargate behind the load balancer instead, change this line to compute: ecs; the same image, port, environment, secrets and health check path carry over`;

describe("App Runner: instance sizes", () => {
  it("memory must be one App Runner pairs with the CPU: the message lists them", () => {
    const text = devAppRunner((api) => Object.assign(api, { cpu: 256, memory: 2048 }));
    expect(onlyProblem(text)).toEqual({ path: "services.0.memory", message: "2048 MiB does not fit App Runner CPU 256; allowed: 512, 1024 MiB", line: lineOf(text, "memory: 2048"), column: 13 });
  });

  it("a Fargate size App Runner lacks (1024 CPU, 8192 MiB is Fargate's) is refused with App Runner's list, not Fargate's", () => {
    const text = devAppRunner((api) => Object.assign(api, { cpu: 1024, memory: 8192 }));
    expect(onlyProblem(text)).toMatchObject({ path: "services.0.memory", message: "8192 MiB does not fit App Runner CPU 1024; allowed: 2048, 3072, 4096 MiB" });
  });

  it("CPU 8192 is Fargate's only: App Runner runs 256 to 4096 units", () => {
    const text = devAppRunner((api) => Object.assign(api, { cpu: 8192, memory: 16384 }));
    expect(onlyProblem(text)).toEqual({ path: "services.0.cpu", message: "App Runner runs 256, 512, 1024, 2048, 4096 CPU units; got 8192", line: lineOf(text, "cpu: 8192"), column: 10 });
  });

  it("every App Runner size loads and reaches the service as given", () => {
    const c = resolve(devAppRunner((api) => Object.assign(api, { cpu: 4096, memory: 12288 })), "dev");
    expect([web(c, "api").cpu, web(c, "api").memory]).toEqual([4096, 12288]);
  });
});

describe("App Runner: health check", () => {
  it("intervalSeconds 30 is out of App Runner's 1–20", () => {
    const text = devAppRunner((api) => (api.healthCheck.intervalSeconds = 30));
    expect(onlyProblem(text)).toEqual({ path: "services.0.healthCheck.intervalSeconds", message: "App Runner takes 1–20; got 30", line: lineOf(text, "intervalSeconds: 30"), column: 24 });
  });

  it("intervalSeconds 30 is fine on ECS (a target group takes 5–300)", () => {
    const c = resolve(devWith((d) => (d.services[0].healthCheck.intervalSeconds = 30)), "dev");
    expect(web(c, "api").healthCheck.intervalSeconds).toBe(30);
  });

  it("a threshold of 1 is App Runner's default but out of a target group's 2–10", () => {
    const text = devWith((d) => (d.services[0].healthCheck.healthyThreshold = 1));
    expect(onlyProblem(text)).toMatchObject({ path: "services.0.healthCheck.healthyThreshold", message: "a load balancer health check takes 2–10; got 1" });
  });

  it("unset fields default per compute: App Runner 10/5/1/5, ECS 30/10/2/3, both with the 200-399 matcher and 90 s grace", () => {
    const pick = (s: ResolvedWebService) => s.healthCheck;
    expect(pick(web(resolve(devAppRunner(() => undefined), "dev"), "api"))).toEqual({
      path: "/health",
      matcher: "200-399",
      intervalSeconds: 10,
      timeoutSeconds: 5,
      healthyThreshold: 1,
      unhealthyThreshold: 5,
      gracePeriodSeconds: 90,
    });
    expect(pick(web(resolve(devWith(() => undefined), "dev"), "api"))).toEqual({
      path: "/health",
      matcher: "200-399",
      intervalSeconds: 30,
      timeoutSeconds: 10,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      gracePeriodSeconds: 90,
    });
  });

  it("gracePeriodSeconds is refused on App Runner, with the slow-starter guidance", () => {
    const text = devAppRunner((api) => (api.healthCheck.gracePeriodSeconds = 120));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.healthCheck.gracePeriodSeconds",
      message:
        "App Runner has no grace period: a slow starter must pass its checks within intervalSeconds × unhealthyThreshold (at most 20 × 20 = 400 s); raise those, use appRunner.healthCheckProtocol: tcp, or run on compute: ecs, which waits gracePeriodSeconds",
      line: lineOf(text, "gracePeriodSeconds: 120"),
      column: 27,
    });
  });

  it("a matcher is refused on App Runner (it wants a 2xx)", () => {
    const text = devAppRunner((api) => (api.healthCheck.matcher = "200"));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.healthCheck.matcher",
      message: "App Runner's HTTP health check wants a 2xx answer and takes no matcher; remove it",
      line: lineOf(text, "matcher:"),
      column: 16,
    });
  });
});

describe("App Runner: load balancer and ECS settings mean nothing there", () => {
  it("paths are refused: App Runner serves every path of its own URL", () => {
    const text = devAppRunner((api) => (api.paths = ["/api/*"]));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.paths",
      message: "App Runner serves every path of its own URL; paths route on the load balancer (compute: ecs)",
      line: lineOf(text, "paths:"),
      column: 5,
    });
  });

  it("priority is refused: there is no listener rule", () => {
    const text = devAppRunner((api) => (api.priority = 10));
    expect(onlyProblem(text)).toEqual({ path: "services.0.priority", message: "App Runner services have no listener rule; remove priority", line: lineOf(text, "priority: 10"), column: 15 });
  });

  it("capacity.spotWeight is refused: App Runner has no Spot", () => {
    const text = devAppRunner((api) => (api.capacity = { fargateWeight: 1, spotWeight: 1 }));
    expect(onlyProblem(text)).toMatchObject({ path: "services.0.capacity.spotWeight", message: "App Runner has no Spot capacity; remove it or run on compute: ecs", line: lineOf(text, "spotWeight: 1") });
  });

  it("a command argument with a space is refused (App Runner splits its start command on spaces)", () => {
    const text = devAppRunner((api) => (api.command = ["uvicorn", "app.main:app", "--log-config", "log config.yaml"]));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.command.3",
      message: "App Runner takes the start command as one string split on spaces: an argument cannot contain spaces; wrap the command in a script in the image",
      line: lineOf(text, "- log config.yaml"),
      column: 9,
    });
  });

  it("the same command is fine on ECS, where each argument is its own string", () => {
    const c = resolve(devWith((d) => (d.services[0].command = ["uvicorn", "app.main:app", "--log-config", "log config.yaml"])), "dev");
    expect(web(c, "api").command).toEqual(["uvicorn", "app.main:app", "--log-config", "log config.yaml"]);
  });
});

describe("App Runner: scaling", () => {
  it("appRunner.minInstances may not exceed maxInstances", () => {
    const text = devAppRunner((api) => (api.appRunner = { minInstances: 5, maxInstances: 3 }));
    expect(onlyProblem(text)).toEqual({ path: "services.0.appRunner.minInstances", message: "must not exceed maxInstances (3)", line: lineOf(text, "minInstances: 5"), column: 21 });
  });

  it("appRunner.minInstances may not exceed the default maxInstances (10)", () => {
    expect(onlyProblem(devAppRunner((api) => (api.appRunner = { minInstances: 12 })))).toMatchObject({ path: "services.0.appRunner.minInstances", message: "must not exceed maxInstances (10)" });
  });

  it("desiredCount outside App Runner's 1..25 is refused when it stands in for minInstances", () => {
    expect(onlyProblem(devAppRunner((api) => (api.desiredCount = 0)))).toMatchObject({
      path: "services.0.desiredCount",
      message: "App Runner keeps 1 to 25 instances provisioned; set desiredCount (or appRunner.minInstances) within 1..25",
    });
  });

  it("resolves min from appRunner, else desiredCount, else 1 outside prod; max 10 and concurrency 100 by default", () => {
    const explicit = resolve(devAppRunner((api) => ((api.desiredCount = 2), (api.appRunner = { minInstances: 3, maxInstances: 6, maxConcurrency: 40 }))), "dev");
    expect(web(explicit, "api").appRunner).toEqual({ minInstances: 3, maxInstances: 6, maxConcurrency: 40, ingress: "public", egress: "vpc", healthCheckProtocol: "http", tracing: false });
    const fromDesired = resolve(devAppRunner((api) => (api.desiredCount = 2)), "dev");
    expect(web(fromDesired, "api").appRunner).toMatchObject({ minInstances: 2, maxInstances: 10, maxConcurrency: 100 });
    expect(web(resolve(devAppRunner(() => undefined), "dev"), "api").appRunner).toMatchObject({ minInstances: 1, maxInstances: 10, maxConcurrency: 100 });
  });

  it("in prod an App Runner service keeps 2 instances by default", () => {
    const c = resolve(agenticWith((d) => (agenticAsProd(d), delete d.services[1].appRunner)), "agentic");
    expect(web(c, "web").appRunner).toMatchObject({ minInstances: 2, maxInstances: 10, maxConcurrency: 100 });
  });

  // BUG (config/service-rules.ts, appRunnerFits): only an explicit appRunner.minInstances is compared with
  // maxInstances. A minimum that comes from desiredCount (or prod's default 2) above maxInstances loads,
  // and the auto scaling configuration then has min_size > max_size, which App Runner refuses at apply.
  it("a minimum from desiredCount or prod's default may not exceed maxInstances either", () => {
    const desired = devAppRunner((api) => ((api.desiredCount = 5), (api.appRunner = { maxInstances: 3 })));
    expect(onlyProblem(desired)).toMatchObject({ path: "services.0.desiredCount", message: "is App Runner's minimum instances here and must not exceed appRunner.maxInstances (3)" });
    const prod = agenticWith((d) => ((d.stage = "prod"), (d.services[1].appRunner = { maxInstances: 1 })));
    expect(messageFor(problemsOf(prod, "agentic"), "services.1.appRunner.maxInstances")).toBe("must be at least the prod default of 2 minimum instances; set appRunner.minInstances to 1 to run fewer");
  });
});

describe("App Runner: egress", () => {
  it("egress public is refused for a database client, with the reason", () => {
    const text = devAppRunner((api) => (api.appRunner = { egress: "public" }));
    expect(onlyProblem(text)).toEqual({
      path: "services.0.appRunner.egress",
      message: '"api" needs the VPC (it is a database client): its traffic must leave through the VPC connector; remove egress or set it to vpc',
      line: lineOf(text, "egress: public"),
      column: 15,
    });
  });

  it("every reason is named: database and cache client, a data-store reference, egressPorts", () => {
    const text = stagingWith((d) => {
      d.services[0].compute = "apprunner";
      delete d.services[0].autoscaling;
      delete d.services[0].healthCheck.gracePeriodSeconds;
      d.services[0].environment.DATABASE_URL = { ref: "database.endpoint" };
      d.services[0].appRunner = { egress: "public" };
    });
    expect(messageFor(problemsOf(text, "staging"), "services.0.appRunner.egress")).toBe(
      '"api" needs the VPC (it is a database client; it is a cache client; DATABASE_URL refers to database.endpoint; it opens egressPorts): its traffic must leave through the VPC connector; remove egress or set it to vpc',
    );
  });

  it("without a reason egress defaults to App Runner's own, and may be set to vpc", () => {
    const c = resolve(agenticText, "agentic");
    expect([web(c, "api").appRunner!.egress, web(c, "web").appRunner!.egress]).toEqual(["vpc", "public"]);
    expect(web(resolve(agenticWith((d) => (d.services[1].appRunner.egress = "vpc")), "agentic"), "web").appRunner!.egress).toBe("vpc");
  });
});

describe("App Runner: warnings", () => {
  it("every App Runner service gets the end-of-sale warning at its compute line; the file still loads", () => {
    const c = resolve(agenticText, "agentic");
    const first = lineOf(agenticText, "compute: apprunner");
    expect(c.warnings).toEqual([
      { path: "services.0.compute", message: END_OF_SALE("api"), line: first, column: 14 },
      { path: "services.1.compute", message: END_OF_SALE("web"), line: lineOf(agenticText, "compute: apprunner", first + 1), column: 14 },
    ]);
  });

  it("an appRunner block on ECS is a warning, not an error", () => {
    const text = devWith((d) => (d.services[0].appRunner = { maxInstances: 3 }));
    expect(resolve(text, "dev").warnings).toEqual([
      { path: "services.0.appRunner", message: "ignored on compute: ecs (App Runner settings); remove it, or set compute: apprunner", line: lineOf(text, "appRunner:"), column: 5 },
    ]);
    expect(web(resolve(text, "dev"), "api").appRunner).toBeUndefined();
  });

  it("an ECS-only environment has no warnings", () => {
    expect(resolve(devWith(() => undefined), "dev").warnings).toEqual([]);
  });

  // BUG (config/service-rules.ts, loadBalancerCallersOpenHttp): it asks every caller of the load balancer for
  // egressPorts: [80], also an App Runner service on App Runner's own egress, which has no security group.
  // web (App Runner, public egress) calls the api's URL, so moving the api to ECS is refused at
  // services.1.egressPorts, and following the advice (egressPorts: [80]) would move web onto a VPC connector.
  it("moving agentic's api to ECS is the one-line change the warning promises: only the appRunner block warning (and web's end of sale) remain", () => {
    const text = agenticText.replace("compute: apprunner", "compute: ecs");
    const c = resolve(text, "agentic");
    expect(c.warnings.map((w) => [w.path, w.line])).toEqual([
      ["services.0.appRunner", lineOf(text, "appRunner:")],
      ["services.1.compute", lineOf(text, "compute: apprunner")],
    ]);
    expect(web(c, "api")).toMatchObject({ compute: "ecs", appRunner: undefined, port: 8000 });
  });
});

describe("App Runner: references to App Runner URLs", () => {
  it("a cycle of URL references without a domain is refused, at the first service of the cycle", () => {
    const text = agenticWith((d) => (d.services[0].environment.WEB_URL = { ref: "services.web.url" }));
    expect(onlyProblem(text, "agentic")).toEqual({
      path: "services.0.environment",
      message: "api → web → api refer to each other's App Runner URL, which exists only after the service is created; remove one reference, or give the environment a domain so public services' URLs are known in advance",
      line: lineOf(text, "environment:"),
      column: 5,
    });
  });

  it("a service referring to its own App Runner URL is a cycle too", () => {
    expect(onlyProblem(agenticWith((d) => (d.services[1].environment.SELF = { ref: "services.web.host" })), "agentic")).toMatchObject({
      path: "services.1.environment",
      message: "web → web refer to each other's App Runner URL, which exists only after the service is created; remove one reference, or give the environment a domain so public services' URLs are known in advance",
    });
  });

  it("with a domain the URLs are known in advance, and the cycle loads", () => {
    const text = agenticWith((d) => {
      d.domain = { name: "agentic.example.com", zoneId: "Z0123456789ABCDEFGHIJ" };
      d.services[0].environment.WEB_URL = { ref: "services.web.url" };
    });
    const c = resolve(text, "agentic");
    expect(c.services.map((s) => [s.name, (s as ResolvedWebService).hosts])).toEqual([
      ["api", ["api.agentic.example.com"]],
      ["web", ["web.agentic.example.com"]],
    ]);
    expect(c.warnings.map((w) => w.path)).toEqual(["services.0.compute", "services.1.compute"]);
  });
});

describe("App Runner: custom domain hosts", () => {
  const DOMAIN = { name: "agentic.example.com", zoneId: "Z0123456789ABCDEFGHIJ" };

  it("hosts inside the domain load, the first one being the service's URL host", () => {
    const c = resolve(agenticWith((d) => ((d.domain = DOMAIN), (d.services[1].hosts = ["app.agentic.example.com", "www.agentic.example.com"]))), "agentic");
    expect(web(c, "web").hosts).toEqual(["app.agentic.example.com", "www.agentic.example.com"]);
  });

  it("on ECS a host outside the domain is refused", () => {
    const text = agenticWith((d) => ((d.domain = DOMAIN), (d.services[1].compute = "ecs"), delete d.services[1].appRunner, (d.services[1].hosts = ["app.other.org"])));
    expect(messageFor(problemsOf(text, "agentic"), "services.1.hosts.0")).toBe("app.other.org is not inside the domain agentic.example.com; its certificate and alias record are made in that hosted zone");
  });

  it("on App Runner a host outside the domain is refused too (its DNS records go into the domain's zone)", () => {
    const text = agenticWith((d) => ((d.domain = DOMAIN), (d.services[1].hosts = ["app.other.org"])));
    expect(onlyProblem(text, "agentic")).toEqual({
      path: "services.1.hosts.0",
      message: "app.other.org is not inside the domain agentic.example.com; its DNS records are made in that hosted zone",
      line: lineOf(text, "- app.other.org"),
      column: 9,
    });
  });

  it.each(["agentic.example.com", "*.agentic.example.com"])("on App Runner %s is refused: a CNAME cannot sit at the apex, and a wildcard has no single record", (host) => {
    const text = agenticWith((d) => ((d.domain = DOMAIN), (d.services[1].hosts = [host])));
    expect(onlyProblem(text, "agentic")).toMatchObject({
      path: "services.1.hosts.0",
      message: "App Runner needs a host below the domain, not a wildcard or the zone apex (a CNAME cannot sit at the apex); e.g. web.agentic.example.com",
    });
  });

  it("on App Runner hosts without a domain are refused (their records need the domain's zone)", () => {
    const text = agenticWith((d) => (d.services[1].hosts = ["app.agentic.example.com"]));
    expect(onlyProblem(text, "agentic")).toMatchObject({
      path: "services.1.hosts.0",
      message: "App Runner custom domains need the environment's domain (their DNS records go into its hosted zone); set domain or remove hosts",
    });
  });
});

describe("App Runner: derived name lengths", () => {
  /** dev plus a web service on App Runner. */
  const withGateway = (name: string) => devWith((d) => d.services.push({ name, kind: "web", compute: "apprunner", port: 8000, image: { tag: "1.0" } }));

  it("a 17-character name breaks the 32-character target group name on ECS", () => {
    const text = devWith((d) => d.services.push({ name: "inference-gateway", kind: "web", port: 8000, image: { tag: "1.0" }, paths: ["/gw/*"] }));
    expect(onlyProblem(text)).toEqual({
      path: "services.3.name",
      message: 'derived target group name "acme-ai-dev-inference-gateway-8000" is 34 characters; AWS allows at most 32. Shorten this service name, the project or the environment name',
      line: lineOf(text, "name: inference-gateway"),
      column: 11,
    });
  });

  it("the same name is fine on App Runner, which has no target group", () => {
    const c = resolve(withGateway("inference-gateway"), "dev");
    expect(web(c, "inference-gateway").compute).toBe("apprunner");
    expect(c.warnings.map((w) => w.path)).toEqual(["services.3.compute"]);
  });

  it("on App Runner the configuration name (32 characters) applies, and the service name (40)", () => {
    // In a 12-character environment: acme-ai-developments-inference-gw is 33 characters, a service name App Runner takes,
    // but too long for its auto scaling and observability configurations, which share it.
    const text = withGateway("inference-gw");
    expect(problemsOf(text, "developments")).toEqual([
      {
        path: "services.3.name",
        message: 'derived App Runner configuration name "acme-ai-developments-inference-gw" is 33 characters; AWS allows at most 32. Shorten this service name, the project or the environment name',
        line: lineOf(text, "name: inference-gw"),
        column: 11,
      },
    ]);
    // acme-ai-developments-inference-gateway-01: 41 characters, over both.
    expect(messageFor(problemsOf(withGateway("inference-gateway-01"), "developments"), "services.3.name")).toBe(
      [
        'derived App Runner service name "acme-ai-developments-inference-gateway-01" is 41 characters; AWS allows at most 40. Shorten this service name, the project or the environment name',
        'derived App Runner configuration name "acme-ai-developments-inference-gateway-01" is 41 characters; AWS allows at most 32. Shorten this service name, the project or the environment name',
      ].join(" | "),
    );
  });
});

describe("jobs: the container", () => {
  /** staging's evaluate job (services.3) with a change. */
  const evaluateWith = (change: (job: any) => void) => stagingWith((d) => change(d.services[3]));

  it("staging's evaluate job resolves with every default spelled out", () => {
    const job = resolve(stagingWith(() => undefined), "staging").services[3];
    expect(job).toMatchObject({
      name: "evaluate",
      kind: "job",
      compute: "batch",
      cpu: 1024,
      memory: 2048,
      command: ["python", "-m", "app.evaluate"],
      container: { readonlyRootFilesystem: true, writablePaths: ["/tmp"], user: "1000:1000" },
      timeoutSeconds: 900,
      retry: {
        attempts: 3,
        evaluateOnExit: [
          { action: "retry", onStatusReason: "Host EC2*" },
          { action: "retry", onReason: "CannotPullContainerError*" },
          { action: "exit", onExitCode: "1" },
        ],
      },
      spot: false,
      maxVcpus: 16,
      platformVersion: "LATEST",
      cpuArchitecture: "X86_64",
      submitsJobs: [],
    });
  });

  it("container.user is required", () => {
    const text = evaluateWith((j) => delete j.container.user);
    expect(onlyProblem(text, "staging")).toMatchObject({ path: "services.3.container.user", message: "is required (expected string)" });
  });

  it("the whole container is required (it carries the user)", () => {
    expect(onlyProblem(evaluateWith((j) => delete j.container), "staging")).toMatchObject({ path: "services.3.container", message: "is required (expected object)" });
  });

  it.each(["root", "0", "0:0", "root:1000"])("user %s is refused: jobs run as a non-root user", (user) => {
    const text = evaluateWith((j) => (j.container.user = user));
    expect(onlyProblem(text, "staging")).toEqual({ path: "services.3.container.user", message: "jobs run as a non-root user, e.g. 1000:1000", line: lineOf(text, "user:"), column: 13 });
  });

  it.each(["1000", "1000:1000", "app", "app:app", "10:0"])("user %s is accepted", (user) => {
    expect(resolve(evaluateWith((j) => (j.container.user = user)), "staging").services[3]).toMatchObject({ container: { user } });
  });

  it("exec is an unknown key on a job", () => {
    const text = evaluateWith((j) => (j.exec = true));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "services.3.exec",
      message:
        'unknown key "exec"; allowed here: kind, name, image, cpu, memory, command, environment, bucketAccess, secrets, sharedSecrets, bedrock, egressPorts, submitsJobs, container, timeoutSeconds, retry, spot, maxVcpus, platformVersion',
      line: lineOf(text, "exec: true"),
      column: 11,
    });
  });

  it("a container health check is an unknown key in a job's container", () => {
    const text = evaluateWith((j) => (j.container.healthCheck = { command: ["CMD", "true"] }));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "services.3.container.healthCheck",
      message: 'unknown key "healthCheck"; allowed here: readonlyRootFilesystem, writablePaths, user',
      line: lineOf(text, "healthCheck:", lineOf(text, "- name: evaluate")),
      column: 7,
    });
  });

  it("memory must fit the Fargate CPU: the message lists the sizes", () => {
    const text = evaluateWith((j) => (j.memory = 1024));
    expect(onlyProblem(text, "staging")).toEqual({
      path: "services.3.memory",
      message: "1024 MiB does not fit Fargate CPU 1024; allowed: 2048–8192 MiB (2048, 3072, 4096, 5120, 6144, 7168, 8192)",
      line: lineOf(text, "memory: 1024", lineOf(text, "- name: evaluate")),
      column: 13,
    });
  });
});

describe("jobs: timeout and retries", () => {
  const evaluateWith = (change: (job: any) => void) => stagingWith((d) => change(d.services[3]));

  it("timeoutSeconds below 60 is refused (AWS Batch's minimum)", () => {
    const text = evaluateWith((j) => (j.timeoutSeconds = 59));
    expect(onlyProblem(text, "staging")).toEqual({ path: "services.3.timeoutSeconds", message: "Too small: expected number to be >=60", line: lineOf(text, "timeoutSeconds: 59"), column: 21 });
  });

  it("timeoutSeconds 60 is accepted", () => {
    expect(resolve(evaluateWith((j) => (j.timeoutSeconds = 60)), "staging").services[3]).toMatchObject({ timeoutSeconds: 60 });
  });

  it("timeoutSeconds defaults to an hour", () => {
    expect(resolve(evaluateWith((j) => delete j.timeoutSeconds), "staging").services[3]).toMatchObject({ timeoutSeconds: 3600 });
  });

  it("retry.attempts 11 is refused (AWS Batch takes 1–10)", () => {
    const text = evaluateWith((j) => (j.retry.attempts = 11));
    expect(onlyProblem(text, "staging")).toEqual({ path: "services.3.retry.attempts", message: "Too big: expected number to be <=10", line: lineOf(text, "attempts: 11"), column: 17 });
  });

  it("retry.attempts 0 is refused", () => {
    expect(onlyProblem(evaluateWith((j) => (j.retry.attempts = 0)), "staging")).toMatchObject({ path: "services.3.retry.attempts", message: "Too small: expected number to be >=1" });
  });

  it("without retry, 3 attempts and no rules", () => {
    expect(resolve(evaluateWith((j) => delete j.retry), "staging").services[3]).toMatchObject({ retry: { attempts: 3, evaluateOnExit: [] } });
  });

  it("six evaluateOnExit rules are refused: AWS Batch evaluates at most 5", () => {
    const text = evaluateWith((j) => j.retry.evaluateOnExit.push({ action: "retry", onExitCode: "137" }, { action: "exit", onExitCode: "2" }, { action: "exit", onExitCode: "3" }));
    expect(onlyProblem(text, "staging")).toEqual({ path: "services.3.retry.evaluateOnExit", message: "AWS Batch evaluates at most 5 rules", line: lineOf(text, "evaluateOnExit:"), column: 7 });
  });

  it("a rule that matches nothing (only an action) is refused", () => {
    const text = evaluateWith((j) => j.retry.evaluateOnExit.push({ action: "retry" }));
    expect(onlyProblem(text, "staging")).toMatchObject({ path: "services.3.retry.evaluateOnExit.3", message: "give at least one of onExitCode, onReason, onStatusReason" });
  });

  it("an exit code is digits, optionally ending in *", () => {
    expect(onlyProblem(evaluateWith((j) => (j.retry.evaluateOnExit[2].onExitCode = "one")), "staging")).toMatchObject({
      path: "services.3.retry.evaluateOnExit.2.onExitCode",
      message: "must be an exit code, optionally ending in * (e.g. 137 or 1*)",
    });
  });
});

describe("jobs: who submits them", () => {
  it("submitsJobs naming an unknown job is refused with the list of jobs", () => {
    const text = stagingWith((d) => d.services[0].submitsJobs.push("grade"));
    expect(onlyProblem(text, "staging")).toEqual({ path: "services.0.submitsJobs.1", message: 'unknown job "grade"; jobs (services of kind job): evaluate', line: lineOf(text, "- grade"), column: 9 });
  });

  it("submitsJobs naming a service that is not a job is refused with the list of jobs", () => {
    const text = stagingWith((d) => (d.services[0].submitsJobs = ["evaluate", "worker"]));
    expect(onlyProblem(text, "staging")).toMatchObject({ path: "services.0.submitsJobs.1", message: 'unknown job "worker"; jobs (services of kind job): evaluate' });
  });

  it("a job listed twice is refused", () => {
    expect(onlyProblem(stagingWith((d) => d.services[0].submitsJobs.push("evaluate")), "staging")).toMatchObject({ path: "services.0.submitsJobs.1", message: '"evaluate" is listed twice' });
  });

  it("a job cannot submit itself", () => {
    const text = stagingWith((d) => (d.services[3].submitsJobs = ["evaluate"]));
    expect(onlyProblem(text, "staging")).toMatchObject({ path: "services.3.submitsJobs.0", message: "a job cannot submit itself" });
  });

  it("{ ref: jobs.<name>.queue } without submitsJobs is refused with the fix", () => {
    const text = stagingWith((d) => delete d.services[0].submitsJobs);
    expect(problemsOf(text, "staging")).toEqual([
      {
        path: "services.0.environment.EVALUATE_JOB_QUEUE.ref",
        message: 'jobs.evaluate.queue: "api" does not submit "evaluate"; add it to services.0.submitsJobs',
        line: lineOf(text, "ref: jobs.evaluate.queue"),
        column: 14,
      },
      {
        path: "services.0.environment.EVALUATE_JOB_DEFINITION.ref",
        message: 'jobs.evaluate.definition: "api" does not submit "evaluate"; add it to services.0.submitsJobs',
        line: lineOf(text, "ref: jobs.evaluate.definition"),
        column: 14,
      },
    ]);
  });

  it("{ ref: jobs.<name>.queue } to an unknown job or a non-job is refused with the list of jobs", () => {
    const unknown = stagingWith((d) => (d.services[1].environment.GRADE_QUEUE = { ref: "jobs.grade.queue" }));
    expect(onlyProblem(unknown, "staging")).toMatchObject({ path: "services.1.environment.GRADE_QUEUE.ref", message: 'jobs.grade.queue: unknown job "grade"; jobs: evaluate' });
    const notJob = stagingWith((d) => (d.services[1].environment.Q = { ref: "jobs.migrate.queue" }));
    expect(onlyProblem(notJob, "staging")).toMatchObject({ path: "services.1.environment.Q.ref", message: 'jobs.migrate.queue: service "migrate" is a task, not a job; jobs: evaluate' });
  });

  it("the api's references stay references in the resolved config", () => {
    const api = resolve(stagingWith(() => undefined), "staging").services[0];
    expect([api.submitsJobs, api.environment.EVALUATE_JOB_QUEUE, api.environment.EVALUATE_JOB_DEFINITION]).toEqual([["evaluate"], { ref: "jobs.evaluate.queue" }, { ref: "jobs.evaluate.definition" }]);
  });
});

describe("jobs: names", () => {
  it("a job name longer than 20 characters is refused (it becomes part of the Batch names)", () => {
    const text = stagingWith((d) => {
      d.services[3].name = "nightly-evaluation-run";
      d.services[0].submitsJobs = ["nightly-evaluation-run"];
      d.services[0].environment.EVALUATE_JOB_QUEUE = { ref: "jobs.nightly-evaluation-run.queue" };
      d.services[0].environment.EVALUATE_JOB_DEFINITION = { ref: "jobs.nightly-evaluation-run.definition" };
    });
    const problems = problemsOf(text, "staging");
    expect(messageFor(problems, "services.3.name")).toBe("service name must be at most 20 characters");
    expect(messageFor(problems, "services.0.submitsJobs.0")).toBe("job name must be at most 20 characters");
  });

  it("the longest names fit every Batch name: a 20-character job of a 16-character project in a 12-character environment is not refused", () => {
    const text = stagingWith((d) => {
      d.project = "acme-ai-platform";
      d.services[3].name = "nightly-evaluation-1";
      d.services[0].submitsJobs = ["nightly-evaluation-1"];
      d.services[0].environment.EVALUATE_JOB_QUEUE = { ref: "jobs.nightly-evaluation-1.queue" };
      d.services[0].environment.EVALUATE_JOB_DEFINITION = { ref: "jobs.nightly-evaluation-1.definition" };
    });
    // Only the ECS api's target group is too long; nothing derived from the job is.
    expect(problemsOf(text, "stagingstage")).toEqual([
      {
        path: "services.0.name",
        message: 'derived target group name "acme-ai-platform-stagingstage-api-8000" is 38 characters; AWS allows at most 32. Shorten this service name, the project or the environment name',
        line: lineOf(text, "name: api"),
        column: 11,
      },
    ]);
  });

  it("a job's derived names: repository, roles, its /aws/batch log group, the compute environment (capacity type and the provider's 26-character suffix), the queue, the failure rule", () => {
    expect(new Names("acme-ai", "staging", "222222222222").serviceNames("evaluate", { compute: "batch" })).toEqual([
      { kind: "ecrRepository", value: "acme-ai/staging/evaluate" },
      { kind: "iamRole", value: "acme-ai-staging-evaluate-task" },
      { kind: "iamRole", value: "acme-ai-staging-evaluate-exec" },
      { kind: "logGroup", value: "/aws/batch/acme-ai-staging/evaluate" },
      { kind: "batch", value: `acme-ai-staging-evaluate-fargate-${"0".repeat(26)}` },
      { kind: "batch", value: "acme-ai-staging-evaluate" },
      { kind: "eventRule", value: "acme-ai-staging-evaluate-failed" },
    ]);
    expect([NAME_LIMITS.batch, NAME_LIMITS.eventRule]).toEqual([128, 64]);
  });

  it("an App Runner service's derived names: repository, roles, service and configuration names, no log group", () => {
    expect(new Names("agentic", "agentic", "444444444444").serviceNames("api", { compute: "apprunner", webPort: 8000 })).toEqual([
      { kind: "ecrRepository", value: "agentic/agentic/api" },
      { kind: "iamRole", value: "agentic-agentic-api-task" },
      { kind: "iamRole", value: "agentic-agentic-api-exec" },
      { kind: "appRunnerService", value: "agentic-agentic-api" },
      { kind: "appRunnerConfiguration", value: "agentic-agentic-api" },
    ]);
  });
});
