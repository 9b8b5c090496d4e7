/**
 * The environment's CloudWatch dashboard (constructs/dashboard, frontend phase):
 * a section per thing the environment runs, in order; every graph's metrics read
 * their dimensions from the upstream contracts (or are literals); CloudFront's
 * graphs are in us-east-1 whatever the region; the alarms' thresholds are drawn
 * from the environment's own values (none at 0); the console URL per partition;
 * and every dashboard ends with the alert topic's section, so the dashboard with
 * its output exists whatever the environment runs and whatever the frontend type.
 */
import { Testing, TerraformStack } from "cdktf";
import type { ResolvedConfig } from "../config/defaults";
import { loadEnvironment, parseEnvironment } from "../config/load";
import { Dashboard } from "../constructs/dashboard/dashboard";
import { graph, heading, metricsOf } from "../constructs/dashboard/widgets";
import { FoundationContract, ServicesContract } from "../stacks/contracts";
import { DASHBOARD_OUTPUT, FrontendStack } from "../stacks/frontend-stack";
import { devWith } from "./support/config-text";
import { configs } from "./support/stack-json";
import { EXAMPLES_DIR, type TerraformJson } from "./support/synth";

type Widget = { type: string; width: number; height: number; properties: Record<string, any> };
type MetricRow = [string, string, ...unknown[]];

const agentic = loadEnvironment("agentic", { configDir: EXAMPLES_DIR, env: {} });
const devText = (change: (doc: any) => void): ResolvedConfig => parseEnvironment(devWith(change), "dev", "config/environments/dev.yaml", {});

const synthCache = new Map<ResolvedConfig, TerraformJson>();
const frontendOf = (config: ResolvedConfig): TerraformJson => {
  if (!synthCache.has(config)) synthCache.set(config, JSON.parse(Testing.synth(new FrontendStack(Testing.app(), { config }))) as TerraformJson);
  return synthCache.get(config)!;
};
const dashboardResource = (j: TerraformJson) => j.resource!.aws_cloudwatch_dashboard.dashboard as { dashboard_name: string; dashboard_body: string };
const widgetsOf = (config: ResolvedConfig): Widget[] => JSON.parse(dashboardResource(frontendOf(config)).dashboard_body).widgets;
const headingsOf = (config: ResolvedConfig): string[] => widgetsOf(config).filter((w) => w.type === "text").map((w) => w.properties.markdown);
const metricWidgetsOf = (config: ResolvedConfig): Widget[] => widgetsOf(config).filter((w) => w.type === "metric");
/** The graphs under one heading (up to the next heading). */
const sectionOf = (config: ResolvedConfig, markdown: string): Widget[] => {
  const widgets = widgetsOf(config);
  const start = widgets.findIndex((w) => w.type === "text" && w.properties.markdown === markdown);
  expect(start, `no heading ${markdown}`).toBeGreaterThanOrEqual(0);
  const next = widgets.findIndex((w, i) => i > start && w.type === "text");
  return widgets.slice(start + 1, next < 0 ? undefined : next);
};
const graphOf = (config: ResolvedConfig, markdown: string, title: string): Widget => {
  const found = sectionOf(config, markdown).filter((w) => w.properties.title === title);
  expect(found, `${markdown} / ${title}`).toHaveLength(1);
  return found[0];
};
const linesOf = (w: Widget) => (w.properties.annotations?.horizontal ?? []) as Array<{ label: string; value: number }>;
/** Dimension name → value pairs of a metric row. */
const dimensionsOf = (row: MetricRow): Array<[string, unknown]> => {
  const dims = row.slice(2, -1);
  return Array.from({ length: dims.length / 2 }, (_, i) => [dims[2 * i] as string, dims[2 * i + 1]]);
};

const REMOTE = /^\$\{data\.terraform_remote_state\.(foundation|services)\.outputs\.([a-z0-9_]+)(?:\.([a-z0-9_-]+))?\}$/;
const DISTRIBUTION_ID = "${aws_cloudfront_distribution.site.id}";
const CONTRACTS = { foundation: FoundationContract, services: ServicesContract } as const;

/** Which upstream output (or literal) each dimension may take: the dashboard must graph what its phase published. */
const DIMENSION_SOURCES: Record<string, ReadonlyArray<string>> = {
  ClusterName: ["services.ecs_cluster_name"],
  ServiceName: ["services.ecs_service_names", "literal"],
  LoadBalancer: ["services.load_balancer_arn_suffix"],
  TargetGroup: ["services.target_group_arn_suffixes"],
  ServiceID: ["services.apprunner_service_ids"],
  DBInstanceIdentifier: ["foundation.database_identifier"],
  CacheClusterId: ["foundation.cache_node_ids"],
  RuleName: ["services.batch_job_failure_rules"],
  DistributionId: ["cloudfront"],
  Region: ["literal"],
  TopicName: ["literal"],
};

const EXPECTED_HEADINGS: ReadonlyArray<readonly [string, () => ResolvedConfig, readonly string[]]> = [
  ["dev", () => configs.dev, ["## Service api (ECS)", "## Service worker (ECS)", "## Load balancer", "## Database (PostgreSQL)", "## CDN (CloudFront)", "## Alerts"]],
  [
    "staging",
    () => configs.staging,
    ["## Service api (ECS)", "## Service worker (ECS)", "## Load balancer", "## Database (PostgreSQL)", "## Cache (Redis)", "## Batch jobs", "## CDN (CloudFront)", "## Alerts"],
  ],
  [
    "prod",
    () => configs.prod,
    ["## Service api (ECS)", "## Service worker (ECS)", "## Service qdrant (ECS)", "## Load balancer", "## Database (PostgreSQL)", "## Cache (Redis)", "## CDN (CloudFront)", "## Alerts"],
  ],
  ["agentic", () => agentic, ["## Service api (App Runner)", "## Service web (App Runner)", "## Database (PostgreSQL)", "## Alerts"]],
];

describe("sections of the shipped environments", () => {
  it.each(EXPECTED_HEADINGS)("%s: one section per running service, then load balancer, database, cache, Batch jobs and CDN as configured, and the alerts last", (_env, config, headings) => {
    expect(headingsOf(config())).toEqual(headings);
  });

  it.each(EXPECTED_HEADINGS)("%s: one dashboard named <project>-<env>, a full-width heading before each section's third-width graphs", (_env, config) => {
    const c = config();
    expect(Object.keys(frontendOf(c).resource!.aws_cloudwatch_dashboard)).toEqual(["dashboard"]);
    expect(dashboardResource(frontendOf(c)).dashboard_name).toBe(`${c.project}-${c.environment}`);
    const widgets = widgetsOf(c);
    expect(widgets[0].type).toBe("text");
    for (const w of widgets) expect([w.type, w.width, w.height]).toEqual(w.type === "text" ? ["text", 24, 1] : ["metric", 8, 6]);
  });

  it("graphs per section: web services behind the load balancer get request, latency and target graphs; workers and internal services only CPU/memory and tasks", () => {
    const titles = (c: ResolvedConfig, h: string) => sectionOf(c, h).map((w) => w.properties.title);
    expect(titles(configs.prod, "## Service api (ECS)")).toEqual(["CPU and memory (%)", "Tasks", "Requests and responses", "Response time (s)", "Targets"]);
    expect(titles(configs.prod, "## Service worker (ECS)")).toEqual(["CPU and memory (%)", "Tasks"]);
    expect(titles(configs.prod, "## Service qdrant (ECS)")).toEqual(["CPU and memory (%)", "Tasks"]);
    expect(titles(configs.prod, "## Load balancer")).toEqual(["Requests", "Its own errors", "Connections"]);
    expect(titles(configs.prod, "## Database (PostgreSQL)")).toEqual(["CPU (%)", "Connections", "Free storage (left) and memory (right), bytes", "Latency (s)", "IOPS"]);
    expect(titles(configs.prod, "## CDN (CloudFront)")).toEqual(["Requests", "Error rate (%)", "Bytes downloaded"]);
    expect(titles(agentic, "## Service api (App Runner)")).toEqual(["Requests and responses", "Request latency (ms)", "Instances, CPU and memory (%)"]);
    expect(titles(configs.staging, "## Batch jobs")).toEqual(["Failed jobs"]);
    expect(titles(configs.prod, "## Alerts")).toEqual(["Alerts published and delivered"]);
  });

  it.each(EXPECTED_HEADINGS)("%s: the alerts section graphs the environment's alert topic (literal <project>-<env>-alerts) in its region", (env, config) => {
    const c = config();
    const topic = { dev: "acme-ai-dev-alerts", staging: "acme-ai-staging-alerts", prod: "acme-ai-prod-alerts", agentic: "agentic-agentic-alerts" }[env]!;
    expect(c.names.alertTopic).toBe(topic);
    expect(sectionOf(c, "## Alerts")).toEqual([
      {
        type: "metric",
        width: 8,
        height: 6,
        properties: {
          title: "Alerts published and delivered",
          region: "us-east-1",
          view: "timeSeries",
          stacked: false,
          period: 300,
          metrics: [
            ["AWS/SNS", "NumberOfMessagesPublished", "TopicName", topic, { stat: "Sum", label: "published" }],
            ["AWS/SNS", "NumberOfNotificationsDelivered", "TopicName", topic, { stat: "Sum", label: "delivered" }],
            ["AWS/SNS", "NumberOfNotificationsFailed", "TopicName", topic, { stat: "Sum", label: "failed" }],
          ],
          yAxis: { left: { min: 0 } },
        },
      },
    ]);
  });

  it("cache: a line per node; replication lag only with replicas (prod: primary and one replica; staging: a single node)", () => {
    const staging = sectionOf(configs.staging, "## Cache (Redis)");
    const prod = sectionOf(configs.prod, "## Cache (Redis)");
    expect(staging.map((w) => w.properties.title)).toEqual(["Engine and host CPU (%)", "Memory used (% of maxmemory)", "Evictions", "Connections", "Hits and misses"]);
    expect(prod.map((w) => w.properties.title)).toEqual(["Engine and host CPU (%)", "Memory used (% of maxmemory)", "Evictions", "Connections", "Hits and misses", "Replication lag (s)"]);
    expect(graphOf(configs.prod, "## Cache (Redis)", "Replication lag (s)").properties).toMatchObject({
      period: 60,
      metrics: [
        ["AWS/ElastiCache", "ReplicationLag", "CacheClusterId", "${data.terraform_remote_state.foundation.outputs.cache_node_ids.node_001}", { stat: "Maximum", label: "node 001" }],
        ["AWS/ElastiCache", "ReplicationLag", "CacheClusterId", "${data.terraform_remote_state.foundation.outputs.cache_node_ids.node_002}", { stat: "Maximum", label: "node 002" }],
      ],
      annotations: { horizontal: [{ label: "alarm: cacheReplicationLag", value: 5 }] },
    });
    const node = (n: string) => `\${data.terraform_remote_state.foundation.outputs.cache_node_ids.node_${n}}`;
    expect(graphOf(configs.staging, "## Cache (Redis)", "Hits and misses").properties.metrics).toEqual([
      ["AWS/ElastiCache", "CacheHits", "CacheClusterId", node("001"), { stat: "Sum", label: "hits, node 001" }],
      ["AWS/ElastiCache", "CacheMisses", "CacheClusterId", node("001"), { stat: "Sum", label: "misses, node 001" }],
    ]);
    expect(graphOf(configs.prod, "## Cache (Redis)", "Hits and misses").properties.metrics.map((row: MetricRow) => (row.at(-1) as { label: string }).label)).toEqual([
      "hits, node 001",
      "hits, node 002",
      "misses, node 001",
      "misses, node 002",
    ]);
  });

  it("an ECS web service's graphs: exact body of dev's api CPU/memory (dev's stage values) and its response time", () => {
    const services = (o: string) => `\${data.terraform_remote_state.services.outputs.${o}}`;
    expect(graphOf(configs.dev, "## Service api (ECS)", "CPU and memory (%)")).toEqual({
      type: "metric",
      width: 8,
      height: 6,
      properties: {
        title: "CPU and memory (%)",
        region: "us-east-1",
        view: "timeSeries",
        stacked: false,
        period: 300,
        metrics: [
          ["AWS/ECS", "CPUUtilization", "ClusterName", services("ecs_cluster_name"), "ServiceName", services("ecs_service_names.api"), { stat: "Average", label: "CPU" }],
          ["AWS/ECS", "MemoryUtilization", "ClusterName", services("ecs_cluster_name"), "ServiceName", services("ecs_service_names.api"), { stat: "Average", label: "memory" }],
        ],
        yAxis: { left: { min: 0 } },
        annotations: { horizontal: [{ label: "alarm: ecsCpu", value: 90 }, { label: "alarm: ecsMemory", value: 90 }] },
      },
    });
    const lb = ["LoadBalancer", services("load_balancer_arn_suffix"), "TargetGroup", services("target_group_arn_suffixes.api")];
    expect(graphOf(configs.dev, "## Service api (ECS)", "Response time (s)").properties).toMatchObject({
      metrics: [
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p50", label: "p50" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p90", label: "p90" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p99", label: "p99" }],
      ],
      annotations: { horizontal: [{ label: "alarm: targetLatencyP90", value: 5 }] },
    });
    expect(linesOf(graphOf(configs.dev, "## Service api (ECS)", "Requests and responses"))).toEqual([{ label: "alarm: targetErrors", value: 25 }]);
    // unhealthyTargets alarms above 0: no line (the axis is the line), so no annotations.
    expect(graphOf(configs.dev, "## Service api (ECS)", "Targets").properties).not.toHaveProperty("annotations");
    // Likewise rejectedConnections on the load balancer: only loadBalancerErrors' line.
    expect(linesOf(graphOf(configs.dev, "## Load balancer", "Its own errors"))).toEqual([{ label: "alarm: loadBalancerErrors", value: 25 }]);
  });

  it("App Runner: the service's name (literal, as the services phase names it) and id (services contract); the p90 line in milliseconds", () => {
    expect(graphOf(agentic, "## Service api (App Runner)", "Request latency (ms)").properties).toMatchObject({
      metrics: [
        ["AWS/AppRunner", "RequestLatency", "ServiceName", "agentic-agentic-api", "ServiceID", "${data.terraform_remote_state.services.outputs.apprunner_service_ids.api}", { stat: "p50", label: "p50" }],
        ["AWS/AppRunner", "RequestLatency", "ServiceName", "agentic-agentic-api", "ServiceID", "${data.terraform_remote_state.services.outputs.apprunner_service_ids.api}", { stat: "p90", label: "p90" }],
        ["AWS/AppRunner", "RequestLatency", "ServiceName", "agentic-agentic-api", "ServiceID", "${data.terraform_remote_state.services.outputs.apprunner_service_ids.api}", { stat: "p99", label: "p99" }],
      ],
      annotations: { horizontal: [{ label: "alarm: appRunnerLatencyP90", value: 5000 }] },
    });
    expect(agentic.names.appRunnerService("web")).toBe("agentic-agentic-web");
    expect(graphOf(agentic, "## Service web (App Runner)", "Requests and responses").properties.metrics[0]).toEqual([
      "AWS/AppRunner",
      "Requests",
      "ServiceName",
      "agentic-agentic-web",
      "ServiceID",
      "${data.terraform_remote_state.services.outputs.apprunner_service_ids.web}",
      { stat: "Sum", label: "requests" },
    ]);
    // The agentic example is a staging environment: staging's 10.
    expect(agentic.stage).toBe("staging");
    for (const s of ["api", "web"]) {
      expect(linesOf(graphOf(agentic, `## Service ${s} (App Runner)`, "Requests and responses"))).toEqual([{ label: "alarm: appRunnerErrors", value: 10 }]);
    }
  });

  it("database: thresholds in the graphs' units (dev: db.t4g.micro, 20 GB growing to 100; dev's CPU at 90 %)", () => {
    const line = (title: string) => linesOf(graphOf(configs.dev, "## Database (PostgreSQL)", title));
    expect([configs.dev.database!.allocatedStorageGb, configs.dev.database!.maxAllocatedStorageGb]).toEqual([20, 100]);
    expect(line("CPU (%)")).toEqual([{ label: "alarm: databaseCpu", value: 90 }]);
    // 80 % of the class's estimated max_connections (84).
    expect(line("Connections")).toEqual([{ label: "alarm: databaseConnections", value: 67.2 }]);
    // storage autoscales: 5 % of 20 GB (1073741824 bytes) on the left axis; 128 MiB (134217728 bytes) of memory on the right
    expect(line("Free storage (left) and memory (right), bytes")).toEqual([
      { label: "alarm: databaseFreeStorage", value: 1073741824 },
      { label: "alarm: databaseFreeableMemory", value: 134217728, yAxis: "right" },
    ]);
    expect(line("Latency (s)")).toEqual([
      { label: "alarm: databaseReadLatency", value: 0.02 },
      { label: "alarm: databaseWriteLatency", value: 0.02 },
    ]);
    expect(line("IOPS")).toEqual([]);
  });

  it("database: free storage (gigabytes) on the left axis, freeable memory (megabytes) and its line on the right; exact body in dev", () => {
    const db = "${data.terraform_remote_state.foundation.outputs.database_identifier}";
    expect(graphOf(configs.dev, "## Database (PostgreSQL)", "Free storage (left) and memory (right), bytes")).toEqual({
      type: "metric",
      width: 8,
      height: 6,
      properties: {
        title: "Free storage (left) and memory (right), bytes",
        region: "us-east-1",
        view: "timeSeries",
        stacked: false,
        period: 300,
        metrics: [
          ["AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", db, { stat: "Minimum", label: "free storage" }],
          ["AWS/RDS", "FreeableMemory", "DBInstanceIdentifier", db, { stat: "Minimum", label: "freeable memory", yAxis: "right" }],
        ],
        yAxis: { left: { min: 0 }, right: { min: 0 } },
        annotations: {
          horizontal: [
            { label: "alarm: databaseFreeStorage", value: 1073741824 },
            { label: "alarm: databaseFreeableMemory", value: 134217728, yAxis: "right" },
          ],
        },
      },
    });
    // the database's other graphs keep one axis
    for (const title of ["CPU (%)", "Connections", "Latency (s)", "IOPS"]) {
      expect(graphOf(configs.dev, "## Database (PostgreSQL)", title).properties.yAxis, title).toEqual({ left: { min: 0 } });
    }
  });

  it("database: connections line at 80 % of the class's estimate: staging db.t4g.small 197 → 157.6, prod db.m7g.large 811 → 648.8", () => {
    expect(linesOf(graphOf(configs.staging, "## Database (PostgreSQL)", "Connections"))).toEqual([{ label: "alarm: databaseConnections", value: 157.6 }]);
    expect(linesOf(graphOf(configs.prod, "## Database (PostgreSQL)", "Connections"))).toEqual([{ label: "alarm: databaseConnections", value: 648.8 }]);
  });

  it("database without storage autoscaling (maxAllocatedStorageGb 20 of 20): the free storage line at 10 % (2147483648 bytes)", () => {
    const fixed = devText((d) => (d.database.maxAllocatedStorageGb = 20));
    expect(linesOf(graphOf(fixed, "## Database (PostgreSQL)", "Free storage (left) and memory (right), bytes"))).toEqual([
      { label: "alarm: databaseFreeStorage", value: 2147483648 },
      { label: "alarm: databaseFreeableMemory", value: 134217728, yAxis: "right" },
    ]);
  });

  it("cache: engine and host CPU in one graph, every node's engine line then every node's host line; both alarms' lines (90 each)", () => {
    const node = (n: string) => `\${data.terraform_remote_state.foundation.outputs.cache_node_ids.node_${n}}`;
    const cpu = (metrics: unknown[]) => ({
      type: "metric",
      width: 8,
      height: 6,
      properties: {
        title: "Engine and host CPU (%)",
        region: "us-east-1",
        view: "timeSeries",
        stacked: false,
        period: 300,
        metrics,
        yAxis: { left: { min: 0 } },
        annotations: {
          horizontal: [
            { label: "alarm: cacheEngineCpu", value: 90 },
            { label: "alarm: cacheCpu", value: 90 },
          ],
        },
      },
    });
    expect(graphOf(configs.prod, "## Cache (Redis)", "Engine and host CPU (%)")).toEqual(
      cpu([
        ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", node("001"), { stat: "Average", label: "engine, node 001" }],
        ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", node("002"), { stat: "Average", label: "engine, node 002" }],
        ["AWS/ElastiCache", "CPUUtilization", "CacheClusterId", node("001"), { stat: "Average", label: "host, node 001" }],
        ["AWS/ElastiCache", "CPUUtilization", "CacheClusterId", node("002"), { stat: "Average", label: "host, node 002" }],
      ]),
    );
    expect(graphOf(configs.staging, "## Cache (Redis)", "Engine and host CPU (%)")).toEqual(
      cpu([
        ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", node("001"), { stat: "Average", label: "engine, node 001" }],
        ["AWS/ElastiCache", "CPUUtilization", "CacheClusterId", node("001"), { stat: "Average", label: "host, node 001" }],
      ]),
    );
  });

  it("cache: each CPU threshold follows its own kind (cacheEngineCpu 75, cacheCpu 60)", () => {
    const tuned = { ...configs.staging, alarms: { cacheEngineCpu: { threshold: 75, enabled: true }, cacheCpu: { threshold: 60, enabled: true } } };
    expect(linesOf(graphOf(tuned, "## Cache (Redis)", "Engine and host CPU (%)"))).toEqual([
      { label: "alarm: cacheEngineCpu", value: 75 },
      { label: "alarm: cacheCpu", value: 60 },
    ]);
    const hostOff = { ...configs.staging, alarms: { cacheCpu: { enabled: false, reason: "engine CPU is the one that matters" } } };
    expect(linesOf(graphOf(hostOff, "## Cache (Redis)", "Engine and host CPU (%)"))).toEqual([{ label: "alarm: cacheEngineCpu", value: 90 }]);
  });

  it("Batch jobs: the failure rule's TriggeredRules per job (staging's evaluate)", () => {
    expect(graphOf(configs.staging, "## Batch jobs", "Failed jobs").properties.metrics).toEqual([
      ["AWS/Events", "TriggeredRules", "RuleName", "${data.terraform_remote_state.services.outputs.batch_job_failure_rules.evaluate}", { stat: "Sum", label: "evaluate" }],
    ]);
  });
});

describe("every metric widget", () => {
  it.each(EXPECTED_HEADINGS)("%s: has a region and metric rows [namespace, name, dimension pairs…, {stat}]", (_env, config) => {
    const widgets = metricWidgetsOf(config());
    expect(widgets.length).toBeGreaterThan(0);
    for (const w of widgets) {
      const p = w.properties;
      expect(p.region, p.title).toMatch(/^[a-z]{2}(-[a-z]+)+-\d$/);
      expect(Array.isArray(p.metrics) && p.metrics.length > 0, p.title).toBe(true);
      for (const row of p.metrics as MetricRow[]) {
        const options = row.at(-1) as Record<string, unknown>;
        expect(typeof options, `${p.title}: ${JSON.stringify(row)}`).toBe("object");
        expect(options.stat, p.title).toMatch(/^(Average|Sum|Minimum|Maximum|p\d+)$/);
        expect(row.slice(0, -1).every((v) => typeof v === "string"), JSON.stringify(row)).toBe(true);
        expect(row[0]).toMatch(/^(AWS|ECS)\//);
        // namespace, name, pairs of dimension name and value, options
        expect((row.length - 3) % 2, JSON.stringify(row)).toBe(0);
        expect(row.length, JSON.stringify(row)).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it.each(EXPECTED_HEADINGS)("%s: dimension values are literals or references to outputs the upstream contracts publish (with the key the contract selects)", (_env, config) => {
    const c = config();
    const j = frontendOf(c);
    const seen = new Set<string>();
    for (const w of metricWidgetsOf(c)) {
      for (const row of w.properties.metrics as MetricRow[]) {
        for (const [name, value] of dimensionsOf(row)) {
          const where = `${w.properties.title}: ${name}=${String(value)}`;
          expect(typeof value, where).toBe("string");
          const v = value as string;
          const allowed = DIMENSION_SOURCES[name];
          expect(allowed, `unknown dimension ${where}`).toBeDefined();
          const remote = REMOTE.exec(v);
          if (v === DISTRIBUTION_ID) {
            expect(allowed, where).toContain("cloudfront");
            expect(j.resource!.aws_cloudfront_distribution.site, where).toBeDefined();
            seen.add("cloudfront");
          } else if (remote) {
            const [, phase, output, key] = remote as unknown as [string, "foundation" | "services", string, string | undefined];
            expect(allowed, where).toContain(`${phase}.${output}`);
            const spec = (CONTRACTS[phase].outputs as Record<string, { type: string; keys?: (c: ResolvedConfig) => readonly string[] }>)[output];
            expect(spec, `${phase} contract has no output ${output}`).toBeDefined();
            if (key === undefined) expect(spec.type, where).toBe("string");
            else {
              expect(spec.type, where).toBe("map");
              expect(spec.keys!(c), where).toContain(key);
            }
            // The stack reads that phase's remote state.
            expect(j.data!.terraform_remote_state[phase], where).toBeDefined();
            seen.add(`${phase}.${output}`);
          } else {
            expect(v, `neither a literal nor a known reference: ${where}`).not.toContain("${");
            expect(allowed, `literal not allowed: ${where}`).toContain("literal");
            expect(v.length, where).toBeGreaterThan(0);
          }
        }
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it("the references cover every contract output the brief lists (across the shipped environments)", () => {
    const refs = new Set(
      EXPECTED_HEADINGS.flatMap(([, config]) =>
        metricWidgetsOf(config()).flatMap((w) => (w.properties.metrics as MetricRow[]).flatMap((row) => dimensionsOf(row).map(([, v]) => REMOTE.exec(String(v))?.slice(1, 3).join(".") ?? String(v)))),
      ),
    );
    for (const ref of [
      "services.ecs_cluster_name",
      "services.ecs_service_names",
      "services.load_balancer_arn_suffix",
      "services.target_group_arn_suffixes",
      "services.apprunner_service_ids",
      "services.batch_job_failure_rules",
      "foundation.database_identifier",
      "foundation.cache_node_ids",
      DISTRIBUTION_ID,
    ]) {
      expect(refs, ref).toContain(ref);
    }
  });

  it("each line of a graph has its own label (the legend tells them apart)", () => {
    for (const [, config] of EXPECTED_HEADINGS) {
      for (const w of metricWidgetsOf(config())) {
        const labels = (w.properties.metrics as MetricRow[]).map((row) => (row.at(-1) as { label?: string }).label);
        expect(new Set(labels).size, `${config().environment} / ${w.properties.title}: ${JSON.stringify(labels)}`).toBe(labels.length);
      }
    }
  });
});

describe("regions", () => {
  const eu = { ...configs.dev, region: "eu-west-1", availabilityZones: ["eu-west-1a", "eu-west-1b"] };

  it("CloudFront's graphs stay in us-east-1 in an eu-west-1 environment; every other graph is in eu-west-1", () => {
    const byRegion = new Map<string, string[]>();
    let section = "";
    for (const w of widgetsOf(eu)) {
      if (w.type === "text") section = w.properties.markdown;
      else byRegion.set(section, [...(byRegion.get(section) ?? []), w.properties.region]);
    }
    expect(Object.fromEntries(byRegion)).toEqual({
      "## Service api (ECS)": Array(5).fill("eu-west-1"),
      "## Service worker (ECS)": Array(2).fill("eu-west-1"),
      "## Load balancer": Array(3).fill("eu-west-1"),
      "## Database (PostgreSQL)": Array(5).fill("eu-west-1"),
      "## CDN (CloudFront)": Array(3).fill("us-east-1"),
      "## Alerts": ["eu-west-1"],
    });
    expect(frontendOf(eu).output![DASHBOARD_OUTPUT].value).toBe("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/acme-ai-dev");
  });

  it("CloudFront's metrics: the distribution's id and Region=Global", () => {
    expect(graphOf(configs.dev, "## CDN (CloudFront)", "Error rate (%)").properties).toMatchObject({
      region: "us-east-1",
      metrics: [
        ["AWS/CloudFront", "4xxErrorRate", "DistributionId", DISTRIBUTION_ID, "Region", "Global", { stat: "Average", label: "4xx" }],
        ["AWS/CloudFront", "5xxErrorRate", "DistributionId", DISTRIBUTION_ID, "Region", "Global", { stat: "Average", label: "5xx" }],
      ],
      annotations: { horizontal: [{ label: "alarm: cdnErrorRate", value: 5 }] },
    });
  });
});

describe("threshold lines follow the environment's alarms", () => {
  const cpu = (c: ResolvedConfig, service: string) => linesOf(graphOf(c, `## Service ${service} (ECS)`, "CPU and memory (%)"));

  it("alarms.ecsCpu.threshold 65 moves the CPU line of every ECS service off dev's 90, and only it", () => {
    const tuned = devText((d) => (d.alarms = { ecsCpu: { threshold: 65 } }));
    for (const s of ["api", "worker"]) {
      expect(cpu(tuned, s)).toEqual([
        { label: "alarm: ecsCpu", value: 65 },
        { label: "alarm: ecsMemory", value: 90 },
      ]);
      expect(cpu(configs.dev, s)).toEqual([
        { label: "alarm: ecsCpu", value: 90 },
        { label: "alarm: ecsMemory", value: 90 },
      ]);
    }
    expect(linesOf(graphOf(tuned, "## Database (PostgreSQL)", "CPU (%)"))).toEqual([{ label: "alarm: databaseCpu", value: 90 }]);
  });

  it("a switched-off alarm (enabled: false with a reason) has no line; a graph left without lines has no annotations", () => {
    const off = devText(
      (d) =>
        (d.alarms = {
          ecsMemory: { enabled: false, reason: "memory is bounded by the runtime" },
          targetLatencyP90: { enabled: false, reason: "the api streams long answers by design" },
        }),
    );
    expect(cpu(off, "api")).toEqual([{ label: "alarm: ecsCpu", value: 90 }]);
    expect(cpu(off, "worker")).toEqual([{ label: "alarm: ecsCpu", value: 90 }]);
    const latency = graphOf(off, "## Service api (ECS)", "Response time (s)");
    expect(latency.properties).not.toHaveProperty("annotations");
    expect(latency.properties.metrics).toHaveLength(3);
  });

  it("scaled thresholds move with their override: free storage as a share of allocated bytes, the CDN's error rate, App Runner's p90 in ms", () => {
    const tuned = devText((d) => (d.alarms = { databaseFreeStorage: { threshold: 25 }, cdnErrorRate: { threshold: 2 }, databaseConnections: { threshold: 50 } }));
    // the override wins over storage autoscaling's 5: 25 % of 20 GB
    expect(linesOf(graphOf(tuned, "## Database (PostgreSQL)", "Free storage (left) and memory (right), bytes"))).toEqual([
      { label: "alarm: databaseFreeStorage", value: 5368709120 },
      { label: "alarm: databaseFreeableMemory", value: 134217728, yAxis: "right" },
    ]);
    // 50 % of 84
    expect(linesOf(graphOf(tuned, "## Database (PostgreSQL)", "Connections"))).toEqual([{ label: "alarm: databaseConnections", value: 42 }]);
    expect(linesOf(graphOf(tuned, "## CDN (CloudFront)", "Error rate (%)"))).toEqual([{ label: "alarm: cdnErrorRate", value: 2 }]);
    const agenticTuned = { ...agentic, alarms: { appRunnerLatencyP90: { threshold: 1.5, enabled: true } } };
    expect(linesOf(graphOf(agenticTuned, "## Service web (App Runner)", "Request latency (ms)"))).toEqual([{ label: "alarm: appRunnerLatencyP90", value: 1500 }]);
  });

  it("alarms.targetErrors moves the line on every web service's requests graph; a threshold of 0 draws none", () => {
    const requests = (c: ResolvedConfig) => linesOf(graphOf(c, "## Service api (ECS)", "Requests and responses"));
    // dev's stage value is 25: the override (40) differs from it and from the catalogue's 10.
    expect(requests(configs.dev)).toEqual([{ label: "alarm: targetErrors", value: 25 }]);
    expect(requests(devText((d) => (d.alarms = { targetErrors: { threshold: 40 } })))).toEqual([{ label: "alarm: targetErrors", value: 40 }]);
    const zero = devText((d) => (d.alarms = { targetErrors: { threshold: 0 } }));
    expect(requests(zero)).toEqual([]);
    expect(graphOf(zero, "## Service api (ECS)", "Requests and responses").properties).not.toHaveProperty("annotations");
    // Only that line: the service's other graphs keep theirs.
    expect(linesOf(graphOf(zero, "## Service api (ECS)", "Response time (s)"))).toEqual([{ label: "alarm: targetLatencyP90", value: 5 }]);
  });

  it("the alarms at 0 by default draw a line once raised: unhealthyTargets on Targets, rejectedConnections next to the load balancer's errors", () => {
    const raised = devText((d) => (d.alarms = { unhealthyTargets: { threshold: 1 }, rejectedConnections: { threshold: 5 } }));
    expect(linesOf(graphOf(raised, "## Service api (ECS)", "Targets"))).toEqual([{ label: "alarm: unhealthyTargets", value: 1 }]);
    expect(linesOf(graphOf(raised, "## Load balancer", "Its own errors"))).toEqual([
      { label: "alarm: loadBalancerErrors", value: 25 },
      { label: "alarm: rejectedConnections", value: 5 },
    ]);
  });

  it("switching off the cache and load balancer alarms removes their lines", () => {
    const reason = "watched by another tool here";
    const staging = {
      ...configs.staging,
      alarms: { cacheEngineCpu: { enabled: false, reason }, cacheMemory: { threshold: 70, enabled: true }, loadBalancerErrors: { enabled: false, reason } },
    };
    // the engine's line goes; the host's (cacheCpu, on) stays
    expect(linesOf(graphOf(staging, "## Cache (Redis)", "Engine and host CPU (%)"))).toEqual([{ label: "alarm: cacheCpu", value: 90 }]);
    expect(linesOf(graphOf(staging, "## Cache (Redis)", "Memory used (% of maxmemory)"))).toEqual([{ label: "alarm: cacheMemory", value: 70 }]);
    expect(graphOf(staging, "## Load balancer", "Its own errors").properties).not.toHaveProperty("annotations");
  });
});

describe("threshold lines follow the stage's values", () => {
  it.each([
    // stage, ecsCpu / ecsMemory / databaseCpu, targetErrors / loadBalancerErrors, databaseFreeStorage (%: storage autoscales), allocated GB, its bytes
    ["dev", 90, 25, 5, 20, 1073741824],
    ["staging", 80, 10, 5, 20, 1073741824],
    ["prod", 80, 5, 5, 100, 5368709120],
  ] as const)("%s: busy lines at %d, error lines at %d, free storage at %d percent of %d GB (%d bytes)", (stage, busy, errors, _freePercent, gb, freeBytes) => {
    const c = configs[stage];
    expect([c.stage, c.database!.allocatedStorageGb]).toEqual([stage, gb]);
    const ecs = { dev: ["api", "worker"], staging: ["api", "worker"], prod: ["api", "worker", "qdrant"] }[stage];
    for (const s of ecs) {
      expect(linesOf(graphOf(c, `## Service ${s} (ECS)`, "CPU and memory (%)")), s).toEqual([
        { label: "alarm: ecsCpu", value: busy },
        { label: "alarm: ecsMemory", value: busy },
      ]);
    }
    expect(linesOf(graphOf(c, "## Service api (ECS)", "Requests and responses"))).toEqual([{ label: "alarm: targetErrors", value: errors }]);
    expect(linesOf(graphOf(c, "## Load balancer", "Its own errors"))).toEqual([{ label: "alarm: loadBalancerErrors", value: errors }]);
    expect(linesOf(graphOf(c, "## Database (PostgreSQL)", "CPU (%)"))).toEqual([{ label: "alarm: databaseCpu", value: busy }]);
    expect(linesOf(graphOf(c, "## Database (PostgreSQL)", "Free storage (left) and memory (right), bytes"))).toEqual([
      { label: "alarm: databaseFreeStorage", value: freeBytes },
      { label: "alarm: databaseFreeableMemory", value: 134217728, yAxis: "right" },
    ]);
  });

  it("prod exactly: the api's 5xx line at 5, the load balancer's at 5, free storage at 5 % of 100 GB (5368709120 bytes: storage autoscales)", () => {
    expect(configs.prod.stage).toBe("prod");
    expect(linesOf(graphOf(configs.prod, "## Service api (ECS)", "Requests and responses"))).toEqual([{ label: "alarm: targetErrors", value: 5 }]);
    expect(linesOf(graphOf(configs.prod, "## Load balancer", "Its own errors"))).toEqual([{ label: "alarm: loadBalancerErrors", value: 5 }]);
    expect(linesOf(graphOf(configs.prod, "## Database (PostgreSQL)", "Free storage (left) and memory (right), bytes"))[0]).toEqual({ label: "alarm: databaseFreeStorage", value: 5368709120 });
    for (const s of ["api", "worker", "qdrant"]) {
      expect(linesOf(graphOf(configs.prod, `## Service ${s} (ECS)`, "CPU and memory (%)")), s).toEqual([
        { label: "alarm: ecsCpu", value: 80 },
        { label: "alarm: ecsMemory", value: 80 },
      ]);
    }
  });

  it("the override wins over the stage's line: prod targetErrors 12 and databaseFreeStorage 15; dev ecsCpu 70", () => {
    const prodTuned = { ...configs.prod, alarms: { targetErrors: { threshold: 12, enabled: true }, databaseFreeStorage: { threshold: 15, enabled: true } } };
    expect(linesOf(graphOf(prodTuned, "## Service api (ECS)", "Requests and responses"))).toEqual([{ label: "alarm: targetErrors", value: 12 }]);
    expect(linesOf(graphOf(prodTuned, "## Load balancer", "Its own errors"))).toEqual([{ label: "alarm: loadBalancerErrors", value: 5 }]);
    // over storage autoscaling's 5 too: 15 % of 100 GB
    expect(linesOf(graphOf(prodTuned, "## Database (PostgreSQL)", "Free storage (left) and memory (right), bytes"))[0]).toEqual({ label: "alarm: databaseFreeStorage", value: 16106127360 });
    const devTuned = devText((d) => (d.alarms = { ecsCpu: { threshold: 70 } }));
    expect(linesOf(graphOf(devTuned, "## Service api (ECS)", "CPU and memory (%)"))).toEqual([
      { label: "alarm: ecsCpu", value: 70 },
      { label: "alarm: ecsMemory", value: 90 },
    ]);
  });

  it("App Runner's 5xx line follows the agentic example's stage (staging: 10), and dev's 25 when it is dev", () => {
    expect(agentic.stage).toBe("staging");
    expect(linesOf(graphOf(agentic, "## Service web (App Runner)", "Requests and responses"))).toEqual([{ label: "alarm: appRunnerErrors", value: 10 }]);
    const asDev = { ...agentic, stage: "dev" as const };
    expect(linesOf(graphOf(asDev, "## Service web (App Runner)", "Requests and responses"))).toEqual([{ label: "alarm: appRunnerErrors", value: 25 }]);
  });
});

describe("the Dashboard construct", () => {
  const sections = [[heading("Things"), graph({ title: "One", region: "r-1", metrics: [metricsOf("AWS/X", { D: "v" })("M", "Sum", "m")] })]];
  const build = (partition: string, region: string) => {
    const stack = new TerraformStack(Testing.app(), "test");
    const dashboard = new Dashboard(stack, "dashboard", { name: "acme-ai-dev", region, partition, sections });
    return { dashboard, json: JSON.parse(Testing.synth(stack)) as TerraformJson };
  };

  it.each([
    ["aws", "eu-central-1", "https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#dashboards/dashboard/acme-ai-dev"],
    ["aws-us-gov", "us-gov-west-1", "https://us-gov-west-1.console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards/dashboard/acme-ai-dev"],
    ["aws-cn", "cn-north-1", "https://cn-north-1.console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards/dashboard/acme-ai-dev"],
  ])("partition %s (%s): the console URL %s", (partition, region, url) => {
    expect(build(partition, region).dashboard.url).toBe(url);
  });

  it("the body is the sections' widgets in order, flattened; the name as given", () => {
    const { json } = build("aws", "us-east-1");
    const [r] = Object.values(json.resource!.aws_cloudwatch_dashboard);
    expect((r as { dashboard_name: string }).dashboard_name).toBe("acme-ai-dev");
    expect(JSON.parse((r as { dashboard_body: string }).dashboard_body)).toEqual({
      widgets: [
        { type: "text", width: 24, height: 1, properties: { markdown: "## Things" } },
        {
          type: "metric",
          width: 8,
          height: 6,
          properties: { title: "One", region: "r-1", view: "timeSeries", stacked: false, period: 300, metrics: [["AWS/X", "M", "D", "v", { stat: "Sum", label: "m" }]], yAxis: { left: { min: 0 } } },
        },
      ],
    });
  });

  it("graph(): a metric on the right axis adds the right axis (from 0); a threshold on it says so", () => {
    const m = metricsOf("AWS/X", { D: "v" });
    expect(
      graph({
        title: "Two scales",
        region: "r-1",
        metrics: [m("Big", "Minimum", "big"), { ...m("Small", "Minimum", "small"), axis: "right" }],
        thresholds: [
          { label: "big line", value: 1000 },
          { label: "small line", value: 1, axis: "right" },
        ],
      }).properties,
    ).toEqual({
      title: "Two scales",
      region: "r-1",
      view: "timeSeries",
      stacked: false,
      period: 300,
      metrics: [
        ["AWS/X", "Big", "D", "v", { stat: "Minimum", label: "big" }],
        ["AWS/X", "Small", "D", "v", { stat: "Minimum", label: "small", yAxis: "right" }],
      ],
      yAxis: { left: { min: 0 }, right: { min: 0 } },
      annotations: {
        horizontal: [
          { label: "big line", value: 1000 },
          { label: "small line", value: 1, yAxis: "right" },
        ],
      },
    });
  });

  it("a GovCloud environment's frontend stack publishes the GovCloud console URL", () => {
    const gov = { ...agentic, region: "us-gov-west-1", partition: "aws-us-gov", availabilityZones: ["us-gov-west-1a", "us-gov-west-1b"] };
    expect(frontendOf(gov).output![DASHBOARD_OUTPUT].value).toBe(
      "https://us-gov-west-1.console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards/dashboard/agentic-agentic",
    );
  });
});

describe("frontend type none", () => {
  it("agentic (type none): the dashboard without a CDN section, and its URL as the output", () => {
    const j = frontendOf(agentic);
    expect(Object.keys(j.resource!)).toEqual(["aws_cloudwatch_dashboard"]);
    expect(j.output![DASHBOARD_OUTPUT]).toEqual({
      value: "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/agentic-agentic",
      description: "Opens the environment's CloudWatch dashboard in the AWS console",
    });
  });

  it("dev switched to type none keeps every section but the CDN's, and the output", () => {
    const none = { ...configs.dev, frontend: { ...configs.dev.frontend, type: "none" as const } };
    expect(headingsOf(none)).toEqual(["## Service api (ECS)", "## Service worker (ECS)", "## Load balancer", "## Database (PostgreSQL)", "## Alerts"]);
    expect(metricWidgetsOf(none).some((w) => JSON.stringify(w).includes("cloudfront"))).toBe(false);
    expect(frontendOf(none).output![DASHBOARD_OUTPUT].value).toBe("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/acme-ai-dev");
  });

  it("an environment with nothing else to graph (only a run-on-demand task, no database, type none): the dashboard holds just the alerts section, and the output exists", () => {
    const bare = devText((d) => {
      delete d.database;
      d.services = [d.services[2]];
      d.frontend = { type: "none" };
    });
    expect(bare.services.map((s) => [s.name, s.kind])).toEqual([["migrate", "task"]]);
    const j = frontendOf(bare);
    expect(Object.keys(j.resource!)).toEqual(["aws_cloudwatch_dashboard"]);
    expect(dashboardResource(j).dashboard_name).toBe("acme-ai-dev");
    expect(headingsOf(bare)).toEqual(["## Alerts"]);
    expect(widgetsOf(bare).map((w) => [w.type, w.properties.markdown ?? w.properties.title])).toEqual([
      ["text", "## Alerts"],
      ["metric", "Alerts published and delivered"],
    ]);
    expect(metricWidgetsOf(bare)[0].properties.metrics.map((row: MetricRow) => [row[1], row[3]])).toEqual([
      ["NumberOfMessagesPublished", "acme-ai-dev-alerts"],
      ["NumberOfNotificationsDelivered", "acme-ai-dev-alerts"],
      ["NumberOfNotificationsFailed", "acme-ai-dev-alerts"],
    ]);
    expect(j.output?.[DASHBOARD_OUTPUT]?.value).toBe("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/acme-ai-dev");
  });
});
